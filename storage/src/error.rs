//! Storage failures in the domain's words.

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("not found")]
    NotFound,
    /// A unique value is taken already; `what` names the field (`email`, `slug`, `name`).
    #[error("{what} already exists")]
    Conflict { what: &'static str },
    /// A row refers to something that does not exist (an unknown role or unit id).
    #[error("unknown {what}")]
    UnknownReference { what: &'static str },
    #[error("unsupported database URL: {0}")]
    UnsupportedUrl(String),
    #[error("database: {0}")]
    Database(#[source] sqlx::Error),
    /// The database cannot be reached now (no connection within the pool's timeout, network).
    #[error("database unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("object store: {0}")]
    Blob(#[from] object_store::Error),
    #[error("object store configuration: {0}")]
    BlobConfig(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

pub type StorageResult<T> = Result<T, StorageError>;

impl From<sqlx::Error> for StorageError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StorageError::NotFound,
            e @ (sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_)) => {
                StorageError::Unavailable(e)
            }
            // The server is going away or not there yet: a restart (57P01 admin_shutdown, 57P02
            // crash_shutdown, 57P03 cannot_connect_now) or a broken connection (class 08).
            sqlx::Error::Database(db) if db.code().is_some_and(|c| c.starts_with("57P") || c.starts_with("08")) => {
                StorageError::Unavailable(sqlx::Error::Database(db))
            }
            other => StorageError::Database(other),
        }
    }
}

impl StorageError {
    /// Turns a unique-constraint violation into [`StorageError::Conflict`] on `what`; other errors
    /// pass through.
    pub fn unique(e: sqlx::Error, what: &'static str) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StorageError::Conflict { what },
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => StorageError::UnknownReference { what },
            _ => e.into(),
        }
    }
}
