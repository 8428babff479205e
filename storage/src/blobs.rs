//! The object store for media bytes: local disk, an S3-compatible service or memory, behind one
//! struct named for what it keeps.
//!
//! Every blob is addressed by the SHA-256 of its bytes (`<prefix>/sha256/ab/abcd…`): the same
//! bytes are stored once whoever uploads them, and a read checks that the bytes still hash to
//! their key. Writing is idempotent, so a second upload of the same bytes just rewrites them.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::signer::{Method, SignedUrlOptions, Signer};
use object_store::{
    Attribute, Attributes, BackoffConfig, ClientOptions, ObjectStore, ObjectStoreExt, PutOptions, RetryConfig,
};
use sha2::{Digest, Sha256};

use crate::{StorageError, StorageResult};

/// The SHA-256 of a blob's bytes, as 64 lowercase hex digits: its address in the store.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BlobKey(String);

impl BlobKey {
    pub fn of(bytes: &[u8]) -> Self {
        BlobKey(hex::encode(Sha256::digest(bytes)))
    }

    /// A key read back from the database.
    pub fn parse(hex: &str) -> StorageResult<Self> {
        let valid = hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if valid { Ok(BlobKey(hex.to_owned())) } else { Err(StorageError::Corrupt(format!("blob key «{hex}»"))) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BlobKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an S3-compatible service is and how to reach it.
#[derive(Clone)]
pub struct S3Settings {
    /// `http://127.0.0.1:3900`; empty for Amazon S3 itself.
    pub endpoint: String,
    pub region: String,
    pub bucket: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Plain HTTP, for a service on loopback or a private network.
    pub allow_http: bool,
    /// Keys live under this prefix inside the bucket (empty: at the top).
    pub prefix: String,
    /// Retries of a failed request; every attempt gives up after `timeout`.
    pub max_retries: usize,
    pub timeout: Duration,
}

impl fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Settings")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// A client of the bucket `s.bucket`, with the retries and timeouts of `s`; its prefix is not
/// applied here. Shared by the media store and the backup target.
pub(crate) fn s3_client(s: &S3Settings) -> StorageResult<Arc<object_store::aws::AmazonS3>> {
    for (value, key) in [(&s.bucket, "bucket"), (&s.region, "region"), (&s.access_key_id, "access_key_id")] {
        if value.is_empty() {
            return Err(StorageError::BlobConfig(format!("storage.s3.{key} is required for S3 storage")));
        }
    }
    let retry = RetryConfig {
        backoff: BackoffConfig { init_backoff: Duration::from_millis(100), ..BackoffConfig::default() },
        max_retries: s.max_retries,
        retry_timeout: s.timeout * u32::try_from(s.max_retries + 1).unwrap_or(u32::MAX),
    };
    let client = ClientOptions::new()
        .with_allow_http(s.allow_http)
        .with_connect_timeout(s.timeout.min(Duration::from_secs(5)))
        .with_timeout(s.timeout);
    let mut builder = AmazonS3Builder::new()
        .with_region(&s.region)
        .with_bucket_name(&s.bucket)
        .with_access_key_id(&s.access_key_id)
        .with_secret_access_key(&s.secret_access_key)
        .with_virtual_hosted_style_request(false)
        .with_allow_http(s.allow_http)
        .with_client_options(client)
        .with_retry(retry);
    if !s.endpoint.is_empty() {
        builder = builder.with_endpoint(&s.endpoint);
    }
    Ok(Arc::new(builder.build()?))
}

/// Response headers a presigned URL makes the service send with the bytes.
#[derive(Debug, Clone)]
pub struct Presentation<'a> {
    pub content_type: &'a str,
    pub content_disposition: &'a str,
    pub cache_control: &'a str,
}

/// The media object store. Cheap to clone.
#[derive(Clone)]
pub struct BlobStore {
    store: Arc<dyn ObjectStore>,
    /// Present for S3: it can hand out presigned URLs.
    signer: Option<Arc<dyn Signer>>,
    prefix: Option<Path>,
    kind: &'static str,
}

impl fmt::Debug for BlobStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlobStore({} {})", self.kind, self.store)
    }
}

