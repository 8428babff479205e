//! `db_run!`: one query body, expanded once for each native pool.

/// Runs `$body` with `$pool` bound to the native pool of whichever backend `$db` uses.
///
/// The body is type-checked separately for SQLite and Postgres, so a query that does not fit
/// one of them fails to compile rather than at run time (unlike `sqlx::Any`).
macro_rules! db_run {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db.backend() {
            $crate::db::Backend::Sqlite($pool) => $body,
            $crate::db::Backend::Postgres($pool) => $body,
        }
    };
}

/// Appends an audit entry inside the transaction (or on the connection) `$conn`.
macro_rules! insert_audit {
    ($conn:expr, $entry:expr) => {{
        let e: &$crate::audit::Entry = $entry;
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor_kind, actor_id, actor_label, action, target_kind, target_id, \
             unit_id, ip, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind($crate::now_ms())
        .bind(e.actor.kind)
        .bind(e.actor.id.clone())
        .bind(e.actor.label.clone())
        .bind(e.action.code())
        .bind(e.target_kind)
        .bind(e.target_id.clone())
        .bind(e.unit_id.map(|u| u.to_string()))
        .bind(e.ip.clone())
        .bind(e.details.to_string())
        .execute($conn)
        .await
        .map(|_| ())
    }};
}

/// Ends every session of user `$user` (its id as text) inside the transaction `$conn`: what
/// blocking, moving, a new starting password and a password reset all require.
macro_rules! end_sessions {
    ($conn:expr, $user:expr) => {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind($user).execute($conn).await.map(|_| ())
    };
}

/// Revokes every session of user `$user` (its id as text) inside the transaction `$conn`, at
/// `$now`: what blocking requires. Unlike [`end_sessions!`] the rows stay until they expire, so
/// a revoked session can be answered with the reason.
macro_rules! revoke_sessions {
    ($conn:expr, $user:expr, $now:expr) => {
        sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
            .bind($user)
            .bind($now)
            .execute($conn)
            .await
            .map(|_| ())
    };
}

/// Runs a change and appends its audit entries in one transaction on `$db`: both land, or
/// neither does. `$body` runs with `$tx` bound to the open transaction (write `&mut *$tx`); a
/// `?` or an early `return Err(..)` in it drops the transaction, so nothing is written, not even
/// the entries. `$entries` is anything that iterates over `&Entry` (`[&entry]`, an `Option`, a
/// `Vec`), evaluated after the body; written `|value| …` it may use the body's value, e.g. an
/// entry that names what the body found. Evaluates to the body's value, as a `StorageResult`.
macro_rules! audited {
    ($db:expr, |$tx:ident| $body:block, |$value:ident| $entries:expr) => {
        db_run!($db, |pool| {
            let mut $tx = $crate::db::BeginWrite::begin_write(pool).await?;
            let $value = $body;
            for entry in $entries {
                insert_audit!(&mut *$tx, entry)?;
            }
            $tx.commit().await?;
            Ok::<_, $crate::StorageError>($value)
        })
    };
    ($db:expr, |$tx:ident| $body:block, $entries:expr) => {
        db_run!($db, |pool| {
            let mut $tx = $crate::db::BeginWrite::begin_write(pool).await?;
            let value = $body;
            for entry in $entries {
                insert_audit!(&mut *$tx, entry)?;
            }
            $tx.commit().await?;
            Ok::<_, $crate::StorageError>(value)
        })
    };
}

/// Records inside the transaction `$conn` that what the public API shows has changed: every
/// instance's cache of rendered public answers drops what it rendered before (see [`crate::public`]).
/// Every change that publishes, unpublishes or edits public content runs it with the change.
macro_rules! public_changed {
    ($conn:expr) => {
        sqlx::query("UPDATE public_version SET version = version + 1 WHERE id = 1").execute($conn).await.map(|_| ())
    };
}

/// Writes `$letter` (a `&Letter`) to the outbox inside the transaction `$conn`.
macro_rules! insert_letter {
    ($conn:expr, $letter:expr) => {{
        let l: &$crate::outbox::Letter = $letter;
        let now = $crate::now_ms();
        sqlx::query(
            "INSERT INTO outbox (id, kind, recipient, subject, body, about_kind, about_id, state, created_at, \
             next_attempt_at, attempts) VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $8, 0)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(l.kind)
        .bind(&l.to)
        .bind(&l.subject)
        .bind(&l.body)
        .bind(l.about.as_ref().map(|a| a.0))
        .bind(l.about.as_ref().map(|a| a.1.clone()))
        .bind(now)
        .execute($conn)
        .await
        .map(|_| ())
    }};
}

/// Inserts a job inside the transaction (or on the connection) `$conn`.
macro_rules! insert_job {
    ($conn:expr, $kind:expr, $payload:expr, $run_at:expr, $max_attempts:expr) => {
        sqlx::query(
            "INSERT INTO jobs (id, kind, payload, state, run_at, attempts, max_attempts, created_at) \
             VALUES ($1, $2, $3, 'queued', $4, 0, $5, $6)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind($kind)
        .bind($payload)
        .bind($run_at)
        .bind($max_attempts)
        .bind($crate::now_ms())
        .execute($conn)
        .await
        .map(|_| ())
    };
}
