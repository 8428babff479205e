//! Accounts as people live them: registration, first login, blocking, recovery, throttling.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

async fn new_user_is_made_to_change_password_and_accept_regulation_then_works(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "moskva").await;
    let role = app.role(&admin, &["users.manage"]).await;
    // Unique per test: the real SMTP server in CI is shared by every test of the run.
    let email = format!("editor-{}@example.ru", uuid::Uuid::new_v4().simple());
    let (_, starting) = app.register(&admin, &format!(" {} ", email.to_uppercase()), &org, &[&role]).await;
    let letters = app.mailbox.wait_for(&email, 1).await;
    assert!(letters[0].contains(&starting), "the starting password is mailed: {}", letters[0]);

    let (resp, session) = app.login(&email, &starting).await;
    let session = session.expect("login with the starting password");
    assert_eq!(resp.body["pending_steps"], json!(["change_password", "accept_regulation"]));
    let blocked = app.get(&format!("/api/v1/users?unit_id={org}"), Some(&session)).await.expect(Status::Forbidden);
    assert_eq!(blocked.code(), "password_change_required");

    let weak = json!({ "current_password": starting, "new_password": "короткий1" });
    let resp = app.post("/api/v1/auth/password", weak, Some(&session)).await.expect(Status::UnprocessableEntity);
    assert_eq!(resp.body["error"]["details"]["fields"][0]["code"], "password_too_short");
    let change = json!({ "current_password": starting, "new_password": "Надёжный2026" });
    let resp = app.post("/api/v1/auth/password", change, Some(&session)).await.expect(Status::Ok);
    assert_eq!(resp.body["pending_steps"], json!(["accept_regulation"]));
    let resp = app.get(&format!("/api/v1/users?unit_id={org}"), Some(&session)).await.expect(Status::Forbidden);
    assert_eq!(resp.code(), "regulation_acceptance_required");

    let old = app.post("/api/v1/auth/regulation", json!({ "version": "1999" }), Some(&session)).await;
    assert_eq!(old.expect(Status::Conflict).code(), "regulation_version_mismatch");
    let version = app.get("/api/v1/auth/regulation", None).await.body["version"].clone();
    let resp =
        app.post("/api/v1/auth/regulation", json!({ "version": version }), Some(&session)).await.expect(Status::Ok);
    assert_eq!(resp.body["pending_steps"], json!([]));
    assert_eq!(resp.body["user"]["regulation"]["version"], version);
    assert!(resp.body["user"]["regulation"]["accepted_at"].is_string());

    let users = app.get(&format!("/api/v1/users?unit_id={org}"), Some(&session)).await.expect(Status::Ok);
    assert_eq!(users.body[0]["email"], email.as_str());
    // The starting password no longer works; the new one does.
    assert_eq!(app.login(&email, &starting).await.0.status, Status::Unauthorized);
    assert!(app.login(&email.replace("editor", "EDITOR"), "Надёжный2026").await.1.is_some());
}

