//! Restoring a backup into an empty database and object store: the blobs first (they are
//! addressed by content, so copying one twice is harmless), then every row in one transaction,
//! so that a failed restore leaves the database as empty as it found it.

use std::collections::HashSet;
use std::future::Future;
use std::time::Instant;

use futures::{StreamExt, TryStreamExt};
use serde_json::Value;
use sqlx::{PgConnection, SqliteConnection};

use super::catalog::{Catalog, Kind, Table, dependency_order, quote};
use super::dump::{blob_path, sha256_hex};
use super::files::LineReader;
use super::manifest::{Manifest, TableEntry};
use super::progress::BLOBS;
use super::{BackupError, Progress, Summary, Target};
use crate::blobs::{BlobKey, BlobStore};
use crate::db::{BeginWrite, Db};

/// Tables whose rows the migrations themselves write (`public_version` starts at 1): an empty
/// database has them, and a restore replaces them with the backup's.
pub(crate) const SEEDED_BY_MIGRATIONS: &[&str] = &["public_version"];

/// Bound parameters in one `INSERT`: under SQLite's oldest limit (999).
const PARAMETERS: usize = 900;

/// Blobs copied at once.
const CONCURRENCY: usize = 8;

/// Restores the backup `name` of `target` into `db` and `blobs`, then checks that every table
/// has the backup's row count and every blob is readable under its key. `db` must be migrated
/// to the backup's schema and hold no rows.
#[tracing::instrument(skip_all, fields(target = target.location(), backup = name))]
pub async fn restore(
    db: &Db,
    blobs: &BlobStore,
    target: &Target,
    name: &str,
    progress: &dyn Progress,
) -> Result<Summary, BackupError> {
    let started = Instant::now();
    let manifest = target.manifest(name).await?;
    // Refused before anything is copied; checked again inside the transaction that writes.
    db_run!(db, |pool| {
        let mut conn = pool.acquire().await?;
        ready(&mut *conn, &manifest).await?;
        Ok::<_, BackupError>(())
    })?;
    let blob_bytes = copy_blobs(blobs, target, name, &manifest, progress).await?;
    let table_bytes = db_run!(db, |pool| {
        let mut tx = pool.begin_write().await?;
        let bytes = load(&mut *tx, target, name, &manifest, progress).await?;
        tx.commit().await?;
        Ok::<_, BackupError>(bytes)
    })?;
    check_blobs(blobs, &manifest).await?;
    tracing::info!(rows = manifest.rows(), blobs = manifest.blobs.len(), "backup restored");
    Ok(Summary {
        name: name.into(),
        tables: manifest.tables.len(),
        rows: manifest.rows(),
        blobs: manifest.blobs.len(),
        bytes: table_bytes + blob_bytes,
        elapsed: started.elapsed(),
    })
}

/// The database's tables, once it is known to be at the backup's schema and empty.
async fn ready<C: Catalog + Rows + Send>(conn: &mut C, manifest: &Manifest) -> Result<Vec<Table>, BackupError> {
    let schema = conn.schema().await?;
    if schema != manifest.schema {
        return Err(BackupError::SchemaMismatch { target: schema, backup: manifest.schema.clone() });
    }
    let tables = conn.tables().await?;
    for table in &tables {
        if SEEDED_BY_MIGRATIONS.contains(&table.name.as_str()) {
            continue;
        }
        let rows = conn.count(&table.name).await?;
        if rows > 0 {
            return Err(BackupError::NotEmpty { table: table.name.clone(), rows });
        }
    }
    Ok(tables)
}

