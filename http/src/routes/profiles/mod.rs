//! An organization's reference info (§6.2) kept by its own staff, its change history, its
//! quarterly confirmation (§6.3), and the central committee's list of overdue confirmations.
//!
//! Only organizations have a profile: for a department or the central committee these routes
//! answer 404, as for an unknown id. Another organization's profile answers the same 404.

pub mod views;

use cabinet_core::policy::{Authorized, EditProfile, Global, InUnit, ManageUnits, authorize};
use cabinet_core::profile::ProfileInput;
use cabinet_storage::profiles;
use rocket::serde::json::Json;
use rocket::{State, get, post, put, routes};

pub use views::{
    ConfirmationView, FieldChangeView, MissingField, ProfileChangeView, ProfileForm, ProfileView, ResponsibleForm,
    UnconfirmedView,
};

use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::params::{self, path_id};
use views::union_now;

pub fn routes() -> Vec<rocket::Route> {
    routes![get_one, update, confirm, history, overdue]
}

/// The witness for editing the profile of the organization in the path.
fn edit(staff: &Staff, unit_id: &str) -> ApiResult<Authorized<EditProfile>> {
    Ok(authorize::<EditProfile>(Some(staff.actor()), InUnit(path_id(unit_id)?))?)
}

async fn view(app: &App, auth: &Authorized<EditProfile>) -> ApiResult<Json<ProfileView>> {
    let stored = profiles::get(&app.db, auth).await?;
    Ok(Json(ProfileView::of(stored, union_now())?))
}

/// The organization's profile with what is still missing and whether it is confirmed.
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/profile", tag = "profiles", params(("unit_id" = uuid::Uuid, Path)),
    responses((status = 200, body = ProfileView)))]
#[get("/units/<unit_id>/profile")]
pub(crate) async fn get_one(app: &State<App>, staff: Staff, unit_id: &str) -> ApiResult<Json<ProfileView>> {
    let auth = edit(&staff, unit_id)?;
    view(app, &auth).await
}

/// Replaces the profile with the form sent. Required fields may stay empty while the profile
/// is being filled in; every value given must be valid, and all refusals come at once.
#[utoipa::path(put, path = "/api/v1/units/{unit_id}/profile", tag = "profiles", params(("unit_id" = uuid::Uuid, Path)),
    request_body = ProfileForm, responses((status = 200, body = ProfileView)))]
#[put("/units/<unit_id>/profile", data = "<body>")]
pub(crate) async fn update(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    unit_id: &str,
    body: Body<ProfileForm>,
) -> ApiResult<Json<ProfileView>> {
    let auth = edit(&staff, unit_id)?;
    let profile = ProfileInput::from(body.parse()?).parse().map_err(ApiError::invalid)?;
    profiles::save(&app.db, &auth, &profile, &origin.0).await?;
    view(app, &auth).await
}

/// Confirms that the profile is current (§6.3: once a quarter). Every required field must be
/// filled in; otherwise 422 `profile_incomplete` lists the missing ones.
#[utoipa::path(post, path = "/api/v1/units/{unit_id}/profile/confirm", tag = "profiles",
    params(("unit_id" = uuid::Uuid, Path)),
    responses((status = 200, body = ProfileView),
        (status = 422, description = "Не заполнены обязательные поля (profile_incomplete)")))]
#[post("/units/<unit_id>/profile/confirm")]
pub(crate) async fn confirm(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    unit_id: &str,
) -> ApiResult<Json<ProfileView>> {
    let auth = edit(&staff, unit_id)?;
    if let Err(missing) = profiles::confirm(&app.db, &auth, &origin.0).await? {
        let mut refusal = ApiError::invalid(missing);
        refusal.code = "profile_incomplete";
        refusal.message =
            "Подтвердить актуальность можно только полностью заполненной справочной информации: заполните \
             обязательные поля."
                .to_owned();
        return Err(refusal);
    }
    view(app, &auth).await
}

/// Who changed which fields of the profile, from what to what; newest first.
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/profile/history", tag = "profiles",
    params(("unit_id" = uuid::Uuid, Path),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "По умолчанию 50")),
    responses((status = 200, body = [ProfileChangeView])))]
#[get("/units/<unit_id>/profile/history?<limit>")]
pub(crate) async fn history(
    app: &State<App>,
    staff: Staff,
    unit_id: &str,
    limit: Option<&str>,
) -> ApiResult<Json<Vec<ProfileChangeView>>> {
    let auth = edit(&staff, unit_id)?;
    let limit = params::limit(limit, 50, 200)?;
    let changes = profiles::history(&app.db, &auth, limit).await?;
    Ok(Json(changes.into_iter().map(ProfileChangeView::from).collect()))
}

/// Organizations that never confirmed their profile or whose last confirmation is more than
/// three months old (§6.3): never confirmed first, then the longest overdue.
#[utoipa::path(get, path = "/api/v1/profiles/overdue", tag = "profiles",
    responses((status = 200, body = [UnconfirmedView])))]
#[get("/profiles/overdue")]
pub(crate) async fn overdue(app: &State<App>, staff: Staff) -> ApiResult<Json<Vec<UnconfirmedView>>> {
    let auth = authorize::<ManageUnits>(Some(staff.actor()), Global)?;
    let now = union_now();
    let due = profiles::unconfirmed(&app.db, &auth, now).await?;
    Ok(Json(due.into_iter().map(|u| UnconfirmedView::of(u, now)).collect::<Result<_, _>>()?))
}
