//! Moving an item through moderation: edit, submit, publish, reject, unpublish. Each asks the
//! workflow on the item as read, and is written only if nobody changed it meanwhile.

use cabinet_core::news::{NewsEvent, Reason, check, transition};
use cabinet_core::policy::{InUnit, WriteNews, authorize};
use cabinet_storage::news;
use rocket::serde::json::Json;
use rocket::{State, post, put};
use serde::Deserialize;
use utoipa::ToSchema;

use super::items::{NewsBody, own_photos};
use super::view::{self, NewsView};
use super::{Needs, Reached, reach, refused, storage_error};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiResult;
use crate::json::Body;

/// Saves a changed text. A submitted item goes back to the drafts (withdrawn from moderation);
/// a rejected or unpublished one becomes a draft to submit again. A published one is not edited.
#[utoipa::path(put, path = "/api/v1/news/{id}", tag = "news", params(("id" = uuid::Uuid, Path)), request_body = NewsBody,
    responses((status = 200, body = NewsView), (status = 404),
        (status = 409, description = "Опубликованную новость нельзя изменить, или её только что изменили (news_published_not_editable, news_state_changed)"),
        (status = 422)))]
#[put("/news/<id>", data = "<body>")]
pub async fn update(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<NewsBody>,
) -> ApiResult<Json<NewsView>> {
    let Reached { access, roles, news: before } = reach(app, &staff, id, Needs::Author).await?;
    let auth = authorize::<WriteNews>(Some(staff.actor()), InUnit(before.unit_id))?;
    let (text, photos) = body.parse()?.parse()?;
    if let Some(photos) = &photos {
        own_photos(app, before.unit_id, photos).await?;
    }
    let checks = check(&text, &app.config.news.abbreviation_list());
    let step = transition(before.state, NewsEvent::Edit, roles, &checks).map_err(|r| refused(&r))?;
    let saved =
        news::edit(&app.db, &auth, &before, &step, &text, photos.as_ref(), &origin.0).await.map_err(storage_error)?;
    Ok(Json(view::full(app, &access, saved).await?))
}

/// The author's statement that the item is ready (§5.6).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitBody {
    /// Facts checked, quotes agreed with the speakers, no prospect of a lawsuit.
    #[serde(default)]
    pub readiness_confirmed: bool,
}

/// Why the moderator rejects or takes off an item: shown to its authors.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    pub reason: String,
}

/// Asks the workflow about `event` on the item as read, and writes the move.
async fn apply(app: &App, origin: &ClientOrigin, reached: Reached, event: NewsEvent) -> ApiResult<Json<NewsView>> {
    let Reached { access, roles, news: before } = reached;
    let checks = view::checks(app, &before)?;
    let step = transition(before.state, event, roles, &checks).map_err(|r| refused(&r))?;
    let moved = news::change(&app.db, &access, &before, &step, &origin.0).await.map_err(storage_error)?;
    Ok(Json(view::full(app, &access, moved).await?))
}

/// Sends a draft to moderation (§5.7); refused while a blocking finding stands.
#[utoipa::path(post, path = "/api/v1/news/{id}/submit", tag = "news", params(("id" = uuid::Uuid, Path)), request_body = SubmitBody,
    responses((status = 200, body = NewsView), (status = 404),
        (status = 409, description = "Новость не черновик, или её только что изменили"),
        (status = 422, description = "Готовность не подтверждена или в тексте есть блокирующие замечания (news_readiness_not_confirmed, news_blocking_findings)")))]
#[post("/news/<id>/submit", data = "<body>")]
pub async fn submit(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<SubmitBody>,
) -> ApiResult<Json<NewsView>> {
    let reached = reach(app, &staff, id, Needs::Author).await?;
    let readiness_confirmed = body.parse()?.readiness_confirmed;
    apply(app, &origin, reached, NewsEvent::Submit { readiness_confirmed }).await
}

/// Publishes an item waiting for moderation (§5.7).
#[utoipa::path(post, path = "/api/v1/news/{id}/publish", tag = "news", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = NewsView), (status = 404),
        (status = 409, description = "Новость не на модерации, или её только что изменили"),
        (status = 422, description = "В тексте есть блокирующие замечания")))]
#[post("/news/<id>/publish")]
pub async fn publish(app: &State<App>, staff: Staff, origin: ClientOrigin, id: &str) -> ApiResult<Json<NewsView>> {
    let reached = reach(app, &staff, id, Needs::Moderator).await?;
    apply(app, &origin, reached, NewsEvent::Publish).await
}

/// Rejects an item waiting for moderation, with a reason its authors see (§5.8).
#[utoipa::path(post, path = "/api/v1/news/{id}/reject", tag = "news", params(("id" = uuid::Uuid, Path)), request_body = ReasonBody,
    responses((status = 200, body = NewsView), (status = 404),
        (status = 409, description = "Новость не на модерации, или её только что изменили"), (status = 422)))]
#[post("/news/<id>/reject", data = "<body>")]
pub async fn reject(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<ReasonBody>,
) -> ApiResult<Json<NewsView>> {
    let reached = reach(app, &staff, id, Needs::Moderator).await?;
    let reason = Reason::parse(&body.parse()?.reason)?;
    apply(app, &origin, reached, NewsEvent::Reject { reason }).await
}

/// Takes a published item off the site, with a reason: by the moderator or its authors (§5.9).
#[utoipa::path(post, path = "/api/v1/news/{id}/unpublish", tag = "news", params(("id" = uuid::Uuid, Path)), request_body = ReasonBody,
    responses((status = 200, body = NewsView), (status = 404),
        (status = 409, description = "Новость не опубликована, или её только что изменили"), (status = 422)))]
#[post("/news/<id>/unpublish", data = "<body>")]
pub async fn unpublish(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<ReasonBody>,
) -> ApiResult<Json<NewsView>> {
    let reached = reach(app, &staff, id, Needs::Either).await?;
    let reason = Reason::parse(&body.parse()?.reason)?;
    apply(app, &origin, reached, NewsEvent::Unpublish { reason }).await
}
