//! The spreadsheet round trip: an organization downloads the XLSX template of a form, fills it
//! offline and uploads it back; the upload goes through the same checks as the API, answers
//! with the same problems named by cell, and gives the same submission as the API.

use std::io::Cursor;

use cabinet_tests::{TestApp, on_both_backends};
use calamine::{Data, Reader, Xlsx};
use rocket::http::{ContentType, Method, Status};
use serde_json::{Value, json};

use super::{current_period, plugin, report_path, union, upload};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Every number on the first sheet of a workbook.
pub fn numbers_of_first_sheet(bytes: &[u8]) -> Vec<f64> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX workbook");
    let name = book.sheet_names().first().cloned().expect("a sheet");
    let range = book.worksheet_range(&name).expect("the sheet reads");
    range
        .rows()
        .flat_map(|row| row.iter())
        .filter_map(|cell| match cell {
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        })
        .collect()
}

/// The template the server would hand out, filled with `data` as a person would fill it.
fn filled(form_plugin: &Value, data: &Value) -> Vec<u8> {
    let form = cabinet_forms::load(form_plugin.to_string().as_bytes(), &cabinet_forms::Limits::default())
        .expect("the test form loads");
    cabinet_forms::sheet::template(&form, Some(data)).expect("a filled template")
}

async fn send(
    app: &TestApp,
    path: &str,
    revision: i64,
    bytes: &[u8],
    session: &cabinet_tests::Session,
) -> cabinet_tests::Resp {
    let kind = ContentType::parse_flexible(XLSX);
    app.raw_bytes(Method::Put, &format!("{path}/xlsx?revision={revision}"), Some(bytes), kind, Some(session), &[]).await
}

async fn a_report_filled_in_the_xlsx_template_is_the_same_submission_as_through_the_api(app: TestApp) {
    let u = union(&app, "sheet", 2).await;
    let form_plugin = plugin("sheet-form", &u.dept_slug, 1);
    upload(&app, &form_plugin, &u.reviewer).await.expect(Status::Created);
    let period = current_period(&app, "sheet-form", &u.orgs[0].1).await;
    let data = json!({ "members": { "total": 120, "women": 80 }, "status": "active",
                       "branches": [{ "name": "Больница № 3", "members": 90 }, { "name": "Роддом", "members": 25 }] });

    // Through the API.
    let (org_a, filler_a) = (&u.orgs[0].0, &u.orgs[0].1);
    let path_a = report_path(org_a, "sheet-form", &period);
    let api = app.post(&format!("{path_a}/submit"), json!({ "revision": 0, "data": data }), Some(filler_a)).await;
    let api = api.expect(Status::Ok);

    // Through the template: it downloads as a workbook with a sheet per section.
    let (org_b, filler_b) = (&u.orgs[1].0, &u.orgs[1].1);
    let path_b = report_path(org_b, "sheet-form", &period);
    let template = app.get(&format!("{path_b}/template.xlsx"), Some(filler_b)).await.expect(Status::Ok);
    assert_eq!(template.header("Content-Type"), Some(XLSX));
    let book: Xlsx<_> = Xlsx::new(Cursor::new(template.bytes.clone())).expect("the template opens");
    let sheets = book.sheet_names();
    assert!(sheets.iter().any(|s| s.starts_with("Раздел 1")), "{sheets:?}");

    // A mistake in the file is named by its cell as well as its field.
    let mut wrong = data.clone();
    wrong["members"]["women"] = json!(500);
    let checked = send(&app, &path_b, 0, &filled(&form_plugin, &wrong), filler_b).await.expect(Status::Ok);
    let problem = checked.body["problems"].as_array().unwrap().iter().find(|p| p["pointer"] == "/members/women");
    let problem = problem.unwrap_or_else(|| panic!("the rule's problem: {}", checked.text));
    assert!(problem["cell"].as_str().unwrap().contains("Раздел 1"), "{problem}");
    assert_eq!(problem["message"], "Женщин не может быть больше, чем всего членов Профсоюза.");
    assert_eq!(checked.body["report"]["state"], "draft");

    // The right file, then submitted: the very same data as the API's.
    let revision = checked.body["report"]["revision"].as_i64().unwrap();
    let saved = send(&app, &path_b, revision, &filled(&form_plugin, &data), filler_b).await.expect(Status::Ok);
    assert_eq!(saved.body["problems"], json!([]), "{}", saved.text);
    let revision = saved.body["report"]["revision"].as_i64().unwrap();
    let sent = app.post(&format!("{path_b}/submit"), json!({ "revision": revision }), Some(filler_b)).await;
    let sent = sent.expect(Status::Ok);
    assert_eq!(sent.body["data"], api.body["data"]);

    // Another form's file is refused, and so is a file that is not a workbook; nothing changes.
    let other = plugin("other-form", &u.dept_slug, 1);
    upload(&app, &other, &u.reviewer).await.expect(Status::Created);
    let path_other = report_path(org_b, "other-form", &period);
    let foreign = send(&app, &path_other, 0, &filled(&form_plugin, &data), filler_b).await;
    assert_eq!(foreign.expect(Status::UnprocessableEntity).code(), "sheet_invalid");
    let junk = send(&app, &path_other, 0, b"not a workbook at all", filler_b).await;
    assert_eq!(junk.expect(Status::UnprocessableEntity).code(), "sheet_invalid");
    let untouched = app.get(&path_other, Some(filler_b)).await.expect(Status::Ok);
    assert_eq!(untouched.body["state"], Value::Null);
}

on_both_backends!(a_report_filled_in_the_xlsx_template_is_the_same_submission_as_through_the_api);
