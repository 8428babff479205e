//! Backups of the whole service — every table and every media blob — in a portable format that
//! does not depend on the backend, and their restore into an empty database and object store
//! (§2.4 of the regulation: data is copied periodically, with the means to restore it).
//!
//! A backup is a folder named by its UTC time (`2026-11-30T12-00-00Z/`) in a [`Target`] — a
//! directory or an S3 bucket, both written through `object_store`:
//!
//! ```text
//! manifest.json               what is in the backup; written last, a folder without it is ignored
//! tables/<name>.jsonl         one JSON array a row, values in the manifest's column order
//! blobs/sha256/ab/<key>       media bytes, addressed by their SHA-256 as in the media store
//! ```
//!
//! The rows are read inside one read transaction, so the service keeps working while a backup
//! runs and the backup is one moment of it; rows come out in primary-key order, so two backups
//! of the same data have byte-identical table files whichever backend they come from.
//! The scheduler calls [`run`], then [`verify`] and [`prune`]; the CLI also [`restore`].

mod catalog;
mod dump;
mod error;
mod files;
mod load;
mod manifest;
mod progress;
mod target;
mod verify;

pub use dump::run;
pub use error::BackupError;
pub use load::restore;
pub use manifest::{BlobEntry, FORMAT, Manifest, TableEntry, VERSION};
pub use progress::{NoProgress, Progress};
pub use target::{Listed, Target};
pub use verify::verify;

/// What a backup, a verification or a restore went through.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The backup's folder name (`2026-11-30T12-00-00Z`).
    pub name: String,
    pub tables: usize,
    pub rows: u64,
    pub blobs: usize,
    /// Bytes of table files and blobs written (backup), read (verify) or restored.
    pub bytes: u64,
    pub elapsed: std::time::Duration,
}

/// Deletes all but the newest `keep` complete backups in `target`; returns the names deleted.
/// A folder without a manifest (a backup being written now, or one that failed) is left alone.
#[tracing::instrument(skip_all, fields(keep))]
pub async fn prune(target: &Target, keep: usize) -> Result<Vec<String>, BackupError> {
    let listed = target.list().await?;
    let excess = listed.len().saturating_sub(keep);
    let mut deleted = Vec::with_capacity(excess);
    for old in listed.into_iter().take(excess) {
        target.delete(&old.name).await?;
        tracing::info!(backup = %old.name, "old backup deleted");
        deleted.push(old.name);
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spawnable<T: Send>(_: &T) {}

    /// The scheduler runs these on a spawned task: their futures must be `Send`.
    #[allow(dead_code, clippy::diverging_sub_expression)]
    fn futures_are_send(db: &crate::Db, blobs: &crate::blobs::BlobStore, target: &Target) {
        spawnable(&run(db, blobs, target, &NoProgress));
        spawnable(&verify(target, "name", &NoProgress));
        spawnable(&restore(db, blobs, target, "name", &NoProgress));
        spawnable(&prune(target, 7));
    }
}
