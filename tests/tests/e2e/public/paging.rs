//! Public lists: newest first, a stable cursor from page to page, filters, and refusals of
//! parameters that cannot be read.

use cabinet_tests::media::query_value;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

use super::{desk, ids, published};

async fn pages_follow_the_cursor_newest_first_and_filters_narrow_them(app: TestApp) {
    let (tver, pskov) = (desk(&app, "tver").await, desk(&app, "pskov").await);
    let mut all = Vec::new();
    for i in 0..5 {
        let org = if i % 2 == 0 { &tver } else { &pskov };
        all.push(published(&app, org, &format!("Профсоюз провёл семинар номер {i}")).await);
    }
    all.reverse();

    // Pages of two, following next_cursor: every item once, newest first, then no cursor.
    let mut seen = Vec::new();
    let mut path = "/api/v1/public/news?limit=2".to_owned();
    loop {
        let page = app.get(&path, None).await.expect(Status::Ok);
        assert!(ids(&page.body).len() <= 2);
        seen.extend(ids(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/public/news?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, all);

    // A page stays the same when newer items are published meanwhile.
    let first = app.get("/api/v1/public/news?limit=2", None).await.expect(Status::Ok);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    published(&app, &tver, "Профсоюз провёл ещё один семинар").await;
    let second = app.get(&format!("/api/v1/public/news?limit=2&cursor={cursor}"), None).await.expect(Status::Ok);
    assert_eq!(ids(&second.body), all[2..4]);

    // Filters: one organization (also on its own list), a region, a date range.
    let only = app.get(&format!("/api/v1/public/news?organization={}", pskov.org), None).await.expect(Status::Ok);
    assert_eq!(ids(&only.body), [all[1].clone(), all[3].clone()]);
    let own = app.get("/api/v1/public/organizations/pskov/news", None).await.expect(Status::Ok);
    assert_eq!(ids(&own.body), ids(&only.body));
    let region = app
        .get(&format!("/api/v1/public/news?region={}&limit=100", query_value("Тестовая область")), None)
        .await
        .expect(Status::Ok);
    assert_eq!(ids(&region.body).len(), 6);
    let nowhere =
        app.get(&format!("/api/v1/public/news?region={}", query_value("Нигде")), None).await.expect(Status::Ok);
    assert!(ids(&nowhere.body).is_empty());
    let past = app.get("/api/v1/public/news?from=2020-01-01&to=2020-12-31", None).await.expect(Status::Ok);
    assert!(ids(&past.body).is_empty());
    let today = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+3)).date();
    let window = format!(
        "/api/v1/public/news?from={}&to={}&limit=100",
        today.previous_day().unwrap(),
        today.next_day().unwrap()
    );
    assert_eq!(ids(&app.get(&window, None).await.expect(Status::Ok).body).len(), 6);

    // What cannot be read is refused with the parameter named, never a 500.
    for (query, field) in [
        ("cursor=nonsense", "cursor"),
        ("cursor=-5.0193a000-0000-7000-8000-000000000001", "cursor"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("from=2026-02-30", "from"),
        ("from=2026-03-01&to=2026-02-01", "to"),
        ("organization=tver", "organization"),
    ] {
        let refused = app.get(&format!("/api/v1/public/news?{query}"), None).await.expect(Status::UnprocessableEntity);
        assert_eq!(refused.body["error"]["details"]["fields"][0]["field"], field, "{query}: {}", refused.text);
    }
    app.get("/api/v1/public/organizations/nobody/news", None).await.expect(Status::NotFound);
    app.get("/api/v1/public/organizations/nobody/news.atom", None).await.expect(Status::NotFound);
    app.get("/api/v1/public/news/not-an-id", None).await.expect(Status::NotFound);
}

on_both_backends!(pages_follow_the_cursor_newest_first_and_filters_narrow_them);
