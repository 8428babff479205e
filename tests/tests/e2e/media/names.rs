//! Document names through the API: the name a reader downloads always ends with the type found in
//! the content, and a name that would hide it, or hide part of itself, is refused with a
//! suggested one and the real numbers.

use cabinet_tests::media::PDF;
use cabinet_tests::{Resp, TestApp, on_every_store};
use rocket::http::Status;
use serde_json::json;

use super::{id, media_of, send_document, uploader};

/// The `document_bad_name` refusal of `name` for a PDF, checked for the envelope and the suggestion.
async fn refused(app: &TestApp, org: &str, staff: &cabinet_tests::Session, name: &str, suggested: &str) -> Resp {
    let resp = send_document(app, org, name, PDF, staff).await.expect(Status::UnprocessableEntity);
    assert_eq!(resp.code(), "document_bad_name", "{}", resp.text);
    let error = &resp.body["error"];
    assert_eq!(error["details"]["suggested_name"], suggested, "{}", resp.text);
    assert_eq!(error["details"]["kind"], "pdf");
    let message = error["message"].as_str().unwrap();
    assert!(message.ends_with(&format!("Переименуйте файл, например: «{suggested}».")), "{message}");
    resp
}

/// The `filename` and `filename*` of the `Content-Disposition` the file is served with.
fn download_names(served: &Resp) -> (String, String) {
    let disposition = served.header("Content-Disposition").unwrap();
    let plain = disposition.split("filename=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap();
    let encoded = disposition.split("filename*=UTF-8''").nth(1).unwrap();
    (plain.to_owned(), encoded.to_owned())
}

async fn a_document_name_hiding_a_program_or_page_is_refused_with_a_suggestion(app: TestApp) {
    let (org, staff) = uploader(&app, "hidden-ext").await;
    let resp = refused(&app, &org, &staff, "report.pdf.exe", "report.pdf").await;
    let details = &resp.body["error"]["details"];
    assert_eq!((details["problem"].as_str(), details["extension"].as_str()), (Some("hidden_extension"), Some("exe")));
    assert!(resp.body["error"]["message"].as_str().unwrap().contains("«report.pdf.exe» спрятано расширение .exe"));

    let resp = refused(&app, &org, &staff, "report.php", "report.pdf").await;
    assert_eq!(resp.body["error"]["details"]["problem"], "extension");
    assert!(resp.body["error"]["message"].as_str().unwrap().starts_with("Расширение .php не подходит для документа"));
    refused(&app, &org, &staff, "Отчёт.exe.pdf", "Отчёт.pdf").await;
    refused(&app, &org, &staff, "C:\\Users\\Иван\\page.html", "page.pdf").await;

    assert!(media_of(&app, &org, &staff).await.is_empty(), "nothing refused was stored");
    assert!(app.store.blobs.keys().await.unwrap().is_empty(), "no bytes of a refused file were stored");
}

async fn an_invisible_character_in_a_document_name_is_refused_and_named(app: TestApp) {
    let (org, staff) = uploader(&app, "nul-name").await;
    // `%00` in the query: it once vanished and left `report.pdf.html`.
    let resp = refused(&app, &org, &staff, "report.pdf\0.html", "report.pdf").await;
    let details = &resp.body["error"]["details"];
    assert_eq!(details["problem"], "invisible_character");
    assert_eq!((details["character"].as_str(), details["position"].as_u64()), (Some("U+0000"), Some(11)));
    let message = resp.body["error"]["message"].as_str().unwrap();
    assert!(message.contains("невидимый управляющий символ (U+0000 — нулевой символ) в позиции 11"), "{message}");

    let resp = refused(&app, &org, &staff, "Отчёт\u{202E}fdp.exe", "Отчётfdp.pdf").await;
    assert_eq!(resp.body["error"]["details"]["character"], "U+202E");
    let message = resp.body["error"]["message"].as_str().unwrap();
    assert!(message.contains("(U+202E — знак направления письма) в позиции 6"), "{message}");
    assert!(!resp.text.contains('\u{202E}'), "the mark itself is never sent back");

    let resp = refused(&app, &org, &staff, "Отчёт\r\nSet-Cookie: x.pdf", "Отчёт Set-Cookie: x.pdf").await;
    assert_eq!(resp.body["error"]["details"]["invisible_count"], 2);
    assert!(media_of(&app, &org, &staff).await.is_empty());
}

async fn a_pdf_named_without_or_with_another_document_extension_downloads_as_pdf(app: TestApp) {
    let (org, staff) = uploader(&app, "pdf-names").await;
    for name in ["Отчёт", "Отчёт.doc"] {
        let stored = send_document(&app, &org, name, PDF, &staff).await.expect(Status::Created);
        assert_eq!(stored.body["display_name"], "Отчёт.pdf", "{name}");
        let file = format!("/media/{}", id(&stored));

        let served = app.get(&file, Some(&staff)).await.expect(Status::Ok);
        let (plain, encoded) = download_names(&served);
        assert!(plain.starts_with("document-") && plain.ends_with(".pdf"), "{plain}");
        assert_eq!(encoded, "%D0%9E%D1%82%D1%87%D1%91%D1%82.pdf", "{name}");

        let meta = format!("/api/v1/media/{}", id(&stored));
        app.post(&format!("{meta}/publish"), json!({}), Some(&staff)).await.expect(Status::Ok);
        let public = app.get(&file, None).await.expect(Status::Ok);
        assert_eq!(download_names(&public), (plain, encoded), "the public download is named the same");
        assert_eq!(app.get(&meta, None).await.status, Status::Unauthorized);
        assert_eq!(app.get(&meta, Some(&staff)).await.expect(Status::Ok).body["display_name"], "Отчёт.pdf");
    }
}

async fn a_300_character_document_name_is_refused_as_300_characters(app: TestApp) {
    let (org, staff) = uploader(&app, "long-name").await;
    let name = format!("{}.pdf", "я".repeat(296));
    let suggested = format!("{}.pdf", "я".repeat(146));
    let resp = refused(&app, &org, &staff, &name, &suggested).await;
    let details = &resp.body["error"]["details"];
    assert_eq!((details["problem"].as_str(), details["name_chars"].as_u64()), (Some("too_long"), Some(300)));
    assert_eq!(details["max_chars"], 150);
    let message = resp.body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("Имя файла слишком длинное: 300 символов, а допускается не больше 150."), "{message}");
}

