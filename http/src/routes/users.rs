//! Users, registered and managed by the administrator (§2.4, §2.7, §3.2–3.8).

use cabinet_core::policy::{
    self, Actor, Authorized, Denied, InUnit, ManageUsers, ManageUsersEverywhere, authorize, may_attempt, may_grant,
};
use cabinet_core::text::required_line;
use cabinet_core::user::{BlockReason, UserStatus};
use cabinet_core::{Email, Invalid, PermissionSet, RoleId, UnitId, UserId};
use cabinet_storage::users::{self, Filter, NewUser, UserChanges};
use cabinet_storage::{logins, outbox};
use cabinet_storage::{roles, units};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, patch, post, routes};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::App;
use crate::auth::{ClientOrigin, Staff, secrets};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::mail::Letter;
use crate::params::{limit, offset, path_id, query_id};
use crate::views::{UserView, ts};

pub fn routes() -> Vec<rocket::Route> {
    routes![list, create, get_one, update, block, unblock, issue_password, logins_of]
}

/// The witness for managing the users of the unit `id` belongs to.
async fn manage(app: &App, actor: &Actor, id: UserId) -> ApiResult<Authorized<ManageUsers>> {
    may_attempt::<ManageUsers>(Some(actor))?;
    let unit = users::unit_of(&app.db, id).await?;
    Ok(authorize::<ManageUsers>(Some(actor), InUnit(unit))?)
}

/// The roles with these ids, refusing unknown ones and any the actor could not hold itself.
pub(crate) async fn grantable_roles(app: &App, actor: &Actor, raw: &[String]) -> ApiResult<Vec<RoleId>> {
    let mut ids = Vec::with_capacity(raw.len());
    for (i, r) in raw.iter().enumerate() {
        ids.push(
            r.parse::<RoleId>()
                .map_err(|_| Invalid::new(format!("role_ids[{i}]"), "invalid_id", "Неверный идентификатор роли."))?,
        );
    }
    ids.sort();
    ids.dedup();
    let found = roles::get_many(&app.db, &ids).await.map_err(|e| match e {
        cabinet_storage::StorageError::UnknownReference { .. } => {
            ApiError::from(Invalid::new("role_ids", "unknown_role", "Среди ролей есть несуществующая."))
        }
        other => other.into(),
    })?;
    let mut granted = PermissionSet::empty();
    for role in &found {
        granted.extend(&role.permissions);
    }
    may_grant(actor, &granted)?;
    Ok(ids)
}

#[derive(Serialize, ToSchema)]
pub struct UserWithPassword {
    pub user: UserView,
    /// Shown once: the user must change it at first login. It is also e-mailed to the user.
    pub starting_password: String,
}

/// Users of one unit (`unit_id`), or of every unit the caller reaches.
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    params(("unit_id" = Option<uuid::Uuid>, Query), ("status" = Option<String>, Query, description = "active или blocked"),
           ("q" = Option<String>, Query, description = "Часть логина или ФИО"),
           ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "По умолчанию 50"),
           ("offset" = Option<i64>, Query, minimum = 0)),
    responses((status = 200, body = [UserView]), (status = 401), (status = 403)))]
