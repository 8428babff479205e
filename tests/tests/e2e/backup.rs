//! Backups (§2.4): what is seeded through the API comes back row for row and blob for blob
//! after a restore into a fresh database and store — on the same backend, from SQLite to
//! Postgres, and from local disk to S3 — a database in use is never restored over, and a
//! backup taken while the service writes is one moment of it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use cabinet_storage::Db;
use cabinet_storage::backup::{self, BackupError, Manifest, NoProgress, Target};
use cabinet_storage::blobs::{BlobStore, S3Settings};
use cabinet_tests::media::docx;
use cabinet_tests::{Backend, Store, TestApp, TestDb, TestStore, service_var, with_each_backend};
use rocket::http::Status;
use serde_json::{Value, json};

use crate::media::send_document;
use crate::public::{Desk, desk, draft, paragraphs, photo, publish, text};

/// A temporary directory for backups, removed when dropped.
struct Dir(PathBuf);

impl Dir {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("cabinet-backups-{}", uuid::Uuid::new_v4().simple()));
        Dir(dir)
    }

    fn target(&self) -> Target {
        Target::local(&self.0).unwrap()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What the service holds after a working day: an organization with its profile, a published
/// news item with two photos (one the cover), a draft, a document listed on its page.
async fn seed(app: &TestApp) -> Desk {
    let desk = desk(app, "backup-org").await;
    let (wide, tall) =
        (photo(app, &desk, "seminar.jpg", 1200, 800).await, photo(app, &desk, "hall.jpg", 400, 600).await);
    let mut body = text("Профсоюз провёл семинар по охране труда", 4);
    body["body"] = json!(format!("{}\n\n![Участники](media:{wide})", paragraphs(4)));
    body["photos"] = json!([{ "media_id": wide, "caption": "Участники семинара" }, { "media_id": tall }]);
    let id = draft(app, &desk, body).await;
    publish(app, &desk, &id).await;
    draft(app, &desk, text("Черновик о коллективном договоре", 3)).await;
    let admin = app.admin().await;
    let (_, uploader) = app.staff(&admin, &desk.org, &["media.upload"]).await;
    let sent = send_document(app, &desk.org, "Устав.docx", &docx(), &uploader).await.expect(Status::Created);
    let document = sent.body["id"].as_str().unwrap();
    let entry = json!({ "media_id": document, "title": "Устав организации", "category": "charter" });
    app.post(&format!("/api/v1/units/{}/page-documents", desk.org), entry, Some(&uploader))
        .await
        .expect(Status::Created);
    desk
}

/// Everything a backup of `db` and `blobs` holds: the manifest and every table file's bytes.
async fn dump(db: &Db, blobs: &BlobStore) -> (Manifest, BTreeMap<String, Vec<u8>>) {
    let dir = Dir::new();
    let target = dir.target();
    let summary = backup::run(db, blobs, &target, &NoProgress).await.unwrap();
    let manifest = target.manifest(&summary.name).await.unwrap();
    let files = manifest
        .tables
        .iter()
        .map(|t| (t.name.clone(), std::fs::read(dir.0.join(&summary.name).join(&t.file)).unwrap()))
        .collect();
    (manifest, files)
}

/// The two dumps are the same, file for file and blob for blob.
fn assert_same(original: &(Manifest, BTreeMap<String, Vec<u8>>), restored: &(Manifest, BTreeMap<String, Vec<u8>>)) {
    assert_eq!(original.1.keys().collect::<Vec<_>>(), restored.1.keys().collect::<Vec<_>>(), "the same tables");
    for (table, bytes) in &original.1 {
        let other = &restored.1[table];
        assert!(
            bytes == other,
            "table {table} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(other)
        );
    }
    let strip = |m: &Manifest| (m.schema.clone(), m.tables.clone(), m.blobs.clone());
    assert_eq!(strip(&original.0), strip(&restored.0));
}

/// Waits until the outbox has sent what the seed queued: the runner changes the outbox, so two
/// dumps taken a moment apart agree only once it is idle.
async fn settled(app: &TestApp) {
    for _ in 0..150 {
        if cabinet_storage::outbox::backlog(app.db()).await.unwrap().0 == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the outbox did not empty");
}

/// Backs `app` up into `target`, restores into `db` and `blobs`, and compares a dump of each.
async fn round_trip(app: &TestApp, target: &Target, db: &Db, blobs: &BlobStore) {
    settled(app).await;
    let written = backup::run(app.db(), &app.store.blobs, target, &NoProgress).await.unwrap();
    assert!(written.rows > 20 && written.blobs == 3, "{written:?}");
    backup::verify(target, &written.name, &NoProgress).await.unwrap();
    let original = dump(app.db(), &app.store.blobs).await;
    let restored = backup::restore(db, blobs, target, &written.name, &NoProgress).await.unwrap();
    assert_eq!((restored.rows, restored.blobs), (written.rows, written.blobs));
    let copy = dump(db, blobs).await;
    assert_same(&original, &copy);
    let news_photos = String::from_utf8_lossy(&copy.1["news_photos"]).into_owned();
    assert!(news_photos.contains(",true]") && news_photos.contains(",false]"), "booleans stay booleans: {news_photos}");
    for blob in &copy.0.blobs {
        let key = cabinet_storage::blobs::BlobKey::parse(&blob.key).unwrap();
        assert_eq!(blobs.get(&key).await.unwrap().len() as u64, blob.size, "blob {} restored", blob.key);
    }
}

async fn a_restore_into_a_fresh_database_and_store_gives_back_every_row_and_blob(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    seed(&app).await;
    let (dir, fresh, store) =
        (Dir::new(), TestDb::fresh(backend).await.unwrap(), TestStore::new(Store::Local).unwrap());
    round_trip(&app, &dir.target(), &fresh.db, &store.blobs).await;
}

async fn a_database_in_use_is_not_restored_over_and_stays_as_it_was(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    seed(&app).await;
    settled(&app).await;
    let dir = Dir::new();
    let target = dir.target();
    let written = backup::run(app.db(), &app.store.blobs, &target, &NoProgress).await.unwrap();
    let before = dump(app.db(), &app.store.blobs).await;
    let other = TestApp::spawn(backend).await;
    let keys_before = other.store.blobs.keys().await.unwrap();
    let refused = backup::restore(other.db(), &other.store.blobs, &target, &written.name, &NoProgress).await;
    let Err(error @ BackupError::NotEmpty { .. }) = refused else {
        panic!("restored over a database in use: {refused:?}")
    };
    assert!(error.to_string().contains("база данных не пуста"), "{error}");
    let refused = backup::restore(app.db(), &app.store.blobs, &target, &written.name, &NoProgress).await;
    assert!(matches!(refused, Err(BackupError::NotEmpty { .. })), "{refused:?}");
    assert_same(&before, &dump(app.db(), &app.store.blobs).await);
    assert_eq!(other.store.blobs.keys().await.unwrap(), keys_before, "no blob copied either");

    // A backup of another schema is refused as well, before anything is written.
    let manifest_path = dir.0.join(&written.name).join("manifest.json");
    let mut manifest: Value = serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    manifest["schema"] = json!("20261125000001_foundation");
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    let (fresh, store) = (TestDb::fresh(backend).await.unwrap(), TestStore::new(Store::Local).unwrap());
    let refused = backup::restore(&fresh.db, &store.blobs, &target, &written.name, &NoProgress).await;
    let Err(error @ BackupError::SchemaMismatch { .. }) = refused else { panic!("{refused:?}") };
    assert!(error.to_string().contains("той версией Cabinet"), "{error}");
    assert!(store.blobs.keys().await.unwrap().is_empty());
}

/// Rows of `table` in a backup's file whose `column` is `value`.
fn count(manifest: &Manifest, files: &BTreeMap<String, Vec<u8>>, table: &str, column: &str, value: &str) -> usize {
    let entry = manifest.tables.iter().find(|t| t.name == table).unwrap();
    let at = entry.columns.iter().position(|c| c == column).unwrap();
    let lines = String::from_utf8_lossy(&files[table]).into_owned();
    lines.lines().filter(|l| serde_json::from_str::<Vec<Value>>(l).unwrap()[at] == value).count()
}

async fn a_backup_taken_while_the_service_writes_is_one_moment_of_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let desk = desk(&app, "busy-org").await;
    // Enough rows between audit_log and news (tables are read in name order) that writes land
    // while the backup is reading them.
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000) \
               INSERT INTO login_attempts (id, at, email, outcome) SELECT 'bulk-' || i, i, 'bulk@example.ru', 'failure' FROM n";
    match app.db().backend() {
        cabinet_storage::Backend::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        cabinet_storage::Backend::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .unwrap();
    let (stop, written) = (AtomicBool::new(false), AtomicUsize::new(0));
    let writer = async {
        while !stop.load(Ordering::SeqCst) {
            draft(&app, &desk, text("Профсоюз провёл семинар по охране труда", 3)).await;
            written.fetch_add(1, Ordering::SeqCst);
        }
    };
    let dir = Dir::new();
    let target = dir.target();
    let backup = async {
        while written.load(Ordering::SeqCst) < 3 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let started = written.load(Ordering::SeqCst);
        let summary = backup::run(app.db(), &app.store.blobs, &target, &NoProgress).await.unwrap();
        let during = written.load(Ordering::SeqCst) - started;
        stop.store(true, Ordering::SeqCst);
        (summary, during)
    };
    let ((summary, during), ()) = tokio::join!(backup, writer);
    assert!(during > 0, "no write landed while the backup ran: the test proves nothing");
    let manifest = target.manifest(&summary.name).await.unwrap();
    let files: BTreeMap<String, Vec<u8>> = manifest
        .tables
        .iter()
        .map(|t| (t.name.clone(), std::fs::read(dir.0.join(&summary.name).join(&t.file)).unwrap()))
        .collect();
    let news = manifest.tables.iter().find(|t| t.name == "news").unwrap().rows as usize;
    let created = count(&manifest, &files, "news_transitions", "event", "create");
    let audited = count(&manifest, &files, "audit_log", "action", "news.created");
    assert_eq!((news, created), (audited, audited), "news, their first transitions and their audit entries agree");
    assert!(news < written.load(Ordering::SeqCst), "writes after the snapshot are not in it");
}

/// The scheduled backup: its schedule is kept once for every instance and waits for its first
/// boundary; each run makes a copy, checks it by reading it back, keeps the newest `keep` and
/// is audited.
async fn the_scheduled_backup_is_checked_pruned_and_audited(backend: Backend) {
    let dir = Dir::new();
    let config = json!({ "jobs": { "recurring": true },
                         "backup": { "target": dir.0.display().to_string(), "every_hours": 6, "keep": 2 } });
    let app = TestApp::spawn_with(backend, config.clone()).await;
    let other = app.beside(config).await;
    seed(&app).await;
    let runner = cabinet_http::jobs::Runner::of(app.client.rocket().state::<cabinet_http::App>().unwrap());
    let runner2 = cabinet_http::jobs::Runner::of(other.client.rocket().state::<cabinet_http::App>().unwrap());
    // Both instances have ticked: one schedule, due at the next six-hour boundary, no run yet.
    let admin = app.admin().await;
    let jobs = app.get("/api/v1/jobs", Some(&admin)).await.expect(Status::Ok);
    assert!(jobs.body.as_array().unwrap().iter().all(|j| j["kind"] != "backup"), "{}", jobs.text);
    for r in [&runner, &runner2, &runner] {
        let done = r.perform("backup").await.unwrap();
        assert!(done.contains("checked"), "{done}");
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    }
    let kept = dir.target().list().await.unwrap();
    assert_eq!(kept.len(), 2, "the newest two are kept");
    for listed in &kept {
        backup::verify(&dir.target(), &listed.name, &NoProgress).await.unwrap();
    }
    let audit = app.get("/api/v1/audit?action=backup.made", Some(&admin)).await.expect(Status::Ok);
    let entries = audit.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["actor_kind"], "system");
    assert!(entries[0]["details"]["rows"].as_u64().unwrap() > 0);
    assert_eq!(entries[0]["details"]["removed"].as_array().unwrap().len(), 1, "the oldest went at the third");
}

