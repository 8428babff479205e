//! The scheduled backup (§2.4, §2.7: the data is copied periodically, with the means to restore
//! it): every `backup.every_hours`, once across all instances, a consistent online copy of
//! every table and blob goes to `backup.target`; it is read back and checked against its
//! manifest, the oldest copies beyond `backup.keep` are removed, and the audit log records it.

use cabinet_core::audit::AuditAction;
use cabinet_storage::audit::{self, Entry, Origin, Stamp};
use cabinet_storage::backup::{self, NoProgress};
use serde_json::json;

use super::Runner;

/// Makes, checks and prunes a backup; what was done, in a few words.
pub(super) async fn run(runner: &Runner) -> Result<String, String> {
    let config = &runner.config;
    let target = config.backup_target(None).map_err(|e| e.to_string())?;
    let made = backup::run(&runner.db, &runner.blobs, &target, &NoProgress).await.map_err(|e| e.to_string())?;
    let checked = backup::verify(&target, &made.name, &NoProgress).await.map_err(|e| format!("{}: {e}", made.name))?;
    let removed = backup::prune(&target, config.backup.keep.max(1)).await.map_err(|e| e.to_string())?;
    let entry = Entry::new(Stamp::system(), AuditAction::BackupMade, &Origin::default())
        .target("backup", &made.name)
        .details(json!({
            "target": target.location(),
            "tables": made.tables,
            "rows": made.rows,
            "blobs": made.blobs,
            "bytes": made.bytes,
            "seconds": made.elapsed.as_secs_f64(),
            "verified_bytes": checked.bytes,
            "removed": removed,
        }));
    audit::append(&runner.db, &entry).await.map_err(|e| e.to_string())?;
    Ok(format!("{} ({} rows, {} blobs), checked; removed {}", made.name, made.rows, made.blobs, removed.len()))
}
