//! The whole life of a report form, as a department and organizations live it: a form uploaded
//! with no restart, filled, refused with every mistake named, submitted with a warning explained,
//! returned with a field comment, corrected, accepted; completeness, the aggregated table, the
//! indicator and the XLSX export agree.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::{ContentType, Method, Status};
use serde_json::{Value, json};

use super::{current_period, fields, plugin, put, report_path, union, upload};

async fn a_form_uploaded_by_a_department_is_filled_returned_corrected_accepted_and_aggregated(app: TestApp) {
    let u = union(&app, "walk", 3).await;
    let (org_a, filler_a) = (&u.orgs[0].0, &u.orgs[0].1);
    let (org_b, filler_b) = (&u.orgs[1].0, &u.orgs[1].1);
    let org_c = &u.orgs[2].0;

    // The department uploads a new form: effective at once, no restart.
    let created = upload(&app, &plugin("walk-form", &u.dept_slug, 1), &u.reviewer).await.expect(Status::Created);
    assert_eq!(created.body["id"], "walk-form");
    assert_eq!(created.body["department_name"], u.dept_slug.as_str());
    assert!(created.body["fields"].as_array().unwrap().iter().any(|f| f["pointer"] == "/branches/*/members"));
    // The same file again changes nothing; another file under the same version is refused.
    upload(&app, &plugin("walk-form", &u.dept_slug, 1), &u.reviewer).await.expect(Status::Ok);
    let mut changed = plugin("walk-form", &u.dept_slug, 1);
    changed["title"] = json!("Другое название");
    let refused = upload(&app, &changed, &u.reviewer).await.expect(Status::Conflict);
    assert_eq!(refused.code(), "form_version_exists");
    let period = current_period(&app, "walk-form", filler_a).await;
    // Beside it, the forms shipped in plugins/forms, registered after the start.
    let listed = app.get("/api/v1/forms", Some(filler_a)).await.expect(Status::Ok);
    let shipped: Vec<&str> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["source"] == "shipped")
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    for id in ["1-sp", "4-pi", "19-ti", "kdk-2"] {
        assert!(shipped.contains(&id), "{id} in {shipped:?}");
    }
    let deadlines = &created.body["current_deadlines"];
    assert_eq!(deadlines["time_zone"], "Europe/Moscow");
    assert!(deadlines["due_text"].as_str().unwrap().ends_with(" г. (МСК)"), "Moscow time as «МСК»: {deadlines}");

    // The organization sees the report not started, with what it must fill.
    let path_a = report_path(org_a, "walk-form", &period);
    let fresh = app.get(&path_a, Some(filler_a)).await.expect(Status::Ok);
    assert_eq!((fresh.body["state"].clone(), fresh.body["revision"].as_i64()), (Value::Null, Some(0)));
    assert_eq!(fields(&fresh.body["errors"]), ["/members", "/status"], "{}", fresh.text);

    // A partial draft is saved.
    let draft = put(&app, &path_a, json!({ "revision": 0, "data": { "members": { "total": 100 } } }), filler_a)
        .await
        .expect(Status::Ok);
    assert_eq!((draft.body["state"].as_str(), draft.body["revision"].as_i64()), (Some("draft"), Some(1)));

    // Three mistakes at once: all three named, in Russian, with their field paths; nothing sent.
    let wrong = json!({ "members": { "total": 100, "women": 150 }, "status": "closed",
                        "branches": [{ "name": "", "members": 10 }] });
    let submit = format!("{path_a}/submit");
    let refused = app.post(&submit, json!({ "revision": 1, "data": wrong }), Some(filler_a)).await;
    let refused = refused.expect(Status::UnprocessableEntity);
    assert_eq!(refused.code(), "report_invalid");
    let errors = &refused.body["error"]["details"]["errors"];
    assert_eq!(fields(errors), ["/branches/0/name", "/members/women", "/status"], "{}", refused.text);
    for e in errors.as_array().unwrap() {
        let message = e["message"].as_str().unwrap();
        assert!(message.chars().any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap())), "{message}");
        assert!(!message.contains(" is ") && !message.contains("not valid"), "no English: {message}");
    }
    let women = errors.as_array().unwrap().iter().find(|e| e["field"] == "/members/women").unwrap();
    assert_eq!(women["rule"], "women-within-total");
    assert_eq!(women["message"], "Женщин не может быть больше, чем всего членов Профсоюза.");
    // A duplicate key is not silently read as its last value.
    let twice = r#"{"revision": 1, "data": {"members": {"total": 100, "total": 1000}}}"#;
    let twice = app.raw(Method::Put, &path_a, Some(twice), Some(ContentType::JSON), Some(filler_a), &[]).await;
    let twice = twice.expect(Status::UnprocessableEntity);
    assert_eq!(twice.body["error"]["details"]["fields"][0]["field"], "/data/members/total", "{}", twice.text);
    let still = app.get(&path_a, Some(filler_a)).await.expect(Status::Ok);
    assert_eq!((still.body["state"].as_str(), still.body["revision"].as_i64()), (Some("draft"), Some(1)));

    // Fixed, but the branches hold more members than the organization: a warning to explain.
    let data_a = json!({ "members": { "total": 100, "women": 60 }, "status": "active",
                         "branches": [{ "name": "Больница № 1", "members": 70 }, { "name": "Поликлиника № 2", "members": 40 }] });
    let unexplained = app.post(&submit, json!({ "revision": 1, "data": data_a }), Some(filler_a)).await;
    let unexplained = unexplained.expect(Status::UnprocessableEntity);
    let warnings = &unexplained.body["error"]["details"]["warnings"];
    assert_eq!(warnings[0]["rule"], "branches-within-total", "{}", unexplained.text);
    assert_eq!(unexplained.body["error"]["details"]["errors"], json!([]));
    let explanations = json!({ "branches-within-total": "Часть членов состоит в двух первичных организациях." });
    let sent =
        app.post(&submit, json!({ "revision": 1, "data": data_a, "explanations": explanations }), Some(filler_a)).await;
    let sent = sent.expect(Status::Ok);
    assert_eq!((sent.body["state"].as_str(), sent.body["late"].as_bool()), (Some("submitted"), Some(false)));
    assert_eq!(sent.body["data"]["branch_total"], 110, "the server computes the total");
    assert_eq!(sent.body["warnings"][0]["explained"], true);
    // Submitted: the organization no longer changes it.
    let locked = put(&app, &path_a, json!({ "revision": 2, "data": data_a }), filler_a).await.expect(Status::Conflict);
    assert_eq!(locked.code(), "report_under_review");

    // The department sees who reported.
    let completeness_path = format!("/api/v1/forms/walk-form/periods/{period}/completeness");
    let c = app.get(&completeness_path, Some(&u.reviewer)).await.expect(Status::Ok);
    assert_eq!(
        (c.body["expected"].as_u64(), c.body["submitted_on_time"].as_u64(), c.body["missing"].as_u64()),
        (Some(3), Some(1), Some(2))
    );
    assert_eq!(c.body["awaiting_review"], 1);

    // Returned with a comment on a field.
    let review_a = format!("/api/v1/forms/walk-form/periods/{period}/reports/{org_a}");
    let comment = json!({ "revision": 2, "reason": "Численность не сходится с данными за прошлый год.",
                          "comments": [{ "field": "/members/total", "message": "Проверьте общую численность." }] });
    let returned = app.post(&format!("{review_a}/return"), comment, Some(&u.reviewer)).await.expect(Status::Ok);
    assert_eq!(returned.body["state"], "returned");
    let seen = app.get(&path_a, Some(filler_a)).await.expect(Status::Ok);
    assert_eq!(
        seen.body["comments"],
        json!([{ "field": "/members/total", "message": "Проверьте общую численность." }])
    );
    assert_eq!(seen.body["return_reason"], "Численность не сходится с данными за прошлый год.");

    // Corrected and submitted again; the reviewer sees what changed, and accepts.
    let mut corrected = data_a.clone();
    corrected["members"]["total"] = json!(130);
    let revision = seen.body["revision"].as_i64().unwrap();
    put(&app, &path_a, json!({ "revision": revision, "data": corrected }), filler_a).await.expect(Status::Ok);
    let again = app.post(&submit, json!({ "revision": revision + 1 }), Some(filler_a)).await.expect(Status::Ok);
    assert_eq!(again.body["state"], "submitted");
    let reviewed = app.get(&review_a, Some(&u.reviewer)).await.expect(Status::Ok);
    assert_eq!(reviewed.body["changes"], json!([{ "field": "/members/total", "before": 100, "after": 130 }]));
    let events: Vec<&str> =
        reviewed.body["history"].as_array().unwrap().iter().map(|h| h["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["save", "submit", "return", "submit"]);
    let revision = reviewed.body["revision"].as_i64().unwrap();
    let stale = app.post(&format!("{review_a}/accept"), json!({ "revision": revision - 1 }), Some(&u.reviewer)).await;
    assert_eq!(stale.expect(Status::Conflict).code(), "report_changed");
    let accepted = app.post(&format!("{review_a}/accept"), json!({ "revision": revision }), Some(&u.reviewer)).await;
    assert_eq!(accepted.expect(Status::Ok).body["state"], "accepted");

    // A second organization reports; the third is exempted by the department.
    let data_b = json!({ "members": { "total": 200, "women": 150 }, "status": "reorganizing",
                         "branches": [{ "name": "Центральная больница", "members": 180 }] });
    let path_b = report_path(org_b, "walk-form", &period);
    app.post(&format!("{path_b}/submit"), json!({ "revision": 0, "data": data_b }), Some(filler_b))
        .await
        .expect(Status::Ok);
    let exemption = format!("/api/v1/forms/walk-form/periods/{period}/reports/{org_c}/exemption");
    put(&app, &exemption, json!({ "exempt": true, "reason": "Организация реорганизуется" }), &u.reviewer)
        .await
        .expect(Status::Ok);
    let c = app.get(&completeness_path, Some(&u.reviewer)).await.expect(Status::Ok);
    let counts: Vec<u64> =
        ["expected", "submitted_on_time", "late", "missing", "exempt", "awaiting_review", "accepted"]
            .iter()
            .map(|k| c.body[k].as_u64().unwrap())
            .collect();
    assert_eq!(counts, [3, 2, 0, 0, 1, 1, 1], "{}", c.text);
    let exempt_row =
        c.body["organizations"].as_array().unwrap().iter().find(|o| o["unit_id"] == org_c.as_str()).unwrap();
    assert_eq!(
        (exempt_row["timeliness"].as_str(), exempt_row["exempt_reason"].as_str()),
        (Some("exempt"), Some("Организация реорганизуется"))
    );

    // The aggregated table: sums, and the indicator as a ratio of sums (210 / 330), not an
    // average of the two organizations' shares (46 % and 75 %).
    let table_path = format!("/api/v1/forms/walk-form/periods/{period}/table");
    let table = app.get(&table_path, Some(&u.reviewer)).await.expect(Status::Ok);
    let columns: Vec<&str> =
        table.body["columns"].as_array().unwrap().iter().map(|c| c["pointer"].as_str().unwrap()).collect();
    let total_at = |pointer: &str| table.body["totals"][columns.iter().position(|c| *c == pointer).unwrap()].as_f64();
    assert_eq!(total_at("/members/total"), Some(330.0));
    assert_eq!(total_at("/members/women"), Some(210.0));
    assert_eq!(total_at("/branch_total"), Some(290.0));
    let share = table.body["indicators"][0]["value"].as_f64().unwrap();
    assert!((share - 210.0 / 330.0 * 100.0).abs() < 1e-9, "{share}");
    // The rows' columns come in the form's order: the name, then the members summed.
    let repeated = &table.body["repeated"][0];
    let pointers: Vec<&str> =
        repeated["columns"].as_array().unwrap().iter().map(|c| c["pointer"].as_str().unwrap()).collect();
    assert_eq!(pointers, ["/branches/*/name", "/branches/*/members"], "{repeated}");
    assert_eq!(repeated["totals"][1], 290.0, "{repeated}");

    // The XLSX export opens and carries the same numbers.
    let xlsx = app.get(&format!("/api/v1/forms/walk-form/periods/{period}/export.xlsx"), Some(&u.reviewer)).await;
    let xlsx = xlsx.expect(Status::Ok);
    let numbers = super::sheet::numbers_of_first_sheet(&xlsx.bytes);
    for expected in [130.0, 200.0, 330.0, 210.0] {
        assert!(numbers.contains(&expected), "{expected} in {numbers:?}");
    }
    assert!(numbers.iter().any(|n| (n - 63.636_363).abs() < 0.01), "the indicator in {numbers:?}");
    let csv = app.get(&format!("/api/v1/forms/walk-form/periods/{period}/export.csv"), Some(&u.reviewer)).await;
    let csv = csv.expect(Status::Ok);
    assert!(csv.text.starts_with('\u{feff}') && csv.text.contains("Всего членов Профсоюза"), "{}", csv.text);
    // Filtered by region: another region has nobody.
    let elsewhere =
        app.get(&format!("{table_path}?region=%D0%94%D1%80%D1%83%D0%B3%D0%B0%D1%8F"), Some(&u.reviewer)).await;
    assert_eq!(elsewhere.expect(Status::Ok).body["rows"], json!([]));

    // A new version of the form: the reports made with version 1 stay on it and readable; a
    // version below the newest is refused.
    let mut v2 = plugin("walk-form", &u.dept_slug, 2);
    v2["title"] = json!("Сведения о членстве (версия 2)");
    upload(&app, &v2, &u.reviewer).await.expect(Status::Created);
    let pinned = app.get(&path_a, Some(filler_a)).await.expect(Status::Ok);
    assert_eq!((pinned.body["form_version"].as_u64(), pinned.body["state"].as_str()), (Some(1), Some("accepted")));
    assert_eq!(pinned.body["data"]["members"]["total"], 130);
    let old = upload(&app, &plugin("walk-form", &u.dept_slug, 1), &u.reviewer).await.expect(Status::Ok);
    assert_eq!(old.body["version"], 1, "the same file of an old version is no change");
    let mut lower = plugin("walk-form", &u.dept_slug, 1);
    lower["version"] = json!(1);
    lower["description"] = json!("Изменённое описание");
    assert_eq!(upload(&app, &lower, &u.reviewer).await.expect(Status::Conflict).code(), "form_version_exists");
}

on_both_backends!(a_form_uploaded_by_a_department_is_filled_returned_corrected_accepted_and_aggregated);
