//! The login history (§2.7: evidence for suspicion of unauthorized access) and the throttle
//! that reads it. Kept in the database, so every server instance sees the same counts.
//!
//! Only `bad_password` and `unknown_user` count as failures. A `throttled` attempt checked no
//! password, so it does not count: guessing on while refused never pushes the end of the wait
//! further away. An account's count starts again from `users.failures_cleared_at`, set when its
//! owner proves who they are another way (a completed reset, a new starting password, an unblock);
//! the count per address is never cleared that way.

use cabinet_core::UserId;
use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{Authorized, InUnit, ManageUsers};
use serde_json::json;

use crate::audit::{Entry, Origin, Stamp};
use crate::{Db, StorageResult, now_ms};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    BadPassword,
    UnknownUser,
    Blocked,
    Throttled,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::BadPassword => "bad_password",
            Outcome::UnknownUser => "unknown_user",
            Outcome::Blocked => "blocked",
            Outcome::Throttled => "throttled",
        }
    }
}

pub async fn record(
    db: &Db,
    email: &str,
    user_id: Option<UserId>,
    outcome: Outcome,
    origin: &Origin,
) -> StorageResult<()> {
    db_run!(db, |pool| {
        sqlx::query(
            "INSERT INTO login_attempts (id, at, email, user_id, ip, user_agent, outcome) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(now_ms())
        .bind(email)
        .bind(user_id.map(|u| u.to_string()))
        .bind(origin.ip.clone())
        .bind(origin.user_agent.clone())
        .bind(outcome.code())
        .execute(pool)
        .await
        .map(|_| ())
    })?;
    Ok(())
}

/// Records a refused login in the history and the audit log, in one transaction, under the
/// account the login names when there is one.
pub async fn refuse(db: &Db, email: &str, outcome: Outcome, origin: &Origin) -> StorageResult<()> {
    let now = now_ms();
    audited!(
        db,
        |tx| {
            let user: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                .bind(email)
                .fetch_optional(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO login_attempts (id, at, email, user_id, ip, user_agent, outcome) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(now)
            .bind(email)
            .bind(user.clone())
            .bind(origin.ip.clone())
            .bind(origin.user_agent.clone())
            .bind(outcome.code())
            .execute(&mut *tx)
            .await?;
            let entry = Entry::new(Stamp::anonymous(email), AuditAction::LoginFailed, origin)
                .details(json!({ "email": email, "outcome": outcome.code() }));
            match &user {
                Some(id) => entry.target("user", id),
                None => entry,
            }
        },
        |entry| [&entry]
    )
    .map(|_| ())
}

/// Failed attempts since `since_ms`: for this login (and since its count was last cleared), and
/// from this IP.
pub async fn recent_failures(db: &Db, email: &str, ip: Option<&str>, since_ms: i64) -> StorageResult<(i64, i64)> {
    const FAILED: &str = "outcome IN ('bad_password', 'unknown_user')";
    let by_account: i64 = db_run!(db, |pool| {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM login_attempts WHERE email = $1 AND at > $2 AND {FAILED} \
             AND at > COALESCE((SELECT u.failures_cleared_at FROM users u WHERE u.email = $1), 0)"
        )))
        .bind(email)
        .bind(since_ms)
        .fetch_one(pool)
        .await
    })?;
    let by_ip: i64 = match ip {
        None => 0,
        Some(ip) => db_run!(db, |pool| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM login_attempts WHERE ip = $1 AND at > $2 AND {FAILED}"
            )))
            .bind(ip)
            .bind(since_ms)
            .fetch_one(pool)
            .await
        })?,
    };
    Ok((by_account, by_ip))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attempt {
    pub at: i64,
    pub email: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub outcome: String,
}

/// A user's recent login attempts, newest first (the user must be in the witness's unit).
pub async fn history(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    user_id: UserId,
    limit: i64,
) -> StorageResult<Vec<Attempt>> {
    let InUnit(unit) = *auth.target();
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Attempt>(
            "SELECT a.at, a.email, a.ip, a.user_agent, a.outcome FROM login_attempts a \
             WHERE a.user_id = $1 AND EXISTS (SELECT 1 FROM users u WHERE u.id = $1 AND u.unit_id = $2) \
             ORDER BY a.at DESC, a.id DESC LIMIT $3",
        )
        .bind(user_id.to_string())
        .bind(unit.to_string())
        .bind(limit)
        .fetch_all(pool)
        .await
    })?;
    Ok(rows)
}
