//! [`TestApp`]: the real application on a fresh database, and the people who use it.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use cabinet_http::Config;
use rocket::figment::providers::Serialized;
use rocket::http::{ContentType, Cookie, Header, Method, Status};
use rocket::local::asynchronous::Client;
use serde_json::{Value, json};

use crate::db::{TestDb, temp_dir};
use crate::mailbox::{self, Mailbox};
use crate::store::{Store, TestStore};
use crate::{Backend, service_var};

/// The socket address the test client's requests come from.
pub const CLIENT_ADDRESS: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10)), 50_000);

pub struct TestApp {
    pub client: Client,
    pub backend: Backend,
    pub mailbox: Mailbox,
    pub admin_email: String,
    admin_password: String,
    /// Whether the starting password of the administrator has been replaced yet.
    admin_onboarded: tokio::sync::Mutex<bool>,
    /// Where media goes; `store.blobs` shows what was stored.
    pub store: TestStore,
    test_db: TestDb,
}

/// A signed-in caller: the session cookie and its CSRF token, or a bearer token.
#[derive(Clone, Debug)]
pub struct Session {
    pub cookie: Option<String>,
    pub csrf: Option<String>,
    pub bearer: Option<String>,
}

impl Session {
    pub fn bearer(token: &str) -> Self {
        Session { cookie: None, csrf: None, bearer: Some(token.to_owned()) }
    }
}

/// A response: status and JSON body (`Null` when the body is not JSON).
#[derive(Debug)]
pub struct Resp {
    pub status: Status,
    pub body: Value,
    pub text: String,
    /// The body as sent, for files.
    pub bytes: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

impl Resp {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Panics unless the status is `expected`, showing the body.
    #[track_caller]
    pub fn expect(self, expected: Status) -> Self {
        assert_eq!(self.status, expected, "unexpected status; body: {}", self.text);
        self
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        match backend {
            Backend::Sqlite => Self::spawn_on(backend, Store::Local).await.expect("SQLite is always there"),
            Backend::Postgres => Self::spawn_postgres().await.expect("CABINET_TEST_POSTGRES_URL"),
        }
    }

    /// On a fresh Postgres database; `None` when no server is configured.
    pub async fn spawn_postgres() -> Option<TestApp> {
        Self::spawn_on(Backend::Postgres, Store::Local).await
    }

    /// On a fresh database of `backend` with media in `store`; `None` when either service is
    /// not configured.
    pub async fn spawn_on(backend: Backend, store: Store) -> Option<TestApp> {
        Self::spawn_configured(backend, store, json!({})).await
    }

    /// On a fresh database of `backend` with these configuration keys changed
    /// (`{"auth": {"max_failures_per_ip": 3}}`); panics when `backend` is not configured.
    pub async fn spawn_with(backend: Backend, config: Value) -> TestApp {
        Self::spawn_configured(backend, Store::Local, config).await.expect("the backend is configured")
    }

    /// On a fresh database made through `admin_url` — a Postgres server a test runs for itself —
    /// with media in `store` and these configuration keys changed; `None` when `store` is not
    /// configured.
    pub async fn spawn_on_server(admin_url: &str, store: Store, config: Value) -> Option<TestApp> {
        let store = TestStore::new(store)?;
        let test_db = TestDb::postgres(admin_url).await;
        Some(Self::with_db(test_db, Backend::Postgres, store, config).await)
    }

    /// On a fresh database of `backend` with media in `store` and these configuration keys
    /// changed; `None` when either service is not configured.
    pub async fn spawn_configured(backend: Backend, store: Store, config: Value) -> Option<TestApp> {
        let store = TestStore::new(store)?;
        let test_db = match backend {
            Backend::Sqlite => TestDb::sqlite().await,
            Backend::Postgres => TestDb::postgres(&service_var("CABINET_TEST_POSTGRES_URL")?).await,
        };
        Some(Self::with_db(test_db, backend, store, config).await)
    }

