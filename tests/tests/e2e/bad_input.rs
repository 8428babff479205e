//! Bad input for each endpoint family gets the right status and the envelope, never a 500.

use cabinet_tests::{Resp, TestApp, on_both_backends};
use rocket::http::{ContentType, Method, Status};
use serde_json::json;

#[track_caller]
fn enveloped(resp: &Resp, status: Status, code: &str, what: &str) {
    assert_eq!(resp.status, status, "{what}: {}", resp.text);
    assert_eq!(resp.code(), code, "{what}: {}", resp.text);
    let message = resp.body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.chars().any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap())),
        "{what}: Russian message"
    );
}

async fn malformed_bodies_are_refused_with_the_envelope_for_every_family(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "bad").await;
    let (user, _) = app.staff(&admin, &org, &[]).await;
    let role = app.role(&admin, &[]).await;
    let posts = [
        (Method::Post, "/api/v1/auth/login".to_owned()),
        (Method::Post, "/api/v1/auth/password".to_owned()),
        (Method::Post, "/api/v1/auth/password-reset".to_owned()),
        (Method::Post, "/api/v1/auth/password-reset/confirm".to_owned()),
        (Method::Post, "/api/v1/units".to_owned()),
        (Method::Patch, format!("/api/v1/units/{org}")),
        (Method::Post, "/api/v1/users".to_owned()),
        (Method::Patch, format!("/api/v1/users/{user}")),
        (Method::Post, format!("/api/v1/users/{user}/block")),
        (Method::Post, "/api/v1/roles".to_owned()),
        (Method::Patch, format!("/api/v1/roles/{role}")),
        (Method::Post, "/api/v1/tokens".to_owned()),
    ];
    let huge = format!("{{\"email\": \"{}\"}}", "a".repeat(100 * 1024));
    for (method, path) in &posts {
        let what = format!("{method} {path}");
        let s = Some(&admin);
        let r = app.raw(*method, path, Some("{"), Some(ContentType::JSON), s, &[]).await;
        enveloped(&r, Status::BadRequest, "malformed_json", &format!("{what} truncated JSON"));
        let r = app.raw(*method, path, Some("email=a"), Some(ContentType::Form), s, &[]).await;
        enveloped(&r, Status::UnsupportedMediaType, "unsupported_media_type", &format!("{what} form body"));
        let r = app.raw(*method, path, Some(&huge), Some(ContentType::JSON), s, &[]).await;
        enveloped(&r, Status::PayloadTooLarge, "payload_too_large", &format!("{what} 100 KiB body"));
        let r = app.raw(*method, path, Some("{\"surprise\": 1}"), Some(ContentType::JSON), s, &[]).await;
        enveloped(&r, Status::UnprocessableEntity, "invalid_input", &format!("{what} unknown field"));
        assert_eq!(r.body["error"]["details"]["fields"][0]["field"], "surprise", "{what}");
        let r = app.raw(*method, path, Some("[1, 2]"), Some(ContentType::JSON), s, &[]).await;
        enveloped(&r, Status::UnprocessableEntity, "invalid_input", &format!("{what} wrong shape"));
    }
}

