//! The public API that sites read (`/api/v1/public`): only published content, whatever is asked,
//! with ETags, cursor paging, Atom feeds, CORS, and a cache that follows changes made anywhere.

mod freshness;
mod galleries;
mod http;
mod paging;
mod walk;

use cabinet_tests::media::{jpeg, query_value};
use cabinet_tests::{Session, TestApp};
use rocket::http::{ContentType, Method, Status};
use serde_json::{Value, json};

/// An organization with an editor who writes news and uploads photos, and the central
/// committee's moderator.
pub struct Desk {
    pub org: String,
    pub editor: Session,
    pub moderator: Session,
}

pub async fn desk(app: &TestApp, slug: &str) -> Desk {
    let admin = app.admin().await;
    let org = app.organization(&admin, slug).await;
    let (_, editor) = app.staff(&admin, &org, &["news.write", "media.upload", "profile.edit"]).await;
    let central = app.central(&admin).await;
    let (_, moderator) = app.staff(&admin, &central, &["news.moderate"]).await;
    Desk { org, editor, moderator }
}

pub fn paragraphs(n: usize) -> String {
    (1..=n).map(|i| format!("Абзац номер {i} о семинаре по охране труда.")).collect::<Vec<_>>().join("\n\n")
}

pub fn text(headline: &str, body_paragraphs: usize) -> Value {
    json!({
        "headline": headline,
        "lead": "Профсоюз провёл в Казани семинар для уполномоченных по охране труда.",
        "body": paragraphs(body_paragraphs),
        "event_date": "2026-11-20",
        "event_place": "Казань",
    })
}

/// Uploads a photo of the desk's organization; returns its id.
pub async fn photo(app: &TestApp, desk: &Desk, name: &str, width: u32, height: u32) -> String {
    let path = format!("/api/v1/units/{}/photos?name={}", desk.org, query_value(name));
    let bytes = jpeg(width, height);
    let resp = app.raw_bytes(Method::Post, &path, Some(&bytes), Some(ContentType::JPEG), Some(&desk.editor), &[]).await;
    resp.expect(Status::Created).body["id"].as_str().unwrap().to_owned()
}

/// A draft of the desk's editor; returns its id.
pub async fn draft(app: &TestApp, desk: &Desk, body: Value) -> String {
    let created = app.post(&format!("/api/v1/units/{}/news", desk.org), body, Some(&desk.editor)).await;
    created.expect(Status::Created).body["id"].as_str().unwrap().to_owned()
}

/// Sends a draft to moderation and publishes it.
pub async fn publish(app: &TestApp, desk: &Desk, id: &str) {
    let submit = format!("/api/v1/news/{id}/submit");
    app.post(&submit, json!({ "readiness_confirmed": true }), Some(&desk.editor)).await.expect(Status::Ok);
    app.post(&format!("/api/v1/news/{id}/publish"), json!({}), Some(&desk.moderator)).await.expect(Status::Ok);
}

/// A published item with this headline; returns its id.
pub async fn published(app: &TestApp, desk: &Desk, headline: &str) -> String {
    let id = draft(app, desk, text(headline, 4)).await;
    publish(app, desk, &id).await;
    id
}

pub async fn unpublish(app: &TestApp, desk: &Desk, id: &str) {
    let reason = json!({ "reason": "Мероприятие перенесено, новость устарела." });
    app.post(&format!("/api/v1/news/{id}/unpublish"), reason, Some(&desk.moderator)).await.expect(Status::Ok);
}

/// The ids of a public news page's items.
pub fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
}