#[get("/users?<unit_id>&<status>&<q>&<limit>&<offset>")]
pub(crate) async fn list(
    app: &State<App>,
    staff: Staff,
    unit_id: Option<&str>,
    status: Option<&str>,
    q: Option<&str>,
    limit: Option<&str>,
    offset: Option<&str>,
) -> ApiResult<Json<Vec<UserView>>> {
    let filter = Filter {
        status: match status.filter(|s| !s.is_empty()) {
            None => None,
            Some("active") => Some(UserStatus::Active),
            Some("blocked") => Some(UserStatus::Blocked),
            Some(_) => return Err(Invalid::new("status", "invalid_status", "Статус: active или blocked.").into()),
        },
        query: q.map(str::trim).filter(|q| !q.is_empty()).map(str::to_owned),
        limit: self::limit(limit, 50, 200)?,
        offset: self::offset(offset)?,
    };
    let actor = staff.actor();
    let found = match query_id::<UnitId>(unit_id, "unit_id")? {
        Some(unit) => {
            users::list_in_unit(&app.db, &authorize::<ManageUsers>(Some(actor), InUnit(unit))?, &filter).await?
        }
        None => match authorize::<ManageUsersEverywhere>(Some(actor), policy::Global) {
            Ok(everywhere) => users::list_all(&app.db, &everywhere, &filter).await?,
            Err(Denied::OutOfReach) => {
                let own = authorize::<ManageUsers>(Some(actor), InUnit(actor.unit.id))?;
                users::list_in_unit(&app.db, &own, &filter).await?
            }
            Err(denied) => return Err(denied.into()),
        },
    };
    Ok(Json(found.into_iter().map(UserView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    /// The login (§1.7).
    #[schema(format = Email)]
    pub email: String,
    pub full_name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub phone: String,
    #[schema(value_type = uuid::Uuid)]
    pub unit_id: String,
    #[serde(default)]
    pub role_ids: Vec<String>,
}

/// Registers a user with a starting password, shown once and e-mailed (§2.4, §3.4).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUserRequest,
    responses((status = 201, body = UserWithPassword), (status = 403), (status = 409), (status = 422)))]
#[post("/users", data = "<body>")]
pub(crate) async fn create(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    body: Body<NewUserRequest>,
) -> ApiResult<(Status, Json<UserWithPassword>)> {
    may_attempt::<ManageUsers>(Some(staff.actor()))?;
    let request = body.parse()?;
    let unit = request
        .unit_id
        .parse::<UnitId>()
        .map_err(|_| Invalid::new("unit_id", "invalid_id", "Неверный идентификатор подразделения."))?;
    let auth = authorize::<ManageUsers>(Some(staff.actor()), InUnit(unit))?;
    units::get(&app.db, unit).await.map_err(|e| match e {
        cabinet_storage::StorageError::NotFound => {
            Invalid::new("unit_id", "unknown_unit", "Такого подразделения нет.").into()
        }
        other => ApiError::from(other),
    })?;
    let mut errors = Vec::new();
    let email = Email::parse(&request.email).map_err(|e| errors.push(e)).ok();
    let full_name = required_line(&request.full_name, "full_name", 200).map_err(|e| errors.push(e)).ok();
    let position =
        cabinet_core::text::optional_line(&request.position, "position", 200).map_err(|e| errors.push(e)).ok();
    let phone = cabinet_core::text::optional_line(&request.phone, "phone", 50).map_err(|e| errors.push(e)).ok();
    let (Some(email), Some(full_name), Some(position), Some(phone)) = (email, full_name, position, phone) else {
        return Err(ApiError::invalid(errors));
    };
    let role_ids = grantable_roles(app, staff.actor(), &request.role_ids).await?;
    let password = secrets::starting_password();
    let new = NewUser {
        email,
        full_name,
        position: position.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
        role_ids,
        password_hash: app.hasher.hash(&password).await?,
    };
    let letter = password_letter(app, new.email.as_str(), &new.full_name, &password, Letter::NewUser)?;
    let user = users::create(&app.db, &auth, new, &[letter], &origin.0).await?;
    app.jobs.wake();
    Ok((Status::Created, Json(UserWithPassword { user: user.into(), starting_password: password })))
}

/// The letter with a starting password, for the outbox: written in the transaction that sets
/// the password, sent by the job runner.
pub(crate) fn password_letter(
    app: &App,
    email: &str,
    full_name: &str,
    password: &str,
    letter: Letter,
) -> ApiResult<outbox::Letter> {
    let data = json!({
        "full_name": full_name, "email": email, "password": password, "login_url": app.config.public_url,
    });
    Ok(app.mailer.render(email, letter, &data)?)
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = UserView), (status = 403), (status = 404)))]
#[get("/users/<id>")]
pub(crate) async fn get_one(app: &State<App>, staff: Staff, id: &str) -> ApiResult<Json<UserView>> {
    let id = path_id::<UserId>(id)?;
    let auth = manage(app, staff.actor(), id).await?;
    Ok(Json(users::get(&app.db, &auth, id).await?.into()))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub email: Option<String>,
    pub full_name: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    /// Moving a user to another unit ends their sessions.
    pub unit_id: Option<String>,
    /// Replaces the user's roles.
    pub role_ids: Option<Vec<String>>,
}

