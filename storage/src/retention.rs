//! Retention: what is kept only for a time is deleted when that time is over, each purge in
//! one transaction with its audit entry (when it deleted anything).

use cabinet_core::audit::AuditAction;
use serde_json::json;

use crate::audit::{Entry, Origin, Stamp};
use crate::{Db, StorageResult};

/// What a purge deletes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purge {
    /// Sessions past their absolute end, or idle since `before`.
    Sessions,
    /// Password reset tokens that expired or were used before `before`.
    ResetTokens,
    /// Login history (§2.7 evidence) older than `before`.
    LoginHistory,
    /// Finished jobs older than `before`.
    Jobs,
    /// Letters sent before `before`.
    Letters,
}

impl Purge {
    pub fn code(self) -> &'static str {
        match self {
            Purge::Sessions => "sessions",
            Purge::ResetTokens => "password_resets",
            Purge::LoginHistory => "login_attempts",
            Purge::Jobs => "jobs",
            Purge::Letters => "outbox",
        }
    }

    fn sql(self) -> &'static str {
        match self {
            Purge::Sessions => "DELETE FROM sessions WHERE expires_at <= $2 OR last_seen_at <= $1",
            Purge::ResetTokens => {
                "DELETE FROM password_resets WHERE expires_at <= $1 OR (used_at IS NOT NULL AND used_at <= $1)"
            }
            Purge::LoginHistory => "DELETE FROM login_attempts WHERE at < $1",
            Purge::Jobs => "DELETE FROM jobs WHERE state IN ('done', 'failed') AND finished_at < $1",
            Purge::Letters => "DELETE FROM outbox WHERE state = 'sent' AND sent_at < $1",
        }
    }
}

/// Deletes what `what` names from before `before` (ms); `now` bounds sessions' absolute end.
/// Returns how many rows went; a purge that deleted anything is audited with its count.
#[tracing::instrument(skip(db))]
pub async fn purge(db: &Db, what: Purge, before: i64, now: i64) -> StorageResult<u64> {
    let entry = |count: u64| {
        (count > 0).then(|| {
            Entry::new(Stamp::system(), AuditAction::DataPurged, &Origin::default())
                .target("retention", what.code())
                .details(json!({ "what": what.code(), "count": count, "before": before }))
        })
    };
    audited!(
        db,
        |tx| {
            let query = sqlx::query(what.sql()).bind(before);
            let query = if what == Purge::Sessions { query.bind(now) } else { query };
            query.execute(&mut *tx).await?.rows_affected()
        },
        |count| entry(count).iter()
    )
}
