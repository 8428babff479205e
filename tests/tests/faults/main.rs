//! Surviving faults of the real services, under load:
//! - Postgres restarted in the middle of a load of writes (a cluster of the test's own, so no
//!   other test loses its database);
//! - the S3 server (Garage) cut off and back, through a proxy on loopback that refuses and drops
//!   every connection while "down";
//! - the SMTP server (maildev) down for a while, the same way.
//!
//! Every request answered 2xx is in the database afterwards; every other one was answered 503
//! with the error envelope, never 500; the server serves again within five seconds of the
//! service returning, by itself; no letter is lost or sent twice.
//!
//! Runs when the services are configured (`.ci/run` sets them; Postgres needs its server
//! binaries, `initdb` and `pg_ctl`, which the machine's PostgreSQL installs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod proxy;

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cabinet_tests::media::jpeg;
use cabinet_tests::{Resp, Store, TestApp, service_var};
use rocket::http::{ContentType, Method, Status};
use serde_json::json;

use proxy::Proxy;

/// What a request under fault got: its status and error code.
#[derive(Default)]
struct Tally {
    ok: Vec<String>,
    unavailable: usize,
    /// Anything else: must stay empty.
    wrong: Vec<String>,
    /// When each 2xx came, to time the recovery.
    ok_at: Vec<Instant>,
}

impl Tally {
    fn record(&mut self, resp: &Resp, id: impl FnOnce(&Resp) -> String) {
        if resp.status.class().is_success() {
            self.ok.push(id(resp));
            self.ok_at.push(Instant::now());
        } else if resp.status == Status::ServiceUnavailable
            && resp.body["error"]["message"].as_str().is_some_and(|m| !m.is_empty())
            && resp.body["error"]["code"].as_str().is_some_and(|c| c.ends_with("_unavailable"))
        {
            self.unavailable += 1;
        } else {
            self.wrong.push(format!("{} {}", resp.status, resp.text));
        }
    }

    /// The first success after `back`.
    fn recovered_after(&self, back: Instant) -> Option<Duration> {
        self.ok_at.iter().filter(|t| **t >= back).min().map(|t| t.duration_since(back))
    }
}

// ---------------------------------------------------------------- Postgres restarted

/// A Postgres cluster of the test's own on a free port, run as the `postgres` user.
struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
}

