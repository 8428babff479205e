//! The e-mail outbox: every letter is a row written with the change that causes it (a new
//! user, a reset link, an appeal…), and the job runner sends it. A letter survives the process
//! dying and the SMTP server being down; the server's answer is recorded, so a letter it
//! accepted is not sent again.
//!
//! Claiming works as for [`crate::jobs`]: a lease, `FOR UPDATE SKIP LOCKED` on Postgres, one
//! write transaction on SQLite. A letter whose sender died mid-way is taken up again once the
//! lease passes; it carries the same `Message-ID`, so a mailbox that got it once can tell.

use serde::Serialize;

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{Authorized, OperateService};

use crate::audit::{Entry, Origin, Stamp};
use crate::db::BeginWrite;
use crate::{Db, StorageResult, now_ms};

/// A rendered letter to write to the outbox.
#[derive(Debug, Clone)]
pub struct Letter {
    /// `new_user`, `password_issued`, `password_reset`, `appeal`, `material`, `reminder`.
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// What it is about (`("appeal", id)`), to tell that thing when the letter cannot be sent.
    pub about: Option<(&'static str, String)>,
}

/// Writes letters on their own, in one transaction.
pub async fn enqueue(db: &Db, letters: &[Letter]) -> StorageResult<()> {
    if letters.is_empty() {
        return Ok(());
    }
    db_run!(db, |pool| {
        let mut tx = pool.begin_write().await?;
        for letter in letters {
            insert_letter!(&mut *tx, letter)?;
        }
        tx.commit().await
    })?;
    Ok(())
}

/// A letter claimed for sending.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// This attempt's number, from 1.
    pub attempts: i64,
    pub created_at: i64,
}

/// Claims up to `limit` letters due for sending, for `instance` until `now + lease_ms`.
pub async fn claim(db: &Db, instance: &str, lease_ms: i64, limit: i64) -> StorageResult<Vec<Claimed>> {
    let queue = crate::jobs::Queue {
        table: "outbox",
        due: "next_attempt_at",
        waiting: "queued",
        working: "sending",
        returning: "id, kind, recipient, subject, body, attempts, created_at",
    };
    crate::jobs::claim_rows(db, &queue, instance, lease_ms, limit).await
}

/// Records that the SMTP server accepted the letter, with its answer; a letter carrying a
/// secret loses its text.
pub async fn sent(db: &Db, id: &str, instance: &str, reply: &str) -> StorageResult<()> {
    db_run!(db, |pool| {
        sqlx::query(
            "UPDATE outbox SET state = 'sent', sent_at = $3, smtp_reply = $4, last_error = NULL, locked_by = NULL, \
             locked_until = NULL, body = CASE WHEN kind IN ('new_user', 'password_issued', 'password_reset') \
             THEN '' ELSE body END WHERE id = $1 AND locked_by = $2",
        )
        .bind(id)
        .bind(instance)
        .bind(now_ms())
        .bind(reply)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Records a failed attempt to be tried again from `at`.
pub async fn retry(db: &Db, id: &str, instance: &str, error: &str, at: i64) -> StorageResult<()> {
    db_run!(db, |pool| {
        sqlx::query(
            "UPDATE outbox SET state = 'queued', next_attempt_at = $3, last_error = $4, locked_by = NULL, \
             locked_until = NULL WHERE id = $1 AND locked_by = $2",
        )
        .bind(id)
        .bind(instance)
        .bind(at)
        .bind(error)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Records that the letter cannot be sent (the server refused it for good, or every attempt
/// failed), with the answer. An appeal's letter marks its appeal as not mailed, in the same
/// transaction, so its organization's staff see it in the cabinet.
pub async fn failed(db: &Db, id: &str, instance: &str, error: &str) -> StorageResult<()> {
    db_run!(db, |pool| {
        let mut tx = pool.begin_write().await?;
        let about: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "UPDATE outbox SET state = 'failed', last_error = $3, locked_by = NULL, locked_until = NULL \
             WHERE id = $1 AND locked_by = $2 RETURNING about_kind, about_id",
        )
        .bind(id)
        .bind(instance)
        .bind(error)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((Some(kind), Some(about))) = about
            && kind == "appeal"
        {
            sqlx::query("UPDATE appeals SET mailed = $2 WHERE id = $1")
                .bind(about)
                .bind(false)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await
    })?;
    Ok(())
}

/// A letter not delivered yet, or never: for the administrator.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Undelivered {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    /// `queued`, `sending` or `failed`.
    pub state: String,
    pub created_at: i64,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
}

/// Letters that have not been delivered, the oldest first.
pub async fn undelivered(db: &Db, limit: i64) -> StorageResult<Vec<Undelivered>> {
    Ok(db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT id, kind, recipient, subject, state, created_at, attempts, next_attempt_at, last_error \
             FROM outbox WHERE state <> 'sent' ORDER BY created_at LIMIT $1",
        )
        .bind(limit)
        .fetch_all(pool)
        .await
    })?)
}

/// A letter as it stands, by id.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Status {
    pub id: String,
    pub kind: String,
    pub recipient: String,
    pub state: String,
    pub attempts: i64,
    pub smtp_reply: Option<String>,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
}

/// Every letter to `recipient`, oldest first.
pub async fn to(db: &Db, recipient: &str) -> StorageResult<Vec<Status>> {
    Ok(db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT id, kind, recipient, state, attempts, smtp_reply, last_error, sent_at FROM outbox \
             WHERE LOWER(recipient) = LOWER($1) ORDER BY created_at, id",
        )
        .bind(recipient)
        .fetch_all(pool)
        .await
    })?)
}

/// Puts a failed letter back in the queue, to be sent at once, with its audit entry; `false`
/// (and nothing written) when there is no failed letter with that id.
pub async fn send_again(db: &Db, id: &str, by: &Authorized<OperateService>, origin: &Origin) -> StorageResult<bool> {
    let entry = Entry::new(Stamp::of(by.actor()), AuditAction::LetterRequeued, origin).target("letter", id);
    audited!(
        db,
        |tx| {
            let requeued = sqlx::query(
                "UPDATE outbox SET state = 'queued', next_attempt_at = $2, attempts = 0 WHERE id = $1 AND state = 'failed'",
            )
            .bind(id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !requeued {
                return Ok(false);
            }
            true
        },
        [&entry]
    )
}

/// How many letters wait in each state other than `sent`: for `/ready` and the dashboard.
pub async fn backlog(db: &Db) -> StorageResult<(i64, i64)> {
    let (waiting, failed): (i64, i64) = db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN state IN ('queued', 'sending') THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) FROM outbox",
        )
        .fetch_one(pool)
        .await
    })?;
    Ok((waiting, failed))
}
