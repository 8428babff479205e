//! Photos and documents tried as a new user would, through the API: §5.5 and §4.2 refusals with
//! their own codes, metadata gone, bytes served back, who may read what (the unit's uploaders
//! everything, its news writers and the moderator its photos), and the object store
//! failing under an upload. Every test runs on local disk and on the real S3 server.

mod names;
mod store;

use cabinet_core::media::{PhotoOptions, check_photo};
use cabinet_storage::blobs::BlobKey;
use cabinet_tests::media::*;
use cabinet_tests::{Resp, Session, TestApp, on_every_store};
use rocket::http::{ContentType, Method, Status};
use serde_json::Value;

/// An organization and a user of it who may upload media.
async fn uploader(app: &TestApp, slug: &str) -> (String, Session) {
    let admin = app.admin().await;
    let org = app.organization(&admin, slug).await;
    let (_, session) = app.staff(&admin, &org, &["media.upload"]).await;
    (org, session)
}

pub async fn send_photo(app: &TestApp, unit: &str, name: &str, bytes: &[u8], session: &Session) -> Resp {
    let path = format!("/api/v1/units/{unit}/photos?name={}", query_value(name));
    app.raw_bytes(Method::Post, &path, Some(bytes), Some(ContentType::JPEG), Some(session), &[]).await
}

pub async fn send_document(app: &TestApp, unit: &str, name: &str, bytes: &[u8], session: &Session) -> Resp {
    let path = format!("/api/v1/units/{unit}/documents?name={}", query_value(name));
    app.raw_bytes(Method::Post, &path, Some(bytes), Some(ContentType::Binary), Some(session), &[]).await
}

async fn media_of(app: &TestApp, unit: &str, session: &Session) -> Vec<Value> {
    let list = app.get(&format!("/api/v1/units/{unit}/media"), Some(session)).await.expect(Status::Ok);
    list.body.as_array().unwrap().clone()
}

fn id(resp: &Resp) -> String {
    resp.body["id"].as_str().unwrap().to_owned()
}

async fn a_phone_photo_is_stored_without_metadata_and_served_back_byte_identical(app: TestApp) {
    let (org, staff) = uploader(&app, "photo-org").await;
    let original = phone_photo(800, 600);
    let stored = send_photo(&app, &org, "IMG_0001.jpg", &original, &staff).await.expect(Status::Created);
    assert_eq!(stored.body["kind"], "photo");
    assert_eq!((stored.body["width"].as_u64(), stored.body["height"].as_u64()), (Some(800), Some(600)));
    assert_eq!(stored.body["published"], false);
    assert_eq!(stored.body["display_name"], "IMG_0001.jpg");

    let served = app.get(&format!("/media/{}", id(&stored)), Some(&staff)).await.expect(Status::Ok);
    let expected = check_photo("IMG_0001.jpg", &original, PhotoOptions::default()).unwrap().bytes;
    assert_eq!(served.bytes, expected, "served exactly as the photo rules left it");
    for secret in SECRETS {
        assert!(contains(&original, secret), "the fixture carries {}", String::from_utf8_lossy(secret));
        assert!(!contains(&served.bytes, secret), "{} reached the reader", String::from_utf8_lossy(secret));
    }
    assert_eq!(scans(&served.bytes), scans(&original), "the picture itself is untouched");
    assert_eq!(BlobKey::of(&served.bytes).as_str(), stored.body["sha256"], "stored under the hash of its bytes");
    assert_eq!(served.header("Content-Type"), Some("image/jpeg"));
    assert_eq!(served.header("Content-Disposition"), Some("inline; filename=\"IMG_0001.jpg\""));
    assert_eq!(served.header("Cache-Control"), Some("private, no-store"), "private until published");
    assert_eq!(served.header("X-Content-Type-Options"), Some("nosniff"));
}

