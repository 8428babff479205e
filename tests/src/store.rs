//! The object store a [`crate::TestApp`] keeps media in: a temporary directory (the default),
//! a unique prefix in the real S3 bucket named by `CABINET_TEST_S3_*`, or an S3 endpoint that
//! nobody listens on, to see uploads fail. Whatever a test stored is removed when it ends.

use cabinet_http::Config;
use cabinet_storage::blobs::BlobStore;
use rocket::figment::providers::Serialized;
use serde_json::{Value, json};

use crate::db::temp_dir;
use crate::service_var;

/// Which object store a test app uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Local,
    /// The S3 server of `CABINET_TEST_S3_*`; `presign_seconds` as in `[storage.s3]`.
    S3 {
        presign_seconds: u64,
    },
    /// An S3 endpoint on a loopback port that is closed: every request fails at once.
    Unreachable,
}

/// The `[storage]` section given to the app, and what to clean up afterwards.
#[derive(Clone)]
pub struct TestStore {
    pub config: Value,
    /// The same store as the app's, for looking at what was stored.
    pub blobs: BlobStore,
    /// Removes what the store holds when the last clone is dropped.
    _cleanup: Option<std::sync::Arc<Cleanup>>,
}

enum Cleanup {
    Dir(std::path::PathBuf),
    Prefix(Value),
}

impl TestStore {
    /// `None` for S3 when no server is configured.
    pub fn new(store: Store) -> Option<Self> {
        let (config, cleanup) = match store {
            Store::Local => {
                let dir = temp_dir("media");
                (json!({ "kind": "local", "path": dir }), Some(std::sync::Arc::new(Cleanup::Dir(dir))))
            }
            Store::S3 { presign_seconds } => {
                let endpoint = service_var("CABINET_TEST_S3_ENDPOINT")?;
                let var =
                    |name: &str| service_var(name).unwrap_or_else(|| panic!("{name} with CABINET_TEST_S3_ENDPOINT"));
                let s3 = json!({
                    "endpoint": endpoint,
                    "region": var("CABINET_TEST_S3_REGION"),
                    "bucket": var("CABINET_TEST_S3_BUCKET"),
                    "access_key_id": var("CABINET_TEST_S3_ACCESS_KEY_ID"),
                    "secret_access_key": var("CABINET_TEST_S3_SECRET_ACCESS_KEY"),
                    "allow_http": true,
                    "prefix": format!("cabinet-test-{}", uuid::Uuid::new_v4().simple()),
                    "presign_seconds": presign_seconds,
                    "max_retries": 1,
                    "timeout_seconds": 10,
                });
                (
                    json!({ "kind": "s3", "s3": s3.clone() }),
                    Some(std::sync::Arc::new(Cleanup::Prefix(json!({ "kind": "s3", "s3": s3 })))),
                )
            }
            Store::Unreachable => {
                let port = closed_port();
                let s3 = json!({
                    "endpoint": format!("http://127.0.0.1:{port}"), "region": "garage", "bucket": "nowhere",
                    "access_key_id": "GKdead", "secret_access_key": "dead", "allow_http": true,
                    "max_retries": 1, "timeout_seconds": 2,
                });
                (json!({ "kind": "s3", "s3": s3 }), None)
            }
        };
        let blobs = blob_store(&config);
        Some(TestStore { config, blobs, _cleanup: cleanup })
    }
}

/// The store a `[storage]` section names, built the way the app builds it.
fn blob_store(section: &Value) -> BlobStore {
    let figment = Config::figment().merge(Serialized::defaults(json!({ "storage": section })));
    let config: Config = figment.extract().expect("storage configuration");
    config.storage.blob_store().expect("object store")
}

/// A loopback port that was free a moment ago and has nobody listening on it now.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        match self {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Prefix(section) => {
                let section = section.clone();
                // Drop may run inside the test's runtime: use a thread with a runtime (and a client) of its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                    rt.block_on(async { blob_store(&section).purge().await })
                })
                .join();
            }
        }
    }
}