with_each_backend!(
    the_scheduled_backup_is_checked_pruned_and_audited,
    a_restore_into_a_fresh_database_and_store_gives_back_every_row_and_blob,
    a_database_in_use_is_not_restored_over_and_stays_as_it_was,
    a_backup_taken_while_the_service_writes_is_one_moment_of_it,
);

/// The scale path: a service on SQLite moves to Postgres, byte for byte.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_restores_into_postgres_row_for_row() {
    let Some(postgres) = TestDb::fresh(Backend::Postgres).await else { return };
    let app = TestApp::spawn(Backend::Sqlite).await;
    seed(&app).await;
    let (dir, store) = (Dir::new(), TestStore::new(Store::Local).unwrap());
    round_trip(&app, &dir.target(), &postgres.db, &store.blobs).await;
}

/// The bucket of `CABINET_TEST_S3_*`, under a prefix of its own.
fn s3_target() -> Option<Target> {
    let endpoint = service_var("CABINET_TEST_S3_ENDPOINT")?;
    let var = |name: &str| service_var(name).unwrap_or_else(|| panic!("{name} with CABINET_TEST_S3_ENDPOINT"));
    let settings = S3Settings {
        endpoint,
        region: var("CABINET_TEST_S3_REGION"),
        bucket: String::new(),
        access_key_id: var("CABINET_TEST_S3_ACCESS_KEY_ID"),
        secret_access_key: var("CABINET_TEST_S3_SECRET_ACCESS_KEY"),
        allow_http: true,
        prefix: String::new(),
        max_retries: 1,
        timeout: std::time::Duration::from_secs(10),
    };
    let location =
        format!("s3://{}/cabinet-backup-test-{}", var("CABINET_TEST_S3_BUCKET"), uuid::Uuid::new_v4().simple());
    Some(Target::parse(&location, &settings).unwrap())
}

