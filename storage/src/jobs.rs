//! Durable background jobs: one table, claimed safely by any number of instances.
//!
//! A job is a row first, written in the transaction that causes it. A runner claims due rows
//! for a lease (`FOR UPDATE SKIP LOCKED` on Postgres, so two instances never take the same
//! row; on SQLite the claim is one write transaction, and SQLite has one writer at a time). A
//! job whose runner died keeps its `running` state until the lease passes; then any instance
//! takes it over. A finished or failed job is recorded by the instance that holds it, so a
//! runner that lost its lease cannot overwrite what the new holder wrote.
//!
//! Recurring work has a row in `schedules`: the instance whose update moves `next_run` forward
//! enqueues the run in the same transaction, so it runs once across all instances.

use serde::Serialize;

use crate::db::BeginWrite;
use crate::{Db, StorageResult, now_ms};

/// A claimed job, for its handler.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: String,
    pub kind: String,
    pub payload: String,
    /// This attempt's number, from 1.
    pub attempts: i64,
    pub max_attempts: i64,
}

/// A job as the administrator sees it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct JobRow {
    pub id: String,
    pub kind: String,
    pub state: String,
    pub run_at: i64,
    pub attempts: i64,
    pub max_attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

/// Queues a job of `kind` to run from `run_at` (ms), with its payload as JSON text.
pub async fn enqueue(db: &Db, kind: &str, payload: &str, run_at: i64, max_attempts: i64) -> StorageResult<()> {
    db_run!(db, |pool| insert_job!(pool, kind, payload, run_at, max_attempts))?;
    Ok(())
}

/// Claims up to `limit` due jobs for `instance` until `now + lease_ms`: queued ones whose time
/// has come, and running ones whose runner's lease has passed.
pub async fn claim(db: &Db, instance: &str, lease_ms: i64, limit: i64) -> StorageResult<Vec<Claimed>> {
    let queue = Queue {
        table: "jobs",
        due: "run_at",
        waiting: "queued",
        working: "running",
        returning: "id, kind, payload, attempts, max_attempts",
    };
    claim_rows(db, &queue, instance, lease_ms, limit).await
}

/// A table of work claimed with a lease: its name, the column that says when a row is due, the
/// states of a row waiting and of one being worked on, and the columns a claim returns.
pub(crate) struct Queue {
    pub table: &'static str,
    pub due: &'static str,
    pub waiting: &'static str,
    pub working: &'static str,
    pub returning: &'static str,
}

/// Claims up to `limit` due rows of `queue` for `instance` until `now + lease_ms`: waiting ones
/// whose time has come, and ones being worked on whose lease has passed. Postgres skips the rows
/// another instance is claiming at the same moment (`FOR UPDATE SKIP LOCKED`); SQLite claims in
/// one write transaction, and it has one writer at a time.
pub(crate) async fn claim_rows<T>(
    db: &Db,
    queue: &Queue,
    instance: &str,
    lease_ms: i64,
    limit: i64,
) -> StorageResult<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
    let now = now_ms();
    let Queue { table, due, waiting, working, returning } = queue;
    let select = format!(
        "SELECT id FROM {table} WHERE (state = '{waiting}' AND {due} <= $3) \
         OR (state = '{working}' AND locked_until < $3) ORDER BY {due} LIMIT $4"
    );
    let update = format!(
        "UPDATE {table} SET state = '{working}', attempts = attempts + 1, locked_by = $1, locked_until = $2 \
         WHERE id IN"
    );
    let rows = match db.backend() {
        crate::Backend::Postgres(pool) => {
            let sql = format!("{update} ({select} FOR UPDATE SKIP LOCKED) RETURNING {returning}");
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(instance)
                .bind(now + lease_ms)
                .bind(now)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }
        crate::Backend::Sqlite(pool) => {
            let sql = format!("{update} ({select}) RETURNING {returning}");
            let mut tx = pool.begin_write().await?;
            let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(instance)
                .bind(now + lease_ms)
                .bind(now)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            rows
        }
    };
    Ok(rows)
}

