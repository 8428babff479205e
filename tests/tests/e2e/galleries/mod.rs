//! Photo galleries through the API (§5.5): the author assembles the album of an event from the
//! organization's photos and submits it, the moderator publishes or rejects it, and the photos
//! follow the gallery onto the site and off it.

mod access;
mod bad_input;
mod photos;
mod public;
mod race;
mod stale;
mod walk;

use cabinet_tests::media::jpeg;
use cabinet_tests::{Resp, Session, TestApp};
use rocket::http::{Method, Status};
use serde_json::{Value, json};

use crate::media::send_photo;

/// An organization with an editor who writes news and uploads photos, and a moderator of the
/// central committee.
struct Desk {
    org: String,
    editor: Session,
    moderator: Session,
}

async fn desk(app: &TestApp, slug: &str) -> Desk {
    let admin = app.admin().await;
    let org = app.organization(&admin, slug).await;
    let (_, editor) = app.staff(&admin, &org, &["news.write", "media.upload"]).await;
    let central = app.central(&admin).await;
    let (_, moderator) = app.staff(&admin, &central, &["news.moderate"]).await;
    Desk { org, editor, moderator }
}

const TITLE: &str = "Семинар уполномоченных по охране труда";

/// A photo of `unit` uploaded through the media API; `n` makes its bytes and name its own.
async fn photo(app: &TestApp, unit: &str, session: &Session, n: u32) -> String {
    let name = format!("seminar_{n}.jpg");
    let stored = send_photo(app, unit, &name, &jpeg(320 + n, 240), session).await.expect(Status::Created);
    stored.body["id"].as_str().unwrap().to_owned()
}

/// A gallery body with these photos, the first captioned.
fn gallery(title: &str, photos: &[&str]) -> Value {
    let photos: Vec<Value> = photos
        .iter()
        .enumerate()
        .map(|(i, id)| {
            if i == 0 {
                json!({ "media_id": id, "caption": "Открытие семинара" })
            } else {
                json!({ "media_id": id })
            }
        })
        .collect();
    json!({
        "title": title,
        "event_date": "2026-11-20",
        "event_place": "Казань, Дом профсоюзов",
        "description": "Два дня занятий для уполномоченных по охране труда.",
        "photos": photos,
    })
}

async fn create(app: &TestApp, desk: &Desk, body: Value) -> Resp {
    app.post(&format!("/api/v1/units/{}/galleries", desk.org), body, Some(&desk.editor)).await
}

async fn put(app: &TestApp, id: &str, body: Value, session: &Session) -> Resp {
    app.call(Method::Put, &format!("/api/v1/galleries/{id}"), Some(&body), Some(session)).await
}

/// A draft with these photos; returns its id.
async fn draft(app: &TestApp, desk: &Desk, photos: &[&str]) -> String {
    create(app, desk, gallery(TITLE, photos)).await.expect(Status::Created).body["id"].as_str().unwrap().to_owned()
}

async fn submit(app: &TestApp, id: &str, session: &Session) -> Resp {
    app.post(&format!("/api/v1/galleries/{id}/submit"), json!({ "readiness_confirmed": true }), Some(session)).await
}

/// A gallery with these photos, submitted and published; returns its id.
async fn published(app: &TestApp, desk: &Desk, photos: &[&str]) -> String {
    let id = draft(app, desk, photos).await;
    submit(app, &id, &desk.editor).await.expect(Status::Ok);
    app.post(&format!("/api/v1/galleries/{id}/publish"), json!({}), Some(&desk.moderator)).await.expect(Status::Ok);
    id
}

async fn unpublish(app: &TestApp, id: &str, session: &Session) -> Resp {
    let why = json!({ "reason": "Мероприятие перенесено, фотогалерея устарела." });
    app.post(&format!("/api/v1/galleries/{id}/unpublish"), why, Some(session)).await
}

/// The status a reader who is not signed in gets for the file of `media`.
async fn anonymous_status(app: &TestApp, media: &str) -> Status {
    app.get(&format!("/media/{media}"), None).await.status
}

fn codes(findings: &Value) -> Vec<&str> {
    findings.as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect()
}
