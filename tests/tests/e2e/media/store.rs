//! The object store seen from outside: a dead store under an upload, and presigned URLs that a
//! real S3 server honours.

use std::time::{Duration, Instant};

use cabinet_core::media::{PhotoOptions, check_photo};
use cabinet_tests::media::{docx, jpeg};
use cabinet_tests::{Backend, Store, TestApp};
use rocket::http::Status;

use super::{id, media_of, send_document, send_photo, uploader};

async fn an_unreachable_store_fails_the_upload_clearly_and_leaves_no_row(backend: Backend) {
    let Some(app) = TestApp::spawn_on(backend, Store::Unreachable).await else { return };
    let (org, staff) = uploader(&app, "dead-store").await;
    let started = Instant::now();
    let photo = send_photo(&app, &org, "sobranie.jpg", &jpeg(120, 80), &staff).await;
    let photo = photo.expect(Status::ServiceUnavailable);
    assert_eq!(photo.code(), "storage_unavailable");
    assert!(photo.body["error"]["message"].as_str().unwrap().contains("файл не сохранён"), "{}", photo.text);
    let document = send_document(&app, &org, "otchet.docx", &docx(), &staff).await.expect(Status::ServiceUnavailable);
    assert_eq!(document.code(), "storage_unavailable");
    assert!(started.elapsed() < Duration::from_secs(15), "a dead store must fail fast: {:?}", started.elapsed());

    assert!(media_of(&app, &org, &staff).await.is_empty(), "no row for a file that was not stored");
    let admin = app.admin().await;
    let audit = app.get("/api/v1/audit?action=media.uploaded", Some(&admin)).await.expect(Status::Ok);
    assert_eq!(audit.body["entries"].as_array().unwrap().len(), 0, "the log claims no upload");
    let ready = app.get("/ready", None).await.expect(Status::ServiceUnavailable);
    assert_eq!(
        (ready.body["database"]["ok"].as_bool(), ready.body["storage"]["ok"].as_bool()),
        (Some(true), Some(false))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_store_fails_the_upload_clearly_and_leaves_no_row_on_sqlite() {
    an_unreachable_store_fails_the_upload_clearly_and_leaves_no_row(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_store_fails_the_upload_clearly_and_leaves_no_row_on_postgres() {
    an_unreachable_store_fails_the_upload_clearly_and_leaves_no_row(Backend::Postgres).await
}

/// Follows a presigned URL with a plain HTTP client, as a browser would.
async fn fetch(url: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let resp = reqwest::get(url).await.expect("the S3 server answers");
    let status = resp.status().as_u16();
    let headers = resp.headers().iter().map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned())).collect();
    (status, headers, resp.bytes().await.unwrap().to_vec())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_presigning_readers_get_the_file_from_s3_after_the_policy_allowed_it() {
    let Some(app) = TestApp::spawn_on(Backend::Sqlite, Store::S3 { presign_seconds: 60 }).await else { return };
    let (org, staff) = uploader(&app, "presigned").await;
    let bytes = jpeg(300, 200);
    let photo = send_photo(&app, &org, "sobranie.jpg", &bytes, &staff).await.expect(Status::Created);
    let file = format!("/media/{}", id(&photo));

    app.get(&file, None).await.expect(Status::Unauthorized);
    let redirect = app.get(&file, Some(&staff)).await.expect(Status::Found);
    assert_eq!(redirect.header("Cache-Control"), Some("no-store"));
    let location = redirect.header("Location").unwrap().to_owned();
    assert!(location.contains("X-Amz-Signature=") && location.contains("X-Amz-Expires=60"), "{location}");
    let (status, headers, body) = fetch(&location).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(body, check_photo("sobranie.jpg", &bytes, PhotoOptions::default()).unwrap().bytes);
    assert_eq!(header(&headers, "content-type"), Some("image/jpeg"));
    assert_eq!(header(&headers, "content-disposition"), Some("inline; filename=\"sobranie.jpg\""));

    let forged = location.replace("X-Amz-Expires=60", "X-Amz-Expires=6000");
    assert_eq!(fetch(&forged).await.0, 403, "the signature covers the expiry");

    let meta = format!("/api/v1/media/{}/publish", id(&photo));
    app.post(&meta, serde_json::json!({}), Some(&staff)).await.expect(Status::Ok);
    let public = app.get(&file, None).await.expect(Status::Found);
    let (status, headers, _) = fetch(public.header("Location").unwrap()).await;
    assert_eq!(status, 200);
    // A photo can leave its public address with its news item or gallery: revalidated, never immutable.
    assert_eq!(header(&headers, "cache-control"), Some("public, no-cache"));

    // Named without an extension: the presigned download still carries the one of the content.
    let document = send_document(&app, &org, "Устав", &docx(), &staff).await.expect(Status::Created);
    let redirect = app.get(&format!("/media/{}", id(&document)), Some(&staff)).await.expect(Status::Found);
    let (status, headers, body) = fetch(redirect.header("Location").unwrap()).await;
    assert_eq!((status, body), (200, docx()));
    let disposition = header(&headers, "content-disposition").unwrap();
    assert!(disposition.starts_with("attachment; filename=\"document-"), "{disposition}");
    assert!(disposition.contains(".docx\"; filename*="), "{disposition}");
    assert!(disposition.ends_with("filename*=UTF-8''%D0%A3%D1%81%D1%82%D0%B0%D0%B2.docx"), "{disposition}");
}
