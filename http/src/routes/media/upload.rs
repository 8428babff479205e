//! Uploading a photo or a document: the raw bytes as the body, checked, then stored.

use bytes::Bytes;
use cabinet_core::Invalid;
use cabinet_core::media::{DocumentRefusal, PhotoOptions, PhotoRefusal, check_document, check_photo};
use cabinet_core::policy::{Authorized, InUnit, UploadMedia, authorize};
use cabinet_storage::media::{self, NewMedia};
use cabinet_storage::{StorageError, units};
use rocket::data::{ByteUnit, Data};
use rocket::http::{ContentType, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::serde::json::Json;
use rocket::{State, post};

use super::{MediaView, document_refused, flag, parse_unit, photo_refused, storage_error};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};

/// What the request says about its body, read before the body itself.
pub struct Upload {
    content_type: Option<ContentType>,
    length: Option<u64>,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Upload {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let length = request.headers().get_one("Content-Length").and_then(|v| v.trim().parse().ok());
        Outcome::Success(Upload { content_type: request.content_type().cloned(), length })
    }
}

impl Upload {
    /// The whole body, at most `limit` bytes; `too_large` builds the answer for a bigger one.
    pub(crate) async fn read(
        &self,
        data: Data<'_>,
        limit: ByteUnit,
        too_large: impl FnOnce(usize, usize) -> ApiError,
    ) -> ApiResult<Vec<u8>> {
        if let Some(ct) = &self.content_type
            && (ct.is_form_data() || ct.is_form() || ct.is_json())
        {
            return Err(ApiError::new(
                Status::UnsupportedMediaType,
                "unsupported_media_type",
                "Отправьте сам файл телом запроса (Content-Type: application/octet-stream или тип файла), \
                 а его имя — в параметре name.",
            ));
        }
        let max = usize::try_from(limit.as_u64()).unwrap_or(usize::MAX);
        if let Some(length) = self.length.filter(|n| *n > limit.as_u64()) {
            return Err(too_large(usize::try_from(length).unwrap_or(usize::MAX), max));
        }
        let bytes =
            data.open(limit).into_bytes().await.map_err(|_| {
                ApiError::bad_request("unreadable_body", "Не удалось прочитать файл: загрузка прервалась.")
            })?;
        if !bytes.is_complete() {
            return Err(too_large(max.saturating_add(1), max));
        }
        Ok(bytes.into_inner())
    }
}

fn required_name(name: Option<String>) -> ApiResult<String> {
    name.filter(|n| !n.trim().is_empty()).ok_or_else(|| {
        Invalid::new("name", "required", "Укажите имя файла в параметре name, например name=Foto_s_sobraniya.jpg.")
            .into()
    })
}

/// The upload could not be stored: say the file was not saved.
fn not_stored(e: StorageError) -> ApiError {
    let mut error = storage_error(e);
    if error.code == "storage_unavailable" {
        error.message = "Хранилище файлов сейчас недоступно, файл не сохранён. Попробуйте загрузить его ещё раз \
                         через несколько минут."
            .into();
    }
    error
}

/// Uploads a photo of the unit (§5.5): a real JPEG with a Latin file name, at most 1290 px wide
/// (landscape) or 600 px high (portrait). Metadata (EXIF date, GPS…) is removed before storing;
/// the pixels are kept as they are. With `downscale=true` a photo too big is shrunk to fit
/// instead of refused. The photo is private until published.
#[utoipa::path(post, path = "/api/v1/units/{unit_id}/photos", tag = "media",
    params(("unit_id" = uuid::Uuid, Path),
        ("name" = String, Query, description = "Имя файла: латиница, цифры, «_» и «-», расширение .jpg или .jpeg"),
        ("downscale" = Option<bool>, Query, description = "Уменьшить слишком большое фото вместо отказа")),
    request_body(content = String, content_type = "image/jpeg", description = "Байты файла JPEG"),
    responses((status = 201, body = MediaView), (status = 401), (status = 403), (status = 404),
        (status = 413, description = "Файл больше допустимого (photo_too_large)"),
        (status = 422, description = "Фото не соответствует правилам: photo_not_jpeg, photo_bad_name, photo_too_wide, \
            photo_too_tall, photo_too_many_pixels…; в details — фактические значения"),
        (status = 503, description = "Хранилище файлов недоступно (storage_unavailable)")))]
#[post("/units/<unit_id>/photos?<name>&<downscale>", data = "<data>")]
#[allow(clippy::too_many_arguments)]
pub async fn upload_photo(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    upload: Upload,
    unit_id: &str,
    name: Option<String>,
    downscale: Option<&str>,
    data: Data<'_>,
) -> ApiResult<(Status, Json<MediaView>)> {
    let auth = authorize::<UploadMedia>(Some(staff.actor()), InUnit(parse_unit(unit_id)?))?;
    units::get(&app.db, auth.target().0).await?;
    let name = required_name(name)?;
    let options = photo_options(app, flag(downscale, "downscale")?);
    let too_large = |size, max| photo_refused(&PhotoRefusal::TooLarge { size, max });
    let bytes = upload.read(data, app.config.storage.max_photo_size, too_large).await?;
    let stored = store_photo(app, &auth, &origin, name, options, bytes).await?;
    Ok((Status::Created, Json(stored)))
}

