//! The organization's side: filing a request, and withdrawing a pending one.

use cabinet_core::access_requests::{AccessRequestInput, AccessRoles, Event, transition};
use cabinet_core::ids::AccessRequestId;
use cabinet_core::policy::{Authorized, InUnit, RequestAccess, authorize, may_attempt};
use cabinet_core::user::UserStatus;
use cabinet_core::{Invalid, UnitId};
use cabinet_storage::access_requests::{self, Reach};
use cabinet_storage::units;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, post};
use serde::Deserialize;
use utoipa::ToSchema;

use super::view::AccessRequestView;
use super::{refused, storage_error};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::params::path_id;

/// A request as the organization sends it (§3.2, §3.6–3.8). Which fields apply depends on
/// `kind`: `connect` — `full_name`, `position`, `phone`, `email`, `functions`; `replace` —
/// `user_id` and the new user's fields as for `connect`; `disconnect` — `user_id` and `reason`.
/// `note` is optional for every kind; a field the kind does not use is refused.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessRequestBody {
    /// `connect`, `replace` or `disconnect`.
    #[serde(default)]
    pub kind: String,
    /// The new user's surname, name and patronymic.
    #[schema(max_length = 200)]
    pub full_name: Option<String>,
    #[schema(max_length = 200)]
    pub position: Option<String>,
    /// A Russian number, e.g. `+7 495 123-45-67` or `8 (495) 123-45-67`, optionally `доб. 123`.
    pub phone: Option<String>,
    /// The new user's login (§1.7).
    #[schema(format = Email)]
    pub email: Option<String>,
    /// Permission codes of the functions the new user needs, at least one of: `profile.edit`,
    /// `news.write`, `media.upload`, `appeals.answer`, `reports.fill`, `materials.read`,
    /// `access.request`.
    pub functions: Option<Vec<String>>,
    /// The organization's user to replace or disconnect (see
    /// `GET /api/v1/units/{unit_id}/access-requests/users`).
    #[schema(value_type = Option<uuid::Uuid>)]
    pub user_id: Option<String>,
    /// Why the user is disconnected (disconnect); up to 2000 characters.
    pub reason: Option<String>,
    /// Anything the administrator should know; up to 2000 characters.
    pub note: Option<String>,
}

impl AccessRequestBody {
    fn into_input(self) -> AccessRequestInput {
        AccessRequestInput {
            kind: self.kind,
            full_name: self.full_name,
            position: self.position,
            phone: self.phone,
            email: self.email,
            functions: self.functions,
            user_id: self.user_id,
            reason: self.reason,
            note: self.note,
        }
    }
}

/// Files a request to connect, replace or disconnect a user of the organization. Every field's
/// problem is named at once, including a `user_id` that is not an active user of the organization.
#[utoipa::path(post, path = "/api/v1/units/{unit_id}/access-requests", tag = "access_requests",
    params(("unit_id" = uuid::Uuid, Path)), request_body = AccessRequestBody,
    responses((status = 201, body = AccessRequestView), (status = 403), (status = 422)))]
#[post("/units/<unit_id>/access-requests", data = "<body>")]
pub async fn create(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    unit_id: &str,
    body: Body<AccessRequestBody>,
) -> ApiResult<(Status, Json<AccessRequestView>)> {
    let unit: UnitId = path_id(unit_id)?;
    let auth = authorize::<RequestAccess>(Some(staff.actor()), InUnit(unit))?;
    units::get(&app.db, unit).await?;
    let input = body.parse()?.into_input();
    let parsed = input.parse();
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    // Checked even when other fields are wrong, so that every problem is named at once.
    errors.extend(named_user_problem(app, &auth, &input).await?);
    let new = match parsed {
        Ok(new) if errors.is_empty() => new,
        _ => return Err(ApiError::invalid(errors)),
    };
    let stored = access_requests::create(&app.db, &auth, &new, &origin.0).await?;
    Ok((Status::Created, Json(stored.into())))
}

/// What is wrong with the user a replacement or disconnection names: not an active user of the
/// organization (another organization's user looks the same as an unknown one).
async fn named_user_problem(
    app: &App,
    auth: &Authorized<RequestAccess>,
    input: &AccessRequestInput,
) -> ApiResult<Option<Invalid>> {
    let (Some(kind), Some(user)) = (input.kind(), input.named_user()) else { return Ok(None) };
    if !kind.blocks_user() {
        return Ok(None);
    }
    Ok(match access_requests::member_status(&app.db, auth, user).await? {
        Some(UserStatus::Active) => None,
        Some(UserStatus::Blocked) => Some(Invalid::new(
            "user_id",
            "user_blocked",
            "Доступ этого пользователя уже отключён: заменить или отключить можно только действующего \
             пользователя организации.",
        )),
        None => Some(Invalid::new(
            "user_id",
            "unknown_user",
            "В вашей организации нет такого пользователя. Выберите его из списка пользователей организации.",
        )),
    })
}

/// Withdraws a pending request of the organization; a decided one stays as it is (409).
#[utoipa::path(post, path = "/api/v1/access-requests/{id}/withdraw", tag = "access_requests",
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = AccessRequestView), (status = 403), (status = 404),
        (status = 409, description = "Заявка уже одобрена, отклонена или отозвана")))]
#[post("/access-requests/<id>/withdraw")]
pub async fn withdraw(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
) -> ApiResult<Json<AccessRequestView>> {
    let actor = staff.actor();
    may_attempt::<RequestAccess>(Some(actor))?;
    let id: AccessRequestId = path_id(id)?;
    let unit = access_requests::locate(&app.db, id).await?;
    let auth = authorize::<RequestAccess>(Some(actor), InUnit(unit))?;
    let before = access_requests::get(&app.db, &Reach::filer(&auth), id).await?;
    let step = transition(before.kind, before.state, Event::Withdraw, AccessRoles::of(actor, unit))
        .map_err(|r| refused(&r))?;
    let after = access_requests::withdraw(&app.db, &auth, &before, &step, &origin.0).await.map_err(storage_error)?;
    Ok(Json(after.into()))
}
