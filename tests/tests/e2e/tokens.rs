//! Bearer tokens of machine clients: issued once, used without cookies or CSRF, revoked at once.

use cabinet_tests::{Session, TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

async fn api_token_works_until_revoked(app: TestApp) {
    let admin = app.admin().await;
    let central = app.central(&admin).await;
    let body = json!({ "name": "Сайт Профсоюза", "unit_id": central, "permissions": ["units.manage"] });
    let issued = app.post("/api/v1/tokens", body, Some(&admin)).await.expect(Status::Created);
    let secret = issued.body["secret"].as_str().unwrap().to_owned();
    let id = issued.body["token"]["id"].as_str().unwrap().to_owned();
    let machine = Session::bearer(&secret);

    app.get("/api/v1/units", Some(&machine)).await.expect(Status::Ok);
    let unit = json!({ "kind": "department", "slug": "by-token", "full_name": "Управление", "short_name": "У" });
    app.post("/api/v1/units", unit, Some(&machine)).await.expect(Status::Created);
    app.get("/api/v1/users", Some(&machine)).await.expect(Status::Forbidden);
    let listed = app.get("/api/v1/tokens", Some(&admin)).await.expect(Status::Ok);
    assert!(listed.text.contains("Сайт Профсоюза") && !listed.text.contains(&secret), "the secret is shown only once");

    app.delete(&format!("/api/v1/tokens/{id}"), Some(&admin)).await.expect(Status::Ok);
    let resp = app.get("/api/v1/units", Some(&machine)).await.expect(Status::Unauthorized);
    assert_eq!(resp.code(), "invalid_token");
    let audit = app.get("/api/v1/audit?action=token.revoked", Some(&admin)).await.expect(Status::Ok);
    assert_eq!(audit.body["entries"][0]["target_id"], id.as_str());
}

async fn organization_staff_cannot_issue_tokens(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "tok").await;
    let (_, staff) = app.staff(&admin, &org, &["tokens.manage"]).await;
    let body = json!({ "name": "Мой сайт", "unit_id": org, "permissions": [] });
    app.post("/api/v1/tokens", body, Some(&staff)).await.expect(Status::Forbidden);
}

on_both_backends!(api_token_works_until_revoked, organization_staff_cannot_issue_tokens);
