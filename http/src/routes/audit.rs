//! Reading the audit log. Nothing in the application can change or delete it.

use cabinet_core::Invalid;
use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{Global, ReadAudit, authorize};
use cabinet_core::{UnitId, UserId};
use cabinet_storage::audit::{self, Filter};
use rocket::serde::json::Json;
use rocket::{State, get, routes};
use serde::Serialize;
use utoipa::ToSchema;

use crate::App;
use crate::auth::Staff;
use crate::error::ApiResult;
use crate::params::{limit, query_id, query_time};
use crate::views::ts;

pub fn routes() -> Vec<rocket::Route> {
    routes![list]
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: String,
    pub at: String,
    /// `user`, `token`, `system` or `anonymous`.
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_label: String,
    /// A stable code such as `user.blocked`.
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub unit_id: Option<String>,
    pub ip: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntryView>,
    /// Pass as `before` to get the next (older) page; absent on the last page.
    pub next_before: Option<String>,
}

/// Entries newest first, filtered by action, actor, target, unit and time.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit",
    params(("action" = Option<String>, Query), ("actor_id" = Option<uuid::Uuid>, Query), ("target_id" = Option<uuid::Uuid>, Query),
           ("unit_id" = Option<uuid::Uuid>, Query), ("from" = Option<String>, Query, description = "RFC 3339"),
           ("to" = Option<String>, Query, description = "RFC 3339"), ("before" = Option<String>, Query),
           ("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "По умолчанию 100")),
    responses((status = 200, body = AuditPage), (status = 403), (status = 422)))]
#[allow(clippy::too_many_arguments)]
#[get("/audit?<action>&<actor_id>&<target_id>&<unit_id>&<from>&<to>&<before>&<limit>")]
pub(crate) async fn list(
    app: &State<App>,
    staff: Staff,
    action: Option<&str>,
    actor_id: Option<&str>,
    target_id: Option<&str>,
    unit_id: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    before: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<Json<AuditPage>> {
    let auth = authorize::<ReadAudit>(Some(staff.actor()), Global)?;
    let action = action.filter(|a| !a.is_empty());
    if let Some(code) = action
        && AuditAction::from_code(code).is_none()
    {
        return Err(Invalid::new("action", "unknown_action", "Неизвестный код действия журнала.").into());
    }
    let filter = Filter {
        action: action.map(str::to_owned),
        actor_id: query_id::<UserId>(actor_id, "actor_id")?.map(|id| id.to_string()),
        target_id: target_id.filter(|t| !t.is_empty()).map(str::to_owned),
        unit_id: query_id::<UnitId>(unit_id, "unit_id")?.map(|id| id.to_string()),
        from_ms: query_time(from, "from")?,
        to_ms: query_time(to, "to")?,
        before: query_id::<uuid::Uuid>(before, "before")?.map(|id| id.to_string()),
        limit: self::limit(limit, 100, 500)?,
    };
    let records = audit::list(&app.db, &auth, &filter).await?;
    let next_before = (records.len() as i64 == filter.limit).then(|| records.last().map(|r| r.id.clone())).flatten();
    let entries = records
        .into_iter()
        .map(|r| AuditEntryView {
            details: serde_json::from_str(&r.details).unwrap_or(serde_json::Value::Null),
            id: r.id,
            at: ts(r.at),
            actor_kind: r.actor_kind,
            actor_id: r.actor_id,
            actor_label: r.actor_label,
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            unit_id: r.unit_id,
            ip: r.ip,
        })
        .collect();
    Ok(Json(AuditPage { entries, next_before }))
}