async fn invalid_values_name_their_fields(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "fields").await;
    let s = Some(&admin);
    let unit = json!({ "kind": "organization", "slug": "Bad Slug", "full_name": " ", "short_name": "x" });
    let r = app.post("/api/v1/units", unit, s).await;
    enveloped(&r, Status::UnprocessableEntity, "invalid_input", "unit fields");
    let fields: Vec<&str> =
        r.body["error"]["details"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["slug", "full_name", "org_kind"]);
    let dup = json!({ "kind": "organization", "slug": "fields", "full_name": "Дубль", "short_name": "Д", "org_kind": "regional" });
    enveloped(&app.post("/api/v1/units", dup, s).await, Status::Conflict, "conflict", "duplicate slug");

    let user = json!({ "email": "not-an-email", "full_name": "Имя", "unit_id": org });
    let r = app.post("/api/v1/users", user, s).await;
    enveloped(&r, Status::UnprocessableEntity, "invalid_input", "bad e-mail");
    assert_eq!(r.body["error"]["details"]["fields"][0]["field"], "email");
    let user = json!({ "email": "a@b.ru", "full_name": "Имя", "unit_id": "nope" });
    enveloped(&app.post("/api/v1/users", user, s).await, Status::UnprocessableEntity, "invalid_input", "bad unit id");
    let user = json!({ "email": "a@b.ru", "full_name": "Имя", "unit_id": uuid::Uuid::now_v7() });
    enveloped(&app.post("/api/v1/users", user, s).await, Status::UnprocessableEntity, "invalid_input", "unknown unit");
    let user = json!({ "email": "a@b.ru", "full_name": "Имя", "unit_id": org, "role_ids": [uuid::Uuid::now_v7()] });
    enveloped(&app.post("/api/v1/users", user, s).await, Status::UnprocessableEntity, "invalid_input", "unknown role");
    app.register(&admin, "twice@example.ru", &org, &[]).await;
    let again = json!({ "email": "TWICE@example.ru", "full_name": "Имя", "unit_id": org });
    enveloped(&app.post("/api/v1/users", again, s).await, Status::Conflict, "conflict", "duplicate e-mail");

    let role = json!({ "name": "Роль", "permissions": ["news.write", "everything"] });
    let r = app.post("/api/v1/roles", role, s).await;
    enveloped(&r, Status::UnprocessableEntity, "invalid_input", "unknown permission");
    assert_eq!(r.body["error"]["details"]["fields"][0]["field"], "permissions[1]");
    let block = json!({ "reason": "boredom" });
    let (user, _) = app.staff(&admin, &org, &[]).await;
    enveloped(
        &app.post(&format!("/api/v1/users/{user}/block"), block, s).await,
        Status::UnprocessableEntity,
        "invalid_input",
        "reason",
    );
    let me = app.get("/api/v1/auth/me", s).await.body["user"]["id"].as_str().unwrap().to_owned();
    let r = app.post(&format!("/api/v1/users/{me}/block"), json!({ "reason": "user_request" }), s).await;
    enveloped(&r, Status::UnprocessableEntity, "cannot_block_self", "self block");
    let token = json!({ "name": "Сайт", "unit_id": org, "expires_at": "вчера" });
    enveloped(&app.post("/api/v1/tokens", token, s).await, Status::UnprocessableEntity, "invalid_input", "expiry");
}

async fn bad_paths_and_queries_are_refused_cleanly(app: TestApp) {
    let admin = app.admin().await;
    let s = Some(&admin);
    for path in ["/api/v1/users/not-an-id", "/api/v1/units/123", "/api/v1/roles/%00", "/api/v1/nothing-here"] {
        enveloped(&app.get(path, s).await, Status::NotFound, "not_found", path);
    }
    let missing = format!("/api/v1/users/{}", uuid::Uuid::now_v7());
    enveloped(&app.get(&missing, s).await, Status::NotFound, "not_found", "unknown user");
    for path in [
        "/api/v1/users?limit=0",
        "/api/v1/users?limit=abc",
        "/api/v1/users?offset=-1",
        "/api/v1/audit?limit=100000",
        "/api/v1/users?status=sleeping",
        "/api/v1/users?unit_id=xyz",
        "/api/v1/audit?from=yesterday",
        "/api/v1/audit?action=nothing",
        "/api/v1/units?kind=planet",
    ] {
        let r = app.get(path, s).await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{path}: {}", r.text);
        assert!(["invalid_input", "unprocessable"].contains(&r.code()), "{path}: {}", r.text);
    }
}

async fn login_failures_do_not_reveal_which_part_was_wrong(app: TestApp) {
    let unknown = app.login("nobody@example.ru", "Пароль2026год").await.0;
    let wrong = app.login(&app.admin_email.clone(), "Пароль2026год").await.0;
    enveloped(&unknown, Status::Unauthorized, "invalid_credentials", "unknown login");
    enveloped(&wrong, Status::Unauthorized, "invalid_credentials", "wrong password");
    assert_eq!(unknown.body, wrong.body);
    let garbage = app.login("no at sign", "x").await.0;
    enveloped(&garbage, Status::Unauthorized, "invalid_credentials", "malformed login");
}

on_both_backends!(
    malformed_bodies_are_refused_with_the_envelope_for_every_family,
    invalid_values_name_their_fields,
    bad_paths_and_queries_are_refused_cleanly,
    login_failures_do_not_reveal_which_part_was_wrong,
);
