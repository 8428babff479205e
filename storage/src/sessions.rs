//! Sessions of signed-in users, stored only as the hash of their token.

use cabinet_core::policy::UnitRef;
use cabinet_core::user::UserStatus;
use cabinet_core::{PermissionSet, UnitKind, UserId};
use std::str::FromStr;

use crate::users::permissions;
use crate::{Db, StorageError, StorageResult, now_ms};

pub struct NewSession<'a> {
    pub user_id: UserId,
    pub token_hash: &'a str,
    pub csrf_token: &'a str,
    /// When the session ends whatever the user does.
    pub expires_at: i64,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

/// Starts a session; returns its id.
pub async fn create(db: &Db, new: NewSession<'_>) -> StorageResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let now = now_ms();
    db_run!(db, |pool| {
        sqlx::query(
            "INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, \
             user_agent) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(new.token_hash)
        .bind(new.user_id.to_string())
        .bind(new.csrf_token)
        .bind(now)
        .bind(new.expires_at)
        .bind(new.ip)
        .bind(new.user_agent)
        .execute(pool)
        .await
        .map(|_| ())
    })?;
    Ok(id)
}

/// A live session and the user behind it.
#[derive(Debug, Clone)]
pub struct SessionContext {
    pub session_id: String,
    pub csrf_token: String,
    pub last_seen_at: i64,
    pub user_id: UserId,
    pub email: String,
    pub unit: UnitRef,
    pub must_change_password: bool,
    pub regulation_version: Option<String>,
    pub permissions: PermissionSet,
}

/// What a session token leads to.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// A live session and the user behind it.
    Live(Box<SessionContext>),
    /// A session revoked because the administrator blocked its user, who is blocked still.
    Blocked,
    /// Unknown, ended, revoked, expired or idle too long.
    Gone,
}

impl Lookup {
    /// The live session, if it is one.
    pub fn live(self) -> Option<SessionContext> {
        match self {
            Lookup::Live(session) => Some(*session),
            Lookup::Blocked | Lookup::Gone => None,
        }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    csrf_token: String,
    last_seen_at: i64,
    user_id: String,
    email: String,
    status: String,
    unit_id: String,
    unit_kind: String,
    must_change_password: bool,
    regulation_version: Option<String>,
    revoked_at: Option<i64>,
}

/// The session with this token hash: live if it is neither expired, idle too long, revoked, nor
/// its user blocked.
pub async fn lookup(db: &Db, token_hash: &str, idle_ms: i64) -> StorageResult<Lookup> {
    let now = now_ms();
    let row = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(
            "SELECT s.id, s.csrf_token, s.last_seen_at, u.id AS user_id, u.email, u.status, u.unit_id, \
             un.kind AS unit_kind, u.must_change_password, u.regulation_version, s.revoked_at \
             FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3",
        )
        .bind(token_hash)
        .bind(now)
        .bind(now - idle_ms)
        .fetch_optional(pool)
        .await
    })?;
    let Some(row) = row else { return Ok(Lookup::Gone) };
    if UserStatus::from_code(&row.status) != UserStatus::Active {
        return Ok(Lookup::Blocked);
    }
    // Revoked by a block that has since been lifted: unblocking never revives a session.
    if row.revoked_at.is_some() {
        return Ok(Lookup::Gone);
    }
    let corrupt = |what: &str| StorageError::Corrupt(format!("session {}: {what}", row.id));
    let user_id = UserId::from_str(&row.user_id).map_err(|_| corrupt("user id"))?;
    let unit = UnitRef {
        id: row.unit_id.parse().map_err(|_| corrupt("unit id"))?,
        kind: UnitKind::from_str(&row.unit_kind).map_err(|_| corrupt("unit kind"))?,
    };
    Ok(Lookup::Live(Box::new(SessionContext {
        permissions: permissions(db, user_id).await?,
        session_id: row.id,
        csrf_token: row.csrf_token,
        last_seen_at: row.last_seen_at,
        user_id,
        email: row.email,
        unit,
        must_change_password: row.must_change_password,
        regulation_version: row.regulation_version,
    })))
}

/// Marks the session as used now, which pushes back its idle expiry.
pub async fn touch(db: &Db, session_id: &str) -> StorageResult<()> {
    db_run!(db, |pool| {
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1")
            .bind(session_id)
            .bind(now_ms())
            .execute(pool)
            .await
            .map(|_| ())
    })?;
    Ok(())
}

/// Ends one session (logout).
pub async fn delete(db: &Db, session_id: &str) -> StorageResult<()> {
    db_run!(db, |pool| sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(session_id)
        .execute(pool)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Removes sessions that can no longer be used; safe to run from any number of instances.
pub async fn purge_expired(db: &Db, idle_ms: i64) -> StorageResult<u64> {
    let now = now_ms();
    let done = db_run!(db, |pool| {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
            .bind(now)
            .bind(now - idle_ms)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(done)
}
