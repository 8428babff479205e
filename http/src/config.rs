//! Configuration: defaults, then `config.toml`, then `CABINET_*` environment variables.
//!
//! Nested keys are reached from the environment with a double underscore:
//! `CABINET_DATABASE__URL=postgres://…` sets `[database] url`. Rocket's own keys (`port`,
//! `address`, `workers`, `limits`) sit at the top level of the same file.

use std::fmt;
use std::path::PathBuf;

use cabinet_storage::StorageError;
use cabinet_storage::backup::{BackupError, Target};
use cabinet_storage::blobs::{BlobStore, S3Settings};
use rocket::data::ByteUnit;
use rocket::figment::Figment;
use rocket::figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// The address people and e-mails use to reach the server, without a trailing slash.
    pub public_url: String,
    pub database: DatabaseConfig,
    pub mail: MailConfig,
    pub auth: AuthConfig,
    pub regulation: RegulationConfig,
    pub storage: StorageConfig,
    pub proxy: ProxyConfig,
    /// `[logging]`, not `[log]`: Rocket reads the same figment and takes `log` for its own
    /// (deprecated) log level key, warning at every start.
    pub logging: LogConfig,
    pub news: NewsConfig,
    pub appeals: AppealsConfig,
    /// `[public_api]`: what sites read under `/api/v1/public`.
    pub public_api: PublicApiConfig,
    /// `[reports]`: report forms and their deadlines (§7).
    pub reports: ReportsConfig,
    /// `[site]`: what every page of the cabinet shows.
    pub site: SiteConfig,
    /// `[backup]`: where `cabinet backup` writes (§2.4).
    pub backup: BackupConfig,
    /// `[jobs]`: the background job runner and the e-mail outbox.
    pub jobs: JobsConfig,
    /// `[retention]`: how long records kept for a time are kept.
    pub retention: RetentionConfig,
    /// The login of the administrator created on the first start.
    pub bootstrap_admin_email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct JobsConfig {
    /// Run the job runner in this server process; `cabinet worker` runs it without serving.
    pub enabled: bool,
    /// How often an idle runner looks for work, in milliseconds (it wakes at once for a letter
    /// this instance queued).
    pub poll_ms: u64,
    /// How long a claimed job or letter is held; past it another instance takes it over.
    pub lease_seconds: u64,
    /// Attempts to send a letter before it is marked failed (pauses from 30 s, doubling, up
    /// to 6 hours: 12 attempts span about a day).
    pub max_letter_attempts: u32,
    /// The pause after a first failed attempt, in seconds; it doubles with each attempt.
    pub retry_seconds: u64,
    /// The longest pause between attempts, in seconds.
    pub retry_max_seconds: u64,
    /// Schedule the recurring jobs (reminders, purges) from this instance.
    pub recurring: bool,
    /// How often reminders are looked for, in minutes.
    pub reminders_every_minutes: u64,
}

