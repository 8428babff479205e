//! Reading a backup back: every table file against its hash and row count, every blob against
//! its key and size.

use std::time::Instant;

use futures::{StreamExt, TryStreamExt};

use super::dump::{blob_path, sha256_hex};
use super::files::LineReader;
use super::manifest::Manifest;
use super::progress::{BLOBS, STEP};
use super::{BackupError, Progress, Summary, Target};

/// Blobs read at once.
const CONCURRENCY: usize = 8;

/// Checks the backup `name` in `target` against its manifest; an error names the first file
/// that does not match.
#[tracing::instrument(skip_all, fields(target = target.location(), backup = name))]
pub async fn verify(target: &Target, name: &str, progress: &dyn Progress) -> Result<Summary, BackupError> {
    let started = Instant::now();
    let manifest = target.manifest(name).await?;
    let mut bytes = 0;
    for table in &manifest.tables {
        progress.start(&table.name, Some(table.rows));
        let mut reader = LineReader::open(target, &target.path(name, &table.file)?).await?;
        let mut rows = 0u64;
        while reader.next_line().await?.is_some() {
            rows += 1;
            if rows.is_multiple_of(STEP) {
                progress.advance(STEP);
            }
        }
        progress.advance(rows % STEP);
        bytes += reader.bytes;
        let sha256 = reader.finish();
        if sha256 != table.sha256 {
            return Err(BackupError::Corrupt(format!("{}: содержимое не совпадает с контрольной суммой", table.file)));
        }
        if rows != table.rows {
            return Err(BackupError::Corrupt(format!(
                "{}: строк {rows}, а в manifest.json — {}",
                table.file, table.rows
            )));
        }
        progress.done(&table.name, rows);
    }
    bytes += verify_blobs(target, name, &manifest, progress).await?;
    Ok(Summary {
        name: name.into(),
        tables: manifest.tables.len(),
        rows: manifest.rows(),
        blobs: manifest.blobs.len(),
        bytes,
        elapsed: started.elapsed(),
    })
}

/// Reads every blob of the backup and checks its hash and size; returns the bytes read.
async fn verify_blobs(
    target: &Target,
    name: &str,
    manifest: &Manifest,
    progress: &dyn Progress,
) -> Result<u64, BackupError> {
    progress.start(BLOBS, Some(manifest.blobs.len() as u64));
    let sizes: Vec<u64> = futures::stream::iter(manifest.blobs.clone())
        .map(|blob| async move {
            let bytes = target.get(name, &blob_path(&blob.key)).await?;
            if sha256_hex(&bytes) != blob.key || bytes.len() as u64 != blob.size {
                return Err(BackupError::Corrupt(format!("файл {} не совпадает со своим ключом", &blob.key)));
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