    async fn with_db(test_db: TestDb, backend: Backend, store: TestStore, config: Value) -> TestApp {
        let first = cabinet_http::bootstrap::ensure(&test_db.db, "admin@cabinet.test").await.expect("bootstrap");
        let first = first.expect("a fresh database gets a first administrator");
        let (admin_email, admin_password) = (first.email, first.password);
        Self::instance(test_db, backend, store, config, admin_email, admin_password).await
    }

    /// Another instance of the server on this one's database and media store, as a second
    /// replica behind a load balancer; `config` as for [`TestApp::spawn_with`]. Sessions made
    /// on either work on both.
    pub async fn beside(&self, config: Value) -> TestApp {
        let (email, password) = (self.admin_email.clone(), self.admin_password.clone());
        let other =
            Self::instance(self.test_db.clone(), self.backend, self.store.clone(), config, email, password).await;
        *other.admin_onboarded.lock().await = *self.admin_onboarded.lock().await;
        other
    }

    async fn instance(
        test_db: TestDb,
        backend: Backend,
        store: TestStore,
        config: Value,
        admin_email: String,
        admin_password: String,
    ) -> TestApp {
        let (mail, mailbox) = mail_config();
        let overrides = json!({
            "log_level": "off",
            "public_url": "http://cabinet.test",
            "bootstrap_admin_email": "admin@cabinet.test",
            "mail": mail,
            "storage": store.config,
            // Letters go out at once; reminders and purges only where a test asks for them.
            "jobs": { "poll_ms": 200, "recurring": false },
            // A scheduled backup that comes due while a test runs never writes into the checkout.
            "backup": { "target": std::env::temp_dir().join(format!("cabinet-backups-{}", uuid::Uuid::new_v4().simple())) },
        });
        let figment = Config::figment().merge(Serialized::defaults(overrides)).merge(Serialized::defaults(config));
        let rocket = cabinet_http::build(figment, test_db.db.clone()).expect("build");
        let client = Client::untracked(rocket).await.expect("client");
        TestApp {
            client,
            backend,
            mailbox,
            admin_email,
            admin_password,
            admin_onboarded: tokio::sync::Mutex::new(false),
            store,
            test_db,
        }
    }

    pub fn db(&self) -> &cabinet_storage::Db {
        &self.test_db.db
    }

    /// Sends a request; `body` is sent as JSON when given.
    pub async fn call(&self, method: Method, path: &str, body: Option<&Value>, session: Option<&Session>) -> Resp {
        let raw = body.map(Value::to_string);
        self.raw(method, path, raw.as_deref(), Some(ContentType::JSON), session, &[]).await
    }

    /// Sends a request with a raw body, content type and extra headers.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        content_type: Option<ContentType>,
        session: Option<&Session>,
        headers: &[(&str, &str)],
    ) -> Resp {
        self.raw_bytes(method, path, body.map(str::as_bytes), content_type, session, headers).await
    }

    /// Sends a request with a body of any bytes (a file), content type and extra headers.
    pub async fn raw_bytes(
        &self,
        method: Method,
        path: &str,
        body: Option<&[u8]>,
        content_type: Option<ContentType>,
        session: Option<&Session>,
        headers: &[(&str, &str)],
    ) -> Resp {
        // Every request comes from one socket address, as a browser's would.
        let mut request = self.client.req(method, path.to_owned()).remote(CLIENT_ADDRESS);
        request.add_header(Header::new("User-Agent", "cabinet-tests"));
        if let Some(s) = session {
            if let Some(cookie) = &s.cookie {
                // The local client reads cookies from its own jar, not from a `Cookie` header.
                request = request.cookie(Cookie::new(cabinet_http::auth::SESSION_COOKIE, cookie.clone()));
            }
            if let Some(csrf) = &s.csrf {
                request.add_header(Header::new(cabinet_http::auth::CSRF_HEADER, csrf.clone()));
            }
            if let Some(bearer) = &s.bearer {
                request.add_header(Header::new("Authorization", format!("Bearer {bearer}")));
            }
        }
        for (name, value) in headers {
            request.add_header(Header::new(name.to_string(), value.to_string()));
        }
        if let Some(body) = body {
            if let Some(ct) = content_type {
                request.add_header(ct);
            }
            request.set_body(body);
        }
        let response = request.dispatch().await;
        let status = response.status();
        let headers = response.headers().iter().map(|h| (h.name().to_string(), h.value().to_string())).collect();
        let bytes = response.into_bytes().await.unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Resp { status, body: serde_json::from_str(&text).unwrap_or(Value::Null), text, bytes, headers }
    }

