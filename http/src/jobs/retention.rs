//! The hourly purge: sessions and reset links that can no longer be used, appeals past their
//! retention period, old login history, finished jobs and sent letters. Each purge is audited
//! with its count.

use cabinet_storage::retention::{self, Purge};
use cabinet_storage::{appeals, now_ms};

use super::Runner;

const DAY_MS: i64 = 86_400_000;

/// Runs every purge; the number of rows deleted.
pub(super) async fn run(runner: &Runner) -> Result<u64, String> {
    let (db, config) = (&runner.db, &runner.config);
    let now = now_ms();
    let days = |d: u32| now - i64::from(d) * DAY_MS;
    let idle = now - config.auth.session_idle_minutes * 60_000;
    let purges = [
        (Purge::Sessions, idle),
        // A used or expired link is kept a day, for the hourly cap on reset letters.
        (Purge::ResetTokens, days(1)),
        (Purge::LoginHistory, days(config.retention.login_history_days)),
        (Purge::Jobs, days(config.retention.jobs_days)),
        (Purge::Letters, days(config.retention.letters_days)),
    ];
    let mut total = 0;
    for (what, before) in purges {
        total += retention::purge(db, what, before, now).await.map_err(|e| format!("{}: {e}", what.code()))?;
    }
    total +=
        appeals::purge_expired(db, now, config.appeals.retention_days).await.map_err(|e| format!("appeals: {e}"))?;
    Ok(total)
}
