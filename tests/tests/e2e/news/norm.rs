//! The §2.2 publishing norm: every organization's published news of a month, as JSON and CSV.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::{Value, json};

use super::{Desk, submitted};

async fn published(app: &TestApp, desk: &Desk) -> String {
    let id = submitted(app, desk).await;
    app.post(&format!("/api/v1/news/{id}/publish"), json!({}), Some(&desk.moderator)).await.expect(Status::Ok);
    id
}

fn line<'a>(report: &'a Value, org: &str) -> &'a Value {
    let found = report["organizations"].as_array().unwrap().iter().find(|l| l["id"] == org);
    found.unwrap_or_else(|| panic!("{org} is in the report: {report}"))
}

async fn the_norm_report_shows_every_organization_and_who_is_behind(app: TestApp) {
    let admin = app.admin().await;
    let central = app.central(&admin).await;
    let (_, moderator) = app.staff(&admin, &central, &["news.moderate"]).await;
    let mut desks = Vec::new();
    for slug in ["norm-a", "norm-b", "norm-c"] {
        let org = app.organization(&admin, slug).await;
        let (_, editor) = app.staff(&admin, &org, &["news.write"]).await;
        desks.push(Desk { org, editor, moderator: moderator.clone() });
    }
    let (a, b, c) = (&desks[0], &desks[1], &desks[2]);
    published(&app, a).await;
    published(&app, a).await;
    published(&app, b).await;
    // Unpublished and waiting items do not count.
    let off = published(&app, b).await;
    let why = json!({ "reason": "Мероприятие перенесено, новость устарела." });
    app.post(&format!("/api/v1/news/{off}/unpublish"), why, Some(&moderator)).await.expect(Status::Ok);
    submitted(&app, b).await;

    // The current month on Moscow time by default.
    let report = app.get("/api/v1/news/norm", Some(&moderator)).await.expect(Status::Ok).body;
    let month = report["month"].as_str().unwrap().to_owned();
    assert_eq!(report["norm"], 2);
    assert_eq!(
        (line(&report, &a.org)["published"].as_i64(), line(&report, &a.org)["behind"].as_bool()),
        (Some(2), Some(false))
    );
    assert_eq!(
        (line(&report, &b.org)["published"].as_i64(), line(&report, &b.org)["behind"].as_bool()),
        (Some(1), Some(true))
    );
    assert_eq!(
        (line(&report, &c.org)["published"].as_i64(), line(&report, &c.org)["behind"].as_bool()),
        (Some(0), Some(true))
    );
    assert_eq!(line(&report, &b.org)["short_name"], "norm-b");
    assert_eq!(line(&report, &b.org)["region"], "Тестовая область");
    let lines = report["organizations"].as_array().unwrap();
    assert!(lines.iter().all(|l| l["id"] != central.as_str()), "only organizations: {report}");
    let behind: Vec<bool> = lines.iter().map(|l| l["behind"].as_bool().unwrap()).collect();
    assert!(behind.windows(2).all(|w| w[0] >= w[1]), "those behind first: {report}");
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    let (pos_b, pos_c) = (ids.iter().position(|i| *i == b.org), ids.iter().position(|i| *i == c.org));
    assert!(pos_b < pos_c, "then by name: {report}");

    let same = app.get(&format!("/api/v1/news/norm?month={month}"), Some(&moderator)).await.expect(Status::Ok).body;
    assert_eq!(same, report);
    let other = app.get("/api/v1/news/norm?month=2020-01", Some(&moderator)).await.expect(Status::Ok).body;
    assert_eq!(other["month"], "2020-01");
    assert_eq!(line(&other, &a.org)["published"], 0);
    assert_eq!(line(&other, &a.org)["behind"], true);

    // A file Russian Excel opens: BOM, `;`, a Russian header.
    let csv =
        app.get(&format!("/api/v1/news/norm?month={month}&format=csv"), Some(&moderator)).await.expect(Status::Ok);
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM: {:?}", &csv.bytes[..8.min(csv.bytes.len())]);
    assert!(csv.header("Content-Type").unwrap().starts_with("text/csv"), "{:?}", csv.headers);
    assert_eq!(csv.header("Content-Disposition"), Some(format!("attachment; filename=\"norm-{month}.csv\"").as_str()));
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    let rows: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(rows[0], "Организация;Регион;Опубликовано новостей;Норма;Отстаёт от нормы;Идентификатор");
    for (desk, slug, count, behind) in [(a, "norm-a", 2, "нет"), (b, "norm-b", 1, "да"), (c, "norm-c", 0, "да")]
    {
        let row = format!("{slug};Тестовая область;{count};2;{behind};{}", desk.org);
        assert!(rows.contains(&row.as_str()), "{row} in {text}");
    }

    // Only the moderators of the central committee; a bad month names `month`.
    app.get("/api/v1/news/norm", Some(&a.editor)).await.expect(Status::Forbidden);
    for bad in ["2026-13", "2026-11-01", "2026-1"] {
        let r = app.get(&format!("/api/v1/news/norm?month={bad}"), Some(&moderator)).await;
        let r = r.expect(Status::UnprocessableEntity);
        assert_eq!(r.body["error"]["details"]["fields"][0]["field"], "month", "{bad}: {}", r.text);
    }
}

on_both_backends!(the_norm_report_shows_every_organization_and_who_is_behind);
