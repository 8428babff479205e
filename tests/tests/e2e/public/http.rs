//! What every public answer carries: an ETag answered with 304, and CORS for configured origins.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::{Method, Status};
use serde_json::json;

use super::{desk, published};

async fn answers_carry_an_etag_and_a_known_one_gets_304(app: TestApp) {
    let desk = desk(&app, "tver").await;
    let id = published(&app, &desk, "Профсоюз провёл семинар по охране труда").await;
    for path in [
        "/api/v1/public/news".to_owned(),
        format!("/api/v1/public/news/{id}"),
        "/api/v1/public/organizations".to_owned(),
        "/api/v1/public/organizations/tver".to_owned(),
        "/api/v1/public/organizations/tver/news".to_owned(),
        "/api/v1/public/news.atom".to_owned(),
        "/api/v1/public/organizations/tver/news.atom".to_owned(),
    ] {
        let first = app.get(&path, None).await.expect(Status::Ok);
        let etag = first.header("ETag").unwrap_or_else(|| panic!("{path} has an ETag")).to_owned();
        let again = app.raw(Method::Get, &path, None, None, None, &[("If-None-Match", &etag)]).await;
        let again = again.expect(Status::NotModified);
        assert!(again.bytes.is_empty());
        assert_eq!(again.header("ETag"), Some(etag.as_str()));
        let stale = app.raw(Method::Get, &path, None, None, None, &[("If-None-Match", "\"other\"")]).await;
        assert_eq!(stale.expect(Status::Ok).bytes, first.bytes);
    }

    // A change to what a list shows changes its tag.
    let before = app.get("/api/v1/public/news", None).await.header("ETag").map(str::to_owned);
    published(&app, &desk, "Профсоюз провёл второй семинар").await;
    let after = app.get("/api/v1/public/news", None).await;
    assert_ne!(after.header("ETag").map(str::to_owned), before);
}

on_both_backends!(answers_carry_an_etag_and_a_known_one_gets_304);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_origins_may_read_from_the_browser_and_others_may_not() {
    let app = TestApp::spawn_with(
        cabinet_tests::Backend::Sqlite,
        json!({ "public_api": { "cors_origins": ["https://site.example"] } }),
    )
    .await;
    let from = |origin: &'static str| [("Origin", origin)];
    let allowed = app.raw(Method::Get, "/api/v1/public/news", None, None, None, &from("https://site.example")).await;
    let allowed = allowed.expect(Status::Ok);
    assert_eq!(allowed.header("Access-Control-Allow-Origin"), Some("https://site.example"));
    assert_eq!(allowed.header("Access-Control-Expose-Headers"), Some("ETag"));
    assert_eq!(allowed.header("Vary"), Some("Origin"));
    let other = app.raw(Method::Get, "/api/v1/public/news", None, None, None, &from("https://evil.example")).await;
    assert_eq!(other.expect(Status::Ok).header("Access-Control-Allow-Origin"), None);

    let preflight =
        app.raw(Method::Options, "/api/v1/public/news", None, None, None, &from("https://site.example")).await;
    let preflight = preflight.expect(Status::NoContent);
    assert!(preflight.header("Access-Control-Allow-Headers").unwrap().contains("If-None-Match"));
    let refused =
        app.raw(Method::Options, "/api/v1/public/news", None, None, None, &from("https://evil.example")).await;
    assert_eq!(refused.expect(Status::NoContent).header("Access-Control-Allow-Origin"), None);

    // Without the configuration no page may read it.
    let closed = TestApp::spawn(cabinet_tests::Backend::Sqlite).await;
    let answer = closed.raw(Method::Get, "/api/v1/public/news", None, None, None, &from("https://site.example")).await;
    assert_eq!(answer.expect(Status::Ok).header("Access-Control-Allow-Origin"), None);
}
