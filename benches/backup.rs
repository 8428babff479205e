//! Benchmark: `cabinet backup`, `backup verify` and `cabinet restore` on the public API's seed.
//!
//! Seeds (or reuses) 100 organizations and 100 000 published news items in SQLite (the seed of
//! `public_api`), plus 1 000 distinct photo-sized blobs (20–60 KB) in a local media store, then
//! prints the backup's time and size on disk, the verification's time, and the time of a
//! restore into a fresh SQLite database and media folder.
//!
//!     cargo bench --bench backup
//!     cargo bench --bench backup -- --news 10000 --photos 100     # a quick run
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod seed;

use std::path::{Path, PathBuf};
use std::time::Instant;

use cabinet_storage::Db;
use cabinet_storage::backup::{self, NoProgress, Target};
use cabinet_storage::blobs::BlobStore;

struct Options {
    news: usize,
    photos: usize,
}

fn options() -> Options {
    let mut o = Options { news: 100_000, photos: 1_000 };
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    for pair in args.windows(2) {
        match pair[0].as_str() {
            "--news" => o.news = pair[1].parse().expect("--news N"),
            "--photos" => o.photos = pair[1].parse().expect("--photos N"),
            _ => {}
        }
    }
    o
}

fn main() {
    let o = options();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(measure(&o));
}

async fn measure(o: &Options) {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let url = seed::seeded("sqlite", o.news).await;
    let db = Db::connect(&url, 4).await.unwrap();
    let media = BlobStore::local(&data.join(format!("media-{}", o.photos))).unwrap();
    photos(&media, o.photos).await;

    let backups = data.join(format!("backups-{}", o.news));
    let _ = std::fs::remove_dir_all(&backups);
    let target = Target::local(&backups).unwrap();
    let started = Instant::now();
    let written = backup::run(&db, &media, &target, &NoProgress).await.unwrap();
    let backup_time = started.elapsed();
    let size = du(&backups);
    let database = std::fs::metadata(url.trim_start_matches("sqlite://")).map(|m| m.len()).unwrap_or(0);

    let started = Instant::now();
    backup::verify(&target, &written.name, &NoProgress).await.unwrap();
    let verify_time = started.elapsed();

    let fresh = data.join(format!("restore-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&fresh).unwrap();
    let restored_db = Db::connect(&format!("sqlite://{}", fresh.join("cabinet.db").display()), 4).await.unwrap();
    restored_db.migrate().await.unwrap();
    let restored_media = BlobStore::local(&fresh.join("media")).unwrap();
    let started = Instant::now();
    let restored = backup::restore(&restored_db, &restored_media, &target, &written.name, &NoProgress).await.unwrap();
    let restore_time = started.elapsed();
    let blob_bytes = target.manifest(&written.name).await.unwrap().blob_bytes();
    restored_db.close().await;
    let _ = std::fs::remove_dir_all(&fresh);

    let mib = |b: u64| b as f64 / 1024.0 / 1024.0;
    println!(
        "\nSQLite, {} news, {} rows in {} tables, {} blobs ({:.1} MiB); database file {:.1} MiB",
        o.news,
        written.rows,
        written.tables,
        written.blobs,
        mib(blob_bytes),
        mib(database)
    );
    println!("  backup   {:>8.2} s   {:.1} MiB on disk", backup_time.as_secs_f64(), mib(size));
    println!("  verify   {:>8.2} s", verify_time.as_secs_f64());
    println!(
        "  restore  {:>8.2} s   {} rows and {} blobs into a fresh SQLite file and media folder",
        restore_time.as_secs_f64(),
        restored.rows,
        restored.blobs
    );
}

/// `n` distinct blobs of 20–60 KB starting like a JPEG; kept between runs.
async fn photos(media: &BlobStore, n: usize) {
    if media.keys().await.unwrap().len() >= n {
        return;
    }
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for i in 0..n {
        let size = 20_000 + (i * 7919) % 40_000;
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
        bytes.extend((0..size).map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        }));
        bytes.extend_from_slice(&[0xFF, 0xD9]);
        media.put(bytes.into(), "image/jpeg").await.unwrap();
    }
}

/// Bytes of the files under `dir`.
fn du(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.file_type() {
                    Ok(t) if t.is_dir() => du(&e.path()),
                    _ => e.metadata().map(|m| m.len()).unwrap_or(0),
                })
                .sum()
        })
        .unwrap_or(0)
}
