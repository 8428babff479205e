//! What the administrator (or whoever holds `users.manage` in a unit) does with accounts.

use std::collections::HashMap;

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{Authorized, InUnit, ManageUsers, ManageUsersEverywhere};
use cabinet_core::user::UserStatus;
use cabinet_core::{Email, RoleId, UnitId, UserId};
use serde_json::json;

use super::{COLUMNS, RoleSummary, Row, User, load, roles_of};
use crate::audit::{Entry, Origin, Stamp};
use crate::outbox::Letter;
use crate::{Db, StorageError, StorageResult, now_ms};

/// A new account's fields, already checked. The unit comes from the witness.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub full_name: String,
    pub position: String,
    pub phone: String,
    pub role_ids: Vec<RoleId>,
    /// The argon2id hash of the starting password.
    pub password_hash: String,
}

/// Editable profile fields; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub email: Option<Email>,
    pub full_name: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
}

fn unit(auth: &Authorized<ManageUsers>) -> UnitId {
    let InUnit(unit) = *auth.target();
    unit
}

/// The unit a witness is bound to, for the statement macros below.
pub(crate) fn unit_of_witness(auth: &Authorized<ManageUsers>) -> UnitId {
    unit(auth)
}

/// Gives user `$user` the roles `$roles` inside the transaction `$conn`; an unknown role is
/// [`StorageError::UnknownReference`] on `roles`.
macro_rules! grant_roles {
    ($conn:expr, $user:expr, $roles:expr) => {
        for role in $roles {
            sqlx::query("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)")
                .bind($user.to_string())
                .bind(role.to_string())
                .execute($conn)
                .await
                .map_err(|e| $crate::StorageError::unique(e, "roles"))?;
        }
    };
}
pub(crate) use grant_roles;

/// An UPDATE bound to the witness's unit touched no row: the user left the unit (or vanished)
/// since it was read. Nothing is written, not even the audit entry: the transaction is dropped.
pub(crate) fn touched(rows: u64) -> StorageResult<()> {
    if rows == 0 { Err(StorageError::NotFound) } else { Ok(()) }
}

fn entry(auth: &Authorized<ManageUsers>, action: AuditAction, user: UserId, origin: &Origin) -> Entry {
    Entry::new(Stamp::of(auth.actor()), action, origin).target("user", user).unit(unit(auth))
}

/// The audit entry of creating account `id` as `new`.
pub(crate) fn created_entry(auth: &Authorized<ManageUsers>, id: UserId, new: &NewUser, origin: &Origin) -> Entry {
    entry(auth, AuditAction::UserCreated, id, origin).details(json!({
        "email": new.email.as_str(),
        "roles": new.role_ids.iter().map(ToString::to_string).collect::<Vec<_>>(),
    }))
}

/// The audit entry of blocking user `id` for `reason`.
pub(crate) fn blocked_entry(auth: &Authorized<ManageUsers>, id: UserId, reason: &str, origin: &Origin) -> Entry {
    entry(auth, AuditAction::UserBlocked, id, origin).details(json!({ "reason": reason }))
}

/// Inserts account `$id` (a [`UserId`]) described by `$new` (a [`NewUser`]) in the witness's
/// unit, with its roles, inside the transaction `$conn`, at `$now`: the body of [`create`], and
/// of any change that creates a user along with something else (an approved access request). A
/// taken e-mail is [`StorageError::Conflict`] on `email`; the caller's `?` drops the transaction.
macro_rules! insert_user {
    ($conn:expr, $auth:expr, $id:expr, $new:expr, $now:expr) => {{
        let (id, new): (cabinet_core::UserId, &$crate::users::NewUser) = ($id, $new);
        sqlx::query(
            "INSERT INTO users (id, email, full_name, position, phone, unit_id, status, password_hash, \
             must_change_password, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, TRUE, $8, $8)",
        )
        .bind(id.to_string())
        .bind(new.email.as_str())
        .bind(&new.full_name)
        .bind(&new.position)
        .bind(&new.phone)
        .bind($crate::users::unit_of_witness($auth).to_string())
        .bind(&new.password_hash)
        .bind($now)
        .execute($conn)
        .await
        .map_err(|e| $crate::StorageError::unique(e, "email"))?;
        $crate::users::grant_roles!($conn, id, &new.role_ids);
    }};
}
pub(crate) use insert_user;

