//! Making a backup: every table read inside one read transaction and streamed to its file, then
//! the blobs, then the manifest.

use std::collections::BTreeSet;
use std::time::Instant;

use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::catalog::{Catalog, Kind, Table, quote};
use super::files::FileWriter;
use super::manifest::{BlobEntry, FORMAT, Manifest, TableEntry, VERSION};
use super::progress::{BLOBS, STEP};
use super::{BackupError, Progress, Summary, Target};
use crate::blobs::{BlobKey, BlobStore};
use crate::db::{Backend, Db};

/// Columns that hold blob keys: a blob they name must be in the backup even if it was deleted
/// from the store after the snapshot (its row was deleted too, but not in the snapshot).
const BLOB_REFERENCES: &[(&str, &str)] = &[("media", "sha256")];

/// Blobs copied at once: enough to hide an S3 round trip.
const BLOB_CONCURRENCY: usize = 8;

/// Backs up the database `db` and the media store `blobs` into a new folder of `target`, and
/// returns what it wrote. The service may keep writing meanwhile: the rows are one snapshot.
#[tracing::instrument(skip_all, fields(target = target.location()))]
pub async fn run(db: &Db, blobs: &BlobStore, target: &Target, progress: &dyn Progress) -> Result<Summary, BackupError> {
    let started = Instant::now();
    let created = time::OffsetDateTime::now_utc();
    let name = target.fresh_name(created).await?;
    let snapshot = dump_tables(db, target, &name, progress).await?;
    // Listed after the snapshot: a blob is stored before any row points at it, so every blob
    // the snapshot refers to is in the list.
    let mut keys: BTreeSet<String> = blobs.keys().await?.into_iter().map(|k| k.as_str().to_owned()).collect();
    keys.extend(snapshot.referenced.iter().cloned());
    let blob_entries = copy_blobs(blobs, target, &name, &keys, &snapshot.referenced, progress).await?;
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        created_at: created.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        source_backend: db.kind().into(),
        schema: snapshot.schema,
        tables: snapshot.tables,
        blobs: blob_entries,
    };
    let json = serde_json::to_vec_pretty(&manifest)?;
    target.put(&name, "manifest.json", Bytes::from(json)).await?;
    let summary = Summary {
        name,
        tables: manifest.tables.len(),
        rows: manifest.rows(),
        blobs: manifest.blobs.len(),
        bytes: snapshot.bytes + manifest.blob_bytes(),
        elapsed: started.elapsed(),
    };
    tracing::info!(backup = %summary.name, rows = summary.rows, blobs = summary.blobs, "backup written");
    Ok(summary)
}

struct Snapshot {
    schema: String,
    tables: Vec<TableEntry>,
    /// Blob keys found in [`BLOB_REFERENCES`].
    referenced: BTreeSet<String>,
    bytes: u64,
}

/// Streams every table into `tables/<name>.jsonl` inside one read transaction.
async fn dump_tables(db: &Db, target: &Target, name: &str, progress: &dyn Progress) -> Result<Snapshot, BackupError> {
    // SQLite: one transaction on one connection reads one state of the WAL, from its first read.
    let begin = match db.backend() {
        Backend::Sqlite(_) => "BEGIN",
        Backend::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    };
    db_run!(db, |pool| {
        let mut tx = pool.begin_with(begin).await?;
        let schema = tx.schema().await?;
        let tables = tx.tables().await?;
        let mut snapshot = Snapshot { schema, tables: Vec::new(), referenced: BTreeSet::new(), bytes: 0 };
        for table in &tables {
            progress.start(&table.name, None);
            let file = format!("tables/{}.jsonl", table.name);
            let mut out = FileWriter::new(target, target.path(name, &file)?);
            let blob_column = BLOB_REFERENCES
                .iter()
                .find(|(t, _)| *t == table.name)
                .and_then(|(_, c)| table.columns.iter().position(|col| col.name == *c));
            let sql = select(table, &*tx);
            let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut *tx);
            let (mut count, mut line) = (0u64, Vec::with_capacity(4096));
            while let Some(row) = rows.try_next().await? {
                line.clear();
                line.push(b'[');
                for (i, column) in table.columns.iter().enumerate() {
                    if i > 0 {
                        line.push(b',');
                    }
                    match column.kind {
                        Kind::Integer => write_json(&mut line, &row.try_get::<Option<i64>, _>(i)?)?,
                        Kind::Boolean => write_json(&mut line, &row.try_get::<Option<bool>, _>(i)?)?,
                        Kind::Text => {
                            let text = row.try_get::<Option<String>, _>(i)?;
                            if blob_column == Some(i) {
                                snapshot.referenced.extend(text.clone());
                            }
                            write_json(&mut line, &text)?
                        }
                    }
                }
                line.extend_from_slice(b"]\n");
                out.write(&line).await?;
                count += 1;
                if count.is_multiple_of(STEP) {
                    progress.advance(STEP);
                }
            }
            drop(rows);
            progress.advance(count % STEP);
            let (sha256, bytes) = out.finish().await?;
            progress.done(&table.name, count);
            snapshot.bytes += bytes;
            let columns = table.columns.iter().map(|c| c.name.clone()).collect();
            snapshot.tables.push(TableEntry { name: table.name.clone(), columns, rows: count, file, sha256 });
        }
        tx.rollback().await?;
        Ok(snapshot)
    })
}