/// The same upload from a page's form, whose file came with the form: the same checks, the
/// same refusals.
pub(crate) async fn upload_photo_bytes(
    app: &App,
    staff: &Staff,
    origin: &ClientOrigin,
    unit_id: &str,
    name: &str,
    downscale: bool,
    bytes: Vec<u8>,
) -> ApiResult<MediaView> {
    let auth = authorize::<UploadMedia>(Some(staff.actor()), InUnit(parse_unit(unit_id)?))?;
    units::get(&app.db, auth.target().0).await?;
    let name = required_name(Some(name.to_owned()))?;
    store_photo(app, &auth, origin, name, photo_options(app, downscale), bytes).await
}

fn photo_options(app: &App, downscale: bool) -> PhotoOptions {
    PhotoOptions {
        downscale,
        max_bytes: usize::try_from(app.config.storage.max_photo_size.as_u64()).unwrap_or(usize::MAX),
    }
}

/// Checks the photo's bytes against §5.5, strips its metadata and stores it.
async fn store_photo(
    app: &App,
    auth: &Authorized<UploadMedia>,
    origin: &ClientOrigin,
    name: String,
    options: PhotoOptions,
    bytes: Vec<u8>,
) -> ApiResult<MediaView> {
    // Only a downscale decodes pixels; the permit keeps that from taking every core.
    let _permit =
        if options.downscale { Some(app.image_work.acquire().await.map_err(|_| ApiError::internal())?) } else { None };
    let checked = tokio::task::spawn_blocking(move || check_photo(&name, &bytes, options))
        .await
        .map_err(|_| ApiError::internal())?;
    let photo = checked.map_err(|r| photo_refused(&r))?;
    let stored =
        media::upload(&app.db, &app.blobs, auth, NewMedia::photo(photo), &origin.0).await.map_err(not_stored)?;
    Ok(MediaView::of(stored, &app.config.public_url))
}

/// Uploads a document of the unit (§4.2): PDF, DOC/DOCX, XLS/XLSX, ODT/ODS, recognised by its
/// content; files with macros or a password are refused. It is served under a generated name,
/// its own kept for display, always ending with the extension of the type found: a name with
/// another extension of programs or web pages, invisible characters or over 150 characters is
/// refused with a suggested name. Private until published.
#[utoipa::path(post, path = "/api/v1/units/{unit_id}/documents", tag = "media",
    params(("unit_id" = uuid::Uuid, Path), ("name" = String, Query,
        description = "Исходное имя файла, для показа; расширение заменяется на настоящий тип файла")),
    request_body(content = String, content_type = "application/octet-stream", description = "Байты документа"),
    responses((status = 201, body = MediaView), (status = 401), (status = 403), (status = 404),
        (status = 413, description = "Файл больше допустимого (document_too_large)"),
        (status = 422, description = "Документ не принят: document_unknown_type, document_has_macros, \
            document_encrypted, document_corrupt, document_bad_name (имя скрывает тип файла, содержит невидимые \
            символы или длиннее 150 символов; в details — problem, name_chars и suggested_name); \
            архивы DOCX/XLSX/ODT/ODS, опасные при распаковке: document_zip_method, document_zip_too_many_members, \
            document_zip_member_too_large, document_zip_total_too_large, document_zip_ratio, document_zip_overlap, \
            document_zip_out_of_bounds, document_zip_size_mismatch, document_zip_header_mismatch; PDF с JavaScript \
            или запуском программ: document_pdf_active_content; PDF, который нельзя проверить: \
            document_pdf_uncheckable"),
        (status = 503, description = "Хранилище файлов недоступно (storage_unavailable)")))]
#[post("/units/<unit_id>/documents?<name>", data = "<data>")]
pub async fn upload_document(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    upload: Upload,
    unit_id: &str,
    name: Option<String>,
    data: Data<'_>,
) -> ApiResult<(Status, Json<MediaView>)> {
    let auth = authorize::<UploadMedia>(Some(staff.actor()), InUnit(parse_unit(unit_id)?))?;
    units::get(&app.db, auth.target().0).await?;
    let name = required_name(name)?;
    let limit = app.config.storage.max_document_size;
    let too_large = |size, max| document_refused(&DocumentRefusal::TooLarge { size, max });
    let bytes = upload.read(data, limit, too_large).await?;
    let max = usize::try_from(limit.as_u64()).unwrap_or(usize::MAX);
    let (checked, bytes) = tokio::task::spawn_blocking(move || (check_document(&name, &bytes, max), bytes))
        .await
        .map_err(|_| ApiError::internal())?;
    let document = checked.map_err(|r| document_refused(&r))?;
    let new = NewMedia::document(document, Bytes::from(bytes));
    let stored = media::upload(&app.db, &app.blobs, &auth, new, &origin.0).await.map_err(not_stored)?;
    Ok((Status::Created, Json(MediaView::of(stored, &app.config.public_url))))
}
