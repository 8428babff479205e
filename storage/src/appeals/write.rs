//! Receiving an appeal under the per-address limit, marking it answered, and purging old ones:
//! each change with its audit entry in one transaction.

use cabinet_core::appeals::{Appeal, AppealStatus, CONSENT_TEXT, CONSENT_VERSION, Note};
use cabinet_core::audit::AuditAction;
use cabinet_core::ids::AppealId;
use serde_json::json;

use super::{Access, Recipient, StoredAppeal};
use crate::audit::{Entry, Origin, Stamp};
use crate::outbox::Letter;
use crate::{Db, StorageError, StorageResult, now_ms};

/// What became of an appeal sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// Stored; `mailed` tells whether a letter is to go to the organization.
    Stored { id: AppealId, mailed: bool },
    /// The sender's address sent `max` appeals within the window already; nothing was stored.
    Limited { retry_after_ms: i64 },
}

/// How many appeals one client address may send within a window.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window_ms: i64,
}

/// How the audit log names the public sender: never by name, the appeal holds that.
const SENDER: &str = "посетитель сайта";

/// Stores `appeal` for `to` unless the address in `origin` sent `max` appeals in the last
/// `window_ms` already. The count is taken in the database, in the very statement that inserts,
/// so the limit holds across every instance of the server.
#[tracing::instrument(skip_all, fields(unit = %to.unit_id))]
pub async fn receive(
    db: &Db,
    id: AppealId,
    to: &Recipient,
    appeal: &Appeal,
    letter: Option<&Letter>,
    limit: Limit,
    origin: &Origin,
) -> StorageResult<Received> {
    let Limit { max, window_ms } = limit;
    let now = now_ms();
    let since = now - window_ms;
    let mailed = letter.is_some();
    let audit = Entry::new(Stamp::anonymous(SENDER), AuditAction::AppealReceived, origin)
        .target("appeal", id)
        .unit(to.unit_id)
        .details(json!({ "mailed": mailed, "consent_version": CONSENT_VERSION }));
    audited!(
        db,
        |tx| {
            let done = sqlx::query(
                "INSERT INTO appeals (id, unit_id, received_at, name, email, phone, text, consent_version, \
                 consent_text, ip, status, mailed) \
                 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 \
                 WHERE (SELECT COUNT(*) FROM appeals WHERE ip = $10 AND received_at > $13) < $14",
            )
            .bind(id.to_string())
            .bind(to.unit_id.to_string())
            .bind(now)
            .bind(appeal.name())
            .bind(appeal.email().as_str())
            .bind(appeal.phone().map(ToString::to_string))
            .bind(appeal.text())
            .bind(CONSENT_VERSION)
            .bind(CONSENT_TEXT)
            .bind(origin.ip.clone())
            .bind(AppealStatus::New.code())
            .bind(mailed)
            .bind(since)
            .bind(max)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                // A slot frees when the oldest appeal of the window leaves it.
                let (oldest,): (Option<i64>,) =
                    sqlx::query_as("SELECT MIN(received_at) FROM appeals WHERE ip = $1 AND received_at > $2")
                        .bind(origin.ip.clone())
                        .bind(since)
                        .fetch_one(&mut *tx)
                        .await?;
                let retry_after_ms = oldest.map_or(window_ms, |t| t + window_ms - now).max(1000);
                return Ok(Received::Limited { retry_after_ms });
            }
            if let Some(letter) = letter {
                insert_letter!(&mut *tx, letter)?;
            }
        },
        [&audit]
    )?;
    Ok(Received::Stored { id, mailed })
}

/// Marks `before` (the appeal as read when the answer was decided) as `next`, with `note`;
/// written only over the status it was read in, so two answers cannot both land.
#[tracing::instrument(skip_all, fields(appeal = %before.id))]
pub async fn answer(
    db: &Db,
    access: &Access,
    before: &StoredAppeal,
    next: AppealStatus,
    note: &Note,
    origin: &Origin,
) -> StorageResult<StoredAppeal> {
    let stamp = Stamp::of(access.actor.as_ref());
    let now = now_ms();
    let audit = Entry::new(stamp.clone(), AuditAction::AppealAnswered, origin)
        .target("appeal", before.id)
        .unit(access.unit)
        .details(json!({ "from": before.status, "to": next, "with_note": note.as_deref().is_some() }));
    audited!(
        db,
        |tx| {
            let done = sqlx::query(
                "UPDATE appeals SET status = $4, answered_at = $5, answered_by = $6, note = $7 \
                 WHERE id = $1 AND unit_id = $2 AND status = $3",
            )
            .bind(before.id.to_string())
            .bind(access.unit.to_string())
            .bind(before.status.code())
            .bind(next.code())
            .bind(now)
            .bind(&stamp.label)
            .bind(note.as_deref())
            .execute(&mut *tx)
            .await?;
            // Someone else answered it since it was read.
            if done.rows_affected() == 0 {
                return Err(StorageError::Conflict { what: "status" });
            }
        },
        [&audit]
    )?;
    let mut answered = before.clone();
    answered.status = next;
    answered.answered_at = Some(now);
    answered.answered_by = Some(stamp.label);
    answered.note = note.as_deref().map(str::to_owned);
    Ok(answered)
}

/// Deletes every appeal received more than `retention_days` before `now` (milliseconds) and
/// returns how many. The deletion is audited with its count when there was something to delete,
/// so a job calling this often leaves no empty entries.
#[tracing::instrument(skip_all)]
pub async fn purge_expired(db: &Db, now: i64, retention_days: i64) -> StorageResult<u64> {
    let cutoff = now - retention_days * 86_400_000;
    let entry = |count: u64| {
        (count > 0).then(|| {
            Entry::new(Stamp::system(), AuditAction::AppealsPurged, &Origin::default())
                .target("appeals", "expired")
                .details(json!({ "count": count, "received_before": cutoff, "retention_days": retention_days }))
        })
    };
    audited!(
        db,
        |tx| {
            sqlx::query("DELETE FROM appeals WHERE received_at < $1")
                .bind(cutoff)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        },
        |count| entry(count).iter()
    )
}
