//! Two instances on one database, as behind a load balancer: a publish or unpublish made on one
//! is served by the other within a second, although the other had the old answer cached.

use std::time::{Duration, Instant};

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::{desk, draft, ids, publish, text, unpublish};

/// How long `other` took to show `expected` at `path`, asking every 20 ms for up to 3 s.
async fn until(other: &TestApp, path: &str, expected: &[String]) -> Duration {
    let start = Instant::now();
    loop {
        let page = other.get(path, None).await.expect(Status::Ok);
        if ids(&page.body) == expected {
            return start.elapsed();
        }
        assert!(start.elapsed() < Duration::from_secs(3), "{path} never showed {expected:?}: {}", page.text);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn a_change_on_one_instance_is_served_by_the_other_within_a_second(app: TestApp) {
    let other = app.beside(json!({})).await;
    let desk = desk(&app, "tver").await;
    let id = draft(&app, &desk, text("Профсоюз провёл семинар по охране труда", 4)).await;
    let path = "/api/v1/public/news";

    // Both instances have the empty list cached.
    for _ in 0..3 {
        assert!(ids(&app.get(path, None).await.expect(Status::Ok).body).is_empty());
        assert!(ids(&other.get(path, None).await.expect(Status::Ok).body).is_empty());
    }

    publish(&app, &desk, &id).await;
    assert_eq!(
        ids(&app.get(path, None).await.expect(Status::Ok).body),
        std::slice::from_ref(&id),
        "at once where it was made"
    );
    let shown = until(&other, path, std::slice::from_ref(&id)).await;
    assert!(shown < Duration::from_secs(1), "the other instance showed the publish after {shown:?}");

    unpublish(&app, &desk, &id).await;
    assert!(ids(&app.get(path, None).await.expect(Status::Ok).body).is_empty(), "at once where it was made");
    let gone = until(&other, path, &[]).await;
    assert!(gone < Duration::from_secs(1), "the other instance dropped the item after {gone:?}");
    other.get(&format!("/api/v1/public/news/{id}"), None).await.expect(Status::NotFound);
}

on_both_backends!(a_change_on_one_instance_is_served_by_the_other_within_a_second);