/// Blocks user `$id` of the witness's unit for `$reason` inside the transaction `$conn`, at
/// `$now`: the status changes, every session is revoked and every pending password reset ends.
/// The body of [`block`], and of an approved request to replace or disconnect a user. A user no
/// longer in the unit is [`StorageError::NotFound`].
macro_rules! block_user {
    ($conn:expr, $auth:expr, $id:expr, $reason:expr, $now:expr) => {{
        let (id, reason, now): (cabinet_core::UserId, &str, i64) = ($id, $reason, $now);
        let done = sqlx::query(
            "UPDATE users SET status = 'blocked', blocked_reason = $3, blocked_at = $4, updated_at = $4 \
             WHERE id = $1 AND unit_id = $2",
        )
        .bind(id.to_string())
        .bind($crate::users::unit_of_witness($auth).to_string())
        .bind(reason)
        .bind(now)
        .execute($conn)
        .await?;
        $crate::users::touched(done.rows_affected())?;
        revoke_sessions!($conn, id.to_string(), now)?;
        sqlx::query("UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
            .bind(id.to_string())
            .bind(now)
            .execute($conn)
            .await?;
    }};
}
pub(crate) use block_user;

/// Creates an account in the witness's unit, with a starting password to change at first login.
/// `letters` (the starting password's) go to the outbox in the same transaction.
pub async fn create(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    new: NewUser,
    letters: &[Letter],
    origin: &Origin,
) -> StorageResult<User> {
    let id = UserId::new();
    let now = now_ms();
    let audit = created_entry(auth, id, &new, origin);
    audited!(
        db,
        |tx| {
            insert_user!(&mut *tx, auth, id, &new, now);
            for letter in letters {
                insert_letter!(&mut *tx, letter)?;
            }
        },
        [&audit]
    )?;
    load(db, id, None).await
}

/// A user of the witness's unit; users of other units are [`StorageError::NotFound`].
pub async fn get(db: &Db, auth: &Authorized<ManageUsers>, id: UserId) -> StorageResult<User> {
    load(db, id, Some(unit(auth))).await
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<UserStatus>,
    /// Part of the login or the full name, case-insensitive.
    pub query: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// The users of one unit.
pub async fn list_in_unit(db: &Db, auth: &Authorized<ManageUsers>, filter: &Filter) -> StorageResult<Vec<User>> {
    list(db, Some(unit(auth)), filter).await
}

/// The users of every unit: for the central committee's administrator.
pub async fn list_all(db: &Db, _auth: &Authorized<ManageUsersEverywhere>, filter: &Filter) -> StorageResult<Vec<User>> {
    list(db, None, filter).await
}

async fn list(db: &Db, unit: Option<UnitId>, f: &Filter) -> StorageResult<Vec<User>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE ($1 IS NULL OR unit_id = $1) AND ($2 IS NULL OR status = $2) \
         AND ($3 IS NULL OR LOWER(email) LIKE $3 OR LOWER(full_name) LIKE $3) ORDER BY email LIMIT $4 OFFSET $5"
    );
    let pattern = f.query.as_ref().map(|q| format!("%{}%", q.to_lowercase().replace(['%', '_'], "")));
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(unit.map(|u| u.to_string()))
            .bind(f.status.map(UserStatus::code))
            .bind(pattern.clone())
            .bind(f.limit)
            .bind(f.offset)
            .fetch_all(pool)
            .await
    })?;
    let ids: Vec<UserId> = rows.iter().filter_map(|r| r.id.parse().ok()).collect();
    let mut roles: HashMap<String, Vec<RoleSummary>> = HashMap::new();
    for (user, role) in roles_of(db, &ids).await? {
        roles.entry(user.to_string()).or_default().push(role);
    }
    rows.into_iter()
        .map(|row| {
            let mine = roles.remove(&row.id).unwrap_or_default();
            row.into_user(mine)
        })
        .collect()
}

/// Edits profile fields of a user of the witness's unit.
pub async fn update(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    id: UserId,
    changes: UserChanges,
    origin: &Origin,
) -> StorageResult<User> {
    let before = get(db, auth, id).await?;
    let after = User {
        email: changes.email.map(|e| e.as_str().to_owned()).unwrap_or(before.email.clone()),
        full_name: changes.full_name.unwrap_or(before.full_name.clone()),
        position: changes.position.unwrap_or(before.position.clone()),
        phone: changes.phone.unwrap_or(before.phone.clone()),
        ..before.clone()
    };
    let audit = entry(auth, AuditAction::UserUpdated, id, origin).details(json!({
        "before": { "email": before.email, "full_name": before.full_name, "position": before.position, "phone": before.phone },
        "after": { "email": after.email, "full_name": after.full_name, "position": after.position, "phone": after.phone },
    }));
    audited!(
        db,
        |tx| {
            let done = sqlx::query(
                "UPDATE users SET email = $3, full_name = $4, position = $5, phone = $6, updated_at = $7 \
             WHERE id = $1 AND unit_id = $2",
            )
            .bind(id.to_string())
            .bind(unit(auth).to_string())
            .bind(&after.email)
            .bind(&after.full_name)
            .bind(&after.position)
            .bind(&after.phone)
            .bind(now_ms())
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "email"))?;
            touched(done.rows_affected())?;
        },
        [&audit]
    )?;
    get(db, auth, id).await
}

