//! The test harness: one factory builds the real application on a fresh database of the chosen
//! backend, and [`TestApp`] drives it through Rocket's local client with helpers for the
//! people who use it (an administrator, a user of an organization with given permissions).
//!
//! Real services join when their variables are set: `CABINET_TEST_POSTGRES_URL` (a database
//! per test is created through it and dropped afterwards), `CABINET_TEST_SMTP_HOST`/`_PORT`
//! with `CABINET_TEST_MAILDEV_URL` (mail goes through a real SMTP server and is read back from
//! its HTTP API), `CABINET_TEST_S3_ENDPOINT` with `_REGION`, `_BUCKET`, `_ACCESS_KEY_ID` and
//! `_SECRET_ACCESS_KEY` (media goes to a unique prefix of that bucket, removed afterwards;
//! otherwise to a temporary directory). With `CABINET_TEST_REQUIRE_SERVICES=1` (set by
//! `.ci/run`) a missing variable fails the test instead of skipping the service.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod app;
mod db;
pub mod forms;
mod mailbox;
pub mod media;
pub mod pages;
mod store;

pub use app::{CLIENT_ADDRESS, Resp, Session, TestApp};
pub use db::{Backend, TestDb};
pub use store::{Store, TestStore};

/// Runs an `async fn(TestApp)` test on SQLite, and on Postgres when it is configured.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::TestApp::spawn($crate::Backend::Sqlite).await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(app) = $crate::TestApp::spawn_postgres().await {
                        super::$name(app).await
                    }
                }
            )*
        }
    };
}

/// Runs an `async fn(TestApp)` media test on every object store and database: local disk and
/// the real S3 server of `CABINET_TEST_S3_*`, each on SQLite and on Postgres (when configured).
#[macro_export]
macro_rules! on_every_store {
    ($($name:ident),* $(,)?) => {
        mod local_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::TestApp::spawn($crate::Backend::Sqlite).await).await
                }
            )*
        }
        mod local_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(app) = $crate::TestApp::spawn_postgres().await {
                        super::$name(app).await
                    }
                }
            )*
        }
        mod s3_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let store = $crate::Store::S3 { presign_seconds: 0 };
                    if let Some(app) = $crate::TestApp::spawn_on($crate::Backend::Sqlite, store).await {
                        super::$name(app).await
                    }
                }
            )*
        }
        mod s3_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let store = $crate::Store::S3 { presign_seconds: 0 };
                    if let Some(app) = $crate::TestApp::spawn_on($crate::Backend::Postgres, store).await {
                        super::$name(app).await
                    }
                }
            )*
        }
    };
}

/// The variable's value; `None` when unset, or a failure when CI requires every service.
pub fn service_var(name: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(v),
        _ if std::env::var("CABINET_TEST_REQUIRE_SERVICES").is_ok_and(|v| v == "1") => {
            panic!("{name} is not set, but CABINET_TEST_REQUIRE_SERVICES=1: the service must be tested")
        }
        _ => None,
    }
}

/// Runs an `async fn(Backend)` test — one that builds its own [`TestApp`], usually with
/// [`TestApp::spawn_with`] to change the configuration — on SQLite, and on Postgres when it is
/// configured.
#[macro_export]
macro_rules! with_each_backend {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if $crate::service_var("CABINET_TEST_POSTGRES_URL").is_some() {
                        super::$name($crate::Backend::Postgres).await
                    }
                }
            )*
        }
    };
}