impl BlobStore {
    /// Files under `dir`, created when missing.
    pub fn local(dir: &std::path::Path) -> StorageResult<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StorageError::BlobConfig(format!("cannot create {}: {e}", dir.display())))?;
        let store = LocalFileSystem::new_with_prefix(dir)?;
        Ok(BlobStore { store: Arc::new(store), signer: None, prefix: None, kind: "local" })
    }

    /// A bucket of an S3-compatible service, addressed path-style (no DNS per bucket needed).
    /// The bucket must exist: it is never created here.
    pub fn s3(s: &S3Settings) -> StorageResult<Self> {
        let s3 = s3_client(s)?;
        let prefix = Some(s.prefix.trim_matches('/')).filter(|p| !p.is_empty()).map(Path::parse).transpose();
        let prefix = prefix.map_err(|e| StorageError::BlobConfig(format!("storage.s3.prefix: {e}")))?;
        Ok(BlobStore { store: s3.clone(), signer: Some(s3), prefix, kind: "s3" })
    }

    /// In memory, for tests of the layers above.
    pub fn in_memory() -> Self {
        BlobStore { store: Arc::new(InMemory::new()), signer: None, prefix: None, kind: "memory" }
    }

    /// `local`, `s3` or `memory`.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// Whether [`BlobStore::presigned_get`] can hand out URLs.
    pub fn can_presign(&self) -> bool {
        self.signer.is_some()
    }

    fn path(&self, key: &BlobKey) -> Path {
        let hex = key.as_str();
        let tail = format!("sha256/{}/{hex}", &hex[..2]);
        match &self.prefix {
            Some(prefix) => Path::from(format!("{prefix}/{tail}")),
            None => Path::from(tail),
        }
    }

    /// Stores `bytes` under their hash and returns it. Storing the same bytes again rewrites the
    /// same object. `content_type` is recorded where the service keeps it (S3).
    #[tracing::instrument(skip_all, fields(kind = self.kind))]
    pub async fn put(&self, bytes: Bytes, content_type: &str) -> StorageResult<BlobKey> {
        let key = BlobKey::of(&bytes);
        let mut options = PutOptions::default();
        if self.kind == "s3" {
            let mut attributes = Attributes::new();
            attributes.insert(Attribute::ContentType, content_type.to_owned().into());
            options.attributes = attributes;
        }
        self.store.put_opts(&self.path(&key), bytes.into(), options).await?;
        Ok(key)
    }

    /// The bytes stored under `key`, checked against it. A missing or altered blob is
    /// [`StorageError::Corrupt`]: a row points at it, so it should be there.
    #[tracing::instrument(skip_all, fields(kind = self.kind))]
    pub async fn get(&self, key: &BlobKey) -> StorageResult<Bytes> {
        let bytes = match self.store.get(&self.path(key)).await {
            Ok(found) => found.bytes().await?,
            Err(object_store::Error::NotFound { .. }) => {
                return Err(StorageError::Corrupt(format!("blob {key} is missing")));
            }
            Err(e) => return Err(e.into()),
        };
        if BlobKey::of(&bytes) != *key {
            return Err(StorageError::Corrupt(format!("blob {key} does not match its hash")));
        }
        Ok(bytes)
    }

    pub async fn exists(&self, key: &BlobKey) -> StorageResult<bool> {
        match self.store.head(&self.path(key)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes a blob; removing one that is not there is not an error.
    pub async fn delete(&self, key: &BlobKey) -> StorageResult<()> {
        match self.store.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// A URL that lets anyone holding it read the blob for `expires_in`, with the response
    /// headers of `presentation`; `None` when the store cannot sign URLs (local disk, memory).
    pub async fn presigned_get(
        &self,
        key: &BlobKey,
        expires_in: Duration,
        presentation: &Presentation<'_>,
    ) -> StorageResult<Option<String>> {
        let Some(signer) = &self.signer else { return Ok(None) };
        let options = SignedUrlOptions::new().with_query([
            ("response-content-type", presentation.content_type),
            ("response-content-disposition", presentation.content_disposition),
            ("response-cache-control", presentation.cache_control),
        ]);
        let url = signer.signed_url_opts(Method::GET, &self.path(key), expires_in, &options).await?;
        Ok(Some(url.to_string()))
    }

    /// Every key under this store's prefix, in no particular order.
    pub async fn keys(&self) -> StorageResult<Vec<BlobKey>> {
        let listed: Vec<_> = self.store.list(self.prefix.as_ref()).try_collect().await?;
        listed
            .into_iter()
            .filter_map(|meta| meta.location.filename().map(str::to_owned))
            .map(|name| BlobKey::parse(&name))
            .collect()
    }

    /// Deletes every object under this store's prefix: for tests and for retiring a store.
    pub async fn purge(&self) -> StorageResult<usize> {
        let listed: Vec<_> = self.store.list(self.prefix.as_ref()).try_collect().await?;
        for meta in &listed {
            self.store.delete(&meta.location).await?;
        }
        Ok(listed.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn same_bytes_are_stored_once_and_read_back_verified() {
        let store = BlobStore::in_memory();
        let a = store.put(Bytes::from_static(b"photo"), "image/jpeg").await.unwrap();
        let b = store.put(Bytes::from_static(b"photo"), "image/jpeg").await.unwrap();
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "55c64d0fcd6f9d5f7c828093857e3fdfda68478bb4e9bd24d481ef391c7804e8");
        assert_eq!(store.path(&a).as_ref(), format!("sha256/55/{a}"));
        assert_eq!(store.keys().await.unwrap(), vec![a.clone()]);
        assert_eq!(store.get(&a).await.unwrap(), Bytes::from_static(b"photo"));
        assert!(store.exists(&a).await.unwrap());
        store.delete(&a).await.unwrap();
        store.delete(&a).await.unwrap();
        assert!(!store.exists(&a).await.unwrap());
        assert!(matches!(store.get(&a).await, Err(StorageError::Corrupt(_))));
    }

    #[tokio::test]
    async fn altered_bytes_are_caught_on_read() {
        let store = BlobStore::in_memory();
        let key = store.put(Bytes::from_static(b"original"), "application/pdf").await.unwrap();
        store.store.put(&store.path(&key), Bytes::from_static(b"tampered").into()).await.unwrap();
        assert!(matches!(store.get(&key).await, Err(StorageError::Corrupt(m)) if m.contains("hash")));
    }

    #[test]
    fn keys_from_the_database_are_checked() {
        assert!(BlobKey::parse(&"a".repeat(64)).is_ok());
        for bad in ["", "../etc/passwd", &"A".repeat(64), &"a".repeat(63)] {
            assert!(BlobKey::parse(bad).is_err(), "{bad}");
        }
    }
}
