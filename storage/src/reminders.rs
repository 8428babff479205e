//! Reminders sent once per occasion: a row per (kind, organization, occasion) is written with
//! the letters in one transaction, so whichever instance tries second writes nothing.

use crate::db::BeginWrite;
use crate::outbox::Letter;
use crate::{Db, StorageResult, now_ms};

/// One reminder to an organization.
#[derive(Debug, Clone)]
pub struct Occasion<'a> {
    /// `report`, `profile` or `news`.
    pub kind: &'a str,
    pub unit: &'a str,
    /// What makes it this reminder and no other (`membership:2026-11:overdue`).
    pub key: &'a str,
    pub subject: &'a str,
    /// The page to act on.
    pub path: &'a str,
}

/// Records the reminder and queues its letters, unless it was recorded before; `true` when
/// this call recorded it.
pub async fn send_once(db: &Db, o: &Occasion<'_>, letters: &[Letter]) -> StorageResult<bool> {
    let count = i64::try_from(letters.len()).unwrap_or(i64::MAX);
    let recorded = db_run!(db, |pool| {
        let mut tx = pool.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO reminders (kind, unit_id, occasion, sent_at, letters, subject, path) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kind, unit_id, occasion) DO NOTHING",
        )
        .bind(o.kind)
        .bind(o.unit)
        .bind(o.key)
        .bind(now_ms())
        .bind(count)
        .bind(o.subject)
        .bind(o.path)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if inserted {
            for letter in letters {
                insert_letter!(&mut *tx, letter)?;
            }
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(inserted)
    })?;
    Ok(recorded)
}

/// The reminders sent to `unit` from `since` (ms), newest first: (subject, path, sent_at).
pub async fn of_unit(db: &Db, unit: &str, since: i64) -> StorageResult<Vec<(String, String, i64)>> {
    Ok(db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT subject, path, sent_at FROM reminders WHERE unit_id = $1 AND sent_at >= $2 \
             ORDER BY sent_at DESC LIMIT 10",
        )
        .bind(unit)
        .bind(since)
        .fetch_all(pool)
        .await
    })?)
}

/// Organizations and when their reference info was last confirmed (`None`: never), with
/// when the organization was created.
pub async fn confirmations(db: &Db) -> StorageResult<Vec<(String, Option<i64>, i64)>> {
    Ok(db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT u.id, p.confirmed_at, u.created_at FROM units u LEFT JOIN profiles p ON p.unit_id = u.id \
             WHERE u.kind = 'organization' ORDER BY u.id",
        )
        .fetch_all(pool)
        .await
    })?)
}

/// How many news items each organization published from `since` (ms) on.
pub async fn news_published_since(db: &Db, since: i64) -> StorageResult<Vec<(String, i64)>> {
    Ok(db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT u.id, COUNT(n.id) FROM units u LEFT JOIN news n ON n.unit_id = u.id AND n.state = 'published' \
             AND n.published_at >= $1 WHERE u.kind = 'organization' GROUP BY u.id ORDER BY u.id",
        )
        .bind(since)
        .fetch_all(pool)
        .await
    })?)
}

/// The organizations that have sent a report of `form_id` for `period` (submitted, returned
/// after submission or accepted).
pub async fn reported(db: &Db, form_id: &str, period: &str) -> StorageResult<Vec<String>> {
    Ok(db_run!(db, |pool| {
        sqlx::query_scalar(
            "SELECT unit_id FROM reports WHERE form_id = $1 AND period = $2 AND submitted_at IS NOT NULL",
        )
        .bind(form_id)
        .bind(period)
        .fetch_all(pool)
        .await
    })?)
}