/// Records that the job is done, if `instance` still holds it.
pub async fn finish(db: &Db, id: &str, instance: &str) -> StorageResult<()> {
    db_run!(db, |pool| {
        sqlx::query(
            "UPDATE jobs SET state = 'done', finished_at = $3, locked_by = NULL, locked_until = NULL, \
             last_error = NULL WHERE id = $1 AND locked_by = $2 AND state = 'running'",
        )
        .bind(id)
        .bind(instance)
        .bind(now_ms())
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Records a failed attempt: the job runs again at `retry_at`, or, with `None`, stays failed
/// for the administrator to see.
pub async fn fail(db: &Db, id: &str, instance: &str, error: &str, retry_at: Option<i64>) -> StorageResult<()> {
    let (state, at, finished) = match retry_at {
        Some(at) => ("queued", Some(at), None),
        None => ("failed", None, Some(now_ms())),
    };
    db_run!(db, |pool| {
        sqlx::query(
            "UPDATE jobs SET state = $3, run_at = COALESCE($4, run_at), finished_at = $5, last_error = $6, \
             locked_by = NULL, locked_until = NULL WHERE id = $1 AND locked_by = $2 AND state = 'running'",
        )
        .bind(id)
        .bind(instance)
        .bind(state)
        .bind(at)
        .bind(finished)
        .bind(error)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Moves the lease of a long job forward, while `instance` still holds it; `false` when it no
/// longer does (the lease passed and another instance took the job).
pub async fn extend(db: &Db, id: &str, instance: &str, lease_ms: i64) -> StorageResult<bool> {
    let done = db_run!(db, |pool| {
        sqlx::query("UPDATE jobs SET locked_until = $3 WHERE id = $1 AND locked_by = $2 AND state = 'running'")
            .bind(id)
            .bind(instance)
            .bind(now_ms() + lease_ms)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

/// Runs the recurring job `name` if its time has come: the one instance whose update moves
/// `next_run` to `next` enqueues a job of `kind` in the same transaction and gets `true`;
/// every other instance, then or later in the same period, gets `false`. A schedule seen for
/// the first time starts at `first`.
pub async fn tick(
    db: &Db,
    name: &str,
    instance: &str,
    first: i64,
    next: i64,
    kind: &str,
    payload: &str,
) -> StorageResult<bool> {
    let now = now_ms();
    let won = db_run!(db, |pool| {
        let mut tx = pool.begin_write().await?;
        sqlx::query("INSERT INTO schedules (name, next_run) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(first)
            .execute(&mut *tx)
            .await?;
        let moved = sqlx::query(
            "UPDATE schedules SET next_run = $2, last_run = $3, last_instance = $4 WHERE name = $1 AND next_run <= $3",
        )
        .bind(name)
        .bind(next)
        .bind(now)
        .bind(instance)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if moved {
            insert_job!(&mut *tx, kind, payload, now, 3_i64)?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(moved)
    })?;
    Ok(won)
}

/// When the recurring job `name` runs next; `None` before any instance has scheduled it.
pub async fn next_run(db: &Db, name: &str) -> StorageResult<Option<i64>> {
    Ok(db_run!(db, |pool| {
        sqlx::query_scalar("SELECT next_run FROM schedules WHERE name = $1").bind(name).fetch_optional(pool).await
    })?)
}

/// Whether a job of `kind` is queued or running now.
pub async fn pending(db: &Db, kind: &str) -> StorageResult<bool> {
    let n: i64 = db_run!(db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = $1 AND state IN ('queued', 'running')")
            .bind(kind)
            .fetch_one(pool)
            .await
    })?;
    Ok(n > 0)
}

/// The newest jobs that have not succeeded (failed, or queued again after a failure), then the
/// most recent ones; for the administrator.
pub async fn recent(db: &Db, limit: i64) -> StorageResult<Vec<JobRow>> {
    Ok(db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT id, kind, state, run_at, attempts, max_attempts, last_error, created_at, finished_at FROM jobs \
             ORDER BY CASE WHEN state = 'failed' OR last_error IS NOT NULL THEN 0 ELSE 1 END, created_at DESC \
             LIMIT $1",
        )
        .bind(limit)
        .fetch_all(pool)
        .await
    })?)
}
