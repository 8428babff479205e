//! An organization page's list of documents (§4.2) as its staff keep it: entries checked with
//! every problem at once, ordered, published with their files, hidden while the file stays
//! public, invisible to other organizations, refused to colleagues without the right.

use cabinet_tests::media::{PDF, docx, jpeg};
use cabinet_tests::{Session, TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::{Value, json};

use crate::media::{send_document, send_photo};

/// An organization, a user of it who may upload media, and one uploaded document.
struct Desk {
    org: String,
    staff: Session,
    document: String,
}

async fn desk(app: &TestApp, slug: &str) -> Desk {
    let admin = app.admin().await;
    let org = app.organization(&admin, slug).await;
    let (_, staff) = app.staff(&admin, &org, &["media.upload"]).await;
    let document = upload(app, &org, &staff, "Устав.docx", &docx()).await;
    Desk { org, staff, document }
}

async fn upload(app: &TestApp, org: &str, staff: &Session, name: &str, bytes: &[u8]) -> String {
    let sent = send_document(app, org, name, bytes, staff).await.expect(Status::Created);
    sent.body["id"].as_str().unwrap().to_owned()
}

async fn add(app: &TestApp, desk: &Desk, body: Value) -> String {
    let path = format!("/api/v1/units/{}/page-documents", desk.org);
    let added = app.post(&path, body, Some(&desk.staff)).await.expect(Status::Created);
    added.body["id"].as_str().unwrap().to_owned()
}

async fn titles(app: &TestApp, desk: &Desk, query: &str) -> Vec<String> {
    let path = format!("/api/v1/units/{}/page-documents{query}", desk.org);
    let list = app.get(&path, Some(&desk.staff)).await.expect(Status::Ok);
    list.body.as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap().to_owned()).collect()
}

fn fields(resp: &cabinet_tests::Resp) -> Vec<(String, String)> {
    let list = resp.body["error"]["details"]["fields"].as_array().unwrap();
    list.iter().map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned())).collect()
}

async fn an_entry_is_added_with_its_title_date_and_category(app: TestApp) {
    let desk = desk(&app, "docs-add").await;
    let body = json!({ "title": " Устав организации ", "date": "2025-04-01", "category": "charter", "media_id": desk.document });
    let path = format!("/api/v1/units/{}/page-documents", desk.org);
    let added = app.post(&path, body, Some(&desk.staff)).await.expect(Status::Created);
    assert_eq!(added.body["title"], "Устав организации");
    assert_eq!(added.body["date"], "2025-04-01");
    assert_eq!(added.body["category"], "charter");
    assert_eq!(added.body["category_label"], "Устав");
    assert_eq!(added.body["file_name"], "Устав.docx");
    assert_eq!(added.body["file_kind"], "docx");
    assert_eq!(added.body["published"], false, "an entry starts hidden");
    assert_eq!(added.body["file_published"], false);
    assert!(added.body["file_url"].as_str().unwrap().ends_with(&format!("/media/{}", desk.document)));
}

async fn every_problem_of_an_entry_is_told_at_once(app: TestApp) {
    let desk = desk(&app, "docs-errors").await;
    let photo = send_photo(&app, &desk.org, "photo.jpg", &jpeg(40, 30), &desk.staff).await.expect(Status::Created);
    let path = format!("/api/v1/units/{}/page-documents", desk.org);
    let bad = json!({ "title": "", "date": "2025-02-30", "category": "minutes", "media_id": photo.body["id"] });
    let refused = app.post(&path, bad, Some(&desk.staff)).await.expect(Status::UnprocessableEntity);
    let expected = [
        ("title", "required"),
        ("date", "invalid_date"),
        ("category", "unknown_category"),
        ("media_id", "not_a_document"),
    ];
    assert_eq!(fields(&refused), expected.map(|(f, c)| (f.to_owned(), c.to_owned())));
    let message = refused.body["error"]["details"]["fields"][2]["message"].as_str().unwrap();
    assert!(message.contains("«Соглашения и договоры»"), "{message}");

    // Another organization's document is as unknown as one that does not exist.
    let other = self::desk(&app, "docs-errors-other").await;
    for media in [other.document.clone(), uuid::Uuid::now_v7().to_string()] {
        let body = json!({ "title": "Устав", "category": "charter", "media_id": media });
        let refused = app.post(&path, body, Some(&desk.staff)).await.expect(Status::UnprocessableEntity);
        assert_eq!(fields(&refused), [("media_id".to_owned(), "unknown_media".to_owned())]);
    }
    assert!(titles(&app, &desk, "").await.is_empty(), "nothing refused was stored");
}