    pub async fn get(&self, path: &str, session: Option<&Session>) -> Resp {
        self.call(Method::Get, path, None, session).await
    }

    pub async fn post(&self, path: &str, body: Value, session: Option<&Session>) -> Resp {
        self.call(Method::Post, path, Some(&body), session).await
    }

    pub async fn patch(&self, path: &str, body: Value, session: Option<&Session>) -> Resp {
        self.call(Method::Patch, path, Some(&body), session).await
    }

    pub async fn delete(&self, path: &str, session: Option<&Session>) -> Resp {
        self.call(Method::Delete, path, None, session).await
    }

    /// Signs in; the response and, on success, the session it started.
    pub async fn login(&self, email: &str, password: &str) -> (Resp, Option<Session>) {
        self.login_with_headers(email, password, &[]).await
    }

    /// Signs in sending extra headers (`X-Forwarded-For`…).
    pub async fn login_with_headers(
        &self,
        email: &str,
        password: &str,
        headers: &[(&str, &str)],
    ) -> (Resp, Option<Session>) {
        let body = json!({ "email": email, "password": password }).to_string();
        let resp = self
            .raw(Method::Post, "/api/v1/auth/login", Some(body.as_str()), Some(ContentType::JSON), None, headers)
            .await;
        let cookie = resp
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .find_map(|(_, v)| v.strip_prefix(&format!("{}=", cabinet_http::auth::SESSION_COOKIE)))
            .map(|v| v.split(';').next().unwrap_or_default().to_owned());
        let session = (resp.status == Status::Ok).then(|| Session {
            cookie,
            csrf: resp.body["csrf_token"].as_str().map(str::to_owned),
            bearer: None,
        });
        (resp, session)
    }

    /// Signs in with a starting password, replaces it with `new_password` and accepts the regulation.
    pub async fn onboard(&self, email: &str, starting: &str, new_password: &str) -> Session {
        let (resp, session) = self.login(email, starting).await;
        let session = session.unwrap_or_else(|| panic!("login of {email} failed: {}", resp.text));
        self.post(
            "/api/v1/auth/password",
            json!({ "current_password": starting, "new_password": new_password }),
            Some(&session),
        )
        .await
        .expect(Status::Ok);
        let version = self.get("/api/v1/auth/regulation", None).await.body["version"].as_str().unwrap().to_owned();
        self.post("/api/v1/auth/regulation", json!({ "version": version }), Some(&session)).await.expect(Status::Ok);
        session
    }

    /// The first administrator, signed in and ready to work. Never a failed login: tests count
    /// failures per address.
    pub async fn admin(&self) -> Session {
        let mut onboarded = self.admin_onboarded.lock().await;
        if *onboarded {
            let (resp, session) = self.login(&self.admin_email, "Администратор2026").await;
            return session.unwrap_or_else(|| panic!("the administrator signs in: {}", resp.text));
        }
        let (email, password) = (self.admin_email.clone(), self.admin_password.clone());
        let session = self.onboard(&email, &password, "Администратор2026").await;
        *onboarded = true;
        session
    }

