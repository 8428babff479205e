//! No route lets a user of one organization read or change another's profile, news, galleries,
//! documents, media, materials or appeals: every attempt answers exactly like an unknown id, and nothing of
//! the other organization changes. Only the sender's organization sees a material's receipts.

use cabinet_tests::media::{docx, jpeg};
use cabinet_tests::{Session, TestApp, on_both_backends};
use rocket::http::{ContentType, Method, Status};
use serde_json::{Value, json};

use crate::media::{send_document, send_photo};

/// Every permission an organization's staff can hold.
const ALL_OF_AN_ORGANIZATION: &[&str] =
    &["profile.edit", "news.write", "media.upload", "appeals.answer", "materials.read", "reports.fill"];

/// What an organization has: ids of one of each thing.
struct Holdings {
    unit: String,
    news: String,
    photo: String,
    document: String,
    page_document: String,
    appeal: String,
    material: String,
    gallery: String,
}

async fn holdings(app: &TestApp, admin: &Session, owner: &Session, unit: &str, sender: &Session) -> Holdings {
    let profile = json!({ "full_name": "Тверская областная организация", "email": "tver@przrf.ru" });
    let path = format!("/api/v1/units/{unit}/profile");
    app.call(Method::Put, &path, Some(&profile), Some(owner)).await.expect(Status::Ok);
    let photo = send_photo(app, unit, "photo.jpg", &jpeg(800, 600), owner).await.expect(Status::Created);
    let photo = photo.body["id"].as_str().unwrap().to_owned();
    let news = json!({ "headline": "Профсоюз провёл семинар", "body": "Текст.", "photos": [{ "media_id": photo }] });
    let news = app.post(&format!("/api/v1/units/{unit}/news"), news, Some(owner)).await.expect(Status::Created);
    let gallery = json!({ "title": "Семинар", "photos": [{ "media_id": photo }] });
    let gallery = app.post(&format!("/api/v1/units/{unit}/galleries"), gallery, Some(owner)).await;
    let gallery = gallery.expect(Status::Created).body["id"].as_str().unwrap().to_owned();
    let document = send_document(app, unit, "Устав.docx", &docx(), owner).await.expect(Status::Created);
    let document = document.body["id"].as_str().unwrap().to_owned();
    let entry = json!({ "title": "Устав", "category": "charter", "media_id": document });
    let entry = app.post(&format!("/api/v1/units/{unit}/page-documents"), entry, Some(owner)).await;
    let consent = app.get("/api/v1/public/appeals/consent", None).await.expect(Status::Ok);
    let appeal = json!({
        "name": "Петров Пётр", "email": "petrov@example.ru", "text": "Прошу разъяснить порядок оплаты.",
        "consent": true, "consent_version": consent.body["version"],
    });
    let appeal = app.post(&format!("/api/v1/public/units/{unit}/appeals"), appeal, None).await;
    appeal.expect(Status::Accepted);
    let listed = app.get(&format!("/api/v1/units/{unit}/appeals"), Some(admin)).await.expect(Status::Ok);
    let material = json!({ "title": "Материал", "body": "Текст", "audience": { "kind": "organizations", "organizations": [unit] } });
    let material = app.post("/api/v1/materials", material, Some(sender)).await.expect(Status::Created);
    Holdings {
        unit: unit.to_owned(),
        news: news.expect(Status::Created).body["id"].as_str().unwrap().to_owned(),
        photo,
        document,
        page_document: entry.expect(Status::Created).body["id"].as_str().unwrap().to_owned(),
        appeal: listed.body[0]["id"].as_str().unwrap().to_owned(),
        material: material.body["id"].as_str().unwrap().to_owned(),
        gallery,
    }
}