/// Moves a user to another unit: needs the right to manage users of both. Their sessions end,
/// since everything they could reach changes.
pub async fn move_to_unit(
    db: &Db,
    from: &Authorized<ManageUsers>,
    to: &Authorized<ManageUsers>,
    id: UserId,
    origin: &Origin,
) -> StorageResult<()> {
    get(db, from, id).await?;
    let audit = entry(to, AuditAction::UserUpdated, id, origin)
        .details(json!({ "before": { "unit_id": unit(from) }, "after": { "unit_id": unit(to) } }));
    audited!(
        db,
        |tx| {
            let done = sqlx::query("UPDATE users SET unit_id = $3, updated_at = $4 WHERE id = $1 AND unit_id = $2")
                .bind(id.to_string())
                .bind(unit(from).to_string())
                .bind(unit(to).to_string())
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
            touched(done.rows_affected())?;
            end_sessions!(&mut *tx, id.to_string())?;
        },
        [&audit]
    )
}

/// Replaces a user's roles.
pub async fn set_roles(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    id: UserId,
    role_ids: &[RoleId],
    origin: &Origin,
) -> StorageResult<User> {
    let before = get(db, auth, id).await?;
    let audit = entry(auth, AuditAction::UserUpdated, id, origin).details(json!({
        "before": { "roles": before.roles.iter().map(|r| r.id.to_string()).collect::<Vec<_>>() },
        "after": { "roles": role_ids.iter().map(ToString::to_string).collect::<Vec<_>>() },
    }));
    audited!(
        db,
        |tx| {
            // Still in the witness's unit? The row lock also orders this after a concurrent move.
            let done = sqlx::query("UPDATE users SET updated_at = $3 WHERE id = $1 AND unit_id = $2")
                .bind(id.to_string())
                .bind(unit(auth).to_string())
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
            touched(done.rows_affected())?;
            sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(id.to_string()).execute(&mut *tx).await?;
            grant_roles!(&mut *tx, id, role_ids);
        },
        [&audit]
    )?;
    get(db, auth, id).await
}

/// Cuts a user's access at once (§2.7): the status changes, every session of the user is revoked
/// and every pending password reset ends, in one transaction.
pub async fn block(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    id: UserId,
    reason: &str,
    origin: &Origin,
) -> StorageResult<User> {
    let audit = blocked_entry(auth, id, reason, origin);
    let now = now_ms();
    audited!(
        db,
        |tx| {
            block_user!(&mut *tx, auth, id, reason, now);
        },
        [&audit]
    )?;
    get(db, auth, id).await
}

/// Restores a user's access; failed logins before it no longer throttle the account.
pub async fn unblock(db: &Db, auth: &Authorized<ManageUsers>, id: UserId, origin: &Origin) -> StorageResult<User> {
    let audit = entry(auth, AuditAction::UserUnblocked, id, origin);
    audited!(
        db,
        |tx| {
            let done = sqlx::query(
            "UPDATE users SET status = 'active', blocked_reason = NULL, blocked_at = NULL, failures_cleared_at = $3, \
             updated_at = $3 WHERE id = $1 AND unit_id = $2",
        )
        .bind(id.to_string())
        .bind(unit(auth).to_string())
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
            touched(done.rows_affected())?;
            // Only the sessions the block revoked are left; they have nothing more to say.
            end_sessions!(&mut *tx, id.to_string())?;
        },
        [&audit]
    )?;
    get(db, auth, id).await
}

/// Issues a new starting password (§3.11: recovery on the organization's request): the user must
/// change it at the next login, their sessions end, and earlier failed logins no longer throttle
/// the account.
pub async fn issue_password(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    id: UserId,
    password_hash: &str,
    letters: &[Letter],
    origin: &Origin,
) -> StorageResult<User> {
    let audit = entry(auth, AuditAction::UserPasswordIssued, id, origin);
    audited!(
        db,
        |tx| {
            let done = sqlx::query(
                "UPDATE users SET password_hash = $3, must_change_password = TRUE, failures_cleared_at = $4, \
             updated_at = $4 WHERE id = $1 AND unit_id = $2",
            )
            .bind(id.to_string())
            .bind(unit(auth).to_string())
            .bind(password_hash)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
            touched(done.rows_affected())?;
            end_sessions!(&mut *tx, id.to_string())?;
            for letter in letters {
                insert_letter!(&mut *tx, letter)?;
            }
        },
        [&audit]
    )?;
    get(db, auth, id).await
}
