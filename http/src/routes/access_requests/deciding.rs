//! The administrator's side: approving a request — the account is created with the roles the
//! administrator chooses and a starting password e-mailed as at any registration, the named user
//! is blocked — or declining it with a reason the organization sees.

use cabinet_core::access_requests::{AccessRoles, DeclineReason, Event, RequestKind, transition};
use cabinet_core::ids::AccessRequestId;
use cabinet_core::policy::{Authorized, InUnit, ManageUsers, authorize, may_attempt};
use cabinet_core::user::{BlockReason, UserStatus};
use cabinet_core::{Email, Invalid};
use cabinet_storage::StorageError;
use cabinet_storage::access_requests::{self, Approval, Reach, StoredRequest};
use cabinet_storage::users::{self, NewUser};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, post};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use super::view::{AccessRequestApproval, AccessRequestView};
use super::{refused, storage_error};
use crate::App;
use crate::auth::{ClientOrigin, Staff, secrets};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::mail::Letter;
use crate::params::path_id;
use crate::routes::users::{grantable_roles, password_letter};

/// The request, for a caller who manages the users of its unit.
async fn decidable(app: &App, staff: &Staff, id: &str) -> ApiResult<(Authorized<ManageUsers>, StoredRequest)> {
    may_attempt::<ManageUsers>(Some(staff.actor()))?;
    let id: AccessRequestId = path_id(id)?;
    let unit = access_requests::locate(&app.db, id).await?;
    let auth = authorize::<ManageUsers>(Some(staff.actor()), InUnit(unit))?;
    let request = access_requests::get(&app.db, &Reach::administrator(&auth), id).await?;
    Ok((auth, request))
}

/// The roles the new user gets.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveBody {
    /// Roles for the new user (connect, replace), chosen by the administrator with the request's
    /// `functions` in view; none preselected. Must be empty for a disconnection.
    #[serde(default)]
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub role_ids: Vec<String>,
}

/// Approves a pending request in one transaction: a connection creates the user (the starting
/// password is shown once and e-mailed, §3.4), a disconnection blocks the named user and ends
/// their sessions (§2.7), a replacement does both. If the new e-mail is taken, nothing changes
/// and the request stays pending.
#[utoipa::path(post, path = "/api/v1/access-requests/{id}/approve", tag = "access_requests",
    params(("id" = uuid::Uuid, Path)), request_body = ApproveBody,
    responses((status = 200, body = AccessRequestApproval), (status = 403), (status = 404),
        (status = 409, description = "Заявка уже рассмотрена или отозвана, адрес электронной почты занят, \
            или заменяемый пользователь уже отключён"),
        (status = 422)))]
#[post("/access-requests/<id>/approve", data = "<body>")]
pub async fn approve(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<ApproveBody>,
) -> ApiResult<Json<AccessRequestApproval>> {
    let (auth, before) = decidable(app, &staff, id).await?;
    let roles = AccessRoles::of(staff.actor(), before.unit_id);
    let step = transition(before.kind, before.state, Event::Approve, roles).map_err(|r| refused(&r))?;
    let request = body.parse()?;
    if before.kind == RequestKind::Disconnect && !request.role_ids.is_empty() {
        return Err(Invalid::new(
            "role_ids",
            "not_applicable",
            "Заявка на отключение пользователя не создаёт учётную запись: роли не указываются.",
        )
        .into());
    }
    let role_ids = grantable_roles(app, staff.actor(), &request.role_ids).await?;
    let block_reason = match &before.user {
        Some(named) if step.blocks_user => Some(still_active(app, &auth, &before, named.id).await?),
        _ => None,
    };
    let password = step.creates_user.then(secrets::starting_password);
    let new_user = match &password {
        Some(password) => Some(new_user(app, &before, role_ids, password).await?),
        None => None,
    };
    let letters = match (&new_user, &password) {
        (Some(new), Some(password)) => {
            vec![password_letter(app, new.email.as_str(), &new.full_name, password, Letter::NewUser)?]
        }
        _ => Vec::new(),
    };
    let approval = Approval { new_user, block_reason, letters };
    let (after, user) = access_requests::approve(&app.db, &auth, &before, &step, approval, &origin.0)
        .await
        .map_err(|e| approval_error(e, &before))?;
    app.jobs.wake();
    Ok(Json(AccessRequestApproval { request: after.into(), user: user.map(Into::into), starting_password: password }))
}

