//! Rendered answers of the public API, kept per instance and dropped when public content changes
//! anywhere.
//!
//! Every change to public content grows one version in the database, in the change's own
//! transaction (`cabinet_storage::public`). An answer is stored with the version read *before*
//! its data, so it is never newer than its stamp claims; it is served only while that version is
//! the latest this instance knows. The instance learns a new version right after its own writes
//! ([`after_change`], before the response leaves) and from a poll every
//! `public_api.poll_ms`: a change made on another instance is served here within the poll.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use bytes::Bytes;
use cabinet_core::policy::{Public, ReadPublic, authorize};
use cabinet_storage::Db;
use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{Method, Status};
use rocket::{Orbit, Request, Rocket};
use sha2::{Digest, Sha256};

use crate::App;

/// One rendered answer.
#[derive(Debug)]
pub struct Rendered {
    /// The version of public content this answer was read at (or later).
    pub version: i64,
    pub status: Status,
    pub content_type: &'static str,
    pub body: Bytes,
    /// A strong validator of the body: equal bodies get equal tags on every instance.
    pub etag: String,
}

impl Rendered {
    pub fn new(version: i64, status: Status, content_type: &'static str, body: Bytes) -> Self {
        let digest = Sha256::digest(&body);
        let etag = format!("\"{}\"", hex16(&digest[..12]));
        Rendered { version, status, content_type, body, etag }
    }
}

fn hex16(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The cache of one instance.
#[derive(Debug)]
pub struct PublicCache {
    version: AtomicI64,
    entries: RwLock<HashMap<String, Arc<Rendered>>>,
    bytes: AtomicUsize,
    max_bytes: usize,
}

impl PublicCache {
    pub fn new(max_bytes: usize) -> Self {
        PublicCache {
            version: AtomicI64::new(0),
            entries: RwLock::new(HashMap::new()),
            bytes: AtomicUsize::new(0),
            max_bytes,
        }
    }

    /// The latest version this instance knows.
    pub fn version(&self) -> i64 {
        self.version.load(Ordering::Acquire)
    }

    /// The stored answer for `key`, if it is as new as the latest known version.
    pub fn get(&self, key: &str) -> Option<Arc<Rendered>> {
        let entries = self.entries.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        entries.get(key).filter(|r| r.version >= self.version()).cloned()
    }

    /// Keeps `rendered` for `key` unless a newer version is known already, and hands it back.
    /// Past the byte budget the cache starts over: what is hot is rendered again at once.
    pub fn put(&self, key: String, rendered: Rendered) -> Arc<Rendered> {
        let rendered = Arc::new(rendered);
        if rendered.version < self.version() {
            return rendered;
        }
        let size = key.len() + rendered.body.len() + rendered.etag.len();
        let mut entries = self.entries.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if self.bytes.load(Ordering::Relaxed) + size > self.max_bytes {
            entries.clear();
            self.bytes.store(0, Ordering::Relaxed);
        }
        if size <= self.max_bytes {
            let key_len = key.len();
            let before = entries.insert(key, rendered.clone());
            let freed = before.map_or(0, |old| key_len + old.body.len() + old.etag.len());
            let now = self.bytes.load(Ordering::Relaxed) + size;
            self.bytes.store(now.saturating_sub(freed), Ordering::Relaxed);
        }
        rendered
    }

    /// Takes note of the database's version: a newer one drops every stored answer.
    pub fn observe(&self, version: i64) {
        if self.version.fetch_max(version, Ordering::AcqRel) < version {
            let mut entries = self.entries.write().unwrap_or_else(|poisoned| poisoned.into_inner());
            entries.retain(|_, r| r.version >= version);
            self.bytes
                .store(entries.iter().map(|(k, r)| k.len() + r.body.len() + r.etag.len()).sum(), Ordering::Relaxed);
        }
    }

    /// Reads the database's version and takes note of it.
    pub async fn refresh(&self, db: &Db) -> Result<(), cabinet_storage::StorageError> {
        let Ok(auth) = authorize::<ReadPublic>(None, Public) else { return Ok(()) };
        let version = cabinet_storage::public::version(db, &auth).await?;
        self.observe(version);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.entries.read().map(|e| e.len()).unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Polls the database's version every `poll_ms` for the changes other instances make.
pub struct Poll;

#[rocket::async_trait]
impl Fairing for Poll {
    fn info(&self) -> Info {
        Info { name: "public cache poll", kind: Kind::Liftoff }
    }

    async fn on_liftoff(&self, rocket: &Rocket<Orbit>) {
        let Some(app) = rocket.state::<App>() else { return };
        let db = app.db.clone();
        let poll = Duration::from_millis(app.config.public_api.poll_ms.max(10));
        // The state lives as long as the server; the poll reads it through a clone of the Arc.
        let cache = app.public.clone();
        let mut shutdown = rocket.shutdown();
        tokio::spawn(async move {
            let mut failing = false;
            loop {
                tokio::select! {
                    _ = &mut shutdown => break,
                    _ = tokio::time::sleep(poll) => {}
                }
                match cache.refresh(&db).await {
                    Ok(()) => failing = false,
                    Err(e) if !failing => {
                        failing = true;
                        tracing::warn!(error = %e, "public cache: the content version could not be read; serving what is cached");
                    }
                    Err(_) => {}
                }
            }
        });
    }
}

/// After a successful write request on this instance, reads the version before the response
/// leaves: the instance that made a change serves it at once. A page's form that succeeded
/// answers 303 (to the page that shows the result), so that counts as a success too.
pub async fn after_change(request: &Request<'_>, status: Status) {
    let succeeded = status.class().is_success() || status == Status::SeeOther;
    if matches!(request.method(), Method::Get | Method::Head | Method::Options) || !succeeded {
        return;
    }
    if let Some(app) = request.rocket().state::<App>()
        && let Err(e) = app.public.refresh(&app.db).await
    {
        tracing::warn!(error = %e, "public cache: the content version could not be read after a change");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(version: i64, body: &str) -> Rendered {
        Rendered::new(version, Status::Ok, "application/json", Bytes::from(body.to_owned()))
    }

    #[test]
    fn an_answer_is_served_while_its_version_is_the_latest() {
        let cache = PublicCache::new(1 << 20);
        cache.observe(3);
        cache.put("a".into(), rendered(3, "{}"));
        assert!(cache.get("a").is_some());
        cache.observe(4);
        assert!(cache.get("a").is_none(), "a newer version drops it");
        assert!(cache.is_empty());
    }

    #[test]
    fn an_answer_read_before_a_known_change_is_not_kept() {
        let cache = PublicCache::new(1 << 20);
        cache.observe(5);
        let served = cache.put("a".into(), rendered(4, "{}"));
        assert_eq!(&served.body[..], b"{}");
        assert!(cache.get("a").is_none());
    }

    #[test]
    fn equal_bodies_get_equal_tags_and_the_budget_holds() {
        assert_eq!(rendered(1, "x").etag, rendered(9, "x").etag);
        assert_ne!(rendered(1, "x").etag, rendered(1, "y").etag);
        let cache = PublicCache::new(100);
        cache.put("a".into(), rendered(0, &"a".repeat(40)));
        cache.put("b".into(), rendered(0, &"b".repeat(40)));
        assert_eq!(cache.len(), 1, "the second did not fit beside the first: the cache started over");
        cache.put("c".into(), rendered(0, &"c".repeat(400)));
        assert!(cache.get("c").is_none(), "larger than the whole budget: served, not kept");
    }
}