async fn a_name_stored_before_the_rules_is_shown_with_the_real_extension(app: TestApp) {
    let (org, staff) = uploader(&app, "old-name").await;
    let stored = send_document(&app, &org, "report.pdf", PDF, &staff).await.expect(Status::Created);
    let sql = "UPDATE media SET display_name = 'report.pdf.exe' WHERE id = $1";
    let changed = match app.db().backend() {
        cabinet_storage::Backend::Sqlite(pool) => {
            sqlx::query(sql).bind(id(&stored)).execute(pool).await.unwrap().rows_affected()
        }
        cabinet_storage::Backend::Postgres(pool) => {
            sqlx::query(sql).bind(id(&stored)).execute(pool).await.unwrap().rows_affected()
        }
    };
    assert_eq!(changed, 1);

    let meta = app.get(&format!("/api/v1/media/{}", id(&stored)), Some(&staff)).await.expect(Status::Ok);
    assert_eq!(meta.body["display_name"], "report.pdf");
    let served = app.get(&format!("/media/{}", id(&stored)), Some(&staff)).await.expect(Status::Ok);
    assert_eq!(download_names(&served).1, "report.pdf");
}

on_every_store!(
    a_document_name_hiding_a_program_or_page_is_refused_with_a_suggestion,
    an_invisible_character_in_a_document_name_is_refused_and_named,
    a_pdf_named_without_or_with_another_document_extension_downloads_as_pdf,
    a_300_character_document_name_is_refused_as_300_characters,
    a_name_stored_before_the_rules_is_shown_with_the_real_extension,
);
