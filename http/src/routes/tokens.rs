//! API tokens for machine clients: issued by the administrator, shown once, revocable.

use cabinet_core::policy::{Global, ManageTokens, authorize, may_grant};
use cabinet_core::text::required_line;
use cabinet_core::{Invalid, Permission, PermissionSet, TokenId, UnitId};
use cabinet_storage::tokens::{self, NewToken};
use cabinet_storage::{token_hash, units};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, delete, get, post, routes};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::App;
use crate::auth::{ClientOrigin, Staff, secrets};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::params::{path_id, query_time};
use crate::views::TokenView;

pub fn routes() -> Vec<rocket::Route> {
    routes![list, create, revoke]
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", responses((status = 200, body = [TokenView]), (status = 403)))]
#[get("/tokens")]
pub(crate) async fn list(app: &State<App>, staff: Staff) -> ApiResult<Json<Vec<TokenView>>> {
    let auth = authorize::<ManageTokens>(Some(staff.actor()), Global)?;
    Ok(Json(tokens::list(&app.db, &auth).await?.into_iter().map(TokenView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// Who uses it, e.g. «Сайт Московской областной организации».
    pub name: String,
    /// The unit the client acts for.
    #[schema(value_type = uuid::Uuid)]
    pub unit_id: String,
    #[serde(default)]
    pub permissions: Vec<String>,
    /// RFC 3339; no expiry when omitted.
    #[schema(format = DateTime)]
    pub expires_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct IssuedToken {
    pub token: TokenView,
    /// The bearer secret, shown only now: send it as `Authorization: Bearer <secret>`.
    pub secret: String,
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = TokenRequest,
    responses((status = 201, body = IssuedToken), (status = 403), (status = 422)))]
#[post("/tokens", data = "<body>")]
pub(crate) async fn create(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    body: Body<TokenRequest>,
) -> ApiResult<(Status, Json<IssuedToken>)> {
    let auth = authorize::<ManageTokens>(Some(staff.actor()), Global)?;
    let r = body.parse()?;
    let name = required_line(&r.name, "name", 200)?;
    let unit_id: UnitId = r
        .unit_id
        .parse()
        .map_err(|_| Invalid::new("unit_id", "invalid_id", "Неверный идентификатор подразделения."))?;
    units::get(&app.db, unit_id).await.map_err(|e| match e {
        cabinet_storage::StorageError::NotFound => {
            Invalid::new("unit_id", "unknown_unit", "Такого подразделения нет.").into()
        }
        other => ApiError::from(other),
    })?;
    let mut permissions = PermissionSet::empty();
    for (i, code) in r.permissions.iter().enumerate() {
        let p: Permission = code.parse().map_err(|_| {
            Invalid::new(format!("permissions[{i}]"), "unknown_permission", format!("Неизвестное право «{code}»."))
        })?;
        permissions.extend(&[p].into_iter().collect());
    }
    may_grant(staff.actor(), &permissions)?;
    let expires_at = query_time(r.expires_at.as_deref(), "expires_at")?;
    if expires_at.is_some_and(|at| at <= cabinet_storage::now_ms()) {
        return Err(Invalid::new("expires_at", "in_the_past", "Срок действия должен быть в будущем.").into());
    }
    let secret = format!("cab_{}", secrets::token());
    let new = NewToken { name, unit_id, permissions, expires_at, token_hash: token_hash(&secret) };
    let token = tokens::create(&app.db, &auth, new, &origin.0).await?;
    Ok((Status::Created, Json(IssuedToken { token: token.into(), secret })))
}

/// Revokes a token at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = TokenView), (status = 403), (status = 404)))]
#[delete("/tokens/<id>")]
pub(crate) async fn revoke(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
) -> ApiResult<Json<TokenView>> {
    let auth = authorize::<ManageTokens>(Some(staff.actor()), Global)?;
    Ok(Json(tokens::revoke(&app.db, &auth, path_id::<TokenId>(id)?, &origin.0).await?.into()))
}
