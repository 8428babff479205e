//! Photos (§5.5) and documents (§4.2) of a unit: upload, list, publish, delete, and serving
//! the files themselves at `/media/<id>`.
//!
//! Uploads carry the file's raw bytes as the request body (no multipart), the file name in the
//! query string. The policy is asked before a byte of the body is read.

pub mod manage;
pub mod serve;
pub mod upload;

use cabinet_core::media::{DocumentRefusal, PhotoRefusal};
use cabinet_core::{Invalid, UnitId};
use cabinet_storage::StorageError;
use cabinet_storage::media::Media;
use rocket::http::Status;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::views::ts;

/// The JSON API routes, mounted under `/api/v1`.
pub fn routes() -> Vec<rocket::Route> {
    rocket::routes![
        upload::upload_photo,
        upload::upload_document,
        manage::list,
        manage::get_one,
        manage::publish,
        manage::remove
    ]
}

/// The files themselves, mounted at `/`.
pub fn files() -> Vec<rocket::Route> {
    rocket::routes![serve::file]
}

#[derive(Serialize, ToSchema)]
pub struct MediaView {
    pub id: String,
    pub unit_id: String,
    /// `photo` or `document`.
    pub kind: String,
    pub content_type: String,
    pub byte_size: i64,
    /// SHA-256 of the stored bytes (after metadata was removed from a photo), hex.
    pub sha256: String,
    /// The photo's name, or the document's original name, for display.
    pub display_name: String,
    /// The name the file is served under.
    pub stored_name: String,
    /// Photos: the size as displayed.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Whether the photo was shrunk to fit §5.5 at the uploader's request.
    pub downscaled: bool,
    /// Documents: `pdf`, `doc`, `docx`, `xls`, `xlsx`, `odt` or `ods`, as read from the content.
    pub document_kind: Option<String>,
    /// Published items are served to anybody; private ones only to the unit's staff.
    pub published: bool,
    pub published_at: Option<String>,
    pub created_by: String,
    pub created_at: String,
    /// Where the file is served (`GET`).
    pub url: String,
}

impl MediaView {
    pub fn of(m: Media, public_url: &str) -> Self {
        MediaView {
            url: crate::views::media_url(public_url, m.id),
            id: m.id.to_string(),
            unit_id: m.unit_id.to_string(),
            kind: m.kind.code().to_owned(),
            content_type: m.content_type,
            byte_size: m.byte_size,
            sha256: m.sha256.to_string(),
            display_name: m.display_name,
            stored_name: m.stored_name,
            width: m.width,
            height: m.height,
            downscaled: m.downscaled,
            document_kind: m.document_kind.map(|k| k.extension().to_owned()),
            published: m.published_at.is_some(),
            published_at: m.published_at.map(ts),
            created_by: m.created_by,
            created_at: ts(m.created_at),
        }
    }
}

/// A photo refused under §5.5: its own code, the Russian explanation and the numbers.
pub(crate) fn photo_refused(r: &PhotoRefusal) -> ApiError {
    let status =
        if matches!(r, PhotoRefusal::TooLarge { .. }) { Status::PayloadTooLarge } else { Status::UnprocessableEntity };
    ApiError::new(status, r.code(), r.message()).with_details(r.details())
}

pub(crate) fn document_refused(r: &DocumentRefusal) -> ApiError {
    let status = if matches!(r, DocumentRefusal::TooLarge { .. }) {
        Status::PayloadTooLarge
    } else {
        Status::UnprocessableEntity
    };
    ApiError::new(status, r.code(), r.message()).with_details(r.details())
}

/// A storage failure while answering about media: a published item, a listed document and a
/// photo that a gallery or news item shows cannot be deleted.
pub(crate) fn storage_error(e: StorageError) -> ApiError {
    match e {
        StorageError::Conflict { what: "published" } => ApiError::new(
            Status::Conflict,
            "media_published",
            "Файл уже опубликован: его видят читатели сайта, поэтому удалить его нельзя. \
             Обратитесь к администратору сайта.",
        ),
        StorageError::Conflict { what: "listed" } => ApiError::new(
            Status::Conflict,
            "media_listed",
            "Файл используется: он есть в списке документов страницы организации, в новости или в фотогалерее. \
             Сначала уберите его оттуда, затем удалите.",
        ),
        StorageError::Conflict { what: "shown" } => ApiError::new(
            Status::Conflict,
            "media_shown",
            "Фотография есть в фотогалерее или в новости. Сначала уберите её оттуда, а потом удалите.",
        ),
        StorageError::UnknownReference { .. } => ApiError::not_found(),
        other => other.into(),
    }
}

/// `true`/`false` (also `1`/`0`, `yes`/`no`) from the query string; absent is `false`.
pub(crate) fn flag(raw: Option<&str>, field: &str) -> Result<bool, ApiError> {
    match raw.map(str::to_ascii_lowercase).as_deref() {
        None | Some("" | "false" | "0" | "no") => Ok(false),
        Some("true" | "1" | "yes") => Ok(true),
        Some(_) => Err(Invalid::new(field, "invalid_flag", "Укажите true или false.").into()),
    }
}

/// The unit named in the path; one that does not parse names nothing.
pub(crate) fn parse_unit(raw: &str) -> Result<UnitId, ApiError> {
    crate::params::path_id(raw)
}