async fn the_list_is_ordered_by_position_then_date_and_filtered_by_category(app: TestApp) {
    let desk = desk(&app, "docs-order").await;
    let entry = |title: &str, date: Option<&str>, category: &str, position: Option<i64>| json!({ "title": title, "date": date, "category": category, "media_id": desk.document, "position": position });
    add(&app, &desk, entry("Отчёт 2024", Some("2024-12-01"), "report", Some(2))).await;
    add(&app, &desk, entry("Без даты", None, "report", Some(2))).await;
    add(&app, &desk, entry("Отчёт 2025", Some("2025-12-01"), "report", Some(2))).await;
    add(&app, &desk, entry("Устав", Some("2020-01-01"), "charter", Some(1))).await;
    let last = add(&app, &desk, entry("Соглашение", None, "agreement", None)).await;
    assert_eq!(titles(&app, &desk, "").await, ["Устав", "Отчёт 2025", "Отчёт 2024", "Без даты", "Соглашение"]);
    assert_eq!(titles(&app, &desk, "?category=report").await, ["Отчёт 2025", "Отчёт 2024", "Без даты"]);
    let unknown = app.get(&format!("/api/v1/units/{}/page-documents?category=x", desk.org), Some(&desk.staff)).await;
    assert_eq!(unknown.expect(Status::UnprocessableEntity).body["error"]["details"]["fields"][0]["field"], "category");

    // A change moves it; fields left out stay, an empty date goes.
    let item = format!("/api/v1/page-documents/{last}");
    let moved = app.patch(&item, json!({ "position": 0, "date": "" }), Some(&desk.staff)).await.expect(Status::Ok);
    assert_eq!((moved.body["title"].as_str(), moved.body["date"].as_str()), (Some("Соглашение"), None));
    assert_eq!(titles(&app, &desk, "").await[0], "Соглашение");
    let bad = app.patch(&item, json!({ "date": "01.02.2025" }), Some(&desk.staff)).await;
    assert_eq!(bad.expect(Status::UnprocessableEntity).body["error"]["details"]["fields"][0]["field"], "date");
}

