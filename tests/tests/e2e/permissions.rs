//! The policy seen through the API: permissions × own and foreign units for every endpoint
//! that exists so far. (The pure policy test in `core` covers every permission and action.)

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

async fn organization_staff_manage_only_their_own_organization(app: TestApp) {
    let admin = app.admin().await;
    let own = app.organization(&admin, "own-org").await;
    let foreign = app.organization(&admin, "foreign-org").await;
    let (_, manager) = app.staff(&admin, &own, &["users.manage", "news.write"]).await;
    let (foreign_user, _) = app.staff(&admin, &foreign, &[]).await;
    let (own_user, _) = app.staff(&admin, &own, &[]).await;

    app.get(&format!("/api/v1/users?unit_id={own}"), Some(&manager)).await.expect(Status::Ok);
    let all = app.get("/api/v1/users", Some(&manager)).await.expect(Status::Ok);
    assert!(all.body.as_array().unwrap().iter().all(|u| u["unit_id"] == own.as_str()), "only own unit listed");
    app.get(&format!("/api/v1/users/{own_user}"), Some(&manager)).await.expect(Status::Ok);
    // Another organization's users answer exactly as ids that do not exist: nothing tells an
    // outsider that they are there.
    let unknown = app.get(&format!("/api/v1/users/{}", uuid::Uuid::now_v7()), Some(&manager)).await;
    assert_eq!(unknown.status, Status::NotFound, "{}", unknown.text);
    for (method, path) in [
        ("GET", format!("/api/v1/users?unit_id={foreign}")),
        ("GET", format!("/api/v1/users/{foreign_user}")),
        ("GET", format!("/api/v1/users/{foreign_user}/logins")),
        ("POST", format!("/api/v1/users/{foreign_user}/block")),
        ("POST", format!("/api/v1/users/{foreign_user}/password")),
        ("PATCH", format!("/api/v1/users/{foreign_user}")),
    ] {
        let body = json!({ "reason": "user_request", "full_name": "Чужой" });
        let resp = match method {
            "GET" => app.get(&path, Some(&manager)).await,
            "PATCH" => app.patch(&path, body, Some(&manager)).await,
            _ => app.post(&path, body, Some(&manager)).await,
        };
        assert_eq!(resp.status, Status::NotFound, "{method} {path}: {}", resp.text);
        assert_eq!(resp.body, unknown.body, "{method} {path}: a foreign user must look unknown");
    }
    let create = json!({ "email": "x@example.ru", "full_name": "Чужой", "unit_id": foreign });
    app.post("/api/v1/users", create, Some(&manager)).await.expect(Status::NotFound);
    let moved = json!({ "unit_id": foreign });
    app.patch(&format!("/api/v1/users/{own_user}"), moved, Some(&manager)).await.expect(Status::NotFound);

    // Without the permission, the refusal comes before any lookup: the same for a foreign, an
    // unknown and an own id.
    let (_, plain) = app.staff(&admin, &own, &[]).await;
    let refused = app.get(&format!("/api/v1/users/{own_user}"), Some(&plain)).await.expect(Status::Forbidden);
    let foreign_refused = app.get(&format!("/api/v1/users/{foreign_user}"), Some(&plain)).await;
    assert_eq!((foreign_refused.status, &foreign_refused.body), (Status::Forbidden, &refused.body));

    // Managing users never hands out more than the manager holds.
    let moderator = app.role(&admin, &["news.moderate"]).await;
    let writer = app.role(&admin, &["news.write"]).await;
    let create = json!({ "email": "y@example.ru", "full_name": "Свой", "unit_id": own, "role_ids": [moderator] });
    let resp = app.post("/api/v1/users", create, Some(&manager)).await.expect(Status::Forbidden);
    assert_eq!(resp.code(), "permission_escalation");
    let create = json!({ "email": "y@example.ru", "full_name": "Свой", "unit_id": own, "role_ids": [writer] });
    app.post("/api/v1/users", create, Some(&manager)).await.expect(Status::Created);
}

async fn union_wide_settings_are_for_the_central_committee_only(app: TestApp) {
    let admin = app.admin().await;
    let central = app.central(&admin).await;
    let org = app.organization(&admin, "wide").await;
    let dept = app.department(&admin, "orgotdel").await;
    // Settings everybody knows exist answer 403; the central committee's own users are its
    // private data, and look unknown (404) to other units.
    let cases: [(&str, &str, Status); 6] = [
        ("roles.manage", "/api/v1/roles", Status::Forbidden),
        ("units.manage", "/api/v1/units", Status::Forbidden),
        ("tokens.manage", "/api/v1/tokens", Status::Forbidden),
        ("audit.read", "/api/v1/audit", Status::Forbidden),
        ("users.manage", "/api/v1/users?unit_id=__central__", Status::NotFound),
        ("roles.manage", "/api/v1/permissions", Status::Forbidden),
    ];
    for (permission, path, outside) in cases {
        let path = path.replace("__central__", &central);
        for (unit, expected) in [(&org, outside), (&dept, outside), (&central, Status::Ok)] {
            let (_, holder) = app.staff(&admin, unit, &[permission]).await;
            let resp = app.get(&path, Some(&holder)).await;
            assert_eq!(resp.status, expected, "{permission} held in {unit} on {path}: {}", resp.text);
        }
    }
}

async fn a_role_change_reaches_its_holders_at_once(app: TestApp) {
    let admin = app.admin().await;
    let central = app.central(&admin).await;
    let role = app.role(&admin, &["audit.read"]).await;
    let email = "auditor@example.ru";
    let (_, starting) = app.register(&admin, email, &central, &[&role]).await;
    let auditor = app.onboard(email, &starting, "Аудитор2026год").await;
    app.get("/api/v1/audit", Some(&auditor)).await.expect(Status::Ok);
    app.patch(&format!("/api/v1/roles/{role}"), json!({ "permissions": [] }), Some(&admin)).await.expect(Status::Ok);
    let resp = app.get("/api/v1/audit", Some(&auditor)).await.expect(Status::Forbidden);
    assert_eq!(resp.body["error"]["details"]["permission"], "audit.read");
    let held = app.delete(&format!("/api/v1/roles/{role}"), Some(&admin)).await.expect(Status::Conflict);
    assert_eq!(held.code(), "conflict");
}

on_both_backends!(
    organization_staff_manage_only_their_own_organization,
    union_wide_settings_are_for_the_central_committee_only,
    a_role_change_reaches_its_holders_at_once,
);
