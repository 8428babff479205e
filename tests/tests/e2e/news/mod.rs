//! News through the API (§5): the author writes and submits, the moderator publishes or
//! rejects, and each side sees the §5.4 findings, the reasons and the history.

mod access;
mod norm;
mod stale;
mod walk;

use cabinet_tests::{Resp, Session, TestApp};
use rocket::http::{Method, Status};
use serde_json::{Value, json};

/// An organization with an editor, and a moderator of the central committee.
struct Desk {
    org: String,
    editor: Session,
    moderator: Session,
}

async fn desk(app: &TestApp, slug: &str) -> Desk {
    let admin = app.admin().await;
    let org = app.organization(&admin, slug).await;
    let (_, editor) = app.staff(&admin, &org, &["news.write"]).await;
    let central = app.central(&admin).await;
    let (_, moderator) = app.staff(&admin, &central, &["news.moderate"]).await;
    Desk { org, editor, moderator }
}

/// `n` paragraphs separated by blank lines.
fn paragraphs(n: usize) -> String {
    (1..=n).map(|i| format!("Абзац номер {i} о семинаре по охране труда.")).collect::<Vec<_>>().join("\n\n")
}

fn text(headline: &str, body_paragraphs: usize) -> Value {
    json!({
        "headline": headline,
        "lead": "Профсоюз провёл в Казани семинар для уполномоченных по охране труда.",
        "body": paragraphs(body_paragraphs),
        "event_date": "2026-11-20",
        "event_place": "Казань",
    })
}

const HEADLINE: &str = "Профсоюз провёл семинар по охране труда";

async fn put(app: &TestApp, id: &str, body: Value, session: &Session) -> Resp {
    app.call(Method::Put, &format!("/api/v1/news/{id}"), Some(&body), Some(session)).await
}

/// A draft written by the desk's editor; returns its id.
async fn draft(app: &TestApp, desk: &Desk) -> String {
    let created = app.post(&format!("/api/v1/units/{}/news", desk.org), text(HEADLINE, 4), Some(&desk.editor)).await;
    created.expect(Status::Created).body["id"].as_str().unwrap().to_owned()
}

/// A draft sent to moderation; returns its id.
async fn submitted(app: &TestApp, desk: &Desk) -> String {
    let id = draft(app, desk).await;
    let path = format!("/api/v1/news/{id}/submit");
    app.post(&path, json!({ "readiness_confirmed": true }), Some(&desk.editor)).await.expect(Status::Ok);
    id
}

fn codes(findings: &Value) -> Vec<&str> {
    findings.as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect()
}
