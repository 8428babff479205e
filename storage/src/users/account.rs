//! A user's own account: signing in, changing the password, accepting the regulation.
//!
//! These take no policy witness: the caller has proved who they are, and each function acts
//! only on that caller's own account.

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::UnitRef;
use cabinet_core::user::UserStatus;
use cabinet_core::{Email, PermissionSet, RoleId, UnitId, UserId};
use serde_json::json;

use super::{User, load, parse_id};
use crate::audit::{Entry, Origin, Stamp};
use crate::{Db, StorageError, StorageResult, now_ms};

/// What a login needs to know about an account.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: UserId,
    pub email: String,
    pub password_hash: String,
    pub status: UserStatus,
}

pub async fn credentials(db: &Db, email: &Email) -> StorageResult<Option<Credentials>> {
    let row: Option<(String, String, String, String)> = db_run!(db, |pool| {
        sqlx::query_as("SELECT id, email, password_hash, status FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(pool)
            .await
    })?;
    row.map(|(id, email, password_hash, status)| {
        Ok(Credentials {
            user_id: parse_id(&id, "user id")?,
            email,
            password_hash,
            status: UserStatus::from_code(&status),
        })
    })
    .transpose()
}

/// The password hash of a user, for checking the current password before a change.
pub async fn password_hash(db: &Db, id: UserId) -> StorageResult<String> {
    Ok(db_run!(db, |pool| {
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1").bind(id.to_string()).fetch_one(pool).await
    })?)
}

/// The signed-in user's own account.
pub async fn own(db: &Db, id: UserId) -> StorageResult<User> {
    load(db, id, None).await
}

/// Everything the policy needs about a user: unit and the union of their roles' permissions.
pub async fn permissions(db: &Db, id: UserId) -> StorageResult<PermissionSet> {
    let sets: Vec<String> = db_run!(db, |pool| {
        sqlx::query_scalar(
            "SELECT r.permissions FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1",
        )
        .bind(id.to_string())
        .fetch_all(pool)
        .await
    })?;
    let mut all = PermissionSet::empty();
    for set in sets {
        all.extend(&PermissionSet::from_json_lenient(&set));
    }
    Ok(all)
}

/// Sets a new password chosen by the user. Every other session of the user ends; `keep_session`
/// (the one the change was made from) stays.
pub async fn change_password(
    db: &Db,
    id: UserId,
    email: &str,
    password_hash: &str,
    keep_session: Option<&str>,
    origin: &Origin,
) -> StorageResult<()> {
    let audit = Entry::new(Stamp::user(id, email), AuditAction::PasswordChanged, origin).target("user", id);
    let now = now_ms();
    audited!(
        db,
        |tx| {
            sqlx::query(
                "UPDATE users SET password_hash = $2, must_change_password = FALSE, password_changed_at = $3, \
             updated_at = $3 WHERE id = $1",
            )
            .bind(id.to_string())
            .bind(password_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR id <> $2)")
                .bind(id.to_string())
                .bind(keep_session)
                .execute(&mut *tx)
                .await?;
        },
        [&audit]
    )
}

/// Records that the user joined the regulation (§3.12): when, and which version.
pub async fn accept_regulation(db: &Db, id: UserId, email: &str, version: &str, origin: &Origin) -> StorageResult<()> {
    let audit = Entry::new(Stamp::user(id, email), AuditAction::RegulationAccepted, origin)
        .target("user", id)
        .details(json!({ "version": version }));
    audited!(
        db,
        |tx| {
            sqlx::query("UPDATE users SET regulation_version = $2, regulation_accepted_at = $3 WHERE id = $1")
                .bind(id.to_string())
                .bind(version)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
        },
        [&audit]
    )
}

/// Whether an active user holding `role` exists in the central committee.
pub async fn administrator_exists(db: &Db, central: UnitId, role: RoleId) -> StorageResult<bool> {
    let n: i64 = db_run!(db, |pool| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM users u JOIN user_roles ur ON ur.user_id = u.id \
             WHERE u.unit_id = $1 AND ur.role_id = $2 AND u.status = 'active'",
        )
        .bind(central.to_string())
        .bind(role.to_string())
        .fetch_one(pool)
        .await
    })?;
    Ok(n > 0)
}

/// Creates an administrator in the central committee outside any request: the first start
/// and the `cabinet admin create` command. The password must be changed at first login.
pub async fn create_administrator(
    db: &Db,
    central: UnitRef,
    role: RoleId,
    email: &Email,
    full_name: &str,
    password_hash: &str,
) -> StorageResult<UserId> {
    let id = UserId::new();
    let now = now_ms();
    let audit = Entry::new(Stamp::system(), AuditAction::AdminBootstrapped, &Origin::default())
        .target("user", id)
        .unit(central.id)
        .details(json!({ "email": email.as_str() }));
    audited!(
        db,
        |tx| {
            sqlx::query(
                "INSERT INTO users (id, email, full_name, position, phone, unit_id, status, password_hash, \
             must_change_password, created_at, updated_at) \
             VALUES ($1, $2, $3, 'Администратор сайта', '', $4, 'active', $5, TRUE, $6, $6)",
            )
            .bind(id.to_string())
            .bind(email.as_str())
            .bind(full_name)
            .bind(central.id.to_string())
            .bind(password_hash)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "email"))?;
            sqlx::query("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)")
                .bind(id.to_string())
                .bind(role.to_string())
                .execute(&mut *tx)
                .await?;
        },
        [&audit]
    )?;
    Ok(id)
}
