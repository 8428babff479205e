//! Information materials of the central committee (§2.3): sent once to resolved recipients,
//! read in each organization's inbox, their first opening shown to the sender only.

use cabinet_tests::{Session, TestApp, on_both_backends};
use rocket::http::{ContentType, Method, Status};
use serde_json::{Value, json};

use crate::media::send_document;

/// The central committee's sender and three organizations, two of them in one region.
struct Union {
    admin: Session,
    central: String,
    sender: Session,
    orgs: Vec<(String, Session)>,
}

async fn union(app: &TestApp) -> Union {
    let admin = app.admin().await;
    let central = app.central(&admin).await;
    let (_, sender) = app.staff(&admin, &central, &["materials.publish", "media.upload"]).await;
    let mut orgs = Vec::new();
    for (slug, region) in
        [("tver", "Тверская область"), ("tver-2", "Тверская область"), ("kazan", "Республика Татарстан")]
    {
        let org = app.organization(&admin, slug).await;
        app.patch(&format!("/api/v1/units/{org}"), json!({ "region": region }), Some(&admin)).await.expect(Status::Ok);
        let (_, reader) = app.staff(&admin, &org, &["materials.read"]).await;
        orgs.push((org, reader));
    }
    Union { admin, central, sender, orgs }
}

fn material(audience: Value) -> Value {
    json!({
        "title": "Обучающие видеоматериалы",
        "body": "Посмотрите **видео** о работе с личным кабинетом.",
        "links": [{ "url": "https://rutube.ru/video/1", "label": "Урок 1" }],
        "audience": audience,
    })
}

async fn inbox(app: &TestApp, org: &str, session: &Session) -> Vec<Value> {
    let resp = app.get(&format!("/api/v1/units/{org}/materials"), Some(session)).await.expect(Status::Ok);
    resp.body.as_array().unwrap().clone()
}

async fn chosen_organizations_alone_receive_and_others_see_nothing(app: TestApp) {
    let u = union(&app).await;
    let (first, second) = (&u.orgs[0], &u.orgs[1]);
    let audience = json!({ "kind": "organizations", "organizations": [first.0] });
    let sent = app.post("/api/v1/materials", material(audience), Some(&u.sender)).await.expect(Status::Created);
    let id = sent.body["id"].as_str().unwrap();
    assert!(sent.body["html"].as_str().unwrap().contains("<strong>видео</strong>"));
    assert_eq!(sent.body["receipts"].as_array().unwrap().len(), 1);

    let items = inbox(&app, &first.0, &first.1).await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id);
    assert!(items[0]["opened_at"].is_null());
    assert!(inbox(&app, &second.0, &second.1).await.is_empty());

    let foreign = app.get(&format!("/api/v1/materials/{id}"), Some(&second.1)).await.expect(Status::NotFound);
    let unknown = app.get(&format!("/api/v1/materials/{}", uuid::Uuid::now_v7()), Some(&second.1)).await;
    assert_eq!(foreign.body, unknown.expect(Status::NotFound).body);
    // Another organization's inbox is out of reach too.
    app.get(&format!("/api/v1/units/{}/materials", first.0), Some(&second.1)).await.expect(Status::NotFound);
}

async fn a_region_receives_and_later_organizations_do_not(app: TestApp) {
    let u = union(&app).await;
    let audience = json!({ "kind": "region", "region": "тверская область" });
    let sent = app.post("/api/v1/materials", material(audience), Some(&u.sender)).await.expect(Status::Created);
    let receipts: Vec<&str> =
        sent.body["receipts"].as_array().unwrap().iter().map(|r| r["unit_id"].as_str().unwrap()).collect();
    assert_eq!(receipts.len(), 2);
    assert!(receipts.contains(&u.orgs[0].0.as_str()) && receipts.contains(&u.orgs[1].0.as_str()));
    assert!(inbox(&app, &u.orgs[2].0, &u.orgs[2].1).await.is_empty());

    app.post("/api/v1/materials", material(json!({ "kind": "all" })), Some(&u.sender)).await.expect(Status::Created);
    let late = app.organization(&u.admin, "late").await;
    let (_, late_reader) = app.staff(&u.admin, &late, &["materials.read"]).await;
    assert!(inbox(&app, &late, &late_reader).await.is_empty(), "sent before it existed");
    assert_eq!(inbox(&app, &u.orgs[0].0, &u.orgs[0].1).await.len(), 2);
}

