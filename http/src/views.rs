//! What the API shows of stored things: JSON shapes with RFC 3339 times.

use cabinet_core::Permission;
use cabinet_storage::roles::Role;
use cabinet_storage::tokens::ApiToken;
use cabinet_storage::units::Unit;
use cabinet_storage::users::User;
use serde::Serialize;
use utoipa::ToSchema;

/// The absolute address a photo or document is served at: `{public_url}/media/{id}`.
pub fn media_url(public_url: &str, id: cabinet_core::ids::MediaId) -> String {
    format!("{}/media/{id}", public_url.trim_end_matches('/'))
}

/// Milliseconds since the epoch as RFC 3339 (UTC).
pub fn ts(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

#[derive(Serialize, ToSchema)]
pub struct UnitView {
    pub id: String,
    /// `organization`, `department` or `central`.
    pub kind: String,
    pub slug: String,
    pub full_name: String,
    pub short_name: String,
    /// `regional` or `interregional`, organizations only.
    pub org_kind: Option<String>,
    pub region: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Unit> for UnitView {
    fn from(u: Unit) -> Self {
        UnitView {
            id: u.id.to_string(),
            kind: u.kind.code().to_owned(),
            slug: u.slug,
            full_name: u.full_name,
            short_name: u.short_name,
            org_kind: u.org_kind.map(|k| k.code().to_owned()),
            region: u.region,
            created_at: ts(u.created_at),
            updated_at: ts(u.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RoleRef {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct RegulationAcceptance {
    pub version: String,
    pub accepted_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub full_name: String,
    pub position: String,
    pub phone: String,
    pub unit_id: String,
    /// `active` or `blocked`.
    pub status: String,
    pub blocked_reason: Option<String>,
    pub blocked_at: Option<String>,
    pub must_change_password: bool,
    pub regulation: Option<RegulationAcceptance>,
    pub roles: Vec<RoleRef>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        UserView {
            id: u.id.to_string(),
            email: u.email,
            full_name: u.full_name,
            position: u.position,
            phone: u.phone,
            unit_id: u.unit_id.to_string(),
            status: u.status.code().to_owned(),
            blocked_reason: u.blocked_reason,
            blocked_at: u.blocked_at.map(ts),
            must_change_password: u.must_change_password,
            regulation: u
                .regulation_version
                .map(|version| RegulationAcceptance { version, accepted_at: u.regulation_accepted_at.map(ts) }),
            roles: u.roles.into_iter().map(|r| RoleRef { id: r.id.to_string(), name: r.name }).collect(),
            created_at: ts(u.created_at),
            updated_at: ts(u.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PermissionView {
    pub code: String,
    pub label: String,
}

impl From<Permission> for PermissionView {
    fn from(p: Permission) -> Self {
        PermissionView { code: p.code().to_owned(), label: p.label().to_owned() }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RoleView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
    /// How many users hold the role.
    pub user_count: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Role> for RoleView {
    fn from(r: Role) -> Self {
        RoleView {
            id: r.id.to_string(),
            name: r.name,
            description: r.description,
            permissions: r.permissions.iter().map(|p| p.code().to_owned()).collect(),
            user_count: r.user_count,
            created_at: ts(r.created_at),
            updated_at: ts(r.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TokenView {
    pub id: String,
    pub name: String,
    pub unit_id: String,
    pub permissions: Vec<String>,
    pub created_by: Option<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
}

impl From<ApiToken> for TokenView {
    fn from(t: ApiToken) -> Self {
        TokenView {
            id: t.id.to_string(),
            name: t.name,
            unit_id: t.unit_id.to_string(),
            permissions: t.permissions.iter().map(|p| p.code().to_owned()).collect(),
            created_by: t.created_by,
            created_at: ts(t.created_at),
            expires_at: t.expires_at.map(ts),
            revoked_at: t.revoked_at.map(ts),
            last_used_at: t.last_used_at.map(ts),
        }
    }
}
