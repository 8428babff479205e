//! The database handle: a native SQLite or Postgres pool, chosen from the URL's scheme.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgSslMode};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::error::{StorageError, StorageResult};

/// A cheap-to-clone handle on the database.
#[derive(Clone, Debug)]
pub struct Db {
    backend: Backend,
}

#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Whether to skip TLS to Postgres: only when the server is on this machine (loopback or a Unix
/// socket) and the URL does not ask for a mode itself. Encrypting loopback traffic protects
/// nothing, yet sqlx's default (`prefer`) negotiates TLS with every new connection — with
/// Debian's default certificate that cost ~100 ms a connection and made a start take 230 ms
/// instead of 30. A remote server keeps the default, and `?sslmode=…` always wins.
fn plain_on_loopback(url: &str, host: &str) -> bool {
    let asked = url.to_ascii_lowercase().contains("sslmode=");
    let local = host.starts_with('/')
        || host.eq_ignore_ascii_case("localhost")
        || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    local && !asked
}

/// When SQLite acknowledges a commit: once it is on disk (`Full`, what Cabinet runs with), or
/// possibly before (`Normal`, which a power cut can undo; kept to measure the difference).
/// Postgres keeps its own settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    Full,
    Normal,
}

impl Db {
    /// Connects to `url`: `sqlite://path` (the file is created when missing) or `postgres://…`.
    /// Any other scheme is refused. Every acknowledged commit is durable.
    pub async fn connect(url: &str, max_connections: u32) -> StorageResult<Self> {
        Self::connect_with(url, max_connections, Durability::Full).await
    }

    /// [`Db::connect`] with the SQLite durability chosen: for the write benchmark.
    pub async fn connect_with(url: &str, max_connections: u32, durability: Durability) -> StorageResult<Self> {
        let backend = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a commit is acknowledged only once it is on disk, so a power cut cannot lose
                // an audit entry or a submission that was answered 2xx (NORMAL in WAL mode can).
                .synchronous(match durability {
                    Durability::Full => SqliteSynchronous::Full,
                    Durability::Normal => SqliteSynchronous::Normal,
                })
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new().max_connections(max_connections).connect_with(options).await?;
            Backend::Sqlite(pool)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let mut options = PgConnectOptions::from_str(url)?;
            if plain_on_loopback(url, options.get_host()) {
                options = options.ssl_mode(PgSslMode::Disable);
            }
            let pool = PgPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Backend::Postgres(pool)
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            return Err(StorageError::UnsupportedUrl(format!(
                "«{scheme}»: the database URL must start with sqlite:// or postgres://"
            )));
        };
        Ok(Self { backend })
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    pub fn kind(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Applies the backend's pending migrations.
    pub async fn migrate(&self) -> StorageResult<()> {
        match &self.backend {
            Backend::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Backend::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Whether the database answers: what `/ready` reports.
    pub async fn ping(&self) -> StorageResult<()> {
        db_run!(self, |pool| sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn close(&self) {
        db_run!(self, |pool| pool.close().await)
    }
}

/// Opens a transaction that is going to write.
///
/// On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`): a deferred transaction that
/// reads first and writes later fails outright (`SQLITE_BUSY`, no busy timeout applies) when
/// another writer committed in between, which under concurrent requests was a 500. Waiting for
/// the lock up front lets the busy timeout do its work. Postgres locks rows as it goes.
pub(crate) trait BeginWrite {
    type Database: sqlx::Database;

    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, Self::Database>, sqlx::Error>> + Send;
}

impl BeginWrite for SqlitePool {
    type Database = sqlx::Sqlite;

    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error>> + Send {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for PgPool {
    type Database = sqlx::Postgres;

    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error>> + Send {
        self.begin()
    }
}

#[cfg(test)]
mod tests {
    use super::plain_on_loopback;

    #[test]
    fn tls_is_skipped_only_on_this_machine_and_only_when_the_url_is_silent() {
        assert!(plain_on_loopback("postgres://u@127.0.0.1/db", "127.0.0.1"));
        assert!(plain_on_loopback("postgres://u@localhost/db", "localhost"));
        assert!(plain_on_loopback("postgres://u@[::1]/db", "[::1]"));
        assert!(plain_on_loopback("postgres:///db?host=/var/run/postgresql", "/var/run/postgresql"));
        assert!(!plain_on_loopback("postgres://u@db.example.org/db", "db.example.org"));
        assert!(!plain_on_loopback("postgres://u@10.0.0.5/db", "10.0.0.5"));
        assert!(!plain_on_loopback("postgres://u@127.0.0.1/db?sslmode=require", "127.0.0.1"));
        assert!(!plain_on_loopback("postgres://u@localhost/db?SSLMODE=verify-full", "localhost"));
    }
}
