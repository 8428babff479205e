//! A report filled on the page generated from its form, without JavaScript: rows added through
//! a round trip, each problem at its field, warnings explained, the department's remarks shown
//! at their fields after a return, the XLSX template downloaded and uploaded from the page.

use cabinet_tests::pages::Browser;
use cabinet_tests::{Resp, TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::follow;
use crate::reports::{current_period, plugin, union, upload};

fn revision(page: &Resp) -> String {
    let marker = "name=\"revision\" value=\"";
    let start = page.text.find(marker).expect("the revision field") + marker.len();
    page.text[start..].split('"').next().unwrap().to_owned()
}

async fn a_report_is_filled_with_rows_its_problems_shown_at_fields_and_submitted(app: TestApp) {
    let u = union(&app, "page-fill", 1).await;
    upload(&app, &plugin("page-form", &u.dept_slug, 1), &u.reviewer).await.expect(Status::Created);
    let period = current_period(&app, "page-form", &u.reviewer).await;
    let (_, filler) = &u.orgs[0];
    let mut browser = Browser::signed_in(filler);
    let list = app.page(&mut browser, "/reports").await.expect(Status::Ok);
    let here = format!("/reports/page-form/{period}");
    assert!(list.text.contains(&format!("href=\"{here}\"")), "{}", list.text);

    let page = app.page(&mut browser, &here).await.expect(Status::Ok);
    for expected in [
        "Раздел 1. Численность",
        "name=\"/members/total\"",
        "<caption>Первичные организации</caption>",
        "value=\"add:/branches\"",
        "Скачать шаблон XLSX",
        "Вычисляется автоматически",
    ] {
        assert!(page.text.contains(expected), "{expected}: {}", page.text);
    }
    assert!(!page.text.contains("field-error"), "a report not started shows no problems");

    // A row is added through a round trip; what was typed is kept.
    let rev = revision(&page);
    let fields = [("revision", rev.as_str()), ("/members/total", "10"), ("_action", "add:/branches")];
    let resp = app.submit(&mut browser, &here, &here, &fields).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("name=\"/branches/0/name\"") && page.text.contains("value=\"remove:/branches/0\""));
    assert!(page.text.contains("name=\"/members/total\" value=\"10\""), "{}", page.text);

    // Submitting with problems: each at its field, the report stays a draft.
    let rev = revision(&page);
    let fields = [
        ("revision", rev.as_str()),
        ("/members/total", "10"),
        ("/members/women", "20"),
        ("/branches/0", ""),
        ("/branches/0/name", ""),
        ("/branches/0/members", "5"),
        ("_action", "submit"),
    ];
    let resp = app.submit(&mut browser, &here, &here, &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("Что мешает отправить отчёт"));
    assert!(resp.text.contains("Женщин не может быть больше"), "the rule's message: {}", resp.text);
    assert!(resp.text.contains("aria-invalid=\"true\""));
    assert!(resp.text.contains("name=\"/members/women\" value=\"20\""), "what was typed stays");

    // Fixed, with a warning to explain: refused until explained, then sent.
    let page = app.page(&mut browser, &here).await.expect(Status::Ok);
    let rev = revision(&page);
    let good = [
        ("/members/total", "100"),
        ("/members/women", "50"),
        ("/status", "active"),
        ("/branches/0", ""),
        ("/branches/0/name", "Городская больница № 1"),
        ("/branches/0/members", "120"),
    ];
    let mut fields: Vec<(&str, &str)> = vec![("revision", rev.as_str()), ("_action", "submit")];
    fields.extend_from_slice(&good);
    let resp = app.submit(&mut browser, &here, &here, &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("name=\"explain:branches-within-total\""), "{}", resp.text);
    let page = app.page(&mut browser, &here).await.expect(Status::Ok);
    let rev = revision(&page);
    let mut fields: Vec<(&str, &str)> = vec![
        ("revision", rev.as_str()),
        ("_action", "submit"),
        ("explain:branches-within-total", "В первичных организациях учтены совместители."),
    ];
    fields.extend_from_slice(&good);
    let resp = app.submit(&mut browser, &here, &here, &fields).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("отправлен в управление"), "{}", page.text);
    assert!(!page.text.contains("value=\"submit\""), "a submitted report is shown, not edited");
    let stored = app.get(&format!("/api/v1/units/{}/reports/page-form/{period}", u.orgs[0].0), Some(filler)).await;
    assert_eq!(stored.body["state"], "submitted");
    assert_eq!(stored.body["data"]["branches"][0]["members"], 120);
    assert_eq!(stored.body["data"]["branch_total"], 120, "computed by the server");

    // Returned with a remark at a field: shown there; corrected and sent again.
    let review = format!("/api/v1/forms/page-form/periods/{period}/reports/{}", u.orgs[0].0);
    let rev = stored.body["revision"].as_i64().unwrap();
    let back = json!({ "revision": rev, "reason": "Уточните численность.",
                       "comments": [{ "field": "/members/women", "message": "Сверьте с данными отдела кадров." }] });
    app.post(&format!("{review}/return"), back, Some(&u.reviewer)).await.expect(Status::Ok);
    let page = app.page(&mut browser, &here).await.expect(Status::Ok);
    assert!(page.text.contains("Управление вернуло отчёт на доработку") && page.text.contains("Уточните численность."));
    assert!(page.text.contains("Замечание управления: Сверьте с данными отдела кадров."), "{}", page.text);
    let rev = revision(&page);
    let mut fields: Vec<(&str, &str)> = vec![
        ("revision", rev.as_str()),
        ("_action", "submit"),
        ("explain:branches-within-total", "В первичных организациях учтены совместители."),
    ];
    fields.extend_from_slice(&good);
    fields.retain(|(n, _)| *n != "/members/women");
    fields.push(("/members/women", "48"));
    let resp = app.submit(&mut browser, &here, &here, &fields).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("отправлен в управление"), "{}", page.text);
}