/// Every route that names a thing of an organization, with a body that would be accepted.
fn attempts(h: &Holdings) -> Vec<(Method, String, Option<Value>)> {
    let u = &h.unit;
    let news = json!({ "headline": "Чужая правка", "body": "Текст." });
    let reason = json!({ "reason": "Чужая причина" });
    vec![
        (Method::Get, format!("/api/v1/units/{u}/profile"), None),
        (Method::Put, format!("/api/v1/units/{u}/profile"), Some(json!({ "full_name": "Чужая правка" }))),
        (Method::Post, format!("/api/v1/units/{u}/profile/confirm"), Some(json!({}))),
        (Method::Get, format!("/api/v1/units/{u}/profile/history"), None),
        (Method::Get, format!("/api/v1/units/{u}/news"), None),
        (Method::Post, format!("/api/v1/units/{u}/news"), Some(news.clone())),
        (Method::Get, format!("/api/v1/news/{}", h.news), None),
        (Method::Put, format!("/api/v1/news/{}", h.news), Some(news)),
        (Method::Post, format!("/api/v1/news/{}/submit", h.news), Some(json!({ "readiness_confirmed": true }))),
        (Method::Post, format!("/api/v1/news/{}/unpublish", h.news), Some(reason)),
        (Method::Get, format!("/api/v1/units/{u}/galleries"), None),
        (
            Method::Post,
            format!("/api/v1/units/{u}/galleries"),
            Some(json!({ "title": "Чужая", "photos": [{ "media_id": h.photo }] })),
        ),
        (Method::Get, format!("/api/v1/galleries/{}", h.gallery), None),
        (
            Method::Put,
            format!("/api/v1/galleries/{}", h.gallery),
            Some(json!({ "title": "Чужая правка", "photos": [] })),
        ),
        (Method::Post, format!("/api/v1/galleries/{}/submit", h.gallery), Some(json!({ "readiness_confirmed": true }))),
        (
            Method::Post,
            format!("/api/v1/galleries/{}/unpublish", h.gallery),
            Some(json!({ "reason": "Чужая причина" })),
        ),
        (Method::Get, format!("/api/v1/units/{u}/media"), None),
        (Method::Get, format!("/api/v1/media/{}", h.photo), None),
        (Method::Post, format!("/api/v1/media/{}/publish", h.photo), Some(json!({}))),
        (Method::Delete, format!("/api/v1/media/{}", h.document), None),
        (Method::Get, format!("/api/v1/units/{u}/page-documents"), None),
        (
            Method::Post,
            format!("/api/v1/units/{u}/page-documents"),
            Some(json!({ "title": "Чужой", "category": "other", "media_id": h.document })),
        ),
        (
            Method::Patch,
            format!("/api/v1/page-documents/{}", h.page_document),
            Some(json!({ "title": "Чужая правка" })),
        ),
        (Method::Post, format!("/api/v1/page-documents/{}/publish", h.page_document), Some(json!({}))),
        (Method::Post, format!("/api/v1/page-documents/{}/hide", h.page_document), Some(json!({}))),
        (Method::Delete, format!("/api/v1/page-documents/{}", h.page_document), None),
        (Method::Get, format!("/api/v1/units/{u}/appeals"), None),
        (Method::Get, format!("/api/v1/appeals/{}", h.appeal), None),
        (Method::Post, format!("/api/v1/appeals/{}/answered", h.appeal), Some(json!({}))),
        (Method::Get, format!("/api/v1/units/{u}/materials"), None),
        (Method::Get, format!("/api/v1/materials/{}", h.material), None),
    ]
}

async fn another_organizations_staff_reach_nothing_of_it(app: TestApp) {
    let admin = app.admin().await;
    let (tver, pskov) = (app.organization(&admin, "tver").await, app.organization(&admin, "pskov").await);
    let (_, owner) = app.staff(&admin, &tver, ALL_OF_AN_ORGANIZATION).await;
    let (_, stranger) = app.staff(&admin, &pskov, ALL_OF_AN_ORGANIZATION).await;
    let central = app.central(&admin).await;
    let (_, sender) = app.staff(&admin, &central, &["materials.publish"]).await;
    let h = holdings(&app, &admin, &owner, &tver, &sender).await;
    let unknown = app.get("/api/v1/news/0193a000-0000-7000-8000-000000000000", Some(&stranger)).await;
    let unknown = unknown.expect(Status::NotFound).body;

    let before: Vec<(String, String)> = {
        let mut seen = Vec::new();
        for (method, path, _) in attempts(&h).into_iter().filter(|(m, _, _)| *m == Method::Get) {
            seen.push((path.clone(), app.call(method, &path, None, Some(&owner)).await.text));
        }
        seen
    };
    for (method, path, body) in attempts(&h) {
        let resp = app.call(method, &path, body.as_ref(), Some(&stranger)).await;
        assert_eq!(resp.status, Status::NotFound, "{method} {path}: {}", resp.text);
        assert_eq!(resp.body, unknown, "{method} {path} answers like an unknown id");
    }
    // The stranger's own uploads of the other's unit are refused the same way.
    let upload = format!("/api/v1/units/{tver}/photos?name=x.jpg");
    let bytes = jpeg(800, 600);
    let refused =
        app.raw_bytes(Method::Post, &upload, Some(&bytes), Some(ContentType::JPEG), Some(&stranger), &[]).await;
    assert_eq!(refused.expect(Status::NotFound).body, unknown);

    // Nothing of the owner's changed.
    for (path, text) in before {
        let now = app.get(&path, Some(&owner)).await.text;
        if path.ends_with("/materials") || path.contains("/materials/") {
            continue; // the owner's reading marks the material opened
        }
        assert_eq!(now, text, "{path} changed");
    }

    // Receipts: the sender sees them; the recipient sees only its own; nobody else sees it.
    let sent = app.get(&format!("/api/v1/materials/{}", h.material), Some(&sender)).await.expect(Status::Ok);
    assert_eq!(sent.body["receipts"].as_array().unwrap().len(), 1);
    let received = app.get(&format!("/api/v1/materials/{}", h.material), Some(&owner)).await.expect(Status::Ok);
    assert!(received.body.get("receipts").is_none() && received.body["receipt"].is_object(), "{}", received.text);
}

on_both_backends!(another_organizations_staff_reach_nothing_of_it);