async fn each_photo_rule_is_refused_with_its_own_code_and_message(app: TestApp) {
    let (org, staff) = uploader(&app, "rules-org").await;
    let refused = |resp: Resp, status: Status, code: &str| {
        let resp = resp.expect(status);
        assert_eq!(resp.code(), code, "{}", resp.text);
        assert!(resp.body["error"]["message"].as_str().unwrap().chars().any(|c| ('а'..='я').contains(&c)));
        resp
    };

    let renamed_png = send_photo(&app, &org, "photo.jpg", &png(40, 30), &staff).await;
    let resp = refused(renamed_png, Status::UnprocessableEntity, "photo_not_jpeg");
    assert_eq!(resp.body["error"]["details"]["detected_format"], "PNG");
    assert!(resp.body["error"]["message"].as_str().unwrap().contains("PNG"));
    refused(
        send_photo(&app, &org, "notes.jpg", b"just text", &staff).await,
        Status::UnprocessableEntity,
        "photo_not_jpeg",
    );

    let resp = send_photo(&app, &org, "Фото с собрания.jpg", &jpeg(64, 48), &staff).await;
    let resp = refused(resp, Status::UnprocessableEntity, "photo_bad_name");
    assert_eq!(resp.body["error"]["details"]["suggested_name"], "Foto_s_sobraniya.jpg");
    assert!(resp.body["error"]["message"].as_str().unwrap().contains("«Foto_s_sobraniya.jpg»"));

    let resp = refused(
        send_photo(&app, &org, "wide.jpg", &jpeg(1400, 700), &staff).await,
        Status::UnprocessableEntity,
        "photo_too_wide",
    );
    assert_eq!(
        (resp.body["error"]["details"]["width"].as_u64(), resp.body["error"]["details"]["max_width"].as_u64()),
        (Some(1400), Some(1290))
    );
    assert!(resp.body["error"]["message"].as_str().unwrap().contains("1400 px"));

    let resp = refused(
        send_photo(&app, &org, "tall.jpg", &jpeg(500, 700), &staff).await,
        Status::UnprocessableEntity,
        "photo_too_tall",
    );
    assert_eq!(resp.body["error"]["details"]["height"].as_u64(), Some(700));
    assert!(resp.body["error"]["message"].as_str().unwrap().contains("700 px"));

    // 20 000 × 20 000 declared by a 16 × 16 file: refused from the header, even when asked to
    // downscale, which would decode it (and find 16 × 16 pixels, or fail, if it ever did).
    let bomb = claiming_size(&jpeg(16, 16), 20_000, 20_000);
    assert!(bomb.len() < 2_000);
    for path in ["name=bomb.jpg", "name=bomb.jpg&downscale=true"] {
        let path = format!("/api/v1/units/{org}/photos?{path}");
        let resp = app.raw_bytes(Method::Post, &path, Some(&bomb), Some(ContentType::JPEG), Some(&staff), &[]).await;
        let resp = refused(resp, Status::UnprocessableEntity, "photo_too_many_pixels");
        assert_eq!(resp.body["error"]["details"]["width"].as_u64(), Some(20_000));
    }

    let oversized = [jpeg(64, 48), vec![0; 15 * 1024 * 1024]].concat();
    let resp = refused(
        send_photo(&app, &org, "big.jpg", &oversized, &staff).await,
        Status::PayloadTooLarge,
        "photo_too_large",
    );
    assert_eq!(resp.body["error"]["details"]["max_bytes"].as_u64(), Some(15 * 1024 * 1024));

    let unnamed = format!("/api/v1/units/{org}/photos");
    let resp = app.raw_bytes(Method::Post, &unnamed, Some(&jpeg(64, 48)), None, Some(&staff), &[]).await;
    assert_eq!(
        refused(resp, Status::UnprocessableEntity, "invalid_input").body["error"]["details"]["fields"][0]["field"],
        "name"
    );

    assert!(media_of(&app, &org, &staff).await.is_empty(), "nothing refused was stored");
    assert!(app.store.blobs.keys().await.unwrap().is_empty(), "no bytes of a refused file were stored");
}