async fn a_filled_template_is_uploaded_from_the_report_page(app: TestApp) {
    let u = union(&app, "page-sheet", 1).await;
    upload(&app, &plugin("sheet-page", &u.dept_slug, 1), &u.reviewer).await.expect(Status::Created);
    let period = current_period(&app, "sheet-page", &u.reviewer).await;
    let (org, filler) = &u.orgs[0];
    let mut browser = Browser::signed_in(filler);
    let here = format!("/reports/sheet-page/{period}");
    let page = app.page(&mut browser, &here).await.expect(Status::Ok);
    let template_url = format!("/api/v1/units/{org}/reports/sheet-page/{period}/template.xlsx");
    assert!(page.text.contains(&template_url));
    let template = app.page(&mut browser, &template_url).await.expect(Status::Ok);
    let token = cabinet_tests::pages::csrf_of(&page.text);
    let fields = [("_csrf", token.as_str()), ("revision", "0")];
    let resp = app
        .post_multipart(&mut browser, &format!("{here}/xlsx"), &fields, ("sheet", "отчёт.xlsx", &template.bytes))
        .await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Файл принят"), "{}", page.text);

    let resp = app
        .post_multipart(&mut browser, &format!("{here}/xlsx"), &fields, ("sheet", "x.xlsx", b"not a workbook"))
        .await;
    assert_eq!(resp.status, Status::Conflict, "the revision moved on: {}", resp.text);
    let page = app.page(&mut browser, &here).await;
    let rev = revision(&page);
    let fields = [("_csrf", token.as_str()), ("revision", rev.as_str())];
    let resp = app
        .post_multipart(&mut browser, &format!("{here}/xlsx"), &fields, ("sheet", "x.xlsx", b"not a workbook"))
        .await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("Файл не принят"), "{}", resp.text);
}

async fn hostile_row_numbers_are_refused_and_nothing_is_saved(app: TestApp) {
    let u = union(&app, "page-hostile", 1).await;
    upload(&app, &plugin("hostile-page", &u.dept_slug, 1), &u.reviewer).await.expect(Status::Created);
    let period = current_period(&app, "hostile-page", &u.reviewer).await;
    let (org, filler) = &u.orgs[0];
    let mut browser = Browser::signed_in(filler);
    let here = format!("/reports/hostile-page/{period}");
    let fields = [("revision", "0"), ("/branches/99999999999/name", "x"), ("/members/total", "5"), ("_action", "save")];
    let resp = app.submit(&mut browser, &here, &here, &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    let stored = app.get(&format!("/api/v1/units/{org}/reports/hostile-page/{period}"), Some(filler)).await;
    assert!(stored.body["state"].is_null(), "nothing saved: {}", stored.text);
}

on_both_backends!(
    a_report_is_filled_with_rows_its_problems_shown_at_fields_and_submitted,
    a_filled_template_is_uploaded_from_the_report_page,
    hostile_row_numbers_are_refused_and_nothing_is_saved,
);
