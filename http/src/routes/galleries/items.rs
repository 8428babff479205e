//! Assembling a draft, a unit's list, one gallery, and the moderation queue.

use cabinet_core::galleries::{GalleryInput, GalleryText, PhotoInput};
use cabinet_core::ids::GalleryId;
use cabinet_core::policy::{Global, InUnit, ModerateNews, WriteNews, authorize};
use cabinet_storage::galleries::{self, Access};
use cabinet_storage::units;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post};
use serde::Deserialize;
use utoipa::ToSchema;

use super::view::{self, GallerySummary, GalleryView, QueuedGalleryView};
use super::{Needs, own_photos, reach, storage_error};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::params::{self, path_id, query_id};

/// One photo of a gallery, in its place.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GalleryPhotoBody {
    /// A photo of the gallery's own unit (`POST /api/v1/units/{unit_id}/photos`).
    #[schema(value_type = uuid::Uuid)]
    pub media_id: String,
    /// One line, up to 500 characters; may be left out.
    #[serde(default)]
    pub caption: String,
}

/// A gallery as its author assembles it: the event, and the photos in the order shown.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GalleryBody {
    /// Written as an ordinary sentence: a title in capitals only is not published.
    pub title: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub event_date: Option<String>,
    #[serde(default)]
    pub event_place: String,
    /// Plain text, up to 2000 characters.
    #[serde(default)]
    pub description: String,
    /// Up to 200 photos, each once, in the order the gallery shows them.
    #[serde(default)]
    pub photos: Vec<GalleryPhotoBody>,
}

impl GalleryBody {
    /// The gallery within every hard limit, every field's and every entry's problem at once.
    pub fn text(self) -> ApiResult<GalleryText> {
        let input = GalleryInput {
            title: self.title,
            event_date: self.event_date,
            event_place: self.event_place,
            description: self.description,
            photos: self.photos.into_iter().map(|p| PhotoInput { media_id: p.media_id, caption: p.caption }).collect(),
        };
        GalleryText::parse(&input).map_err(ApiError::invalid)
    }
}

/// Saves a new draft; the answer carries its findings.
#[utoipa::path(post, path = "/api/v1/units/{unit_id}/galleries", tag = "galleries", params(("unit_id" = uuid::Uuid, Path)),
    request_body = GalleryBody, responses((status = 201, body = GalleryView), (status = 404),
        (status = 422, description = "Поля заполнены неверно или среди фотографий есть не фотография организации (invalid_input)")))]
#[post("/units/<unit_id>/galleries", data = "<body>")]
pub async fn create(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    unit_id: &str,
    body: Body<GalleryBody>,
) -> ApiResult<(Status, Json<GalleryView>)> {
    let auth = authorize::<WriteNews>(Some(staff.actor()), InUnit(path_id(unit_id)?))?;
    let access = Access::author(&auth);
    let text = body.parse()?.text()?;
    // Central staff reach every unit id: one that does not exist has no photos to check.
    units::get(&app.db, access.unit()).await?;
    own_photos(app, &access, &text).await?;
    let created = galleries::create(&app.db, &auth, &text, &origin.0).await.map_err(storage_error)?;
    Ok((Status::Created, Json(view::full(app, &access, created).await?)))
}

/// The unit's galleries in every state, newest first; `before` is the last id of the previous page.
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/galleries", tag = "galleries",
    params(("unit_id" = uuid::Uuid, Path), ("before" = Option<uuid::Uuid>, Query),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "По умолчанию 50")),
    responses((status = 200, body = [GallerySummary])))]
#[get("/units/<unit_id>/galleries?<before>&<limit>")]
pub async fn list(
    app: &State<App>,
    staff: Staff,
    unit_id: &str,
    before: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<Json<Vec<GallerySummary>>> {
    let auth = authorize::<WriteNews>(Some(staff.actor()), InUnit(path_id(unit_id)?))?;
    let before: Option<GalleryId> = query_id(before, "before")?;
    let items = galleries::list(&app.db, &auth, before, params::limit(limit, 50, 200)?).await?;
    Ok(Json(items.into_iter().map(GallerySummary::from).collect()))
}

/// Galleries waiting for moderation in every organization, the longest waiting first.
#[utoipa::path(get, path = "/api/v1/galleries/moderation", tag = "galleries",
    params(("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "По умолчанию 100")),
    responses((status = 200, body = [QueuedGalleryView])))]
#[get("/galleries/moderation?<limit>")]
pub async fn queue(app: &State<App>, staff: Staff, limit: Option<&str>) -> ApiResult<Json<Vec<QueuedGalleryView>>> {
    let auth = authorize::<ModerateNews>(Some(staff.actor()), Global)?;
    let queued = galleries::queue(&app.db, &auth, params::limit(limit, 100, 500)?).await?;
    Ok(Json(queued.into_iter().map(QueuedGalleryView::of).collect::<ApiResult<_>>()?))
}

/// The gallery with its photos, findings and history: for its authors and the moderator.
#[utoipa::path(get, path = "/api/v1/galleries/{id}", tag = "galleries", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = GalleryView), (status = 404)))]
#[get("/galleries/<id>")]
pub async fn get_one(app: &State<App>, staff: Staff, id: &str) -> ApiResult<Json<GalleryView>> {
    let reached = reach(app, &staff, id, Needs::Either).await?;
    Ok(Json(view::full(app, &reached.access, reached.gallery).await?))
}