async fn downscale_shrinks_an_oversized_photo_instead_of_refusing_it(app: TestApp) {
    let (org, staff) = uploader(&app, "downscale-org").await;
    let path = format!("/api/v1/units/{org}/photos?name=panorama.jpg&downscale=true");
    let big = phone_photo(2000, 1000);
    let resp = app.raw_bytes(Method::Post, &path, Some(&big), Some(ContentType::JPEG), Some(&staff), &[]).await;
    let resp = resp.expect(Status::Created);
    assert_eq!((resp.body["width"].as_u64(), resp.body["height"].as_u64()), (Some(1290), Some(645)));
    assert_eq!(resp.body["downscaled"], true);
    let served = app.get(&format!("/media/{}", id(&resp)), Some(&staff)).await.expect(Status::Ok);
    assert_eq!(decoded_size(&served.bytes), (1290, 645));
    assert!(SECRETS.iter().all(|s| !contains(&served.bytes, s)), "a downscaled photo carries no metadata either");
}

async fn documents_are_accepted_by_content_and_macros_refused(app: TestApp) {
    let (org, staff) = uploader(&app, "docs-org").await;
    let word = docx();
    let docx = send_document(&app, &org, "Отчёт за 2025 год.docx", &word, &staff).await.expect(Status::Created);
    assert_eq!(docx.body["document_kind"], "docx");
    assert_eq!(docx.body["display_name"], "Отчёт за 2025 год.docx");
    let stored_name = docx.body["stored_name"].as_str().unwrap();
    assert!(stored_name.starts_with("document-") && stored_name.ends_with(".docx"), "{stored_name}");

    let served = app.get(&format!("/media/{}", id(&docx)), Some(&staff)).await.expect(Status::Ok);
    assert_eq!(served.bytes, word, "documents are stored as they came");
    assert_eq!(
        served.header("Content-Type"),
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    );
    let disposition = served.header("Content-Disposition").unwrap();
    assert!(disposition.starts_with(&format!("attachment; filename=\"{stored_name}\"")), "{disposition}");
    assert!(
        disposition.ends_with(
            "filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%20%D0%B7%D0%B0%202025%20%D0%B3%D0%BE%D0%B4.docx"
        )
    );

    let pdf = send_document(&app, &org, "misleading.doc", PDF, &staff).await.expect(Status::Created);
    assert_eq!(
        (pdf.body["document_kind"].as_str(), pdf.body["content_type"].as_str()),
        (Some("pdf"), Some("application/pdf"))
    );
    assert_eq!(pdf.body["display_name"], "misleading.pdf", "named for what it is");

    let macros = send_document(&app, &org, "report.docx", &docm(), &staff).await.expect(Status::UnprocessableEntity);
    assert_eq!(macros.code(), "document_has_macros");
    assert!(macros.body["error"]["message"].as_str().unwrap().contains("макросы"));
    let unknown =
        send_document(&app, &org, "photo.pdf", &jpeg(32, 32), &staff).await.expect(Status::UnprocessableEntity);
    assert_eq!(
        (unknown.code(), &unknown.body["error"]["details"]["detected_format"]),
        ("document_unknown_type", &Value::from("JPEG"))
    );
    assert_eq!(media_of(&app, &org, &staff).await.len(), 2);
}

