//! Whose address the login history, the audit log and the per-address throttle see: the
//! socket's, unless the configuration trusts a proxy's header from that socket.

use cabinet_tests::{Backend, TestApp, with_each_backend};
use rocket::http::Status;
use serde_json::{Value, json};

/// The address the test client's socket really has (`CLIENT_ADDRESS`).
const SOCKET_IP: &str = "192.0.2.10";

async fn email_of(app: &TestApp, session: &cabinet_tests::Session) -> String {
    let me = app.get("/api/v1/auth/me", Some(session)).await.expect(Status::Ok);
    me.body["user"]["email"].as_str().unwrap().to_owned()
}

async fn history(app: &TestApp, admin: &cabinet_tests::Session, user: &str) -> Vec<Value> {
    let resp = app.get(&format!("/api/v1/users/{user}/logins"), Some(admin)).await.expect(Status::Ok);
    resp.body.as_array().unwrap().clone()
}

async fn spoofed_forwarding_headers_neither_choose_the_address_nor_escape_its_throttle(backend: Backend) {
    let app = TestApp::spawn_with(backend, json!({ "auth": { "max_failures_per_ip": 3 } })).await;
    let admin = app.admin().await;
    let org = app.organization(&admin, "tula").await;
    let (id, session) = app.staff(&admin, &org, &[]).await;
    let email = email_of(&app, &session).await;
    let (other_id, other) = app.staff(&admin, &org, &[]).await;
    let other_email = email_of(&app, &other).await;

    let spoofs = [("X-Real-IP", "9.9.9.1"), ("X-Forwarded-For", "9.9.9.2"), ("X-Real-IP", "9.9.9.3")];
    for header in spoofs {
        let resp = app.login_with_headers(&email, "Неверный2026", &[header]).await.0;
        assert_eq!(resp.expect(Status::Unauthorized).code(), "invalid_credentials");
    }
    let attempts = history(&app, &admin, &id).await;
    let ips: Vec<&str> = attempts.iter().take(3).map(|a| a["ip"].as_str().unwrap()).collect();
    assert_eq!(ips, [SOCKET_IP; 3], "every failure is recorded under the socket's address");
    let audit = app.get(&format!("/api/v1/audit?target_id={id}&action=auth.login_failed"), Some(&admin)).await;
    let entries = audit.expect(Status::Ok).body["entries"].as_array().unwrap().clone();
    assert_eq!(entries.len(), 3);
    assert!(entries.iter().all(|e| e["ip"] == SOCKET_IP), "{entries:?}");

    // Three failures from one address reach its limit, whatever address the next request claims:
    // even another account with the right password waits.
    let forged = ("X-Forwarded-For", "9.9.9.4");
    let resp = app.login_with_headers(&other_email, "НовыйПароль2026", &[forged]).await.0;
    assert_eq!(resp.expect(Status::TooManyRequests).code(), "too_many_attempts");
    let refused = &history(&app, &admin, &other_id).await[0];
    assert_eq!((refused["outcome"].as_str(), refused["ip"].as_str()), (Some("throttled"), Some(SOCKET_IP)));
}

async fn a_trusted_proxy_header_names_the_client_address(backend: Backend) {
    let cases = [
        ("X-Real-IP", [("X-Real-IP", "203.0.113.7")], "203.0.113.7"),
        // The left-most hop is whatever the client claimed; the right-most untrusted one is real.
        ("X-Forwarded-For", [("X-Forwarded-For", "9.9.9.9, 203.0.113.8")], "203.0.113.8"),
        // Trusting X-Forwarded-For does not make X-Real-IP believable.
        ("X-Forwarded-For", [("X-Real-IP", "9.9.9.9")], SOCKET_IP),
    ];
    for (trusted_header, sent, expected) in cases {
        let proxy = json!({ "client_ip_header": trusted_header, "trusted": ["192.0.2.0/24", "::1"] });
        let app = TestApp::spawn_with(backend, json!({ "proxy": proxy })).await;
        let admin = app.admin().await;
        let org = app.organization(&admin, "tver").await;
        let (id, session) = app.staff(&admin, &org, &[]).await;
        let email = email_of(&app, &session).await;
        app.login_with_headers(&email, "Неверный2026", &sent).await.0.expect(Status::Unauthorized);
        let attempts = history(&app, &admin, &id).await;
        assert_eq!(attempts[0]["ip"], expected, "{trusted_header} with {sent:?}");
    }
}

with_each_backend!(
    spoofed_forwarding_headers_neither_choose_the_address_nor_escape_its_throttle,
    a_trusted_proxy_header_names_the_client_address,
);