async fn the_first_opening_is_kept_and_shown_to_the_sender_only(app: TestApp) {
    let u = union(&app).await;
    let sent = app.post("/api/v1/materials", material(json!({ "kind": "all" })), Some(&u.sender)).await;
    let id = sent.expect(Status::Created).body["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/materials/{id}");
    let (org, reader) = &u.orgs[0];

    let first = app.get(&path, Some(reader)).await.expect(Status::Ok);
    let opened_at = first.body["receipt"]["opened_at"].as_str().unwrap().to_owned();
    assert!(first.body.get("receipts").is_none(), "a recipient sees no other organization");
    assert!(first.body.get("audience").is_none());
    assert_eq!(first.body["links"][0]["url"], "https://rutube.ru/video/1");
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let again = app.get(&path, Some(reader)).await.expect(Status::Ok);
    assert_eq!(again.body["receipt"]["opened_at"], opened_at.as_str(), "the first opening is kept");
    assert_eq!(inbox(&app, org, reader).await[0]["opened_at"], opened_at.as_str());

    let seen = app.get(&path, Some(&u.sender)).await.expect(Status::Ok);
    let receipts = seen.body["receipts"].as_array().unwrap();
    assert_eq!(receipts.len(), 3);
    let opened: Vec<&Value> = receipts.iter().filter(|r| !r["opened_at"].is_null()).collect();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0]["unit_id"], org.as_str());
    assert!(opened[0]["opened_by"].as_str().unwrap().starts_with("staff-"));
    let list = app.get("/api/v1/materials", Some(&u.sender)).await.expect(Status::Ok);
    assert_eq!((list.body[0]["recipients"].as_i64(), list.body[0]["opened"].as_i64()), (Some(3), Some(1)));

    let audit = app.get("/api/v1/audit?action=material.opened", Some(&u.admin)).await.expect(Status::Ok);
    assert_eq!(entries(&audit.body).len(), 1, "one entry for the first opening only: {}", audit.body);
    let audit = app.get("/api/v1/audit?action=material.sent", Some(&u.admin)).await.expect(Status::Ok);
    assert_eq!(entries(&audit.body).len(), 1);
}

fn entries(body: &Value) -> Vec<Value> {
    body.get("entries").unwrap_or(body).as_array().cloned().unwrap_or_default()
}

async fn an_organization_cannot_send(app: TestApp) {
    let u = union(&app).await;
    let (org, _) = &u.orgs[0];
    let (_, staff) = app.staff(&u.admin, org, &["materials.publish", "materials.read"]).await;
    let resp = app.post("/api/v1/materials", material(json!({ "kind": "all" })), Some(&staff)).await;
    resp.expect(Status::Forbidden);
    let (_, reader) = (&u.orgs[0].0, &u.orgs[0].1);
    app.post("/api/v1/materials", material(json!({ "kind": "all" })), Some(reader)).await.expect(Status::Forbidden);
    app.get("/api/v1/materials", Some(reader)).await.expect(Status::Forbidden);
}

async fn every_problem_is_reported_at_once(app: TestApp) {
    let u = union(&app).await;
    let photo =
        crate::media::send_photo(&app, &u.central, "seminar.jpg", &cabinet_tests::media::jpeg(800, 600), &u.sender)
            .await;
    let photo = photo.expect(Status::Created).body["id"].as_str().unwrap().to_owned();
    let doc = send_document(&app, &u.central, "polozhenie.docx", &cabinet_tests::media::docx(), &u.sender).await;
    let doc = doc.expect(Status::Created).body["id"].as_str().unwrap().to_owned();
    let body = json!({
        "title": "  ",
        "body": "Текст",
        "attachments": [doc, photo],
        "links": [{ "url": "javascript:alert(1)" }],
        "audience": { "kind": "organizations", "organizations": [u.orgs[0].0, uuid::Uuid::now_v7(), u.central] },
    });
    let resp = app.post("/api/v1/materials", body, Some(&u.sender)).await.expect(Status::UnprocessableEntity);
    let text = resp.body.to_string();
    for field in ["title", "attachments[1]", "links[0].url", "audience.organizations[1]", "audience.organizations[2]"] {
        assert!(text.contains(&format!("\"{field}\"")), "{field} in {text}");
    }
    assert!(!text.contains("\"attachments[0]\""), "a document of the central committee is fine: {text}");
    let list = app.get("/api/v1/materials", Some(&u.sender)).await.expect(Status::Ok);
    assert!(list.body.as_array().unwrap().is_empty(), "nothing sent");
    let raw =
        app.raw(Method::Post, "/api/v1/materials", Some("{}"), Some(ContentType::JSON), Some(&u.sender), &[]).await;
    raw.expect(Status::UnprocessableEntity);
}

on_both_backends!(
    chosen_organizations_alone_receive_and_others_see_nothing,
    a_region_receives_and_later_organizations_do_not,
    the_first_opening_is_kept_and_shown_to_the_sender_only,
    an_organization_cannot_send,
    every_problem_is_reported_at_once,
);
