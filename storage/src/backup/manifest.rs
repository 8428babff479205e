//! `manifest.json`: what a backup holds, written after everything it lists.

use serde::{Deserialize, Serialize};

use super::BackupError;

/// The value of `format`: what tells a Cabinet backup from any other folder.
pub const FORMAT: &str = "cabinet-backup";
/// The version of the format this Cabinet writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// `sqlite` or `postgres`: where the rows came from (they restore into either).
    pub source_backend: String,
    /// The last migration applied to the source (`20261201000001_access_requests`): a restore
    /// needs a database at the same one.
    pub schema: String,
    pub tables: Vec<TableEntry>,
    /// Sorted by key.
    pub blobs: Vec<BlobEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: u64,
    /// Relative to the backup's folder: `tables/<name>.jsonl`.
    pub file: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobEntry {
    /// SHA-256 of the bytes, hex: the blob's address in the media store.
    pub key: String,
    pub size: u64,
}

impl Manifest {
    /// Reads a manifest, refusing a format or version this Cabinet does not know.
    pub(crate) fn parse(bytes: &[u8], name: &str) -> Result<Self, BackupError> {
        let value: serde_json::Value = serde_json::from_slice(bytes)?;
        if value["format"] != FORMAT {
            return Err(BackupError::Format(name.into(), format!("поле format — не «{FORMAT}»")));
        }
        let version = value["version"].as_u64().unwrap_or(0);
        if version != u64::from(VERSION) {
            return Err(BackupError::Format(
                name.into(),
                format!("версия {version}, а эта версия Cabinet читает версию {VERSION}"),
            ));
        }
        Ok(serde_json::from_value(value)?)
    }

    /// When the backup was made; the start of time for a manifest that does not say.
    pub fn created(&self) -> time::OffsetDateTime {
        time::OffsetDateTime::parse(&self.created_at, &time::format_description::well_known::Rfc3339)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    }

    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }

    pub fn blob_bytes(&self) -> u64 {
        self.blobs.iter().map(|b| b.size).sum()
    }
}

/// The folder name of a backup made at `at`: `2026-11-30T12-00-00Z`.
pub(crate) fn folder_name(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}-{:02}-{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_is_named_by_utc_time_without_colons() {
        let at = time::macros::datetime!(2026-11-30 15:04:05.678 +3);
        assert_eq!(folder_name(at), "2026-11-30T12-04-05Z");
    }

    #[test]
    fn unknown_format_or_version_is_refused() {
        let ok = r#"{"format":"cabinet-backup","version":1,"created_at":"2026-11-30T12:00:00Z",
                     "source_backend":"sqlite","schema":"1_x","tables":[],"blobs":[]}"#;
        assert!(Manifest::parse(ok.as_bytes(), "a").is_ok());
        let newer = ok.replace("\"version\":1", "\"version\":2");
        assert!(matches!(Manifest::parse(newer.as_bytes(), "a"), Err(BackupError::Format(_, m)) if m.contains('2')));
        let other = ok.replace("cabinet-backup", "something-else");
        assert!(matches!(Manifest::parse(other.as_bytes(), "a"), Err(BackupError::Format(..))));
    }
}
