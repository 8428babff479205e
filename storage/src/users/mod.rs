//! Accounts (§1.10, §3): managed by the administrator within a unit, and the owner's own steps.
//!
//! Managing functions take an [`Authorized<ManageUsers>`] witness bound to one unit and only
//! ever touch users of that unit; [`unit_of`] tells a route which unit to ask the policy about.

mod account;
mod manage;

pub use account::*;
pub use manage::*;

use std::str::FromStr;

use cabinet_core::user::UserStatus;
use cabinet_core::{RoleId, UnitId, UserId};

use crate::{Db, StorageError, StorageResult};

#[derive(Debug, Clone)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub full_name: String,
    pub position: String,
    pub phone: String,
    pub unit_id: UnitId,
    pub status: UserStatus,
    pub blocked_reason: Option<String>,
    pub blocked_at: Option<i64>,
    pub must_change_password: bool,
    pub regulation_version: Option<String>,
    pub regulation_accepted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub roles: Vec<RoleSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSummary {
    pub id: RoleId,
    pub name: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    email: String,
    full_name: String,
    position: String,
    phone: String,
    unit_id: String,
    status: String,
    blocked_reason: Option<String>,
    blocked_at: Option<i64>,
    must_change_password: bool,
    regulation_version: Option<String>,
    regulation_accepted_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

const COLUMNS: &str = "id, email, full_name, position, phone, unit_id, status, blocked_reason, blocked_at, \
    must_change_password, regulation_version, regulation_accepted_at, created_at, updated_at";

fn parse_id<T: FromStr>(text: &str, what: &str) -> StorageResult<T> {
    text.parse().map_err(|_| StorageError::Corrupt(format!("{what} {text}")))
}

impl Row {
    fn into_user(self, roles: Vec<RoleSummary>) -> StorageResult<User> {
        Ok(User {
            id: parse_id(&self.id, "user id")?,
            unit_id: parse_id(&self.unit_id, "unit id")?,
            status: UserStatus::from_code(&self.status),
            email: self.email,
            full_name: self.full_name,
            position: self.position,
            phone: self.phone,
            blocked_reason: self.blocked_reason,
            blocked_at: self.blocked_at,
            must_change_password: self.must_change_password,
            regulation_version: self.regulation_version,
            regulation_accepted_at: self.regulation_accepted_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
            roles,
        })
    }
}

/// Loads a user with their roles; `unit` narrows the lookup to one unit.
async fn load(db: &Db, id: UserId, unit: Option<UnitId>) -> StorageResult<User> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1 AND ($2 IS NULL OR unit_id = $2)");
    let unit = unit.map(|u| u.to_string());
    let row = db_run!(db, |pool| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(id.to_string())
        .bind(unit)
        .fetch_one(pool)
        .await)?;
    let roles = roles_of(db, &[id]).await?;
    row.into_user(roles.into_iter().map(|(_, r)| r).collect())
}

/// The roles of several users at once, as (user, role) pairs ordered by role name.
async fn roles_of(db: &Db, users: &[UserId]) -> StorageResult<Vec<(UserId, RoleSummary)>> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = users.iter().map(ToString::to_string).collect();
    // A JSON array parameter keeps the statement identical on both backends.
    let list = serde_json::to_string(&ids).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let rows: Vec<(String, String, String)> = db_run!(db, |pool| {
        let sql = match db.backend() {
            crate::Backend::Sqlite(_) => {
                "SELECT ur.user_id, r.id, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id \
                 WHERE ur.user_id IN (SELECT value FROM json_each($1)) ORDER BY r.name"
            }
            crate::Backend::Postgres(_) => {
                "SELECT ur.user_id, r.id, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id \
                 WHERE ur.user_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY r.name"
            }
        };
        sqlx::query_as(sql).bind(&list).fetch_all(pool).await
    })?;
    rows.into_iter()
        .map(|(user, id, name)| Ok((parse_id(&user, "user id")?, RoleSummary { id: parse_id(&id, "role id")?, name })))
        .collect()
}

/// The unit a user belongs to: what a route asks the policy about before touching the user.
pub async fn unit_of(db: &Db, id: UserId) -> StorageResult<UnitId> {
    let unit: String = db_run!(db, |pool| {
        sqlx::query_scalar("SELECT unit_id FROM users WHERE id = $1").bind(id.to_string()).fetch_one(pool).await
    })?;
    parse_id(&unit, "unit id")
}

/// Someone a letter goes to on behalf of their unit: an active user whose roles give them
/// `permission` there.
#[derive(Debug, Clone)]
pub struct Addressee {
    pub unit_id: UnitId,
    pub email: String,
    pub full_name: String,
}

/// The active users of every unit whose roles hold `permission`: who is told about a material,
/// a report due or a profile to confirm. Ordered by unit, then login.
pub async fn holding(db: &Db, permission: cabinet_core::Permission) -> StorageResult<Vec<Addressee>> {
    let pattern = format!("%\"{}\"%", permission.code());
    let rows: Vec<(String, String, String)> = db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT DISTINCT u.unit_id, u.email, u.full_name FROM users u JOIN user_roles ur ON ur.user_id = u.id \
             JOIN roles r ON r.id = ur.role_id WHERE u.status = 'active' AND r.permissions LIKE $1 \
             ORDER BY u.unit_id, u.email",
        )
        .bind(&pattern)
        .fetch_all(pool)
        .await
    })?;
    rows.into_iter()
        .map(|(unit, email, full_name)| Ok(Addressee { unit_id: parse_id(&unit, "unit id")?, email, full_name }))
        .collect()
}
