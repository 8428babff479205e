//! A fresh database per test: a SQLite file in a temporary directory, or a Postgres database
//! created for the test and dropped when it ends (even when it fails).

use cabinet_storage::Db;
use sqlx::Connection as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct TestDb {
    pub db: Db,
    /// Dropped with the last clone: a second instance on the same database keeps it alive.
    _cleanup: std::sync::Arc<Cleanup>,
}

enum Cleanup {
    Dir(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        match self {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                let (url, sql) = (admin_url.clone(), format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
                // Drop may run inside the test's runtime: use a thread with a runtime of its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                    rt.block_on(async {
                        if let Ok(mut conn) = sqlx::PgConnection::connect(&url).await {
                            let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

pub fn temp_dir(prefix: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cabinet-{prefix}-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

impl TestDb {
    /// A fresh, migrated database of `backend`; `None` for Postgres when no server is configured.
    pub async fn fresh(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => Some(Self::sqlite().await),
            Backend::Postgres => Some(Self::postgres(&crate::service_var("CABINET_TEST_POSTGRES_URL")?).await),
        }
    }

    pub async fn sqlite() -> Self {
        let dir = temp_dir("db");
        let url = format!("sqlite://{}", dir.join("cabinet.db").display());
        let db = Db::connect(&url, 4).await.expect("sqlite");
        db.migrate().await.expect("migrate sqlite");
        TestDb { db, _cleanup: std::sync::Arc::new(Cleanup::Dir(dir)) }
    }

    pub async fn postgres(admin_url: &str) -> Self {
        let name = format!("cabinet_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(admin_url).await.expect("CABINET_TEST_POSTGRES_URL must connect");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut conn)
            .await
            .expect("create db");
        conn.close().await.ok();
        let cleanup = Cleanup::Postgres { admin_url: admin_url.to_owned(), name: name.clone() };
        let url = with_database(admin_url, &name);
        let db = Db::connect(&url, 4).await.expect("postgres");
        db.migrate().await.expect("migrate postgres");
        TestDb { db, _cleanup: std::sync::Arc::new(cleanup) }
    }
}

/// `postgres://u@h:p/old?x` with the database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_name_is_replaced() {
        assert_eq!(super::with_database("postgres://p@h:5432/postgres", "t"), "postgres://p@h:5432/t");
        assert_eq!(super::with_database("postgres://p@h/x?sslmode=disable", "t"), "postgres://p@h/t?sslmode=disable");
        assert_eq!(super::with_database("postgres://p@h", "t"), "postgres://p@h/t");
    }
}