/// Edits a user's profile, unit and roles; omitted fields stay as they are.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = uuid::Uuid, Path)), request_body = UserPatch,
    responses((status = 200, body = UserView), (status = 403), (status = 404), (status = 409), (status = 422)))]
#[patch("/users/<id>", data = "<body>")]
pub(crate) async fn update(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<UserPatch>,
) -> ApiResult<Json<UserView>> {
    let id = path_id::<UserId>(id)?;
    let auth = manage(app, staff.actor(), id).await?;
    let patch = body.parse()?;
    // Everything is checked before anything is written.
    let mut errors = Vec::new();
    let changes = UserChanges {
        email: patch.email.as_deref().map(Email::parse).transpose().map_err(|e| errors.push(e)).ok().flatten(),
        full_name: patch
            .full_name
            .as_deref()
            .map(|n| required_line(n, "full_name", 200))
            .transpose()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten(),
        position: patch
            .position
            .as_deref()
            .map(|p| cabinet_core::text::optional_line(p, "position", 200).map(Option::unwrap_or_default))
            .transpose()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten(),
        phone: patch
            .phone
            .as_deref()
            .map(|p| cabinet_core::text::optional_line(p, "phone", 50).map(Option::unwrap_or_default))
            .transpose()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten(),
    };
    let destination = patch
        .unit_id
        .as_deref()
        .map(|u| u.parse::<UnitId>())
        .transpose()
        .map_err(|_| errors.push(Invalid::new("unit_id", "invalid_id", "Неверный идентификатор подразделения.")))
        .ok()
        .flatten();
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let role_ids = match &patch.role_ids {
        Some(raw) => Some(grantable_roles(app, staff.actor(), raw).await?),
        None => None,
    };
    let moving = match destination {
        Some(unit) if unit != *auth_unit(&auth) => {
            let to = authorize::<ManageUsers>(Some(staff.actor()), InUnit(unit))?;
            units::get(&app.db, unit).await.map_err(|e| match e {
                cabinet_storage::StorageError::NotFound => {
                    Invalid::new("unit_id", "unknown_unit", "Такого подразделения нет.").into()
                }
                other => ApiError::from(other),
            })?;
            Some(to)
        }
        _ => None,
    };
    if Some(id) == staff.actor().user_id() && moving.is_some() {
        return Err(Invalid::new(
            "unit_id",
            "cannot_move_self",
            "Нельзя перевести в другое подразделение самого себя.",
        )
        .into());
    }
    let mut user = users::update(&app.db, &auth, id, changes, &origin.0).await?;
    if let Some(role_ids) = role_ids {
        user = users::set_roles(&app.db, &auth, id, &role_ids, &origin.0).await?;
    }
    if let Some(to) = moving {
        users::move_to_unit(&app.db, &auth, &to, id, &origin.0).await?;
        user = users::get(&app.db, &to, id).await?;
    }
    Ok(Json(user.into()))
}

fn auth_unit(auth: &Authorized<ManageUsers>) -> &UnitId {
    let InUnit(unit) = auth.target();
    unit
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockRequest {
    /// The ground of §2.7: `user_request`, `organization_request` or `suspected_compromise`.
    pub reason: String,
    #[serde(default)]
    pub comment: String,
}

/// Cuts the user's access at once: every session ends (§2.7).
#[utoipa::path(post, path = "/api/v1/users/{id}/block", tag = "users", params(("id" = uuid::Uuid, Path)),
    request_body = BlockRequest, responses((status = 200, body = UserView), (status = 403), (status = 404), (status = 422)))]