/// The other half of the scale path: media on local disk move to S3, and the backup itself
/// can live in a bucket.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_in_a_bucket_restores_local_media_into_s3() {
    let (Some(target), Some(store)) = (s3_target(), TestStore::new(Store::S3 { presign_seconds: 0 })) else { return };
    let app = TestApp::spawn(Backend::Sqlite).await;
    seed(&app).await;
    let fresh = TestDb::fresh(Backend::Sqlite).await.unwrap();
    round_trip(&app, &target, &fresh.db, &store.blobs).await;
    assert_eq!(target.list().await.unwrap().len(), 1);
    assert_eq!(backup::prune(&target, 0).await.unwrap().len(), 1, "the test leaves nothing in the bucket");
    assert!(target.list().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prune_keeps_the_newest_complete_backups_and_ignores_unfinished_ones() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let dir = Dir::new();
    let target = dir.target();
    let mut names = Vec::new();
    for _ in 0..3 {
        names.push(backup::run(app.db(), &app.store.blobs, &target, &NoProgress).await.unwrap().name);
    }
    std::fs::create_dir_all(dir.0.join("2000-01-01T00-00-00Z/tables")).unwrap();
    std::fs::write(dir.0.join("2000-01-01T00-00-00Z/tables/units.jsonl"), "[]\n").unwrap();
    let listed: Vec<String> = target.list().await.unwrap().into_iter().map(|l| l.name).collect();
    assert_eq!(listed, names, "oldest first, the unfinished one not listed");
    assert_eq!(target.latest().await.unwrap(), names[2]);
    assert_eq!(backup::prune(&target, 2).await.unwrap(), vec![names[0].clone()]);
    assert!(!dir.0.join(&names[0]).exists());
    assert!(dir.0.join("2000-01-01T00-00-00Z").exists(), "an unfinished backup is not the prune's to judge");
    assert_eq!(target.list().await.unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_finds_a_table_file_or_blob_changed_after_the_backup() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    seed(&app).await;
    let dir = Dir::new();
    let target = dir.target();
    let name = backup::run(app.db(), &app.store.blobs, &target, &NoProgress).await.unwrap().name;
    backup::verify(&target, &name, &NoProgress).await.unwrap();
    let units = dir.0.join(&name).join("tables/units.jsonl");
    let original = std::fs::read_to_string(&units).unwrap();
    std::fs::write(&units, original.replace("backup-org", "backup-orh")).unwrap();
    let found = backup::verify(&target, &name, &NoProgress).await;
    assert!(matches!(&found, Err(BackupError::Corrupt(m)) if m.contains("units.jsonl")), "{found:?}");
    std::fs::write(&units, &original).unwrap();

    let manifest = target.manifest(&name).await.unwrap();
    let key = &manifest.blobs[0].key;
    std::fs::write(dir.0.join(&name).join(format!("blobs/sha256/{}/{key}", &key[..2])), b"not the photo").unwrap();
    let found = backup::verify(&target, &name, &NoProgress).await;
    assert!(matches!(&found, Err(BackupError::Corrupt(m)) if m.contains(key.as_str())), "{found:?}");
}
