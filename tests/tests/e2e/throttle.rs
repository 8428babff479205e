//! Getting back in after the login throttle: proving who you are another way lifts the
//! account's count at once, never the address's; refused attempts stay on the record.

use cabinet_storage::logins;
use cabinet_tests::{Backend, CLIENT_ADDRESS, Session, TestApp, with_each_backend};
use rocket::http::Status;
use serde_json::{Value, json};

const PASSWORD: &str = "НовыйПароль2026";
const WRONG: &str = "Неверный2026";

/// A user of a new organization: (id, login).
async fn user(app: &TestApp, admin: &Session) -> (String, String) {
    let org = app.organization(admin, &format!("org-{}", &uuid::Uuid::new_v4().simple().to_string()[..8])).await;
    let (id, session) = app.staff(admin, &org, &[]).await;
    let me = app.get("/api/v1/auth/me", Some(&session)).await.expect(Status::Ok);
    (id, me.body["user"]["email"].as_str().unwrap().to_owned())
}

/// Five wrong passwords, then the right one is refused, then one more guess is refused too.
async fn get_throttled(app: &TestApp, email: &str) {
    for _ in 0..5 {
        app.login(email, WRONG).await.0.expect(Status::Unauthorized);
    }
    let resp = app.login(email, PASSWORD).await.0.expect(Status::TooManyRequests);
    assert_eq!(resp.code(), "too_many_attempts");
    assert!(resp.body["error"]["message"].as_str().unwrap().contains("восстановите пароль"), "{}", resp.text);
    app.login(email, WRONG).await.0.expect(Status::TooManyRequests);
}

async fn outcomes(app: &TestApp, admin: &Session, id: &str) -> Vec<String> {
    let resp = app.get(&format!("/api/v1/users/{id}/logins"), Some(admin)).await.expect(Status::Ok);
    resp.body.as_array().unwrap().iter().map(|a| a["outcome"].as_str().unwrap().to_owned()).collect()
}

async fn login_failures_audited(app: &TestApp, admin: &Session, id: &str) -> Vec<Value> {
    let path = format!("/api/v1/audit?target_id={id}&action=auth.login_failed");
    app.get(&path, Some(admin)).await.expect(Status::Ok).body["entries"].as_array().unwrap().clone()
}

/// What the history shows, newest first, for a user who signed in once, got throttled and then
/// got back in.
fn throttled_then_in() -> Vec<String> {
    let mut expected = vec!["success".to_owned(), "throttled".into(), "throttled".into()];
    expected.extend(std::iter::repeat_n("bad_password".to_owned(), 5));
    expected.push("success".into());
    expected
}

async fn a_completed_password_reset_lets_a_throttled_user_in_at_once(backend: Backend) {
    let app = TestApp::spawn_with(backend, json!({ "auth": { "max_failures_per_ip": 7 } })).await;
    let admin = app.admin().await;
    let (id, email) = user(&app, &admin).await;
    get_throttled(&app, &email).await;
    let ip = CLIENT_ADDRESS.ip().to_string();
    let counts = logins::recent_failures(app.db(), &email, Some(&ip), 0).await.unwrap();
    assert_eq!(counts, (5, 5), "refused attempts checked no password and do not count as failures");

    app.post("/api/v1/auth/password-reset", json!({ "email": email }), None).await.expect(Status::Accepted);
    let token = app.reset_token(&email, 1).await;
    let reset = json!({ "token": token, "new_password": "Восстановлен2026" });
    app.post("/api/v1/auth/password-reset/confirm", reset, None).await.expect(Status::Ok);
    assert!(app.login(&email, "Восстановлен2026").await.1.is_some(), "the reset lifted the account's throttle");

    assert_eq!(outcomes(&app, &admin, &id).await, throttled_then_in());
    let audited = login_failures_audited(&app, &admin, &id).await;
    let throttled = audited.iter().filter(|e| e["details"]["outcome"] == "throttled").count();
    assert_eq!((audited.len(), throttled), (7, 2), "{audited:?}");

    // The address keeps its five failures: two more, on another account, reach its limit of 7.
    let (_, other) = user(&app, &admin).await;
    for _ in 0..2 {
        app.login(&other, WRONG).await.0.expect(Status::Unauthorized);
    }
    let resp = app.login(&email, "Восстановлен2026").await.0.expect(Status::TooManyRequests);
    assert_eq!(resp.code(), "too_many_attempts");
}

async fn a_new_starting_password_lets_a_throttled_user_in_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let (id, email) = user(&app, &admin).await;
    get_throttled(&app, &email).await;
    let issued = app.post(&format!("/api/v1/users/{id}/password"), json!({}), Some(&admin)).await.expect(Status::Ok);
    let starting = issued.body["starting_password"].as_str().unwrap();
    let (resp, session) = app.login(&email, starting).await;
    assert!(session.is_some(), "the new starting password works at once: {}", resp.text);
    assert_eq!(resp.body["pending_steps"][0], "change_password");
    assert_eq!(outcomes(&app, &admin, &id).await, throttled_then_in());
}

async fn unblocking_lets_a_throttled_user_in_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let (id, email) = user(&app, &admin).await;
    get_throttled(&app, &email).await;
    let block = json!({ "reason": "suspected_compromise" });
    app.post(&format!("/api/v1/users/{id}/block"), block, Some(&admin)).await.expect(Status::Ok);
    app.post(&format!("/api/v1/users/{id}/unblock"), json!({}), Some(&admin)).await.expect(Status::Ok);
    assert!(app.login(&email, PASSWORD).await.1.is_some(), "the unblock lifted the account's throttle");
    assert_eq!(outcomes(&app, &admin, &id).await, throttled_then_in());
}

with_each_backend!(
    a_completed_password_reset_lets_a_throttled_user_in_at_once,
    a_new_starting_password_lets_a_throttled_user_in_at_once,
    unblocking_lets_a_throttled_user_in_at_once,
);
