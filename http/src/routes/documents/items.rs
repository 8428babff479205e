//! The list of a unit, and adding, changing, publishing, hiding and removing one entry.

use cabinet_core::documents::{Category, DocumentEntryInput};
use cabinet_core::policy::{InUnit, UploadMedia, authorize};
use cabinet_storage::documents;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, delete, get, patch, post};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{PageDocumentView, parse, reach, storage_error};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiResult;
use crate::json::Body;
use crate::params::path_id;

/// A new entry.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntryBody {
    /// One line, at most 300 characters.
    pub title: String,
    /// The document's own date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// `charter` «Устав», `decision` «Решения и постановления», `report` «Отчёты»,
    /// `agreement` «Соглашения и договоры» или `other` «Прочее».
    pub category: String,
    /// A document (not a photo) uploaded by the same organization.
    pub media_id: String,
    /// 0–1000000, smaller first; by default after the other entries.
    #[serde(default)]
    pub position: Option<i64>,
}

/// A change: the fields left out stay as they are; an empty `date` removes the date.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryChangeBody {
    pub title: Option<String>,
    pub date: Option<String>,
    pub category: Option<String>,
    pub media_id: Option<String>,
    pub position: Option<i64>,
}

/// The unit's entries, shown and hidden, by position, then by date (newest first).
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/page-documents", tag = "documents",
    params(("unit_id" = uuid::Uuid, Path),
        ("category" = Option<String>, Query, description = "charter, decision, report, agreement или other")),
    responses((status = 200, body = [PageDocumentView]), (status = 404)))]
#[get("/units/<unit_id>/page-documents?<category>")]
pub async fn list(
    app: &State<App>,
    staff: Staff,
    unit_id: &str,
    category: Option<&str>,
) -> ApiResult<Json<Vec<PageDocumentView>>> {
    let auth = authorize::<UploadMedia>(Some(staff.actor()), InUnit(path_id(unit_id)?))?;
    let category = category.filter(|c| !c.is_empty()).map(|c| Category::parse(c, "category")).transpose()?;
    let entries = documents::list(&app.db, &auth, category).await?;
    Ok(Json(entries.into_iter().map(|d| PageDocumentView::of(d, &app.config.public_url)).collect()))
}

/// Adds a hidden entry; publish it to show it on the page.
#[utoipa::path(post, path = "/api/v1/units/{unit_id}/page-documents", tag = "documents",
    params(("unit_id" = uuid::Uuid, Path)), request_body = NewEntryBody,
    responses((status = 201, body = PageDocumentView), (status = 404), (status = 422)))]
#[post("/units/<unit_id>/page-documents", data = "<body>")]
pub async fn add(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    unit_id: &str,
    body: Body<NewEntryBody>,
) -> ApiResult<(Status, Json<PageDocumentView>)> {
    let auth = authorize::<UploadMedia>(Some(staff.actor()), InUnit(path_id(unit_id)?))?;
    let b = body.parse()?;
    let input = DocumentEntryInput {
        title: b.title,
        date: b.date,
        category: b.category,
        media_id: b.media_id,
        position: b.position,
    };
    let entry = parse(app, &auth, &input).await?;
    let added = documents::add(&app.db, &auth, &entry, &origin.0).await.map_err(storage_error)?;
    Ok((Status::Created, Json(PageDocumentView::of(added, &app.config.public_url))))
}

/// Changes an entry. A shown entry's new file is published with it.
#[utoipa::path(patch, path = "/api/v1/page-documents/{id}", tag = "documents", params(("id" = uuid::Uuid, Path)),
    request_body = EntryChangeBody, responses((status = 200, body = PageDocumentView), (status = 404), (status = 422)))]
#[patch("/page-documents/<id>", data = "<body>")]
pub async fn update(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<EntryChangeBody>,
) -> ApiResult<Json<PageDocumentView>> {
    let (auth, id) = reach(app, &staff, id).await?;
    let b = body.parse()?;
    let now = documents::get(&app.db, &auth, id).await?;
    let input = DocumentEntryInput {
        title: b.title.unwrap_or(now.title),
        date: b.date.or(now.date),
        category: b.category.unwrap_or_else(|| now.category.code().to_owned()),
        media_id: b.media_id.unwrap_or_else(|| now.media_id.to_string()),
        position: b.position,
    };
    let entry = parse(app, &auth, &input).await?;
    let saved = documents::update(&app.db, &auth, id, &entry, &origin.0).await.map_err(storage_error)?;
    Ok(Json(PageDocumentView::of(saved, &app.config.public_url)))
}

/// Removes an entry from the list; its file stays (and stays public, if it was).
#[utoipa::path(delete, path = "/api/v1/page-documents/{id}", tag = "documents", params(("id" = uuid::Uuid, Path)),
    responses((status = 204), (status = 404)))]
#[delete("/page-documents/<id>")]
pub async fn remove(app: &State<App>, staff: Staff, origin: ClientOrigin, id: &str) -> ApiResult<Status> {
    let (auth, id) = reach(app, &staff, id).await?;
    documents::remove(&app.db, &auth, id, &origin.0).await?;
    Ok(Status::NoContent)
}

/// Shows the entry on the organization's page and makes its file public at `file_url`, both at
/// once. A published file cannot be made private again.
#[utoipa::path(post, path = "/api/v1/page-documents/{id}/publish", tag = "documents",
    params(("id" = uuid::Uuid, Path)), responses((status = 200, body = PageDocumentView), (status = 404)))]
#[post("/page-documents/<id>/publish")]
pub async fn publish(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
) -> ApiResult<Json<PageDocumentView>> {
    let (auth, id) = reach(app, &staff, id).await?;
    let published = documents::publish(&app.db, &auth, id, &origin.0).await?;
    Ok(Json(PageDocumentView::of(published, &app.config.public_url)))
}

/// Takes the entry off the organization's page. Its file, once published, stays public at
/// `file_url`: readers and caches may keep it, so publishing it is final.
#[utoipa::path(post, path = "/api/v1/page-documents/{id}/hide", tag = "documents",
    params(("id" = uuid::Uuid, Path)), responses((status = 200, body = PageDocumentView), (status = 404)))]
#[post("/page-documents/<id>/hide")]
pub async fn hide(app: &State<App>, staff: Staff, origin: ClientOrigin, id: &str) -> ApiResult<Json<PageDocumentView>> {
    let (auth, id) = reach(app, &staff, id).await?;
    let hidden = documents::hide(&app.db, &auth, id, &origin.0).await?;
    Ok(Json(PageDocumentView::of(hidden, &app.config.public_url)))
}
