//! Periods and deadlines: a period past its lock day refuses a report until the department
//! extends the term; the late report then counts as late; a new period starts from the previous
//! one, and a rule compares with it.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::{current_period, plugin, put, report_path, union, upload};

async fn a_locked_period_takes_a_report_only_after_an_extension_and_the_next_starts_from_it(app: TestApp) {
    let u = union(&app, "periods", 1).await;
    let mut form = plugin("periods-form", &u.dept_slug, 1);
    // A drop of more than 20 % against the previous year is a warning to explain.
    form["rules"].as_array_mut().unwrap().push(json!({
        "id": "members-drop", "severity": "warning", "fields": ["/members/total"],
        "message": "Численность снизилась более чем на 20 % по сравнению с прошлым годом. Объясните причину.",
        "check": { "if": [{ "var": ["previous.members.total", 0] },
                          { ">=": [{ "var": ["data.members.total", 0] }, { "*": [0.8, { "var": ["previous.members.total", 0] }] }] },
                          true] }
    }));
    upload(&app, &form, &u.reviewer).await.expect(Status::Created);
    let (org, filler) = (&u.orgs[0].0, &u.orgs[0].1);
    let current = current_period(&app, "periods-form", filler).await;
    let last_year = (current.parse::<i32>().unwrap() - 1).to_string();
    let old = report_path(org, "periods-form", &last_year);
    let data = json!({ "members": { "total": 500, "women": 300 }, "status": "active" });

    // Last year's period is locked: refused, and the message says what to do.
    let locked = app.post(&format!("{old}/submit"), json!({ "revision": 0, "data": data }), Some(filler)).await;
    let locked = locked.expect(Status::Conflict);
    assert_eq!(locked.code(), "report_period_locked");
    let message = locked.body["error"]["message"].as_str().unwrap();
    assert!(message.contains("продлить") && message.contains("(МСК)"), "{message}");

    // Extended by the department until a year from now: taken, and late.
    let until = (time::OffsetDateTime::now_utc() + time::Duration::days(365)).date().to_string();
    let extension = format!("/api/v1/forms/periods-form/periods/{last_year}/reports/{org}/extension");
    put(&app, &extension, json!({ "until": until }), &u.reviewer).await.expect(Status::Ok);
    let late = app.post(&format!("{old}/submit"), json!({ "revision": 0, "data": data }), Some(filler)).await;
    let late = late.expect(Status::Ok);
    assert_eq!((late.body["state"].as_str(), late.body["late"].as_bool()), (Some("submitted"), Some(true)));
    let c = app.get(&format!("/api/v1/forms/periods-form/periods/{last_year}/completeness"), Some(&u.reviewer)).await;
    let c = c.expect(Status::Ok);
    assert_eq!((c.body["late"].as_u64(), c.body["submitted_on_time"].as_u64()), (Some(1), Some(0)));
    assert!(c.body["organizations"][0]["extension_until"].is_i64());

    // This year starts from last year's report.
    let now = report_path(org, "periods-form", &current);
    let started = app.post(&format!("{now}/prefill"), json!({}), Some(filler)).await.expect(Status::Ok);
    assert_eq!(started.body["data"]["members"], json!({ "total": 500, "women": 300 }));
    assert_eq!(started.body["state"], "draft");
    let again = app.post(&format!("{now}/prefill"), json!({}), Some(filler)).await.expect(Status::Conflict);
    assert_eq!(again.code(), "report_started");

    // A drop from 500 to 300 must be explained against last year.
    let mut dropped = data.clone();
    dropped["members"] = json!({ "total": 300, "women": 200 });
    let revision = started.body["revision"].as_i64().unwrap();
    let saved = put(&app, &now, json!({ "revision": revision, "data": dropped }), filler).await.expect(Status::Ok);
    let warnings: Vec<&str> =
        saved.body["warnings"].as_array().unwrap().iter().map(|w| w["rule"].as_str().unwrap()).collect();
    assert_eq!(warnings, ["members-drop"], "{}", saved.text);
    // A save over an older revision is refused: nobody overwrites anybody silently.
    let stale = put(&app, &now, json!({ "revision": revision, "data": data }), filler).await.expect(Status::Conflict);
    assert_eq!(stale.code(), "report_changed");
}

on_both_backends!(a_locked_period_takes_a_report_only_after_an_extension_and_the_next_starts_from_it);