async fn blocked_user_session_stops_working_immediately(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "spb").await;
    let (id, session) = app.staff(&admin, &org, &["users.manage"]).await;
    app.get("/api/v1/auth/me", Some(&session)).await.expect(Status::Ok);

    let body = json!({ "reason": "suspected_compromise", "comment": "вход из другой страны" });
    let resp = app.post(&format!("/api/v1/users/{id}/block"), body, Some(&admin)).await.expect(Status::Ok);
    assert_eq!(resp.body["status"], "blocked");
    // The open session is told why it stopped working, on reads and on changes alike.
    let cut = app.get("/api/v1/auth/me", Some(&session)).await.expect(Status::Forbidden);
    assert_eq!(cut.code(), "account_blocked");
    assert!(cut.body["error"]["message"].as_str().unwrap().contains("обратитесь к администратору сайта"));
    let org_users = format!("/api/v1/users?unit_id={org}");
    assert_eq!(app.get(&org_users, Some(&session)).await.expect(Status::Forbidden).code(), "account_blocked");
    let out = app.post("/api/v1/auth/logout", json!({}), Some(&session)).await.expect(Status::Forbidden);
    assert_eq!(out.code(), "account_blocked");
    let email = resp.body["email"].as_str().unwrap().to_owned();
    let login = app.login(&email, "НовыйПароль2026").await.0.expect(Status::Forbidden);
    assert_eq!(login.code(), "account_blocked");
    assert_eq!(login.body["error"]["message"], cut.body["error"]["message"], "one answer for one state");
    // A blocked user's recovery request sends nothing.
    app.post("/api/v1/auth/password-reset", json!({ "email": email }), None).await.expect(Status::Accepted);

    app.post(&format!("/api/v1/users/{id}/unblock"), json!({}), Some(&admin)).await.expect(Status::Ok);
    let revived = app.get("/api/v1/auth/me", Some(&session)).await.expect(Status::Unauthorized);
    assert_eq!(revived.code(), "unauthenticated", "unblocking never revives a cut-off session");
    assert!(app.login(&email, "НовыйПароль2026").await.1.is_some());
    let audit =
        app.get(&format!("/api/v1/audit?target_id={id}&action=user.blocked"), Some(&admin)).await.expect(Status::Ok);
    let entry = &audit.body["entries"][0];
    assert_eq!(entry["details"]["reason"], "suspected_compromise: вход из другой страны");
    assert_eq!(entry["actor_label"], app.admin_email.as_str());
    assert_eq!(entry["ip"], "192.0.2.10");
    let logins = app.get(&format!("/api/v1/users/{id}/logins"), Some(&admin)).await.expect(Status::Ok);
    let outcomes: Vec<&str> = logins.body.as_array().unwrap().iter().map(|a| a["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes[..2], ["success", "blocked"]);
}

async fn password_reset_by_email_works_once(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "kazan").await;
    let (_, session) = app.staff(&admin, &org, &[]).await;
    let me = app.get("/api/v1/auth/me", Some(&session)).await.expect(Status::Ok);
    let email = me.body["user"]["email"].as_str().unwrap().to_owned();

    let asked = app.post("/api/v1/auth/password-reset", json!({ "email": email.to_uppercase() }), None).await;
    let unknown = app.post("/api/v1/auth/password-reset", json!({ "email": "nobody@example.ru" }), None).await;
    assert_eq!(asked.status, Status::Accepted);
    assert_eq!((asked.status, &asked.body), (unknown.status, &unknown.body), "the answer reveals nothing");
    let token = app.reset_token(&email, 1).await;

    let page = app.get(&format!("/password-reset?token={token}"), None).await.expect(Status::Ok);
    assert!(page.text.contains("Новый пароль") && page.text.contains(&token));
    let weak = json!({ "token": token, "new_password": email });
    let resp = app.post("/api/v1/auth/password-reset/confirm", weak, None).await.expect(Status::UnprocessableEntity);
    assert_eq!(resp.body["error"]["details"]["fields"][0]["code"], "password_is_login");
    let good = json!({ "token": token, "new_password": "Восстановлен2026" });
    app.post("/api/v1/auth/password-reset/confirm", good.clone(), None).await.expect(Status::Ok);
    let again = app.post("/api/v1/auth/password-reset/confirm", good, None).await.expect(Status::BadRequest);
    assert_eq!(again.code(), "invalid_reset_token");
    let page = app.get(&format!("/password-reset?token={token}"), None).await.expect(Status::NotFound);
    assert!(page.text.contains("Ссылка недействительна"));

    assert_eq!(app.get("/api/v1/auth/me", Some(&session)).await.status, Status::Unauthorized, "old sessions end");
    assert!(app.login(&email, "Восстановлен2026").await.1.is_some());
}

async fn failed_logins_are_throttled_per_account_and_recorded(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "omsk").await;
    let (id, session) = app.staff(&admin, &org, &[]).await;
    let email = app.get("/api/v1/auth/me", Some(&session)).await.body["user"]["email"].as_str().unwrap().to_owned();
    for _ in 0..5 {
        let resp = app.login(&email, "Неверный2026").await.0.expect(Status::Unauthorized);
        assert_eq!(resp.code(), "invalid_credentials");
    }
    let resp = app.login(&email, "НовыйПароль2026").await.0.expect(Status::TooManyRequests);
    assert_eq!(resp.code(), "too_many_attempts");
    assert_eq!(resp.header("Retry-After"), Some("900"));
    let history = app.get(&format!("/api/v1/users/{id}/logins?limit=3"), Some(&admin)).await.expect(Status::Ok);
    assert_eq!(history.body[0]["outcome"], "throttled", "the refused attempt is on the account's record");
    assert_eq!(history.body[1]["outcome"], "bad_password");
    assert_eq!(history.body[1]["user_agent"], "cabinet-tests");
}

