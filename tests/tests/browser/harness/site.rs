//! The real application listening on 127.0.0.1, for a browser to reach: a second instance on the
//! database and media store of a [`TestApp`], which stays at hand for setting the scene through
//! the API (`site.app.admin()`, `site.app.reset_token(…)`).

use cabinet_http::Config;
use cabinet_tests::{Backend, TestApp};
use rocket::figment::providers::Serialized;
use rocket::{Build, Rocket, Shutdown};
use serde_json::json;

pub struct Site {
    /// The same application in-process, on the same database: API calls, mail, sessions.
    pub app: TestApp,
    base: String,
    shutdown: Shutdown,
    /// Letters sent by the listening instance (the file transport); see [`Site::start`].
    _outbox: TempDir,
}

impl Site {
    /// The application on a fresh SQLite database, listening on a free loopback port.
    ///
    /// Letters the pages send go to `.eml` files of their own; letters asked for through
    /// `site.app` (the API) reach `site.app.mailbox`, where `reset_token` finds them.
    pub async fn start() -> Site {
        let app = TestApp::spawn(Backend::Sqlite).await;
        let outbox = TempDir::new("browser-outbox");
        let overrides = json!({
            "log_level": "off",
            "address": "127.0.0.1",
            "port": 0,
            // Ctrl-C belongs to the test runner, not to this server.
            "shutdown": { "ctrlc": false, "signals": [], "grace": 1, "mercy": 1 },
            "public_url": "http://cabinet.test",
            "bootstrap_admin_email": "admin@cabinet.test",
            "mail": { "transport": "file", "outbox": outbox.0 },
            "storage": app.store.config,
            // Reminders, purges and backups only where a test asks for them, never in the checkout.
            "jobs": { "recurring": false },
            "backup": { "target": outbox.0.join("backups") },
        });
        let figment = Config::figment().merge(Serialized::defaults(overrides));
        let rocket = cabinet_http::build(figment, app.db().clone()).expect("build the listening app");
        let (base, shutdown) = serve(rocket).await;
        Site { app, base, shutdown, _outbox: outbox }
    }

    /// A user of `unit` holding exactly `permissions`, past the first login, whose password is
    /// [`super::STAFF_PASSWORD`]; their login.
    pub async fn person(&self, unit: &str, permissions: &[&str]) -> String {
        let admin = self.app.admin().await;
        let (_, session) = self.app.staff(&admin, unit, permissions).await;
        let me = self.app.get("/api/v1/auth/me", Some(&session)).await.expect(rocket::http::Status::Ok);
        me.body["user"]["email"].as_str().expect("the user's login").to_owned()
    }

    /// `http://127.0.0.1:<port>` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.shutdown.clone().notify();
    }
}

/// Launches `rocket` (configured with port 0) in the background; its base URL once it listens,
/// and the handle that stops it.
pub async fn serve(rocket: Rocket<Build>) -> (String, Shutdown) {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let tx = std::sync::Mutex::new(Some(tx));
    let rocket = rocket.attach(rocket::fairing::AdHoc::on_liftoff("report the port", move |r| {
        // Rocket writes the port it bound into the configuration before liftoff.
        let port = r.config().port;
        Box::pin(async move {
            if let Some(tx) = tx.lock().expect("lock").take() {
                let _ = tx.send(port);
            }
        })
    }));
    let rocket = rocket.ignite().await.expect("ignite");
    let shutdown = rocket.shutdown();
    let launched = tokio::spawn(rocket.launch());
    match tokio::time::timeout(std::time::Duration::from_secs(30), rx).await {
        Ok(Ok(port)) => (format!("http://127.0.0.1:{port}"), shutdown),
        _ => panic!("the app did not start listening: {:?}", launched.await),
    }
}

/// A temporary directory removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("cabinet-{prefix}-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