#[post("/users/<id>/block", data = "<body>")]
pub(crate) async fn block(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<BlockRequest>,
) -> ApiResult<Json<UserView>> {
    let id = path_id::<UserId>(id)?;
    let auth = manage(app, staff.actor(), id).await?;
    let request = body.parse()?;
    let reason = BlockReason::parse(&request.reason)?;
    let comment = cabinet_core::text::optional_line(&request.comment, "comment", 500)?;
    if Some(id) == staff.actor().user_id() {
        return Err(ApiError::new(
            Status::UnprocessableEntity,
            "cannot_block_self",
            "Нельзя заблокировать самого себя.",
        ));
    }
    let stored = match comment {
        Some(c) => format!("{}: {c}", reason.code()),
        None => reason.code().to_owned(),
    };
    Ok(Json(users::block(&app.db, &auth, id, &stored, &origin.0).await?.into()))
}

/// Restores the user's access.
#[utoipa::path(post, path = "/api/v1/users/{id}/unblock", tag = "users", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = UserView), (status = 403), (status = 404)))]
#[post("/users/<id>/unblock")]
pub(crate) async fn unblock(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
) -> ApiResult<Json<UserView>> {
    let id = path_id::<UserId>(id)?;
    let auth = manage(app, staff.actor(), id).await?;
    Ok(Json(users::unblock(&app.db, &auth, id, &origin.0).await?.into()))
}

/// Issues a new starting password (§3.11: recovery on the organization's request). The user's
/// sessions end and the password must be changed at the next login.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = UserWithPassword), (status = 403), (status = 404)))]
#[post("/users/<id>/password")]
pub(crate) async fn issue_password(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
) -> ApiResult<Json<UserWithPassword>> {
    let id = path_id::<UserId>(id)?;
    let auth = manage(app, staff.actor(), id).await?;
    let password = secrets::starting_password();
    let hash = app.hasher.hash(&password).await?;
    let current = users::get(&app.db, &auth, id).await?;
    let letter = password_letter(app, &current.email, &current.full_name, &password, Letter::PasswordIssued)?;
    let user = users::issue_password(&app.db, &auth, id, &hash, &[letter], &origin.0).await?;
    app.jobs.wake();
    Ok(Json(UserWithPassword { user: user.into(), starting_password: password }))
}

#[derive(Serialize, ToSchema)]
pub struct LoginAttemptView {
    pub at: String,
    pub email: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// `success`, `bad_password`, `blocked` or `throttled`.
    pub outcome: String,
}

/// The user's recent login attempts: evidence when unauthorized access is suspected (§2.7).
#[utoipa::path(get, path = "/api/v1/users/{id}/logins", tag = "users", params(("id" = uuid::Uuid, Path),
    ("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "По умолчанию 50")),
    responses((status = 200, body = [LoginAttemptView]), (status = 403), (status = 404)))]
#[get("/users/<id>/logins?<limit>")]
pub(crate) async fn logins_of(
    app: &State<App>,
    staff: Staff,
    id: &str,
    limit: Option<&str>,
) -> ApiResult<Json<Vec<LoginAttemptView>>> {
    let id = path_id::<UserId>(id)?;
    let auth = manage(app, staff.actor(), id).await?;
    let attempts = logins::history(&app.db, &auth, id, self::limit(limit, 50, 500)?).await?;
    Ok(Json(
        attempts
            .into_iter()
            .map(|a| LoginAttemptView {
                at: ts(a.at),
                email: a.email,
                ip: a.ip,
                user_agent: a.user_agent,
                outcome: a.outcome,
            })
            .collect(),
    ))
}
