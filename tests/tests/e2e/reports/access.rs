//! Who gets what of a form's reports (§7.3): only the responsible department reviews them; another
//! department's staff and other organizations' staff get nothing, through any route — their
//! answers are exactly those for a report or form that does not exist.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::{ContentType, Method, Status};
use serde_json::json;

use super::{current_period, plugin, report_path, union, upload};

async fn other_departments_and_other_organizations_get_nothing_of_a_forms_reports(app: TestApp) {
    let u = union(&app, "access", 2).await;
    upload(&app, &plugin("access-form", &u.dept_slug, 1), &u.reviewer).await.expect(Status::Created);
    let (org, filler) = (&u.orgs[0].0, &u.orgs[0].1);
    let period = current_period(&app, "access-form", filler).await;
    let path = report_path(org, "access-form", &period);
    let data = json!({ "members": { "total": 10, "women": 5 }, "status": "active" });
    app.post(&format!("{path}/submit"), json!({ "revision": 0, "data": data }), Some(filler)).await.expect(Status::Ok);

    // Another department, with every right a department has.
    let other_dept = app.department(&u.admin, "access-other-dept").await;
    let (_, stranger) = app.staff(&u.admin, &other_dept, &["forms.define", "reports.review"]).await;
    let review = format!("/api/v1/forms/access-form/periods/{period}");
    let one = format!("{review}/reports/{org}");
    for (method, route, body) in [
        (Method::Get, format!("{review}/completeness"), None),
        (Method::Get, format!("{review}/table"), None),
        (Method::Get, format!("{review}/export.csv"), None),
        (Method::Get, format!("{review}/export.xlsx"), None),
        (Method::Get, one.clone(), None),
        (Method::Post, format!("{one}/accept"), Some(json!({ "revision": 1 }))),
        (Method::Post, format!("{one}/return"), Some(json!({ "revision": 1, "reason": "Чужое" }))),
        (Method::Put, format!("{one}/exemption"), Some(json!({ "exempt": true, "reason": "Чужое" }))),
        (Method::Put, format!("{one}/extension"), Some(json!({ "until": "2030-01-01" }))),
    ] {
        let resp = app.call(method, &route, body.as_ref(), Some(&stranger)).await;
        assert_eq!((resp.status, resp.code()), (Status::NotFound, "not_found"), "{route}: {}", resp.text);
        assert!(!resp.text.contains("access-org"), "{route} leaks: {}", resp.text);
    }
    // …nor can it put a form under the first department's name.
    let foreign = upload(&app, &plugin("access-form-2", &u.dept_slug, 1), &stranger).await;
    assert_eq!(foreign.expect(Status::Forbidden).code(), "form_department_foreign");

    // Another organization's staff, with every right an organization has.
    let (_, neighbour) = app.staff(&u.admin, &u.orgs[1].0, &["reports.fill", "profile.edit", "news.write"]).await;
    for (method, route) in [
        (Method::Get, path.clone()),
        (Method::Put, path.clone()),
        (Method::Post, format!("{path}/submit")),
        (Method::Post, format!("{path}/prefill")),
        (Method::Get, format!("{path}/template.xlsx")),
        (Method::Get, format!("/api/v1/units/{org}/reports")),
    ] {
        let resp = app.call(method, &route, Some(&json!({ "revision": 1, "data": {} })), Some(&neighbour)).await;
        assert_eq!((resp.status, resp.code()), (Status::NotFound, "not_found"), "{route}: {}", resp.text);
    }
    let sheet = app
        .raw_bytes(
            Method::Put,
            &format!("{path}/xlsx?revision=1"),
            Some(b"PK"),
            Some(ContentType::Binary),
            Some(&neighbour),
            &[],
        )
        .await;
    assert_eq!(sheet.status, Status::NotFound);
    // The organization's own staff without reports.review do not review, even their own report.
    let own_review = app.get(&one, Some(filler)).await;
    assert_eq!(own_review.expect(Status::Forbidden).code(), "forbidden");
    // The department's own reviewer does.
    let seen = app.get(&one, Some(&u.reviewer)).await.expect(Status::Ok);
    assert_eq!(seen.body["state"], "submitted");
    // A department user without reports.review is told which right is missing.
    let (_, definer) = app.staff(&u.admin, &u.department, &["forms.define"]).await;
    assert_eq!(app.get(&one, Some(&definer)).await.expect(Status::Forbidden).code(), "forbidden");
}

on_both_backends!(other_departments_and_other_organizations_get_nothing_of_a_forms_reports);
