//! Planned maintenance the administrator announces (§2.7: the service is stopped only for
//! planned work, announced beforehand): every page of the cabinet shows the notice from its
//! announcement until the work ends.

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{Authorized, OperateService};
use serde::Serialize;
use serde_json::json;

use crate::audit::{Entry, Origin, Stamp};
use crate::{Db, StorageResult, now_ms};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Notice {
    pub id: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub announce_from: i64,
    pub note: String,
    pub created_at: i64,
    pub created_by: String,
    pub cancelled_at: Option<i64>,
}

const COLUMNS: &str = "id, starts_at, ends_at, announce_from, note, created_at, created_by, cancelled_at";

/// What is announced: the work's window, when pages start showing it, and what the administrator
/// says about it.
#[derive(Debug, Clone)]
pub struct Announcement {
    pub starts_at: i64,
    pub ends_at: i64,
    pub announce_from: i64,
    pub note: String,
}

/// Stores an announcement, with its audit entry; returns its id.
pub async fn announce(
    db: &Db,
    by: &Authorized<OperateService>,
    a: &Announcement,
    origin: &Origin,
) -> StorageResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let stamp = Stamp::of(by.actor());
    let entry = Entry::new(stamp.clone(), AuditAction::MaintenanceAnnounced, origin)
        .target("maintenance", &id)
        .details(json!({ "starts_at": a.starts_at, "ends_at": a.ends_at, "note": a.note }));
    audited!(
        db,
        |tx| {
            sqlx::query(
                "INSERT INTO maintenance (id, starts_at, ends_at, announce_from, note, created_at, created_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&id)
            .bind(a.starts_at)
            .bind(a.ends_at)
            .bind(a.announce_from)
            .bind(&a.note)
            .bind(now_ms())
            .bind(&stamp.label)
            .execute(&mut *tx)
            .await?;
        },
        [&entry]
    )?;
    Ok(id)
}

/// Cancels an announcement that has not ended; `false` when there is none with that id.
pub async fn cancel(db: &Db, by: &Authorized<OperateService>, id: &str, origin: &Origin) -> StorageResult<bool> {
    let entry = Entry::new(Stamp::of(by.actor()), AuditAction::MaintenanceCancelled, origin).target("maintenance", id);
    audited!(
        db,
        |tx| {
            let done = sqlx::query(
                "UPDATE maintenance SET cancelled_at = $2 WHERE id = $1 AND cancelled_at IS NULL AND ends_at > $2",
            )
            .bind(id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Ok(false);
            }
            true
        },
        [&entry]
    )
}

/// Announcements not cancelled whose work has not ended, the soonest first.
pub async fn ahead(db: &Db, now: i64) -> StorageResult<Vec<Notice>> {
    let sql =
        format!("SELECT {COLUMNS} FROM maintenance WHERE cancelled_at IS NULL AND ends_at > $1 ORDER BY starts_at");
    Ok(db_run!(db, |pool| { sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(now).fetch_all(pool).await })?)
}
