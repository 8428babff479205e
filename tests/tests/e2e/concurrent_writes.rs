//! Requests that write at the same time wait for each other; none fails. On SQLite a transaction
//! that read before it wrote used to fail outright (SQLITE_BUSY) when another writer committed in
//! between, and a burst of failed logins for one account answered 500.

use cabinet_tests::{Backend, TestApp, with_each_backend};
use rocket::http::Status;
use serde_json::json;

async fn simultaneous_failed_logins_are_all_answered_and_recorded(backend: Backend) {
    let limits = json!({ "auth": { "max_failures_per_account": 1000, "max_failures_per_ip": 1000 } });
    let app = TestApp::spawn_with(backend, limits).await;
    let admin = app.admin().await;
    let org = app.organization(&admin, "busy").await;
    let (id, _) = app.staff(&admin, &org, &[]).await;
    let me = app.get(&format!("/api/v1/users/{id}"), Some(&admin)).await.expect(Status::Ok);
    let email = me.body["email"].as_str().unwrap().to_owned();
    for _ in 0..3 {
        let wrong = || app.login(&email, "Неверный2026");
        let answers = tokio::join!(wrong(), wrong(), wrong(), wrong(), wrong(), wrong(), wrong(), wrong());
        for (resp, _) in [answers.0, answers.1, answers.2, answers.3, answers.4, answers.5, answers.6, answers.7] {
            assert_eq!(resp.status, Status::Unauthorized, "{}", resp.text);
        }
    }
    let history = app.get(&format!("/api/v1/users/{id}/logins?limit=100"), Some(&admin)).await.expect(Status::Ok);
    let failures = history.body.as_array().unwrap().iter().filter(|a| a["outcome"] == "bad_password").count();
    assert_eq!(failures, 24, "every refused attempt is on the record");
}

with_each_backend!(simultaneous_failed_logins_are_all_answered_and_recorded);