impl Cluster {
    fn start() -> Option<Cluster> {
        service_var("CABINET_TEST_POSTGRES_URL")?;
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path().join("bin"))
            .filter(|b| b.join("initdb").exists())
            .max()
            .expect("PostgreSQL's server binaries (initdb, pg_ctl) under /usr/lib/postgresql");
        let dir = std::env::temp_dir().join(format!("cabinet-faults-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let cluster = Cluster { dir, bin, port };
        cluster.as_postgres(&["chown", "-R", "postgres", cluster.dir.to_str().unwrap()], true);
        let data = cluster.dir.join("data");
        let initdb = cluster.bin.join("initdb");
        cluster.as_postgres(
            &[initdb.to_str().unwrap(), "-D", data.to_str().unwrap(), "-A", "trust", "-U", "postgres"],
            false,
        );
        cluster.pg_ctl("start");
        Some(cluster)
    }

    fn as_postgres(&self, args: &[&str], root: bool) {
        let mut command = if root {
            let mut c = Command::new(args[0]);
            c.args(&args[1..]);
            c
        } else {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).args(args);
            c
        };
        let out = command.current_dir(&self.dir).output().expect("run");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn pg_ctl(&self, action: &str) {
        let pg_ctl = self.bin.join("pg_ctl");
        let data = self.dir.join("data");
        let log = self.dir.join("server.log");
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=on", self.port, self.dir.display());
        let mut args = vec![pg_ctl.to_str().unwrap(), "-D", data.to_str().unwrap(), "-l", log.to_str().unwrap()];
        args.extend(["-o", options.as_str(), "-m", "fast", "-w", action]);
        self.as_postgres(&args, false);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let pg_ctl = self.bin.join("pg_ctl");
        let data = self.dir.join("data");
        let _ = Command::new("runuser")
            .args([
                "-u",
                "postgres",
                "--",
                pg_ctl.to_str().unwrap(),
                "-D",
                data.to_str().unwrap(),
                "-m",
                "immediate",
                "stop",
            ])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_restarted_under_a_load_of_writes() {
    let Some(cluster) = Cluster::start() else { return };
    let app = Arc::new(TestApp::spawn_on_server(&cluster.url(), Store::Local, json!({})).await.unwrap());
    let admin = app.admin().await;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (app, admin, tally, stop) = (app.clone(), admin.clone(), tally.clone(), stop.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    n += 1;
                    let slug = format!("w{w}-{n}");
                    let body = json!({ "kind": "organization", "slug": slug, "full_name": format!("Организация {slug}"),
                                       "short_name": slug, "org_kind": "regional", "region": "Тестовая область" });
                    let resp = app.post("/api/v1/units", body, Some(&admin)).await;
                    tally.lock().unwrap().record(&resp, |_| slug.clone());
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = tally.lock().unwrap().ok.len();
    assert!(before > 0, "writes went through before the restart");
    let started = postmaster_start(&app).await;
    // A restart: the server stops (fast: connections are cut, open transactions roll back) and
    // starts again.
    let cluster = tokio::task::spawn_blocking(move || {
        cluster.pg_ctl("stop");
        std::thread::sleep(Duration::from_secs(1));
        cluster.pg_ctl("start");
        cluster
    })
    .await
    .unwrap();
    let back = Instant::now();
    tokio::time::sleep(Duration::from_secs(6)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    let tally = std::mem::take(&mut *tally.lock().unwrap());
    assert!(
        tally.wrong.is_empty(),
        "every failure is a 503 with the envelope: {:?}",
        &tally.wrong[..tally.wrong.len().min(5)]
    );
    assert_ne!(postmaster_start(&app).await, started, "the server was restarted under the writes");
    // Writes that met the restart either waited for the server and went through, or were
    // refused with 503: both are right, and which happens depends on the moment.
    assert!(tally.ok.len() > before, "writes went on after the restart");
    let recovered = tally.recovered_after(back).expect("writes succeed again after the restart");
    assert!(recovered <= Duration::from_secs(5), "recovered {recovered:?} after Postgres returned");
    let listed = app.get("/api/v1/units?kind=organization", Some(&admin)).await.expect(Status::Ok);
    let stored: HashSet<String> =
        listed.body.as_array().unwrap().iter().map(|u| u["slug"].as_str().unwrap().to_owned()).collect();
    for slug in &tally.ok {
        assert!(stored.contains(slug), "{slug} was answered 201 and must be stored");
    }
    println!(
        "postgres restart: {} writes stored, {} refused with 503, recovered {recovered:?} after the server returned",
        tally.ok.len(),
        tally.unavailable
    );
    drop(app);
    drop(cluster);
}

/// When the Postgres server behind `app` started: it changes with a restart.
async fn postmaster_start(app: &TestApp) -> String {
    let cabinet_storage::Backend::Postgres(pool) = app.db().backend() else { panic!("a Postgres test") };
    sqlx::query_scalar("SELECT CAST(pg_postmaster_start_time() AS TEXT)").fetch_one(pool).await.unwrap()
}

// ---------------------------------------------------------------- S3 cut off and back

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn object_store_cut_off_and_back_under_uploads() {
    let Some(endpoint) = service_var("CABINET_TEST_S3_ENDPOINT") else { return };
    let target = endpoint.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let proxy = Proxy::start(&target).await;
    let config = json!({ "storage": { "s3": { "endpoint": proxy.url(), "max_retries": 0, "timeout_seconds": 2 } } });
    let store = Store::S3 { presign_seconds: 0 };
    let app = Arc::new(TestApp::spawn_configured(cabinet_tests::Backend::Sqlite, store, config).await.unwrap());
    let admin = app.admin().await;
    let org = app.organization(&admin, "s3-fault").await;
    let (_, staff) = app.staff(&admin, &org, &["media.upload"]).await;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let uploaders: Vec<_> = (0..2)
        .map(|u| {
            let (app, staff, org, tally, stop) = (app.clone(), staff.clone(), org.clone(), tally.clone(), stop.clone());
            tokio::spawn(async move {
                let mut n = 0_u32;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    n += 1;
                    // Distinct bytes each time: a new object every upload.
                    let photo = jpeg(64 + u * 8 + n % 7, 48 + n % 11);
                    let path = format!("/api/v1/units/{org}/photos?name=photo_{u}_{n}.jpg");
                    let resp = app
                        .raw_bytes(Method::Post, &path, Some(&photo), Some(ContentType::JPEG), Some(&staff), &[])
                        .await;
                    tally.lock().unwrap().record(&resp, |r| r.body["id"].as_str().unwrap_or_default().to_owned());
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    proxy.cut();
    tokio::time::sleep(Duration::from_secs(3)).await;
    proxy.restore().await;
    let back = Instant::now();
    tokio::time::sleep(Duration::from_secs(6)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for u in uploaders {
        u.await.unwrap();
    }
    let tally = std::mem::take(&mut *tally.lock().unwrap());
    assert!(
        tally.wrong.is_empty(),
        "every failure is a 503 with the envelope: {:?}",
        &tally.wrong[..tally.wrong.len().min(5)]
    );
    assert!(tally.unavailable > 0, "the cut was felt: some uploads were refused");
    let recovered = tally.recovered_after(back).expect("uploads succeed again");
    assert!(recovered <= Duration::from_secs(5), "recovered {recovered:?} after the S3 server returned");
    for id in &tally.ok {
        let file = app.get(&format!("/media/{id}"), Some(&staff)).await;
        assert_eq!(file.status, Status::Ok, "photo {id} was answered 201 and must be readable");
        assert!(file.bytes.starts_with(&[0xFF, 0xD8]), "{id} is a JPEG");
    }
    println!(
        "S3 cut: {} uploads stored, {} refused with 503, recovered {recovered:?} after the server returned",
        tally.ok.len(),
        tally.unavailable
    );
}

// ---------------------------------------------------------------- SMTP down for a while

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mail_server_down_for_a_while_loses_and_repeats_no_letter() {
    let (Some(host), Some(_)) = (service_var("CABINET_TEST_SMTP_HOST"), service_var("CABINET_TEST_MAILDEV_URL")) else {
        return;
    };
    let port = service_var("CABINET_TEST_SMTP_PORT").unwrap_or_else(|| "1025".into());
    let proxy = Proxy::start(&format!("{host}:{port}")).await;
    proxy.cut();
    let config =
        json!({ "mail": { "smtp": { "port": proxy.port } }, "jobs": { "retry_seconds": 1, "retry_max_seconds": 2 } });
    let app = TestApp::spawn_with(cabinet_tests::Backend::Sqlite, config).await;
    let admin = app.admin().await;
    let org = app.organization(&admin, "smtp-fault").await;
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let addresses: Vec<String> = (0..10).map(|i| format!("m{i}-{tag}@example.ru")).collect();
    for email in &addresses {
        // The change is acknowledged at once: the letter waits in the outbox.
        app.register(&admin, email, &org, &[]).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    for email in &addresses {
        assert!(app.mailbox.letters_to(email).await.is_empty(), "nothing can arrive while the server is down");
        let status = cabinet_storage::outbox::to(app.db(), email).await.unwrap();
        // Waiting for its next attempt, or in the middle of one.
        assert!(matches!(status[0].state.as_str(), "queued" | "sending"), "the letter waits: {:?}", status[0]);
        assert!(status[0].last_error.is_some(), "the failed attempt is recorded");
    }
    proxy.restore().await;
    let back = Instant::now();
    for email in &addresses {
        app.mailbox.wait_for(email, 1).await;
    }
    let recovered = back.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    for email in &addresses {
        assert_eq!(app.mailbox.letters_to(email).await.len(), 1, "{email}: exactly one letter");
        let status = cabinet_storage::outbox::to(app.db(), email).await.unwrap();
        assert_eq!(status[0].state, "sent");
        assert!(status[0].smtp_reply.as_deref().is_some_and(|r| r.starts_with("250")), "{:?}", status[0]);
    }
    assert!(recovered <= Duration::from_secs(5), "letters went out {recovered:?} after the server returned");
    println!("SMTP down: 10 letters kept, all delivered once {recovered:?} after the server returned");
}
