//! Roles and the fixed list of permissions they are made of (§1.13).

use cabinet_core::policy::{Actor, Global, InUnit, ManageRoles, ManageUsers, authorize, may_grant};
use cabinet_core::text::{optional_line, required_line};
use cabinet_core::{Invalid, Permission, PermissionSet, RoleId};
use cabinet_storage::roles::{self, RoleFields};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, delete, get, patch, post, routes};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::params::path_id;
use crate::views::{PermissionView, RoleView};

pub fn routes() -> Vec<rocket::Route> {
    routes![permissions, list, create, get_one, update, remove]
}

/// Roles are read by those who define them and by those who assign them.
fn may_read(actor: &Actor) -> ApiResult<()> {
    match authorize::<ManageRoles>(Some(actor), Global) {
        Ok(_) => Ok(()),
        Err(_) => authorize::<ManageUsers>(Some(actor), InUnit(actor.unit.id)).map(|_| ()).map_err(Into::into),
    }
}

/// Every permission the code knows, with its Russian label.
#[utoipa::path(get, path = "/api/v1/permissions", tag = "roles", responses((status = 200, body = [PermissionView]), (status = 403)))]
#[get("/permissions")]
fn permissions(staff: Staff) -> ApiResult<Json<Vec<PermissionView>>> {
    may_read(staff.actor())?;
    Ok(Json(Permission::ALL.iter().map(|p| PermissionView::from(*p)).collect()))
}

#[utoipa::path(get, path = "/api/v1/roles", tag = "roles", responses((status = 200, body = [RoleView]), (status = 403)))]
#[get("/roles")]
pub(crate) async fn list(app: &State<App>, staff: Staff) -> ApiResult<Json<Vec<RoleView>>> {
    may_read(staff.actor())?;
    Ok(Json(roles::list(&app.db).await?.into_iter().map(RoleView::from).collect()))
}

#[utoipa::path(get, path = "/api/v1/roles/{id}", tag = "roles", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = RoleView), (status = 403), (status = 404)))]
#[get("/roles/<id>")]
pub(crate) async fn get_one(app: &State<App>, staff: Staff, id: &str) -> ApiResult<Json<RoleView>> {
    may_read(staff.actor())?;
    Ok(Json(roles::get(&app.db, path_id::<RoleId>(id)?).await?.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Permission codes, e.g. `news.write`.
    pub permissions: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RolePatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub permissions: Option<Vec<String>>,
}

fn fields(actor: &Actor, name: &str, description: &str, codes: &[String]) -> ApiResult<RoleFields> {
    let mut errors = Vec::new();
    let name = required_line(name, "name", 100).map_err(|e| errors.push(e)).ok();
    let description = optional_line(description, "description", 500).map_err(|e| errors.push(e)).ok();
    let mut permissions = PermissionSet::empty();
    for (i, code) in codes.iter().enumerate() {
        match code.parse::<Permission>() {
            Ok(p) => permissions.extend(&[p].into_iter().collect()),
            Err(_) => errors.push(Invalid::new(
                format!("permissions[{i}]"),
                "unknown_permission",
                format!("Неизвестное право «{code}»: список прав — GET /api/v1/permissions."),
            )),
        }
    }
    let (Some(name), Some(description)) = (name, description) else { return Err(ApiError::invalid(errors)) };
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    may_grant(actor, &permissions)?;
    Ok(RoleFields { name, description: description.unwrap_or_default(), permissions })
}

#[utoipa::path(post, path = "/api/v1/roles", tag = "roles", request_body = RoleRequest,
    responses((status = 201, body = RoleView), (status = 403), (status = 409), (status = 422)))]
#[post("/roles", data = "<body>")]
pub(crate) async fn create(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    body: Body<RoleRequest>,
) -> ApiResult<(Status, Json<RoleView>)> {
    let auth = authorize::<ManageRoles>(Some(staff.actor()), Global)?;
    let r = body.parse()?;
    let fields = fields(staff.actor(), &r.name, &r.description, &r.permissions)?;
    Ok((Status::Created, Json(roles::create(&app.db, &auth, fields, &origin.0).await?.into())))
}

/// Changes a role; its holders get the new permissions with their next request.
#[utoipa::path(patch, path = "/api/v1/roles/{id}", tag = "roles", params(("id" = uuid::Uuid, Path)), request_body = RolePatch,
    responses((status = 200, body = RoleView), (status = 403), (status = 404), (status = 409), (status = 422)))]
#[patch("/roles/<id>", data = "<body>")]
pub(crate) async fn update(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<RolePatch>,
) -> ApiResult<Json<RoleView>> {
    let auth = authorize::<ManageRoles>(Some(staff.actor()), Global)?;
    let id = path_id::<RoleId>(id)?;
    let current = roles::get(&app.db, id).await?;
    let p = body.parse()?;
    let codes = p.permissions.unwrap_or_else(|| current.permissions.iter().map(|p| p.code().to_owned()).collect());
    let fields = fields(
        staff.actor(),
        p.name.as_deref().unwrap_or(&current.name),
        p.description.as_deref().unwrap_or(&current.description),
        &codes,
    )?;
    Ok(Json(roles::update(&app.db, &auth, id, fields, &origin.0).await?.into()))
}

/// Deletes a role nobody holds.
#[utoipa::path(delete, path = "/api/v1/roles/{id}", tag = "roles", params(("id" = uuid::Uuid, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409, description = "Роль назначена пользователям")))]
#[delete("/roles/<id>")]
pub(crate) async fn remove(app: &State<App>, staff: Staff, origin: ClientOrigin, id: &str) -> ApiResult<Status> {
    let auth = authorize::<ManageRoles>(Some(staff.actor()), Global)?;
    roles::delete(&app.db, &auth, path_id::<RoleId>(id)?, &origin.0).await?;
    Ok(Status::NoContent)
}