impl Default for JobsConfig {
    fn default() -> Self {
        JobsConfig {
            enabled: true,
            poll_ms: 1000,
            lease_seconds: 120,
            max_letter_attempts: 12,
            retry_seconds: 30,
            retry_max_seconds: 6 * 3600,
            recurring: true,
            reminders_every_minutes: 60,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RetentionConfig {
    /// Days the login history (§2.7: evidence of unauthorized access) is kept.
    pub login_history_days: u32,
    /// Days a finished job is kept.
    pub jobs_days: u32,
    /// Days a sent letter's record (recipient, subject, the server's answer) is kept.
    pub letters_days: u32,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        RetentionConfig { login_history_days: 365, jobs_days: 30, letters_days: 90 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteConfig {
    /// How to reach the site administrator, shown on the login page and at the foot of every
    /// page for those who cannot sign in (§2.6, §3.9, §3.11).
    pub admin_contact: String,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            admin_contact: "Администратор сайта Профсоюза: admin@cabinet.local. Укажите в письме организацию и логин."
                .into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabaseConfig {
    /// `sqlite://data/cabinet.db` or `postgres://user@host/db`: the scheme chooses the backend.
    pub url: String,
    pub max_connections: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MailConfig {
    /// `file`: each message becomes an `.eml` file in `outbox`; `smtp`: sent through `smtp`.
    pub transport: MailTransport,
    pub outbox: PathBuf,
    pub from: String,
    pub smtp: SmtpConfig,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    File,
    Smtp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// `none` (loopback test servers only), `starttls` or `tls`.
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub timeout_seconds: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthConfig {
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    /// Failed logins for one account within the window before it is throttled.
    pub max_failures_per_account: i64,
    /// Failed logins from one IP address within the window before it is throttled.
    pub max_failures_per_ip: i64,
    pub throttle_window_minutes: i64,
    pub reset_token_minutes: i64,
    /// Reset e-mails one account may receive per hour.
    pub max_resets_per_hour: i64,
    /// How many argon2 computations may run at once; the rest wait without blocking requests.
    pub hashing_concurrency: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RegulationConfig {
    /// The version users accept at first login (§3.12); changing it asks everyone again.
    pub version: String,
}

/// Which forwarding header to believe, and from whom. Both empty (the default): none, and the
/// client's address is the socket's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProxyConfig {
    /// `X-Forwarded-For` or `X-Real-IP`: where the proxies in `trusted` put the client's address.
    pub client_ip_header: String,
    /// Addresses (`127.0.0.1`) or networks (`10.0.0.0/8`) of the proxies allowed to send it.
    pub trusted: Vec<String>,
}

/// The §5.4 checks of news texts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NewsConfig {
    /// Abbreviations readers know without a full name, added to the built-in list («ФНПР», «МРОТ»…).
    pub abbreviations: Vec<String>,
}

impl NewsConfig {
    /// The built-in list with the configured words.
    pub fn abbreviation_list(&self) -> cabinet_core::news::AbbreviationList {
        let defaults = cabinet_core::news::AbbreviationList::DEFAULTS.iter().copied().map(str::to_owned);
        cabinet_core::news::AbbreviationList::new(defaults.chain(self.abbreviations.iter().cloned()))
    }
}

/// How the server's log is written (what is logged is `CABINET_LOG`'s filter).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LogConfig {
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Lines for people; coloured only when written to a terminal.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Where photos and documents are kept, and how large an upload may be.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageConfig {
    /// `local`: files under `path`; `s3`: a bucket of an S3-compatible service.
    pub kind: StorageKind,
    pub path: PathBuf,
    pub s3: S3Config,
    /// Largest photo upload (§5.5); larger bodies get 413.
    pub max_photo_size: ByteUnit,
    /// Largest document upload (§4.2).
    pub max_document_size: ByteUnit,
    /// Photos decoded at once to downscale them; the others wait.
    pub image_concurrency: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    Local,
    S3,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct S3Config {
    /// `http://127.0.0.1:3900`; empty for Amazon S3 itself. Requests are path-style.
    pub endpoint: String,
    pub region: String,
    /// Must exist: Cabinet never creates buckets.
    pub bucket: String,
    pub access_key_id: String,
    pub secret_access_key: Secret,
    /// Plain HTTP, only for a service on loopback or a private network.
    pub allow_http: bool,
    /// Keys are written under this prefix inside the bucket.
    pub prefix: String,
    /// Above zero: media is not streamed through the server, the client is redirected to a
    /// presigned URL valid this many seconds.
    pub presign_seconds: u64,
    pub max_retries: usize,
    pub timeout_seconds: u64,
}

/// A secret value from configuration: never shown by `Debug`.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            public_url: "http://127.0.0.1:8000".into(),
            database: DatabaseConfig::default(),
            mail: MailConfig::default(),
            auth: AuthConfig::default(),
            regulation: RegulationConfig::default(),
            storage: StorageConfig::default(),
            proxy: ProxyConfig::default(),
            logging: LogConfig::default(),
            news: NewsConfig::default(),
            appeals: AppealsConfig::default(),
            public_api: PublicApiConfig::default(),
            reports: ReportsConfig::default(),
            site: SiteConfig::default(),
            backup: BackupConfig::default(),
            jobs: JobsConfig::default(),
            retention: RetentionConfig::default(),
            bootstrap_admin_email: "admin@cabinet.local".into(),
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig { url: "sqlite://data/cabinet.db".into(), max_connections: 8 }
    }
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            transport: MailTransport::File,
            outbox: "data/outbox".into(),
            from: "Личный кабинет Профсоюза <noreply@cabinet.local>".into(),
            smtp: SmtpConfig::default(),
        }
    }
}

impl Default for SmtpConfig {
    fn default() -> Self {
        SmtpConfig {
            host: "127.0.0.1".into(),
            port: 25,
            tls: SmtpTls::Starttls,
            username: None,
            password: None,
            timeout_seconds: 10,
        }
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            session_idle_minutes: 120,
            session_absolute_hours: 12,
            max_failures_per_account: 5,
            max_failures_per_ip: 50,
            throttle_window_minutes: 15,
            reset_token_minutes: 60,
            max_resets_per_hour: 3,
            hashing_concurrency: 2,
        }
    }
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig {
            kind: StorageKind::Local,
            path: "data/media".into(),
            s3: S3Config::default(),
            max_photo_size: ByteUnit::Mebibyte(15),
            max_document_size: ByteUnit::Mebibyte(20),
            image_concurrency: 2,
        }
    }
}

impl Default for S3Config {
    fn default() -> Self {
        S3Config {
            endpoint: String::new(),
            region: "us-east-1".into(),
            bucket: String::new(),
            access_key_id: String::new(),
            secret_access_key: Secret(String::new()),
            allow_http: false,
            prefix: String::new(),
            presign_seconds: 0,
            max_retries: 3,
            timeout_seconds: 30,
        }
    }
}

impl StorageConfig {
    /// The object store this configuration names.
    pub fn blob_store(&self) -> Result<BlobStore, StorageError> {
        match self.kind {
            StorageKind::Local => BlobStore::local(&self.path),
            StorageKind::S3 => BlobStore::s3(&self.s3.settings()),
        }
    }
}

impl S3Config {
    /// The service, bucket and keys of this section.
    pub fn settings(&self) -> S3Settings {
        S3Settings {
            endpoint: self.endpoint.clone(),
            region: self.region.clone(),
            bucket: self.bucket.clone(),
            access_key_id: self.access_key_id.clone(),
            secret_access_key: self.secret_access_key.0.clone(),
            allow_http: self.allow_http,
            prefix: self.prefix.clone(),
            max_retries: self.max_retries,
            timeout: std::time::Duration::from_secs(self.timeout_seconds.max(1)),
        }
    }
}

/// Backups (§2.4): where they go, and for the scheduler how often and how many are kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupConfig {
    /// A directory (`data/backups`, `/var/backups/cabinet`, `file:///…`) or a bucket
    /// (`s3://bucket/prefix`) reached with the endpoint, region and keys of `[storage.s3]`.
    pub target: String,
    /// Hours between two scheduled backups; 0: none are scheduled.
    pub every_hours: u32,
    /// Complete backups kept by the scheduler; older ones are deleted.
    pub keep: usize,
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig { target: "data/backups".into(), every_hours: 24, keep: 7 }
    }
}

