//! Reading requests: the organization's own, the administrator's queue, one request, and the
//! organization's users a request may name.

use cabinet_core::access_requests::RequestState;
use cabinet_core::ids::AccessRequestId;
use cabinet_core::policy::{
    self, Actor, Denied, InUnit, ManageUsers, ManageUsersEverywhere, RequestAccess, authorize, may_attempt,
};
use cabinet_core::{Invalid, UnitId};
use cabinet_storage::access_requests::{self, Filter, Queue, Reach};
use rocket::serde::json::Json;
use rocket::{State, get};

use super::view::{AccessRequestView, RequestableUser};
use crate::App;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};
use crate::params::{limit, offset, path_id, query_id};

fn filter(state: Option<&str>, limit: Option<&str>, offset: Option<&str>) -> ApiResult<Filter> {
    let state = match state.filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => Some(RequestState::from_code(code).ok_or_else(|| {
            ApiError::from(Invalid::new(
                "state",
                "invalid_state",
                "Состояние заявки: pending (на рассмотрении), approved (одобрена), declined (отклонена) \
                 или withdrawn (отозвана).",
            ))
        })?),
    };
    Ok(Filter { state, limit: self::limit(limit, 50, 200)?, offset: self::offset(offset)? })
}

/// The organization's requests, newest first, each with its state: pending, approved (with the
/// account created), declined (with the reason) or withdrawn.
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/access-requests", tag = "access_requests",
    params(("unit_id" = uuid::Uuid, Path),
        ("state" = Option<String>, Query, description = "pending, approved, declined или withdrawn"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "По умолчанию 50"),
        ("offset" = Option<i64>, Query, minimum = 0)),
    responses((status = 200, body = [AccessRequestView]), (status = 403)))]
#[get("/units/<unit_id>/access-requests?<state>&<limit>&<offset>")]
pub async fn list(
    app: &State<App>,
    staff: Staff,
    unit_id: &str,
    state: Option<&str>,
    limit: Option<&str>,
    offset: Option<&str>,
) -> ApiResult<Json<Vec<AccessRequestView>>> {
    let auth = authorize::<RequestAccess>(Some(staff.actor()), InUnit(path_id::<UnitId>(unit_id)?))?;
    let found = access_requests::of_unit(&app.db, &auth, &filter(state, limit, offset)?).await?;
    Ok(Json(found.into_iter().map(AccessRequestView::from).collect()))
}

/// The organization's active users: whom a request may replace or disconnect (`user_id`).
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/access-requests/users", tag = "access_requests",
    params(("unit_id" = uuid::Uuid, Path)),
    responses((status = 200, body = [RequestableUser]), (status = 403)))]
#[get("/units/<unit_id>/access-requests/users")]
pub async fn users(app: &State<App>, staff: Staff, unit_id: &str) -> ApiResult<Json<Vec<RequestableUser>>> {
    let auth = authorize::<RequestAccess>(Some(staff.actor()), InUnit(path_id::<UnitId>(unit_id)?))?;
    let found = access_requests::members(&app.db, &auth).await?;
    Ok(Json(found.into_iter().map(RequestableUser::from).collect()))
}

/// The administrator's queue, oldest first: every unit's requests, or one unit's (`unit_id`);
/// `state=pending` for those waiting for a decision.
#[utoipa::path(get, path = "/api/v1/access-requests", tag = "access_requests",
    params(("state" = Option<String>, Query, description = "pending, approved, declined или withdrawn; по умолчанию все"),
        ("unit_id" = Option<uuid::Uuid>, Query),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "По умолчанию 50"),
        ("offset" = Option<i64>, Query, minimum = 0)),
    responses((status = 200, body = [AccessRequestView]), (status = 403)))]
#[get("/access-requests?<state>&<unit_id>&<limit>&<offset>")]
pub async fn queue(
    app: &State<App>,
    staff: Staff,
    state: Option<&str>,
    unit_id: Option<&str>,
    limit: Option<&str>,
    offset: Option<&str>,
) -> ApiResult<Json<Vec<AccessRequestView>>> {
    let actor = staff.actor();
    may_attempt::<ManageUsers>(Some(actor))?;
    let filter = filter(state, limit, offset)?;
    let found = match query_id::<UnitId>(unit_id, "unit_id")? {
        Some(unit) => {
            let auth = authorize::<ManageUsers>(Some(actor), InUnit(unit))?;
            access_requests::queue(&app.db, Queue::Unit(&auth), &filter).await?
        }
        None => {
            let auth = authorize::<ManageUsersEverywhere>(Some(actor), policy::Global)?;
            access_requests::queue(&app.db, Queue::Everywhere(&auth), &filter).await?
        }
    };
    Ok(Json(found.into_iter().map(AccessRequestView::from).collect()))
}

/// The reach of a caller who files requests in the request's unit, or manages its users.
async fn readable(app: &App, actor: &Actor, id: &str) -> ApiResult<(Reach, AccessRequestId)> {
    if may_attempt::<RequestAccess>(Some(actor)).is_err() {
        may_attempt::<ManageUsers>(Some(actor))?;
    }
    let id: AccessRequestId = path_id(id)?;
    let unit = access_requests::locate(&app.db, id).await?;
    match authorize::<RequestAccess>(Some(actor), InUnit(unit)) {
        Ok(auth) => Ok((Reach::filer(&auth), id)),
        Err(Denied::Foreign | Denied::MissingPermission(_)) => {
            Ok((Reach::administrator(&authorize::<ManageUsers>(Some(actor), InUnit(unit))?), id))
        }
        Err(denied) => Err(denied.into()),
    }
}

/// One request, for the organization that filed it or the administrator.
#[utoipa::path(get, path = "/api/v1/access-requests/{id}", tag = "access_requests",
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = AccessRequestView), (status = 403), (status = 404)))]
#[get("/access-requests/<id>")]
pub async fn get_one(app: &State<App>, staff: Staff, id: &str) -> ApiResult<Json<AccessRequestView>> {
    let (reach, id) = readable(app, staff.actor(), id).await?;
    Ok(Json(access_requests::get(&app.db, &reach, id).await?.into()))
}
