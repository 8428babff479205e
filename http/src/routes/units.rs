//! Organizations and departments, managed by the administrator (§2.4).

use cabinet_core::policy::{Global, ManageUnits, authorize};
use cabinet_core::text::{optional_line, required_line};
use cabinet_core::unit::OrgKind;
use cabinet_core::{Invalid, Slug, UnitId, UnitKind};
use cabinet_storage::units::{self, UnitFields};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, patch, post, routes};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::params::path_id;
use crate::views::UnitView;

pub fn routes() -> Vec<rocket::Route> {
    routes![list, create, get_one, update]
}

/// Every unit, optionally of one kind.
#[utoipa::path(get, path = "/api/v1/units", tag = "units",
    params(("kind" = Option<String>, Query, description = "organization, department или central")),
    responses((status = 200, body = [UnitView]), (status = 401), (status = 403)))]
#[get("/units?<kind>")]
pub(crate) async fn list(app: &State<App>, staff: Staff, kind: Option<&str>) -> ApiResult<Json<Vec<UnitView>>> {
    authorize::<ManageUnits>(Some(staff.actor()), Global)?;
    let kind = kind.filter(|k| !k.is_empty()).map(str::parse::<UnitKind>).transpose()?;
    Ok(Json(units::list(&app.db, kind).await?.into_iter().map(UnitView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    /// `organization` or `department`.
    pub kind: String,
    /// The page address: lowercase Latin letters, digits and hyphens.
    pub slug: String,
    pub full_name: String,
    pub short_name: String,
    /// `regional` or `interregional`; required for organizations.
    pub org_kind: Option<String>,
    pub region: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct UnitPatch {
    pub slug: Option<String>,
    pub full_name: Option<String>,
    pub short_name: Option<String>,
    pub org_kind: Option<String>,
    /// An empty string clears the region.
    pub region: Option<String>,
}

/// Checks every field and reports all failures at once.
fn fields(kind: UnitKind, n: &NewUnit) -> ApiResult<UnitFields> {
    let mut errors = Vec::new();
    let slug = Slug::parse(&n.slug).map_err(|e| errors.push(e)).ok();
    let full_name = required_line(&n.full_name, "full_name", 300).map_err(|e| errors.push(e)).ok();
    let short_name = required_line(&n.short_name, "short_name", 120).map_err(|e| errors.push(e)).ok();
    let region = optional_line(n.region.as_deref().unwrap_or_default(), "region", 200).map_err(|e| errors.push(e)).ok();
    let org_kind = match (kind, n.org_kind.as_deref().filter(|k| !k.is_empty())) {
        (UnitKind::Organization, None) => {
            errors.push(Invalid::new("org_kind", "required", "Укажите вид организации: regional или interregional."));
            None
        }
        (UnitKind::Organization, Some(k)) => k.parse::<OrgKind>().map_err(|e| errors.push(e)).ok(),
        (_, Some(_)) => {
            errors.push(Invalid::new("org_kind", "not_applicable", "Вид указывается только для организаций."));
            None
        }
        (_, None) => None,
    };
    match (slug, full_name, short_name, region) {
        (Some(slug), Some(full_name), Some(short_name), Some(region)) if errors.is_empty() => {
            Ok(UnitFields { slug, full_name, short_name, org_kind, region })
        }
        _ => Err(ApiError::invalid(errors)),
    }
}

/// Creates an organization or a department.
#[utoipa::path(post, path = "/api/v1/units", tag = "units", request_body = NewUnit,
    responses((status = 201, body = UnitView), (status = 409, description = "Адрес страницы занят"), (status = 422)))]
#[post("/units", data = "<body>")]
pub(crate) async fn create(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    body: Body<NewUnit>,
) -> ApiResult<(Status, Json<UnitView>)> {
    let auth = authorize::<ManageUnits>(Some(staff.actor()), Global)?;
    let request = body.parse()?;
    let kind: UnitKind = request.kind.parse()?;
    if kind == UnitKind::Central {
        return Err(Invalid::new(
            "kind",
            "central_exists",
            "Центральный комитет уже есть: он создаётся при первом запуске.",
        )
        .into());
    }
    let fields = fields(kind, &request)?;
    let unit = units::create(&app.db, &auth, kind, fields, &origin.0).await?;
    Ok((Status::Created, Json(unit.into())))
}

#[utoipa::path(get, path = "/api/v1/units/{id}", tag = "units", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = UnitView), (status = 404)))]
#[get("/units/<id>")]
pub(crate) async fn get_one(app: &State<App>, staff: Staff, id: &str) -> ApiResult<Json<UnitView>> {
    authorize::<ManageUnits>(Some(staff.actor()), Global)?;
    Ok(Json(units::get(&app.db, path_id::<UnitId>(id)?).await?.into()))
}

/// Changes a unit's names, address or region; omitted fields stay as they are.
#[utoipa::path(patch, path = "/api/v1/units/{id}", tag = "units", params(("id" = uuid::Uuid, Path)), request_body = UnitPatch,
    responses((status = 200, body = UnitView), (status = 404), (status = 409), (status = 422)))]
#[patch("/units/<id>", data = "<body>")]
pub(crate) async fn update(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
    body: Body<UnitPatch>,
) -> ApiResult<Json<UnitView>> {
    let auth = authorize::<ManageUnits>(Some(staff.actor()), Global)?;
    let id = path_id::<UnitId>(id)?;
    let current = units::get(&app.db, id).await?;
    let patch = body.parse()?;
    let merged = NewUnit {
        kind: current.kind.code().to_owned(),
        slug: patch.slug.unwrap_or(current.slug),
        full_name: patch.full_name.unwrap_or(current.full_name),
        short_name: patch.short_name.unwrap_or(current.short_name),
        org_kind: patch.org_kind.or(current.org_kind.map(|k| k.code().to_owned())),
        region: patch.region.or(current.region),
    };
    let fields = fields(current.kind, &merged)?;
    Ok(Json(units::update(&app.db, &auth, id, fields, &origin.0).await?.into()))
}