async fn private_media_is_for_the_unit_and_published_media_for_everyone(app: TestApp) {
    let admin = app.admin().await;
    let (org, staff) = uploader(&app, "own-media").await;
    let other = app.organization(&admin, "other-media").await;
    let (_, foreigner) = app.staff(&admin, &other, &["media.upload"]).await;
    let (_, colleague) = app.staff(&admin, &org, &["news.write"]).await;
    let photo = send_photo(&app, &org, "sobranie.jpg", &jpeg(300, 200), &staff).await.expect(Status::Created);
    let (file, meta) = (format!("/media/{}", id(&photo)), format!("/api/v1/media/{}", id(&photo)));

    app.get(&file, None).await.expect(Status::Unauthorized);
    assert_eq!(app.get(&file, Some(&foreigner)).await.expect(Status::NotFound).code(), "not_found");
    // Who writes the unit's news sees its photos in the editor, and the moderator sees them in
    // the queue; neither reads the unit's unpublished documents.
    app.get(&file, Some(&colleague)).await.expect(Status::Ok);
    let central = app.central(&admin).await;
    let (_, moderator) = app.staff(&admin, &central, &["news.moderate"]).await;
    app.get(&file, Some(&moderator)).await.expect(Status::Ok);
    let document = send_document(&app, &org, "ustav.docx", &docx(), &staff).await.expect(Status::Created);
    let document = format!("/media/{}", id(&document));
    app.get(&document, Some(&staff)).await.expect(Status::Ok);
    app.get(&document, Some(&colleague)).await.expect(Status::NotFound);
    app.get(&document, Some(&moderator)).await.expect(Status::NotFound);
    let (_, bystander) = app.staff(&admin, &org, &["reports.fill"]).await;
    app.get(&file, Some(&bystander)).await.expect(Status::Forbidden);
    app.get(&meta, Some(&foreigner)).await.expect(Status::NotFound);
    app.post(&format!("{meta}/publish"), serde_json::json!({}), Some(&foreigner)).await.expect(Status::NotFound);
    app.delete(&meta, Some(&foreigner)).await.expect(Status::NotFound);
    app.get(&format!("/api/v1/units/{org}/media"), Some(&foreigner)).await.expect(Status::NotFound);
    app.get(&meta, Some(&staff)).await.expect(Status::Ok);

    let published = app.post(&format!("{meta}/publish"), serde_json::json!({}), Some(&staff)).await.expect(Status::Ok);
    assert_eq!(published.body["published"], true);
    let public = app.get(&file, None).await.expect(Status::Ok);
    // A photo leaves its public address when its news item or gallery is unpublished: cached
    // copies are revalidated (304 by ETag), never kept blindly.
    assert_eq!(public.header("Cache-Control"), Some("public, no-cache"));
    assert_eq!(public.header("Content-Type"), Some("image/jpeg"));
    let etag = public.header("ETag").unwrap().to_owned();
    let again = app.raw(Method::Get, &file, None, None, None, &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status, Status::NotModified);
    app.get(&file, Some(&foreigner)).await.expect(Status::Ok);
    let kept = app.delete(&meta, Some(&staff)).await.expect(Status::Conflict);
    assert_eq!(kept.code(), "media_published");

    let audit = app.get(&format!("/api/v1/audit?target_id={}", id(&photo)), Some(&admin)).await.expect(Status::Ok);
    let actions: Vec<&str> =
        audit.body["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["media.published", "media.uploaded"]);
}

async fn the_same_bytes_are_stored_once(app: TestApp) {
    let admin = app.admin().await;
    let (org, staff) = uploader(&app, "twice-org").await;
    let other = app.organization(&admin, "twice-other").await;
    let (_, foreigner) = app.staff(&admin, &other, &["media.upload"]).await;
    let bytes = phone_photo(320, 240);
    let first = send_photo(&app, &org, "first.jpg", &bytes, &staff).await.expect(Status::Created);
    let second = send_photo(&app, &other, "second.jpg", &bytes, &foreigner).await.expect(Status::Created);
    assert_ne!(id(&first), id(&second));
    assert_eq!(first.body["sha256"], second.body["sha256"]);
    assert_eq!(app.store.blobs.keys().await.unwrap().len(), 1, "one blob for both");

    app.delete(&format!("/api/v1/media/{}", id(&first)), Some(&staff)).await.expect(Status::NoContent);
    assert_eq!(app.store.blobs.keys().await.unwrap().len(), 1, "still used by the second");
    app.get(&format!("/media/{}", id(&second)), Some(&foreigner)).await.expect(Status::Ok);
    app.get(&format!("/media/{}", id(&first)), Some(&staff)).await.expect(Status::NotFound);
    app.delete(&format!("/api/v1/media/{}", id(&second)), Some(&foreigner)).await.expect(Status::NoContent);
    assert!(app.store.blobs.keys().await.unwrap().is_empty(), "removed with its last row");
}

on_every_store!(
    a_phone_photo_is_stored_without_metadata_and_served_back_byte_identical,
    each_photo_rule_is_refused_with_its_own_code_and_message,
    downscale_shrinks_an_oversized_photo_instead_of_refusing_it,
    documents_are_accepted_by_content_and_macros_refused,
    private_media_is_for_the_unit_and_published_media_for_everyone,
    the_same_bytes_are_stored_once,
);
