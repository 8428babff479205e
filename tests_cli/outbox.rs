//! The e-mail outbox survives the server process dying: the real binary is killed (SIGKILL)
//! while letters wait for a mail server that is down, and after a restart with the mail
//! server up every letter arrives exactly once.
//!
//! With `CABINET_TEST_SMTP_HOST`/`_PORT` and `CABINET_TEST_MAILDEV_URL` (set by `.ci/run`) the
//! letters go to that real SMTP server and are counted through its HTTP API; otherwise the
//! restarted server writes them as `.eml` files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Letters queued before the kill.
const LETTERS: usize = 12;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A plain HTTP/1.1 request on loopback: (status, body).
fn http(port: u16, method: &str, path: &str, body: Option<&str>) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let body = body.unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default()))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// The binary with the settings every run here shares.
fn cabinet(dir: &Path, port: u16, admin: &str, mail: &[(&str, String)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cabinet"));
    command
        .current_dir(dir)
        .env("CABINET_LOG", "warn")
        .env("CABINET_PORT", port.to_string())
        .env("CABINET_DATABASE__URL", format!("sqlite://{}", dir.join("db/cabinet.db").display()))
        .env("CABINET_STORAGE__PATH", dir.join("media"))
        .env("CABINET_BOOTSTRAP_ADMIN_EMAIL", admin)
        .env("CABINET_AUTH__MAX_RESETS_PER_HOUR", "1000")
        .env("CABINET_JOBS__POLL_MS", "100")
        .env("CABINET_JOBS__RETRY_SECONDS", "1")
        .env("CABINET_JOBS__RECURRING", "false")
        .envs(mail.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn start(dir: &Path, port: u16, admin: &str, mail: &[(&str, String)]) -> Server {
    let child = cabinet(dir, port, admin, mail).spawn().expect("the cabinet binary starts");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while http(port, "GET", "/health", None).map(|r| r.0) != Some(200) {
        assert!(Instant::now() < deadline, "the server did not answer /health within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// (state, attempts, smtp_reply) of every letter in the outbox, read by the sqlite3 library.
fn outbox(dir: &Path) -> Vec<(String, i64, Option<String>)> {
    let url = format!("sqlite://{}?mode=ro", dir.join("db/cabinet.db").display());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let rows = sqlx::query_as("SELECT state, attempts, smtp_reply FROM outbox ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
        pool.close().await;
        rows
    })
}

fn service(name: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(v),
        _ if std::env::var("CABINET_TEST_REQUIRE_SERVICES").is_ok_and(|v| v == "1") => {
            panic!("{name} is not set, but CABINET_TEST_REQUIRE_SERVICES=1: the service must be tested")
        }
        _ => None,
    }
}

/// Where the restarted server sends mail, and how to count what reached `to`.
enum Mailbox {
    Maildev(String),
    Files(PathBuf),
}

impl Mailbox {
    fn count(&self, to: &str) -> usize {
        match self {
            Mailbox::Maildev(api) => {
                let host_port = api.trim_start_matches("http://").trim_end_matches('/');
                let (host, port) = host_port.rsplit_once(':').unwrap();
                assert_eq!(host, "127.0.0.1", "maildev on loopback");
                let (_, body) = http(port.parse().unwrap(), "GET", "/api/email", None).unwrap();
                let letters: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                letters
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|m| m["to"].as_array().into_iter().flatten().any(|a| a["address"] == to))
                    .count()
            }
            Mailbox::Files(dir) => std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .filter(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(&format!("To: {to}"))))
                .count(),
        }
    }
}

#[test]
fn letters_queued_when_the_server_is_killed_are_delivered_exactly_once_after_restart() {
    let dir = std::env::temp_dir().join(format!("cabinet-outbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let admin = format!("outbox-{}@cabinet.test", std::process::id());
    let port = free_port();

    // The mail server is down: nothing listens on its port.
    let down = free_port().to_string();
    let smtp_down = [
        ("CABINET_MAIL__TRANSPORT", "smtp".to_owned()),
        ("CABINET_MAIL__SMTP__HOST", "127.0.0.1".to_owned()),
        ("CABINET_MAIL__SMTP__PORT", down),
        ("CABINET_MAIL__SMTP__TLS", "none".to_owned()),
    ];
    let mut server = start(&dir, port, &admin, &smtp_down);
    let request = format!(r#"{{"email": "{admin}"}}"#);
    for _ in 0..LETTERS {
        let (status, body) = http(port, "POST", "/api/v1/auth/password-reset", Some(&request)).unwrap();
        assert_eq!(status, 202, "{body}");
    }
    // Every letter is in the outbox and the runner has tried each once.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let rows = outbox(&dir);
        if rows.len() == LETTERS && rows.iter().all(|(state, attempts, _)| state == "queued" && *attempts >= 1) {
            break;
        }
        assert!(Instant::now() < deadline, "letters not queued and tried: {rows:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Killed, not stopped: nothing runs on the way out.
    server.0.kill().unwrap();
    server.0.wait().unwrap();

    let (mail, mailbox) = match (service("CABINET_TEST_SMTP_HOST"), service("CABINET_TEST_MAILDEV_URL")) {
        (Some(host), Some(api)) => (
            vec![
                ("CABINET_MAIL__TRANSPORT", "smtp".to_owned()),
                ("CABINET_MAIL__SMTP__HOST", host),
                ("CABINET_MAIL__SMTP__PORT", service("CABINET_TEST_SMTP_PORT").unwrap_or_else(|| "1025".into())),
                ("CABINET_MAIL__SMTP__TLS", "none".to_owned()),
            ],
            Mailbox::Maildev(api),
        ),
        _ => {
            let files = dir.join("mail");
            (
                vec![
                    ("CABINET_MAIL__TRANSPORT", "file".to_owned()),
                    ("CABINET_MAIL__OUTBOX", files.display().to_string()),
                ],
                Mailbox::Files(files),
            )
        }
    };
    assert_eq!(mailbox.count(&admin), 0, "nothing was delivered while the mail server was down");
    let server = start(&dir, port, &admin, &mail);
    let deadline = Instant::now() + Duration::from_secs(30);
    while mailbox.count(&admin) < LETTERS {
        assert!(Instant::now() < deadline, "only {} of {LETTERS} letters arrived", mailbox.count(&admin));
        std::thread::sleep(Duration::from_millis(100));
    }
    // A few more rounds of the runner: nothing is sent a second time.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(mailbox.count(&admin), LETTERS, "every letter exactly once");
    let rows = outbox(&dir);
    assert_eq!(rows.len(), LETTERS);
    for (state, _, reply) in &rows {
        assert_eq!(state, "sent");
        let reply = reply.as_deref().unwrap_or_default();
        assert!(reply.starts_with("250") || reply.starts_with("file"), "the server's answer is recorded: {reply}");
    }
    drop(server);
    std::fs::remove_dir_all(&dir).ok();
}

/// `cabinet worker` runs the jobs alone: the web instances queue letters with their runner
/// switched off, the worker sends them, and SIGTERM stops it cleanly.
#[cfg(unix)]
#[test]
fn a_worker_sends_what_the_web_instance_queued_and_stops_on_sigterm() {
    let dir = std::env::temp_dir().join(format!("cabinet-worker-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let admin = format!("worker-{}@cabinet.test", std::process::id());
    let port = free_port();
    let files = dir.join("mail");
    let mail = [
        ("CABINET_MAIL__TRANSPORT", "file".to_owned()),
        ("CABINET_MAIL__OUTBOX", files.display().to_string()),
        ("CABINET_JOBS__ENABLED", "false".to_owned()),
    ];
    let server = start(&dir, port, &admin, &mail);
    let request = format!(r#"{{"email": "{admin}"}}"#);
    for _ in 0..5 {
        assert_eq!(http(port, "POST", "/api/v1/auth/password-reset", Some(&request)).unwrap().0, 202);
    }
    std::thread::sleep(Duration::from_millis(500));
    let mailbox = Mailbox::Files(files.clone());
    assert_eq!(mailbox.count(&admin), 0, "the web instance sends nothing itself");
    assert_eq!(outbox(&dir).len(), 5);

    let mut worker = cabinet(&dir, port, &admin, &mail[..2]).arg("worker").spawn().expect("the worker starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    while mailbox.count(&admin) < 5 {
        assert!(Instant::now() < deadline, "the worker sent {} of 5", mailbox.count(&admin));
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(outbox(&dir).iter().all(|(state, _, _)| state == "sent"));
    let term = Command::new("kill").args(["-TERM", &worker.id().to_string()]).status().unwrap();
    assert!(term.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = worker.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the worker did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "a clean stop: {status:?}");
    drop(server);
    std::fs::remove_dir_all(&dir).ok();
}
