//! The organization's side: its appeals, one appeal, and marking one answered.
//!
//! An appeal's unit is known only once it is found, so item routes first ask whether the caller
//! may work with appeals at all ([`may_attempt`]), then find the appeal's unit and ask again
//! with it.

use cabinet_core::appeals::{AppealStatus, Note};
use cabinet_core::ids::AppealId;
use cabinet_core::policy::{AnswerAppeals, InUnit, authorize, may_attempt};
use cabinet_core::{Invalid, UnitId};
use cabinet_storage::StorageError;
use cabinet_storage::appeals::{self, Access};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post};
use serde::Deserialize;
use utoipa::ToSchema;

use super::view::{AppealSummary, AppealView};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::params::{self, path_id, query_id};

/// The organization's appeals, newest first; `before` is the last id of the previous page.
/// The read is audited (`appeal.read`).
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/appeals", tag = "appeals",
    params(("unit_id" = uuid::Uuid, Path), ("status" = Option<String>, Query, description = "new или answered"),
        ("before" = Option<uuid::Uuid>, Query),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "По умолчанию 50")),
    responses((status = 200, body = [AppealSummary])))]
#[get("/units/<unit_id>/appeals?<status>&<before>&<limit>")]
pub async fn list(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    unit_id: &str,
    status: Option<&str>,
    before: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<Json<Vec<AppealSummary>>> {
    let auth = authorize::<AnswerAppeals>(Some(staff.actor()), InUnit(path_id::<UnitId>(unit_id)?))?;
    let status = status_filter(status)?;
    let before: Option<AppealId> = query_id(before, "before")?;
    let limit = params::limit(limit, 50, 200)?;
    let found = appeals::list(&app.db, &Access::of(&auth), status, before, limit, &origin.0).await?;
    Ok(Json(found.iter().map(AppealSummary::from).collect()))
}

fn status_filter(raw: Option<&str>) -> ApiResult<Option<AppealStatus>> {
    match raw.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(code) => AppealStatus::from_code(code)
            .map(Some)
            .ok_or_else(|| Invalid::new("status", "invalid_status", "Укажите new или answered.").into()),
    }
}

/// The access to the appeal's unit, once the caller may work with appeals at all.
async fn reach(app: &App, staff: &Staff, id: &str) -> ApiResult<(Access, AppealId)> {
    may_attempt::<AnswerAppeals>(Some(staff.actor()))?;
    let id: AppealId = path_id(id)?;
    let unit = appeals::locate(&app.db, id).await?;
    let auth = authorize::<AnswerAppeals>(Some(staff.actor()), InUnit(unit))?;
    Ok((Access::of(&auth), id))
}

/// One appeal with its text and consent; the read is audited (`appeal.read`).
#[utoipa::path(get, path = "/api/v1/appeals/{id}", tag = "appeals", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = AppealView)))]
#[get("/appeals/<id>")]
pub async fn get_one(app: &State<App>, staff: Staff, origin: ClientOrigin, id: &str) -> ApiResult<Json<AppealView>> {
    let (access, id) = reach(app, &staff, id).await?;
    Ok(Json(appeals::get(&app.db, &access, id, &origin.0).await?.into()))
}

/// How the appeal was answered.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnsweredBody {
    /// Optional: how and when the sender was answered; up to 2000 characters.
    #[serde(default)]
    pub note: Option<String>,
}

/// Marks the appeal answered, with an optional note; an appeal is answered once.
#[utoipa::path(post, path = "/api/v1/appeals/{id}/answered", tag = "appeals", params(("id" = uuid::Uuid, Path)),
    request_body = AnsweredBody,
    responses((status = 200, body = AppealView), (status = 409, description = "Обращение уже отмечено как отвеченное")))]
#[post("/appeals/<id>/answered", data = "<body>")]
pub async fn answered(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<AnsweredBody>,
) -> ApiResult<Json<AppealView>> {
    let (access, id) = reach(app, &staff, id).await?;
    let note = Note::parse(body.parse()?.note.as_deref())?;
    let before = appeals::get(&app.db, &access, id, &origin.0).await?;
    let next = before.status.answer().map_err(|_| already_answered())?;
    let answered = appeals::answer(&app.db, &access, &before, next, &note, &origin.0).await.map_err(|e| match e {
        StorageError::Conflict { what: "status" } => already_answered(),
        other => other.into(),
    })?;
    Ok(Json(answered.into()))
}

fn already_answered() -> ApiError {
    ApiError::new(
        Status::Conflict,
        "appeal_already_answered",
        "Обращение уже отмечено как отвеченное. Обновите страницу, чтобы увидеть, кто и когда на него ответил.",
    )
}