async fn publishing_shows_the_file_to_anybody_and_hiding_keeps_it_reachable(app: TestApp) {
    let desk = desk(&app, "docs-publish").await;
    let id = add(&app, &desk, json!({ "title": "Устав", "category": "charter", "media_id": desk.document })).await;
    let file = format!("/media/{}", desk.document);
    app.get(&file, None).await.expect(Status::Unauthorized);

    let published = app.post(&format!("/api/v1/page-documents/{id}/publish"), json!({}), Some(&desk.staff)).await;
    let published = published.expect(Status::Ok);
    assert_eq!(
        (published.body["published"].as_bool(), published.body["file_published"].as_bool()),
        (Some(true), Some(true))
    );
    let served = app.get(&file, None).await.expect(Status::Ok);
    assert_eq!(served.bytes, docx());

    let hidden = app.post(&format!("/api/v1/page-documents/{id}/hide"), json!({}), Some(&desk.staff)).await;
    let hidden = hidden.expect(Status::Ok);
    assert_eq!(
        (hidden.body["published"].as_bool(), hidden.body["file_published"].as_bool()),
        (Some(false), Some(true))
    );
    app.get(&file, None).await.expect(Status::Ok);

    // A listed file is kept for its entry; removing the entry leaves the file as it is.
    let pdf = upload(&app, &desk.org, &desk.staff, "Решение.pdf", PDF).await;
    let listed = add(&app, &desk, json!({ "title": "Решение", "category": "decision", "media_id": pdf })).await;
    let kept = app.delete(&format!("/api/v1/media/{pdf}"), Some(&desk.staff)).await.expect(Status::Conflict);
    assert_eq!(kept.code(), "media_listed");
    app.delete(&format!("/api/v1/page-documents/{listed}"), Some(&desk.staff)).await.expect(Status::NoContent);
    app.delete(&format!("/api/v1/page-documents/{id}"), Some(&desk.staff)).await.expect(Status::NoContent);
    assert!(titles(&app, &desk, "").await.is_empty());
    app.get(&file, None).await.expect(Status::Ok);

    let admin = app.admin().await;
    let audit = app.get(&format!("/api/v1/audit?target_id={id}&limit=100"), Some(&admin)).await.expect(Status::Ok);
    let actions: Vec<&str> =
        audit.body["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["document.added", "document.published", "document.hidden", "document.removed"] {
        assert!(actions.contains(&action), "{action} in the audit log: {actions:?}");
    }
    let file_log = app.get(&format!("/api/v1/audit?target_id={}&limit=100", desk.document), Some(&admin)).await;
    let file_log = file_log.expect(Status::Ok);
    assert!(file_log.text.contains("media.published"), "the file's publication is logged too: {}", file_log.text);
}

async fn another_organization_sees_no_entry_and_a_colleague_without_the_right_is_refused(app: TestApp) {
    let desk = desk(&app, "docs-owner").await;
    let id = add(&app, &desk, json!({ "title": "Устав", "category": "charter", "media_id": desk.document })).await;
    let stranger = self::desk(&app, "docs-stranger").await;
    let unknown = uuid::Uuid::now_v7().to_string();
    let calls = |target: &str| {
        let item = format!("/api/v1/page-documents/{target}");
        [
            (rocket::http::Method::Patch, item.clone(), Some(json!({ "title": "Чужой" }))),
            (rocket::http::Method::Delete, item.clone(), None),
            (rocket::http::Method::Post, format!("{item}/publish"), Some(json!({}))),
            (rocket::http::Method::Post, format!("{item}/hide"), Some(json!({}))),
        ]
    };
    for ((method, foreign, body), (_, missing, _)) in calls(&id).into_iter().zip(calls(&unknown)) {
        let foreign = app.call(method, &foreign, body.as_ref(), Some(&stranger.staff)).await.expect(Status::NotFound);
        let missing = app.call(method, &missing, body.as_ref(), Some(&stranger.staff)).await.expect(Status::NotFound);
        assert_eq!(foreign.text, missing.text, "nothing tells a foreign entry from an unknown one");
    }
    let list = format!("/api/v1/units/{}/page-documents", desk.org);
    app.get(&list, Some(&stranger.staff)).await.expect(Status::NotFound);

    let admin = app.admin().await;
    let (_, colleague) = app.staff(&admin, &desk.org, &["news.write"]).await;
    app.get(&list, Some(&colleague)).await.expect(Status::Forbidden);
    let body = json!({ "title": "Устав", "category": "charter", "media_id": desk.document });
    app.post(&list, body, Some(&colleague)).await.expect(Status::Forbidden);
    for (method, path, body) in calls(&id) {
        app.call(method, &path, body.as_ref(), Some(&colleague)).await.expect(Status::Forbidden);
    }
    assert_eq!(titles(&app, &desk, "").await, ["Устав"], "the entry is untouched");
}

on_both_backends!(
    an_entry_is_added_with_its_title_date_and_category,
    every_problem_of_an_entry_is_told_at_once,
    the_list_is_ordered_by_position_then_date_and_filtered_by_category,
    publishing_shows_the_file_to_anybody_and_hiding_keeps_it_reachable,
    another_organization_sees_no_entry_and_a_colleague_without_the_right_is_refused,
);
