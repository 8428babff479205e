//! Moving a gallery through moderation: edit, submit, publish, reject, unpublish. Each asks the
//! news workflow on the gallery as read, and is written only if nobody changed it meanwhile.

use cabinet_core::galleries::check;
use cabinet_core::news::{NewsEvent, Reason, Subject, transition};
use cabinet_core::policy::{InUnit, WriteNews, authorize};
use cabinet_storage::galleries;
use rocket::serde::json::Json;
use rocket::{State, post, put};
use serde::Deserialize;
use utoipa::ToSchema;

use super::items::GalleryBody;
use super::view::{self, GalleryView};
use super::{Needs, Reached, own_photos, reach, refused, storage_error};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiResult;
use crate::json::Body;
use crate::routes::news::moves::ReasonBody;

/// Saves a changed gallery, its photos replaced by those sent. A submitted gallery goes back to
/// the drafts (withdrawn from moderation); a rejected or unpublished one becomes a draft to
/// submit again. A published one is not edited.
#[utoipa::path(put, path = "/api/v1/galleries/{id}", tag = "galleries", params(("id" = uuid::Uuid, Path)), request_body = GalleryBody,
    responses((status = 200, body = GalleryView), (status = 404),
        (status = 409, description = "Опубликованную фотогалерею нельзя изменить, или её только что изменили (gallery_published_not_editable, gallery_state_changed)"),
        (status = 422)))]
#[put("/galleries/<id>", data = "<body>")]
pub async fn update(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<GalleryBody>,
) -> ApiResult<Json<GalleryView>> {
    let Reached { access, roles, gallery: before } = reach(app, &staff, id, Needs::Author).await?;
    let auth = authorize::<WriteNews>(Some(staff.actor()), InUnit(before.unit_id))?;
    let text = body.parse()?.text()?;
    let step = transition(before.state, NewsEvent::Edit, roles, &check(&text)).map_err(|r| refused(&r))?;
    own_photos(app, &access, &text).await?;
    let saved = galleries::edit(&app.db, &auth, &before, &step, &text, &origin.0).await.map_err(storage_error)?;
    Ok(Json(view::full(app, &access, saved).await?))
}

/// The author's statement that the gallery is ready for the site.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GallerySubmitBody {
    /// Photos of good quality without a date stamped on them (§5.5), captions, date and place checked.
    #[serde(default)]
    pub readiness_confirmed: bool,
}

/// Asks the workflow about `event` on the gallery as read, and writes the move.
async fn apply(app: &App, origin: &ClientOrigin, reached: Reached, event: NewsEvent) -> ApiResult<Json<GalleryView>> {
    let Reached { access, roles, gallery: before } = reached;
    let checks = view::checks(&before)?;
    let step = transition(before.state, event, roles, &checks).map_err(|r| refused(&r))?;
    let moved = galleries::change(&app.db, &access, &before, &step, &origin.0).await.map_err(storage_error)?;
    Ok(Json(view::full(app, &access, moved).await?))
}

/// Sends a draft to moderation; refused while a blocking finding stands.
#[utoipa::path(post, path = "/api/v1/galleries/{id}/submit", tag = "galleries", params(("id" = uuid::Uuid, Path)), request_body = GallerySubmitBody,
    responses((status = 200, body = GalleryView), (status = 404),
        (status = 409, description = "Фотогалерея не черновик, или её только что изменили"),
        (status = 422, description = "Готовность не подтверждена или есть блокирующие замечания (gallery_readiness_not_confirmed, gallery_blocking_findings)")))]
#[post("/galleries/<id>/submit", data = "<body>")]
pub async fn submit(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<GallerySubmitBody>,
) -> ApiResult<Json<GalleryView>> {
    let reached = reach(app, &staff, id, Needs::Author).await?;
    let readiness_confirmed = body.parse()?.readiness_confirmed;
    apply(app, &origin, reached, NewsEvent::Submit { readiness_confirmed }).await
}

/// Publishes a gallery waiting for moderation, and with it every photo it shows.
#[utoipa::path(post, path = "/api/v1/galleries/{id}/publish", tag = "galleries", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = GalleryView), (status = 404),
        (status = 409, description = "Фотогалерея не на модерации, или её только что изменили"),
        (status = 422, description = "Есть блокирующие замечания")))]
#[post("/galleries/<id>/publish")]
pub async fn publish(app: &State<App>, staff: Staff, origin: ClientOrigin, id: &str) -> ApiResult<Json<GalleryView>> {
    let reached = reach(app, &staff, id, Needs::Moderator).await?;
    apply(app, &origin, reached, NewsEvent::Publish).await
}

/// Rejects a gallery waiting for moderation, with a reason its authors see.
#[utoipa::path(post, path = "/api/v1/galleries/{id}/reject", tag = "galleries", params(("id" = uuid::Uuid, Path)), request_body = ReasonBody,
    responses((status = 200, body = GalleryView), (status = 404),
        (status = 409, description = "Фотогалерея не на модерации, или её только что изменили"), (status = 422)))]
#[post("/galleries/<id>/reject", data = "<body>")]
pub async fn reject(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<ReasonBody>,
) -> ApiResult<Json<GalleryView>> {
    let reached = reach(app, &staff, id, Needs::Moderator).await?;
    let reason = Reason::parse_about(&body.parse()?.reason, Subject::Gallery)?;
    apply(app, &origin, reached, NewsEvent::Reject { reason }).await
}

/// Takes a published gallery off the site, with a reason: by the moderator or its authors. Its
/// photos leave their public addresses unless another published gallery or news item shows them.
#[utoipa::path(post, path = "/api/v1/galleries/{id}/unpublish", tag = "galleries", params(("id" = uuid::Uuid, Path)), request_body = ReasonBody,
    responses((status = 200, body = GalleryView), (status = 404),
        (status = 409, description = "Фотогалерея не опубликована, или её только что изменили"), (status = 422)))]
#[post("/galleries/<id>/unpublish", data = "<body>")]
pub async fn unpublish(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<ReasonBody>,
) -> ApiResult<Json<GalleryView>> {
    let reached = reach(app, &staff, id, Needs::Either).await?;
    let reason = Reason::parse_about(&body.parse()?.reason, Subject::Gallery)?;
    apply(app, &origin, reached, NewsEvent::Unpublish { reason }).await
}