fn write_json<T: serde::Serialize>(line: &mut Vec<u8>, value: &T) -> Result<(), BackupError> {
    serde_json::to_writer(line, value)?;
    Ok(())
}

/// `SELECT` of every column in primary-key order, text compared byte by byte on both backends
/// so that the same rows come out in the same order from either.
fn select(table: &Table, conn: &impl Catalog) -> String {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| if c.kind == Kind::Integer { conn.as_bigint(&quote(&c.name)) } else { quote(&c.name) })
        .collect();
    let order_by: Vec<&str> = if table.key.is_empty() {
        table.columns.iter().map(|c| c.name.as_str()).collect()
    } else {
        table.key.iter().map(String::as_str).collect()
    };
    let order: Vec<String> = order_by
        .iter()
        .map(|name| match table.column(name).map(|c| c.kind) {
            Some(Kind::Text) => format!("{}{}", quote(name), conn.collate_binary()),
            _ => quote(name),
        })
        .collect();
    format!("SELECT {} FROM {} ORDER BY {}", columns.join(", "), quote(&table.name), order.join(", "))
}

/// Copies the blobs `keys` into `blobs/sha256/ab/<key>`, each checked against its key on the
/// way. A blob gone from the store is skipped, unless the snapshot refers to it.
async fn copy_blobs(
    blobs: &BlobStore,
    target: &Target,
    name: &str,
    keys: &BTreeSet<String>,
    referenced: &BTreeSet<String>,
    progress: &dyn Progress,
) -> Result<Vec<BlobEntry>, BackupError> {
    progress.start(BLOBS, Some(keys.len() as u64));
    let copied: Vec<Option<BlobEntry>> = futures::stream::iter(keys.iter().cloned().collect::<Vec<String>>())
        .map(|key| async move {
            let parsed = BlobKey::parse(&key)?;
            let bytes = match blobs.get(&parsed).await {
                Ok(bytes) => bytes,
                Err(crate::StorageError::Corrupt(_)) if !blobs.exists(&parsed).await? => {
                    if referenced.contains(&key) {
                        return Err(BackupError::BlobVanished { key });
                    }
                    return Ok(None);
                }
                Err(e) => return Err(e.into()),
            };
            let size = bytes.len() as u64;
            target.put(name, &blob_path(&key), bytes).await?;
            progress.advance(1);
            Ok(Some(BlobEntry { key, size }))
        })
        .buffered(BLOB_CONCURRENCY)
        .try_collect()
        .await?;
    let entries: Vec<BlobEntry> = copied.into_iter().flatten().collect();
    progress.done(BLOBS, entries.len() as u64);
    Ok(entries)
}

/// Where a blob lies inside a backup: the media store's own layout.
pub(crate) fn blob_path(key: &str) -> String {
    format!("blobs/sha256/{}/{key}", key.get(..2).unwrap_or_default())
}

/// The hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