    /// A new organization; returns its id.
    pub async fn organization(&self, admin: &Session, slug: &str) -> String {
        let body = json!({ "kind": "organization", "slug": slug, "full_name": format!("Организация {slug}"),
                           "short_name": slug, "org_kind": "regional", "region": "Тестовая область" });
        let resp = self.post("/api/v1/units", body, Some(admin)).await.expect(Status::Created);
        resp.body["id"].as_str().unwrap().to_owned()
    }

    /// A new department of the central committee; returns its id.
    pub async fn department(&self, admin: &Session, slug: &str) -> String {
        let body = json!({ "kind": "department", "slug": slug, "full_name": format!("Управление {slug}"), "short_name": slug });
        let resp = self.post("/api/v1/units", body, Some(admin)).await.expect(Status::Created);
        resp.body["id"].as_str().unwrap().to_owned()
    }

    /// A new role with these permission codes; returns its id.
    pub async fn role(&self, admin: &Session, permissions: &[&str]) -> String {
        let name = format!("Роль {}", uuid::Uuid::new_v4().simple());
        let resp = self.post("/api/v1/roles", json!({ "name": name, "permissions": permissions }), Some(admin)).await;
        resp.expect(Status::Created).body["id"].as_str().unwrap().to_owned()
    }

    /// Registers a user; returns (id, starting password).
    pub async fn register(&self, admin: &Session, email: &str, unit: &str, roles: &[&str]) -> (String, String) {
        let body = json!({ "email": email, "full_name": "Иванова Мария Петровна", "position": "специалист",
                           "phone": "+7 900 000-00-00", "unit_id": unit, "role_ids": roles });
        let resp = self.post("/api/v1/users", body, Some(admin)).await.expect(Status::Created);
        (
            resp.body["user"]["id"].as_str().unwrap().to_owned(),
            resp.body["starting_password"].as_str().unwrap().to_owned(),
        )
    }

    /// A user of `unit` holding exactly `permissions`, signed in and ready to work.
    pub async fn staff(&self, admin: &Session, unit: &str, permissions: &[&str]) -> (String, Session) {
        let email = format!("staff-{}@example.ru", uuid::Uuid::new_v4().simple());
        let roles = if permissions.is_empty() { vec![] } else { vec![self.role(admin, permissions).await] };
        let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
        let (id, starting) = self.register(admin, &email, unit, &roles).await;
        let session = self.onboard(&email, &starting, "НовыйПароль2026").await;
        (id, session)
    }

    /// The id of the central committee.
    pub async fn central(&self, admin: &Session) -> String {
        let resp = self.get("/api/v1/auth/me", Some(admin)).await.expect(Status::Ok);
        resp.body["unit"]["id"].as_str().unwrap().to_owned()
    }

    /// The token of the newest password-recovery letter to `email`, waiting for `n` letters.
    pub async fn reset_token(&self, email: &str, n: usize) -> String {
        let letters = self.mailbox.wait_for_matching(email, n, |l| l.contains("password-reset?token=")).await;
        mailbox::reset_token(letters.last().unwrap())
    }
}

fn mail_config() -> (Value, Mailbox) {
    let smtp_host = service_var("CABINET_TEST_SMTP_HOST");
    match smtp_host {
        Some(host) => {
            let port: u16 = service_var("CABINET_TEST_SMTP_PORT").and_then(|p| p.parse().ok()).unwrap_or(1025);
            let api = service_var("CABINET_TEST_MAILDEV_URL").expect("CABINET_TEST_MAILDEV_URL with the SMTP server");
            let host_port = api.trim_start_matches("http://").trim_end_matches('/').to_owned();
            let config = json!({ "transport": "smtp", "smtp": { "host": host, "port": port, "tls": "none" } });
            (config, Mailbox::Maildev { host_port })
        }
        None => {
            let dir = temp_dir("outbox");
            (json!({ "transport": "file", "outbox": dir }), Mailbox::Files(dir))
        }
    }
}