/// Inserts every table's rows, parents before children, and checks the counts; returns the
/// bytes of table files read.
async fn load<C: Catalog + Rows + Send>(
    conn: &mut C,
    target: &Target,
    name: &str,
    manifest: &Manifest,
    progress: &dyn Progress,
) -> Result<u64, BackupError> {
    let tables = ready(conn, manifest).await?;
    for entry in &manifest.tables {
        if !tables.iter().any(|t| t.name == entry.name) {
            return Err(BackupError::SchemaMismatch {
                target: format!("нет таблицы {}", entry.name),
                backup: manifest.schema.clone(),
            });
        }
    }
    for seeded in SEEDED_BY_MIGRATIONS {
        if manifest.tables.iter().any(|t| t.name == *seeded) {
            conn.execute(format!("DELETE FROM {}", quote(seeded)), Vec::new()).await?;
        }
    }
    let mut bytes = 0;
    for table in dependency_order(&tables) {
        let Some(entry) = manifest.tables.iter().find(|e| e.name == table.name) else { continue };
        progress.start(&table.name, Some(entry.rows));
        bytes += load_table(conn, target, name, table, entry, progress).await?;
        let rows = conn.count(&table.name).await?;
        if u64::try_from(rows).ok() != Some(entry.rows) {
            return Err(BackupError::Corrupt(format!("{}: восстановлено строк {rows} из {}", table.name, entry.rows)));
        }
        progress.done(&table.name, entry.rows);
    }
    Ok(bytes)
}

/// Streams one table file into `INSERT`s of many rows each; returns the file's size.
async fn load_table<C: Rows + Send>(
    conn: &mut C,
    target: &Target,
    name: &str,
    table: &Table,
    entry: &TableEntry,
    progress: &dyn Progress,
) -> Result<u64, BackupError> {
    let kinds =
        entry.columns.iter().map(|c| table.column(c).map(|col| col.kind)).collect::<Option<Vec<Kind>>>().ok_or_else(
            || BackupError::SchemaMismatch {
                target: format!("столбцы таблицы {} другие", table.name),
                backup: entry.columns.join(", "),
            },
        )?;
    let per_insert = (PARAMETERS / kinds.len().max(1)).max(1);
    let mut reader = LineReader::open(target, &target.path(name, &entry.file)?).await?;
    let (mut cells, mut pending, mut count) = (Vec::new(), 0usize, 0u64);
    while let Some(line) = reader.next_line().await? {
        count += 1;
        let bad = |why: &str| BackupError::Corrupt(format!("{}, строка {count}: {why}", entry.file));
        let values: Vec<Value> = serde_json::from_slice(line).map_err(|e| bad(&e.to_string()))?;
        if values.len() != kinds.len() {
            return Err(bad("не то число значений"));
        }
        for (value, kind) in values.into_iter().zip(&kinds) {
            cells.push(Cell::convert(value, *kind).ok_or_else(|| bad("значение не того типа"))?);
        }
        pending += 1;
        if pending == per_insert {
            conn.execute(insert_sql(table, &entry.columns, pending), std::mem::take(&mut cells)).await?;
            progress.advance(pending as u64);
            pending = 0;
        }
    }
    if pending > 0 {
        conn.execute(insert_sql(table, &entry.columns, pending), cells).await?;
        progress.advance(pending as u64);
    }
    let bytes = reader.bytes;
    if reader.finish() != entry.sha256 {
        return Err(BackupError::Corrupt(format!("{}: содержимое не совпадает с контрольной суммой", entry.file)));
    }
    Ok(bytes)
}

fn insert_sql(table: &Table, columns: &[String], rows: usize) -> String {
    let names: Vec<String> = columns.iter().map(|c| quote(c)).collect();
    let mut sql = format!("INSERT INTO {} ({}) VALUES ", quote(&table.name), names.join(", "));
    let mut n = 0;
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns.len() {
            n += 1;
            sql.push_str(&if column == 0 { format!("${n}") } else { format!(", ${n}") });
        }
        sql.push(')');
    }
    sql
}

/// A value ready to bind, typed by the column it goes into.
#[derive(Debug, PartialEq)]
pub(crate) enum Cell {
    Integer(Option<i64>),
    Boolean(Option<bool>),
    Text(Option<String>),
}

impl Cell {
    /// Converts by the target column's kind: SQLite keeps booleans as 0/1, Postgres as booleans,
    /// and either may read what the other wrote.
    fn convert(value: Value, kind: Kind) -> Option<Cell> {
        Some(match (kind, value) {
            (Kind::Integer, Value::Null) => Cell::Integer(None),
            (Kind::Integer, Value::Number(n)) => Cell::Integer(Some(n.as_i64()?)),
            (Kind::Integer, Value::Bool(b)) => Cell::Integer(Some(i64::from(b))),
            (Kind::Boolean, Value::Null) => Cell::Boolean(None),
            (Kind::Boolean, Value::Bool(b)) => Cell::Boolean(Some(b)),
            (Kind::Boolean, Value::Number(n)) => Cell::Boolean(Some(match n.as_i64()? {
                0 => false,
                1 => true,
                _ => return None,
            })),
            (Kind::Text, Value::Null) => Cell::Text(None),
            (Kind::Text, Value::String(s)) => Cell::Text(Some(s)),
            _ => return None,
        })
    }
}

