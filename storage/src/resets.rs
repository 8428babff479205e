//! Password reset by e-mail (§3.10): single-use tokens, valid for a limited time, stored hashed.

use cabinet_core::UserId;
use cabinet_core::audit::AuditAction;

use crate::audit::{Entry, Origin, Stamp};
use crate::outbox::Letter;
use crate::{Db, StorageError, StorageResult, now_ms};

/// Stores a new reset token for the user; earlier unused ones stop working, so only the
/// newest e-mail's link is valid.
pub async fn create(
    db: &Db,
    user_id: UserId,
    email: &str,
    token_hash: &str,
    expires_at: i64,
    letter: &Letter,
    origin: &Origin,
) -> StorageResult<()> {
    let now = now_ms();
    let audit =
        Entry::new(Stamp::user(user_id, email), AuditAction::PasswordResetRequested, origin).target("user", user_id);
    audited!(
        db,
        |tx| {
            sqlx::query("UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
                .bind(user_id.to_string())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
            "INSERT INTO password_resets (id, token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(token_hash)
        .bind(user_id.to_string())
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
            insert_letter!(&mut *tx, letter)?;
        },
        [&audit]
    )
}

/// The user a still-usable token belongs to, without using it up: to check a new password
/// against the login, and to show the form only for a working link.
pub async fn peek(db: &Db, token_hash: &str) -> StorageResult<Option<(UserId, String)>> {
    let row: Option<(String, String)> = db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT u.id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id \
             WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.status = 'active'",
        )
        .bind(token_hash)
        .bind(now_ms())
        .fetch_optional(pool)
        .await
    })?;
    row.map(|(id, email)| Ok((id.parse().map_err(|_| StorageError::Corrupt(format!("user id {id}")))?, email)))
        .transpose()
}

/// How many reset links were sent to the user since `since_ms`: a cap keeps the mailbox of a
/// person someone else keeps typing in from filling up.
pub async fn sent_since(db: &Db, user_id: UserId, since_ms: i64) -> StorageResult<i64> {
    Ok(db_run!(db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM password_resets WHERE user_id = $1 AND created_at > $2")
            .bind(user_id.to_string())
            .bind(since_ms)
            .fetch_one(pool)
            .await
    })?)
}

/// Uses the token up and sets the new password in one transaction; every session of the user
/// ends, and the account's failed logins no longer hold it back (the owner proved the mailbox). `None` when the token is unknown, used, expired, or its user is blocked. Two requests
/// racing with the same token: exactly one wins.
pub async fn complete(
    db: &Db,
    token_hash: &str,
    password_hash: &str,
    origin: &Origin,
) -> StorageResult<Option<(UserId, String)>> {
    let now = now_ms();
    db_run!(db, |pool| {
        let mut tx = crate::db::BeginWrite::begin_write(pool).await?;
        let claimed: Option<String> = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
             RETURNING user_id",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(user_id) = claimed else { return Ok(None) };
        let email: Option<String> = sqlx::query_scalar(
            "UPDATE users SET password_hash = $2, must_change_password = FALSE, password_changed_at = $3, \
             failures_cleared_at = $3, updated_at = $3 WHERE id = $1 AND status = 'active' RETURNING email",
        )
        .bind(&user_id)
        .bind(password_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(email) = email else {
            // The user was blocked after asking: the token is spent, the password stays.
            tx.commit().await?;
            return Ok(None);
        };
        end_sessions!(&mut *tx, &user_id)?;
        let id: UserId = user_id.parse().map_err(|_| StorageError::Corrupt(format!("user id {user_id}")))?;
        let audit = Entry::new(Stamp::user(id, &email), AuditAction::PasswordResetCompleted, origin).target("user", id);
        insert_audit!(&mut *tx, &audit)?;
        tx.commit().await?;
        Ok(Some((id, email)))
    })
}
