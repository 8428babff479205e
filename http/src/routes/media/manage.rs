//! A unit's media as its staff see it: the list, one item, publishing and deleting.
//!
//! An item's unit is known only once it is found, so these handlers first ask whether the
//! caller may upload media at all ([`may_attempt`]), then find the item's unit and ask again
//! with it: a caller without the right learns nothing, not even whether the item exists.

use cabinet_core::ids::MediaId;
use cabinet_core::policy::{InUnit, UploadMedia, authorize, may_attempt};
use cabinet_storage::media::{self, Filter, MediaKind};
use rocket::serde::json::Json;
use rocket::{State, delete, get, post};

use super::{MediaView, parse_unit, storage_error};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiResult;
use crate::params::{self, path_id};

/// The unit's photos and documents, newest first, private and published.
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/media", tag = "media",
    params(("unit_id" = uuid::Uuid, Path), ("kind" = Option<String>, Query, description = "photo или document"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "По умолчанию 100"), ("offset" = Option<i64>, Query, minimum = 0)),
    responses((status = 200, body = [MediaView]), (status = 401), (status = 403)))]
#[get("/units/<unit_id>/media?<kind>&<limit>&<offset>")]
pub async fn list(
    app: &State<App>,
    staff: Staff,
    unit_id: &str,
    kind: Option<&str>,
    limit: Option<&str>,
    offset: Option<&str>,
) -> ApiResult<Json<Vec<MediaView>>> {
    let auth = authorize::<UploadMedia>(Some(staff.actor()), InUnit(parse_unit(unit_id)?))?;
    let kind = match kind.filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(
            k.parse::<MediaKind>()
                .map_err(|()| cabinet_core::Invalid::new("kind", "invalid_kind", "Укажите photo или document."))?,
        ),
    };
    let filter = Filter { kind, limit: params::limit(limit, 100, 500)?, offset: params::offset(offset)? };
    let items = media::list(&app.db, &auth, &filter).await?;
    Ok(Json(items.into_iter().map(|m| MediaView::of(m, &app.config.public_url)).collect()))
}

/// The item's unit, once the caller is known to hold the right to upload media somewhere.
async fn authorized(
    app: &App,
    staff: &Staff,
    id: &str,
) -> ApiResult<(cabinet_core::policy::Authorized<UploadMedia>, MediaId)> {
    may_attempt::<UploadMedia>(Some(staff.actor()))?;
    let id: MediaId = path_id(id)?;
    let found = media::locate(&app.db, id).await?;
    Ok((authorize::<UploadMedia>(Some(staff.actor()), InUnit(found.unit_id))?, id))
}

#[utoipa::path(get, path = "/api/v1/media/{id}", tag = "media", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = MediaView), (status = 401), (status = 403), (status = 404)))]
#[get("/media/<id>")]
pub async fn get_one(app: &State<App>, staff: Staff, id: &str) -> ApiResult<Json<MediaView>> {
    let (auth, id) = authorized(app, &staff, id).await?;
    Ok(Json(MediaView::of(media::get(&app.db, &auth, id).await?, &app.config.public_url)))
}

/// Makes the item readable by anybody at its `url`, with a long-lived cache header. Publishing
/// cannot be undone here: readers and caches may keep the file.
#[utoipa::path(post, path = "/api/v1/media/{id}/publish", tag = "media", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = MediaView), (status = 401), (status = 403), (status = 404)))]
#[post("/media/<id>/publish")]
pub async fn publish(app: &State<App>, staff: Staff, origin: ClientOrigin, id: &str) -> ApiResult<Json<MediaView>> {
    let (auth, id) = authorized(app, &staff, id).await?;
    let published = media::publish(&app.db, &auth, id, &origin.0).await?;
    Ok(Json(MediaView::of(published, &app.config.public_url)))
}

/// Deletes a private item (and its file, unless another item has the same bytes).
#[utoipa::path(delete, path = "/api/v1/media/{id}", tag = "media", params(("id" = uuid::Uuid, Path)),
    responses((status = 204), (status = 401), (status = 403), (status = 404),
        (status = 409, description = "Файл опубликован, есть в списке документов страницы или в фотогалерее (media_published, media_listed, media_shown)")))]
#[delete("/media/<id>")]
pub async fn remove(app: &State<App>, staff: Staff, origin: ClientOrigin, id: &str) -> ApiResult<rocket::http::Status> {
    let (auth, id) = authorized(app, &staff, id).await?;
    media::delete(&app.db, &app.blobs, &auth, id, &origin.0).await.map_err(storage_error)?;
    Ok(rocket::http::Status::NoContent)
}
