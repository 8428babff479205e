//! Cabinet's storage: one layer over SQLite and Postgres, and the object store for media.
//!
//! The backend is chosen once, from the database URL's scheme ([`Db::connect`]). Each query is
//! written once and expanded for both native pools by [`db_run!`]; the SQL is kept portable
//! (`$n` placeholders, `RETURNING`, integer millisecond timestamps, JSON as text). Each backend
//! keeps its own migrations. Functions are grouped by aggregate, one module each.

#[macro_use]
mod macros;

pub mod access_requests;
pub mod appeals;
pub mod audit;
pub mod backup;
pub mod blobs;
pub mod db;
pub mod documents;
pub mod error;
pub mod forms;
pub mod galleries;
pub mod jobs;
pub mod logins;
pub mod maintenance;
pub mod materials;
pub mod media;
pub mod news;
pub mod outbox;
pub mod profiles;
pub mod public;
pub mod reminders;
pub mod reports;
pub mod resets;
pub mod retention;
pub mod roles;
pub mod sessions;
pub mod tokens;
pub mod units;
pub mod users;

pub use db::{Backend, Db};
pub use error::{StorageError, StorageResult};

/// Milliseconds since the Unix epoch: the one timestamp format stored on both backends.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Hex SHA-256 of a secret: how session, reset and API tokens are stored.
pub fn token_hash(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(secret.as_bytes()))
}