async fn changing_password_ends_other_sessions_but_keeps_this_one(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "tver").await;
    let (_, first) = app.staff(&admin, &org, &[]).await;
    let email = app.get("/api/v1/auth/me", Some(&first)).await.body["user"]["email"].as_str().unwrap().to_owned();
    let second = app.login(&email, "НовыйПароль2026").await.1.unwrap();
    let change = json!({ "current_password": "НовыйПароль2026", "new_password": "Другой2027пароль" });
    app.post("/api/v1/auth/password", change, Some(&second)).await.expect(Status::Ok);
    assert_eq!(app.get("/api/v1/auth/me", Some(&first)).await.status, Status::Unauthorized);
    app.get("/api/v1/auth/me", Some(&second)).await.expect(Status::Ok);
    app.post("/api/v1/auth/logout", json!({}), Some(&second)).await.expect(Status::NoContent);
    assert_eq!(app.get("/api/v1/auth/me", Some(&second)).await.status, Status::Unauthorized);
}

async fn cookie_requests_that_change_state_need_the_csrf_token(app: TestApp) {
    let admin = app.admin().await;
    let mut forged = admin.clone();
    forged.csrf = None;
    let body = json!({ "kind": "department", "slug": "forged", "full_name": "Управление", "short_name": "У" });
    let resp = app.post("/api/v1/units", body.clone(), Some(&forged)).await.expect(Status::Forbidden);
    assert_eq!(resp.code(), "csrf_failed");
    forged.csrf = Some("wrong".into());
    assert_eq!(app.post("/api/v1/units", body.clone(), Some(&forged)).await.code(), "csrf_failed");
    app.get("/api/v1/units", Some(&forged)).await.expect(Status::Ok);
    app.post("/api/v1/units", body, Some(&admin)).await.expect(Status::Created);
}

async fn audit_log_records_changes_and_cannot_be_altered(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "perm").await;
    let role = app.role(&admin, &["news.write"]).await;
    app.patch(&format!("/api/v1/roles/{role}"), json!({ "permissions": ["news.write", "media.upload"] }), Some(&admin))
        .await
        .expect(Status::Ok);
    let resp = app.get("/api/v1/audit?action=role.updated", Some(&admin)).await.expect(Status::Ok);
    let entry = &resp.body["entries"][0];
    assert_eq!(entry["target_id"], role.as_str());
    assert_eq!(entry["details"]["after"]["permissions"], json!(["news.write", "media.upload"]));
    let resp = app.get(&format!("/api/v1/audit?unit_id={org}"), Some(&admin)).await.expect(Status::Ok);
    assert_eq!(resp.body["entries"][0]["action"], "unit.created");
    let page = app.get("/api/v1/audit?limit=2", Some(&admin)).await.expect(Status::Ok);
    let before = page.body["next_before"].as_str().unwrap();
    let next = app.get(&format!("/api/v1/audit?limit=2&before={before}"), Some(&admin)).await.expect(Status::Ok);
    assert!(next.body["entries"][0]["id"].as_str().unwrap() < before);

    let edited = match app.db().backend() {
        cabinet_storage::Backend::Sqlite(pool) => {
            sqlx::query("UPDATE audit_log SET action = 'x'").execute(pool).await.is_ok()
        }
        cabinet_storage::Backend::Postgres(pool) => {
            sqlx::query("UPDATE audit_log SET action = 'x'").execute(pool).await.is_ok()
        }
    };
    let deleted = match app.db().backend() {
        cabinet_storage::Backend::Sqlite(pool) => sqlx::query("DELETE FROM audit_log").execute(pool).await.is_ok(),
        cabinet_storage::Backend::Postgres(pool) => sqlx::query("DELETE FROM audit_log").execute(pool).await.is_ok(),
    };
    assert!(!edited && !deleted, "the audit log is append-only even for direct SQL");
}

on_both_backends!(
    new_user_is_made_to_change_password_and_accept_regulation_then_works,
    blocked_user_session_stops_working_immediately,
    password_reset_by_email_works_once,
    failed_logins_are_throttled_per_account_and_recorded,
    changing_password_ends_other_sessions_but_keeps_this_one,
    cookie_requests_that_change_state_need_the_csrf_token,
    audit_log_records_changes_and_cannot_be_altered,
);