/// The block reason for the user the request names, once they are still an active user of its
/// unit; stored like a block by hand on the organization's request (§2.7).
async fn still_active(
    app: &App,
    auth: &Authorized<ManageUsers>,
    request: &StoredRequest,
    user: cabinet_core::UserId,
) -> ApiResult<String> {
    let current = users::get(&app.db, auth, user).await.map_err(|e| match e {
        StorageError::NotFound => gone(),
        other => other.into(),
    })?;
    if current.status != UserStatus::Active {
        return Err(gone());
    }
    let why = request.reason.clone().unwrap_or_else(|| format!("замена пользователя по заявке {}", request.id));
    Ok(format!("{}: {why}", BlockReason::OrganizationRequest.code()))
}

fn gone() -> ApiError {
    ApiError::new(
        Status::Conflict,
        "access_request_user_inactive",
        "Пользователь, которого заявка просит заменить или отключить, уже отключён или больше не состоит в \
         организации. Отклоните заявку с указанием причины.",
    )
    .with_details(json!({ "field": "user_id" }))
}

/// The account the request asks for, with the chosen roles and the starting password's hash.
async fn new_user(
    app: &App,
    request: &StoredRequest,
    role_ids: Vec<cabinet_core::RoleId>,
    password: &str,
) -> ApiResult<NewUser> {
    // Checked when the request was filed; read again, a stored value that no longer passes is ours.
    let email = request.email.as_deref().map(Email::parse).transpose().ok().flatten().ok_or_else(|| {
        tracing::error!(request = %request.id, "an access request without a valid e-mail");
        ApiError::internal()
    })?;
    Ok(NewUser {
        email,
        full_name: request.full_name.clone().unwrap_or_default(),
        position: request.position.clone().unwrap_or_default(),
        phone: request.phone.clone().unwrap_or_default(),
        role_ids,
        password_hash: app.hasher.hash(password).await?,
    })
}

fn approval_error(e: StorageError, request: &StoredRequest) -> ApiError {
    match e {
        StorageError::Conflict { what: "email" } => ApiError::new(
            Status::Conflict,
            "email_taken",
            format!(
                "Пользователь с адресом {} уже зарегистрирован, поэтому заявку нельзя одобрить: никто не создан, \
                 заявка осталась на рассмотрении. Отклоните её с указанием причины — организация сможет подать \
                 новую с другим адресом.",
                request.email.as_deref().unwrap_or_default()
            ),
        )
        .with_details(json!({ "field": "email" })),
        StorageError::NotFound => gone(),
        other => storage_error(other),
    }
}

/// Why the administrator declines.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclineBody {
    /// Shown to the organization; required, up to 2000 characters.
    #[serde(default)]
    pub reason: String,
}

/// Declines a pending request with a reason the organization sees.
#[utoipa::path(post, path = "/api/v1/access-requests/{id}/decline", tag = "access_requests",
    params(("id" = uuid::Uuid, Path)), request_body = DeclineBody,
    responses((status = 200, body = AccessRequestView), (status = 403), (status = 404),
        (status = 409, description = "Заявка уже рассмотрена или отозвана"), (status = 422)))]
#[post("/access-requests/<id>/decline", data = "<body>")]
pub async fn decline(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<DeclineBody>,
) -> ApiResult<Json<AccessRequestView>> {
    let (auth, before) = decidable(app, &staff, id).await?;
    let reason = DeclineReason::parse(&body.parse()?.reason)?;
    let roles = AccessRoles::of(staff.actor(), before.unit_id);
    let step = transition(before.kind, before.state, Event::Decline { reason }, roles).map_err(|r| refused(&r))?;
    let after = access_requests::decline(&app.db, &auth, &before, &step, &origin.0).await.map_err(storage_error)?;
    Ok(Json(after.into()))
}