impl Config {
    /// The backup target at `location`, or at `[backup] target` when none is given.
    pub fn backup_target(&self, location: Option<&str>) -> Result<Target, BackupError> {
        Target::parse(location.unwrap_or(&self.backup.target), &self.storage.s3.settings())
    }
}

impl Default for RegulationConfig {
    fn default() -> Self {
        RegulationConfig { version: "2023-03-28 № 8-17".into() }
    }
}

impl Config {
    /// The layered configuration Rocket and Cabinet both read. `CABINET_CONFIG` names another file.
    pub fn figment() -> Figment {
        let file = std::env::var("CABINET_CONFIG").unwrap_or_else(|_| "config.toml".into());
        Figment::from(rocket::Config::default())
            .merge(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            // `CABINET_LOG` is the log filter, read by `main`, not a configuration key.
            .merge(Env::prefixed("CABINET_").ignore(&["CONFIG", "LOG"]).split("__"))
    }

    /// Cookies carry `Secure` whenever the public address is HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// Electronic appeals to organizations (§4.2).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct AppealsConfig {
    /// Appeals one client address may send within an hour, counted in the database so that the
    /// limit holds across every instance; the next one gets 429.
    pub max_per_ip_per_hour: i64,
    /// Appeals are personal data: older ones are deleted (`appeals::purge_expired`).
    pub retention_days: i64,
}

impl Default for AppealsConfig {
    fn default() -> Self {
        AppealsConfig { max_per_ip_per_hour: 5, retention_days: 365 }
    }
}

/// Report forms (§7).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportsConfig {
    /// The union's time zone (IANA name): deadlines are days in it, and shown with it, since
    /// organizations span eleven zones.
    pub time_zone: String,
    /// How long checking and compiling an uploaded form may take before it is refused.
    pub compile_timeout_ms: u64,
    /// The largest form plugin file accepted, in bytes.
    pub plugin_max_bytes: u64,
    /// The largest report (JSON or XLSX) accepted, in bytes.
    pub report_max_bytes: u64,
}

impl Default for ReportsConfig {
    fn default() -> Self {
        ReportsConfig {
            time_zone: "Europe/Moscow".into(),
            compile_timeout_ms: 1000,
            plugin_max_bytes: 512 * 1024,
            report_max_bytes: 2 * 1024 * 1024,
        }
    }
}

/// The public API that the union's sites read (`/api/v1/public`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PublicApiConfig {
    /// Origins whose pages may read the public API from the browser (CORS), such as
    /// `https://union.example.org`; `*` lets any page read it. Empty: none, servers still can.
    pub cors_origins: Vec<String>,
    /// How often each instance asks the database whether public content changed, in
    /// milliseconds: a change made on another instance is served here within this time
    /// (plus the query's own). The instance that made the change serves it at once.
    pub poll_ms: u64,
    /// The rendered answers one instance keeps in memory, in bytes; past it the oldest half goes.
    pub cache_bytes: usize,
    /// The page of a news item on the site, for links in the Atom feeds: `{id}` and `{slug}`
    /// (the organization's) are replaced. Empty: the item's public API address.
    pub news_page_url: String,
}

impl Default for PublicApiConfig {
    fn default() -> Self {
        PublicApiConfig {
            cors_origins: Vec::new(),
            poll_ms: 250,
            cache_bytes: 32 * 1024 * 1024,
            news_page_url: String::new(),
        }
    }
}
