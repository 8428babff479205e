//! Session expiry and backend selection, at the storage layer both backends share.

use cabinet_storage::sessions::{self, NewSession};
use cabinet_storage::{Db, StorageError, now_ms, token_hash, users};
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

async fn sessions_end_after_idle_time_and_at_their_absolute_expiry(app: TestApp) {
    let admin = app.admin().await;
    let me = app.get("/api/v1/auth/me", Some(&admin)).await.expect(Status::Ok);
    let user_id = me.body["user"]["id"].as_str().unwrap().parse().unwrap();
    let db = app.db();
    let (live, expired) = (token_hash("live"), token_hash("expired"));
    let open = |token_hash, expires_at| NewSession {
        user_id,
        token_hash,
        csrf_token: "csrf",
        expires_at,
        ip: None,
        user_agent: None,
    };
    sessions::create(db, open(&live, now_ms() + 60_000)).await.unwrap();
    sessions::create(db, open(&expired, now_ms() - 1)).await.unwrap();
    let hour = 3_600_000;
    assert!(sessions::lookup(db, &live, hour).await.unwrap().live().is_some());
    assert!(sessions::lookup(db, &expired, hour).await.unwrap().live().is_none(), "absolute expiry");
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert!(sessions::lookup(db, &live, 10).await.unwrap().live().is_none(), "idle expiry");
    assert!(sessions::lookup(db, &token_hash("unknown"), hour).await.unwrap().live().is_none());
    assert_eq!(sessions::purge_expired(db, 10).await.unwrap(), 3, "both test sessions and the admin's idle one");
    let email = cabinet_core::Email::parse(&app.admin_email).unwrap();
    assert!(users::credentials(db, &email).await.unwrap().is_some());
}

on_both_backends!(sessions_end_after_idle_time_and_at_their_absolute_expiry);

#[tokio::test]
async fn an_unknown_database_scheme_is_refused_loudly() {
    for url in ["mysql://root@127.0.0.1/cabinet", "cabinet.db", ""] {
        match Db::connect(url, 1).await {
            Err(StorageError::UnsupportedUrl(message)) => assert!(message.contains("sqlite://"), "{message}"),
            other => panic!("{url}: expected UnsupportedUrl, got {other:?}"),
        }
    }
}