/// The writes a restore makes, for both backends' connections.
pub(crate) trait Rows {
    fn count(&mut self, table: &str) -> impl Future<Output = Result<i64, BackupError>> + Send;
    fn execute(&mut self, sql: String, cells: Vec<Cell>) -> impl Future<Output = Result<(), BackupError>> + Send;
}

macro_rules! rows_for {
    ($connection:ty) => {
        impl Rows for $connection {
            async fn count(&mut self, table: &str) -> Result<i64, BackupError> {
                let sql = format!("SELECT COUNT(*) FROM {}", quote(table));
                let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_one(&mut *self).await?;
                Ok(n)
            }

            async fn execute(&mut self, sql: String, cells: Vec<Cell>) -> Result<(), BackupError> {
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for cell in cells {
                    query = match cell {
                        Cell::Integer(v) => query.bind(v),
                        Cell::Boolean(v) => query.bind(v),
                        Cell::Text(v) => query.bind(v),
                    };
                }
                query.execute(&mut *self).await?;
                Ok(())
            }
        }
    };
}

rows_for!(SqliteConnection);
rows_for!(PgConnection);

/// Copies the backup's blobs the store does not have yet, each checked on the way; returns the
/// bytes copied.
async fn copy_blobs(
    blobs: &BlobStore,
    target: &Target,
    name: &str,
    manifest: &Manifest,
    progress: &dyn Progress,
) -> Result<u64, BackupError> {
    progress.start(BLOBS, Some(manifest.blobs.len() as u64));
    let present: HashSet<String> = blobs.keys().await?.into_iter().map(|k| k.as_str().to_owned()).collect();
    let present = &present;
    let sizes: Vec<u64> = futures::stream::iter(manifest.blobs.clone())
        .map(|blob| async move {
            if !present.contains(&blob.key) {
                let bytes = target.get(name, &blob_path(&blob.key)).await?;
                if sha256_hex(&bytes) != blob.key || bytes.len() as u64 != blob.size {
                    return Err(BackupError::Corrupt(format!("файл {} не совпадает со своим ключом", &blob.key)));
                }
                blobs.put(bytes, "application/octet-stream").await?;
            }
            progress.advance(1);
            Ok(blob.size)
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    progress.done(BLOBS, sizes.len() as u64);
    Ok(sizes.iter().sum())
}

/// Every blob of the backup is in the store and hashes to its key.
async fn check_blobs(blobs: &BlobStore, manifest: &Manifest) -> Result<(), BackupError> {
    futures::stream::iter(manifest.blobs.clone())
        .map(|blob| async move {
            blobs.get(&BlobKey::parse(&blob.key)?).await?;
            Ok::<_, BackupError>(())
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect::<Vec<()>>()
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_converted_by_the_target_column() {
        assert_eq!(Cell::convert(json!(true), Kind::Integer), Some(Cell::Integer(Some(1))));
        assert_eq!(Cell::convert(json!(0), Kind::Boolean), Some(Cell::Boolean(Some(false))));
        assert_eq!(Cell::convert(json!(1), Kind::Boolean), Some(Cell::Boolean(Some(true))));
        assert_eq!(Cell::convert(json!(2), Kind::Boolean), None);
        assert_eq!(Cell::convert(json!(null), Kind::Text), Some(Cell::Text(None)));
        assert_eq!(Cell::convert(json!(5), Kind::Text), None);
        assert_eq!(Cell::convert(json!("5"), Kind::Integer), None);
        assert_eq!(Cell::convert(json!(1.5), Kind::Integer), None);
    }

    #[test]
    fn one_insert_carries_many_rows() {
        let table = Table { name: "t".into(), columns: vec![], key: vec![], parents: vec![] };
        assert_eq!(
            insert_sql(&table, &["a".into(), "b".into()], 2),
            "INSERT INTO \"t\" (\"a\", \"b\") VALUES ($1, $2), ($3, $4)"
        );
    }
}
