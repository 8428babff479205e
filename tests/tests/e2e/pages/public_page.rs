//! An organization's public page for anybody: only the filled sections of its reference info,
//! served from the public cache with an ETag, and its appeal form with the consent (§4.2, §4.3).

use cabinet_tests::media::{PDF, docx, jpeg};
use cabinet_tests::pages::Browser;
use cabinet_tests::{Session, TestApp, on_both_backends};
use rocket::http::{Method, Status};
use serde_json::json;

use super::follow;
use crate::media::{send_document, send_photo};

async fn the_public_page_shows_only_the_filled_sections_and_revalidates(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "public-page").await;
    let profile = json!({ "chairman": "Петров Пётр Петрович", "phone": "8 (843) 765-43-21" });
    app.call(Method::Put, &format!("/api/v1/units/{org}/profile"), Some(&profile), Some(&admin))
        .await
        .expect(Status::Ok);

    let mut reader = Browser::default();
    let page = app.page(&mut reader, "/o/public-page").await.expect(Status::Ok);
    assert!(page.text.contains("Петров Пётр Петрович") && page.text.contains("tel:+78437654321"), "{}", page.text);
    assert!(!page.text.contains("<dt>Адрес</dt>") && !page.text.contains("<dt>E-mail</dt>"), "empty sections");
    assert!(!page.text.contains("Новости</h2>"), "no news section without news");
    assert_eq!(page.header("Cache-Control"), Some("private, no-cache"), "the page carries the visitor's form token");
    let etag = page.header("ETag").expect("an ETag").to_owned();
    let again = app.page_with(&mut reader, "/o/public-page", &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status, Status::NotModified, "the same visitor revalidates");

    // A change of public content is served at once.
    let profile = json!({ "chairman": "Сидорова Анна Павловна" });
    app.call(Method::Put, &format!("/api/v1/units/{org}/profile"), Some(&profile), Some(&admin))
        .await
        .expect(Status::Ok);
    let page = app.page_with(&mut reader, "/o/public-page", &[("If-None-Match", &etag)]).await.expect(Status::Ok);
    assert!(page.text.contains("Сидорова Анна Павловна") && !page.text.contains("Петров"), "{}", page.text);

    app.page(&mut reader, "/o/no-such-organization").await.expect(Status::NotFound);
    app.page(&mut reader, "/o/Bad_Slug").await.expect(Status::NotFound);
}

async fn the_appeal_form_needs_the_consent_and_sends_the_appeal(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "appeal-page").await;
    let mut reader = Browser::default();
    let page = app.page(&mut reader, "/o/appeal-page").await.expect(Status::Ok);
    assert!(page.text.contains("152-ФЗ"), "the consent text is shown: {}", page.text);
    let fields = [
        ("name", "Смирнова Ольга Ивановна"),
        ("email", "smirnova@example.ru"),
        ("text", "Прошу разъяснить порядок вступления в первичную профсоюзную организацию."),
        ("consent_version", cabinet_core::appeals::CONSENT_VERSION),
    ];
    let resp = app.submit(&mut reader, "/o/appeal-page", "/o/appeal-page/appeal", &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("id=\"f-consent-error\""), "the consent is asked at its box: {}", resp.text);
    assert!(resp.text.contains("value=\"Смирнова Ольга Ивановна\""), "what was typed stays");

    let mut with_consent = fields.to_vec();
    with_consent.push(("consent", "on"));
    let resp = app.submit(&mut reader, "/o/appeal-page", "/o/appeal-page/appeal", &with_consent).await;
    let page = follow(&app, &mut reader, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Обращение отправлено"), "{}", page.text);

    let (_, clerk) = app.staff(&admin, &org, &["appeals.answer"]).await;
    let list = app.get(&format!("/api/v1/units/{org}/appeals"), Some(&clerk)).await.expect(Status::Ok);
    assert_eq!(list.body.as_array().unwrap().len(), 1, "{}", list.text);
    assert_eq!(list.body[0]["email"], "smirnova@example.ru");
}

/// A document of the organization's page, published or not; returns nothing.
async fn page_document(app: &TestApp, org: &str, staff: &Session, title: &str, publish: bool) {
    let file = if publish { docx() } else { PDF.to_vec() };
    let name = if publish { "Ustav.docx" } else { "plan.pdf" };
    let sent = send_document(app, org, name, &file, staff).await.expect(Status::Created);
    let body = json!({ "title": title, "category": "charter", "media_id": sent.body["id"] });
    let added = app.post(&format!("/api/v1/units/{org}/page-documents"), body, Some(staff)).await;
    let id = added.expect(Status::Created).body["id"].as_str().unwrap().to_owned();
    if publish {
        app.post(&format!("/api/v1/page-documents/{id}/publish"), json!({}), Some(staff)).await.expect(Status::Ok);
    }
}

/// A gallery of one photo, submitted and, when `publish`, published by `moderator`.
async fn gallery(app: &TestApp, org: &str, editor: &Session, moderator: &Session, title: &str, publish: bool) {
    let name = if publish { "seminar_1.jpg" } else { "seminar_2.jpg" };
    let photo = send_photo(app, org, name, &jpeg(320, 240), editor).await.expect(Status::Created);
    let body = json!({ "title": title, "event_date": "2026-11-20", "event_place": "Казань",
                       "photos": [{ "media_id": photo.body["id"], "caption": "Открытие семинара" }] });
    let created = app.post(&format!("/api/v1/units/{org}/galleries"), body, Some(editor)).await;
    let id = created.expect(Status::Created).body["id"].as_str().unwrap().to_owned();
    let ready = json!({ "readiness_confirmed": true });
    app.post(&format!("/api/v1/galleries/{id}/submit"), ready, Some(editor)).await.expect(Status::Ok);
    if publish {
        app.post(&format!("/api/v1/galleries/{id}/publish"), json!({}), Some(moderator)).await.expect(Status::Ok);
    }
}

async fn the_public_page_lists_published_documents_and_galleries_only(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "public-files").await;
    let (_, staff) = app.staff(&admin, &org, &["news.write", "media.upload"]).await;
    let central = app.central(&admin).await;
    let (_, moderator) = app.staff(&admin, &central, &["news.moderate"]).await;
    page_document(&app, &org, &staff, "Устав организации", true).await;
    page_document(&app, &org, &staff, "Проект плана работы", false).await;
    gallery(&app, &org, &staff, &moderator, "Семинар уполномоченных", true).await;
    gallery(&app, &org, &staff, &moderator, "Ещё не проверенный альбом", false).await;

    let page = app.page(&mut Browser::default(), "/o/public-files").await.expect(Status::Ok);
    assert!(page.text.contains("Устав организации") && page.text.contains("<h3>Устав</h3>"), "{}", page.text);
    assert!(page.text.contains("Семинар уполномоченных") && page.text.contains("Фотографий: 1"), "{}", page.text);
    assert!(!page.text.contains("Проект плана работы"), "a hidden document is not shown");
    assert!(!page.text.contains("Ещё не проверенный альбом"), "an album not yet published is not shown");
}

on_both_backends!(
    the_public_page_shows_only_the_filled_sections_and_revalidates,
    the_appeal_form_needs_the_consent_and_sends_the_appeal,
    the_public_page_lists_published_documents_and_galleries_only
);
