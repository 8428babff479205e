//! Where backups go: a directory or an S3 bucket, written through one `object_store` code path.

use std::sync::Arc;

use bytes::Bytes;
use futures::TryStreamExt;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};

use super::BackupError;
use super::manifest::{self, Manifest};
use crate::blobs::S3Settings;

/// A place holding backup folders. Cheap to clone.
#[derive(Clone)]
pub struct Target {
    pub(crate) store: Arc<dyn ObjectStore>,
    root: Option<Path>,
    location: String,
    /// The directory of a local target: object stores keep empty folders on disk.
    dir: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Target({})", self.location)
    }
}

/// A complete backup found in a target.
#[derive(Debug, Clone)]
pub struct Listed {
    pub name: String,
    pub manifest: Manifest,
}

impl Target {
    /// `location` is a directory (`data/backups`, `/var/backups/cabinet`, `file:///var/backups`)
    /// or a bucket (`s3://bucket/prefix`); an S3 bucket is reached with `s3`'s endpoint, region
    /// and keys (its own bucket and prefix are replaced by the location's).
    pub fn parse(location: &str, s3: &S3Settings) -> Result<Self, BackupError> {
        if let Some(rest) = location.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(BackupError::BadLocation(location.into()));
            }
            let settings = S3Settings { bucket: bucket.into(), prefix: prefix.into(), ..s3.clone() };
            return Self::s3(&settings);
        }
        let dir = location.strip_prefix("file://").unwrap_or(location);
        if dir.is_empty() || dir.contains("://") {
            return Err(BackupError::BadLocation(location.into()));
        }
        Self::local(std::path::Path::new(dir))
    }

    /// Folders under `dir`, created when missing.
    pub fn local(dir: &std::path::Path) -> Result<Self, BackupError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| crate::StorageError::BlobConfig(format!("не удалось создать папку {}: {e}", dir.display())))?;
        let store = LocalFileSystem::new_with_prefix(dir)?;
        Ok(Target {
            store: Arc::new(store),
            root: None,
            location: dir.display().to_string(),
            dir: Some(dir.to_owned()),
        })
    }

    /// Folders under `s.prefix` in the bucket `s.bucket`, which must exist.
    pub fn s3(s: &S3Settings) -> Result<Self, BackupError> {
        let client = crate::blobs::s3_client(s)?;
        let prefix = s.prefix.trim_matches('/');
        let root = if prefix.is_empty() {
            None
        } else {
            Some(Path::parse(prefix).map_err(|_| BackupError::BadLocation(format!("s3://{}/{prefix}", s.bucket)))?)
        };
        let location = format!("s3://{}/{prefix}", s.bucket);
        Ok(Target { store: client, root, location: location.trim_end_matches('/').into(), dir: None })
    }

    /// Where it is, for messages: a directory or `s3://bucket/prefix`.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The object `rel` (`tables/news.jsonl`) inside the backup `name`.
    pub(crate) fn path(&self, name: &str, rel: &str) -> Result<Path, BackupError> {
        let joined = format!("{name}/{rel}");
        let parsed = Path::parse(&joined).map_err(|_| BackupError::Corrupt(format!("путь «{joined}»")))?;
        Ok(match &self.root {
            Some(root) => root.parts().chain(parsed.parts()).collect(),
            None => parsed,
        })
    }

    pub(crate) async fn put(&self, name: &str, rel: &str, bytes: Bytes) -> Result<(), BackupError> {
        self.store.put(&self.path(name, rel)?, bytes.into()).await?;
        Ok(())
    }

    pub(crate) async fn get(&self, name: &str, rel: &str) -> Result<Bytes, BackupError> {
        match self.store.get(&self.path(name, rel)?).await {
            Ok(found) => Ok(found.bytes().await?),
            Err(object_store::Error::NotFound { .. }) => {
                Err(BackupError::Corrupt(format!("в копии {name} нет файла {rel}")))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The manifest of the backup `name`, checked for format and version.
    pub async fn manifest(&self, name: &str) -> Result<Manifest, BackupError> {
        match self.store.get(&self.path(name, "manifest.json")?).await {
            Ok(found) => Manifest::parse(&found.bytes().await?, name),
            Err(object_store::Error::NotFound { .. }) => {
                Err(BackupError::NotFound { location: self.location.clone(), name: name.into() })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Every complete backup (one with a manifest), oldest first.
    pub async fn list(&self) -> Result<Vec<Listed>, BackupError> {
        let folders = self.store.list_with_delimiter(self.root.as_ref()).await?;
        let mut listed = Vec::new();
        for folder in folders.common_prefixes {
            let Some(name) = folder.filename().map(str::to_owned) else { continue };
            match self.manifest(&name).await {
                Ok(manifest) => listed.push(Listed { name, manifest }),
                Err(BackupError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        listed.sort_by(|a, b| (a.manifest.created(), &a.name).cmp(&(b.manifest.created(), &b.name)));
        Ok(listed)
    }

    /// The newest complete backup's name.
    pub async fn latest(&self) -> Result<String, BackupError> {
        let listed = self.list().await?;
        listed.last().map(|l| l.name.clone()).ok_or_else(|| BackupError::NoBackup(self.location.clone()))
    }

    /// A folder name for a backup made at `at` that nothing uses yet: `2026-11-30T12-00-00Z`,
    /// or with `-2`, `-3`… when a backup was made in the same second.
    pub(crate) async fn fresh_name(&self, at: time::OffsetDateTime) -> Result<String, BackupError> {
        let base = manifest::folder_name(at);
        for n in 1..1000 {
            let name = if n == 1 { base.clone() } else { format!("{base}-{n}") };
            let prefix = self.path(&name, "")?;
            let taken = self.store.list(Some(&prefix)).try_next().await?.is_some();
            if !taken {
                return Ok(name);
            }
        }
        Err(BackupError::BadLocation(format!("{}/{base}: занято", self.location)))
    }

    /// Deletes a backup, the manifest first: should the deletion stop half way, what is left
    /// is an incomplete folder that nothing reads.
    pub(crate) async fn delete(&self, name: &str) -> Result<(), BackupError> {
        let manifest = self.path(name, "manifest.json")?;
        match self.store.delete(&manifest).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        let prefix = self.path(name, "")?;
        let objects: Vec<_> = self.store.list(Some(&prefix)).try_collect().await?;
        for meta in objects {
            match self.store.delete(&meta.location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        if let Some(dir) = &self.dir {
            // Only empty folders are left: a file there would mean someone else's, so keep it.
            remove_empty_dirs(&dir.join(name));
        }
        Ok(())
    }
}

/// Removes `dir` and its subfolders as long as they hold no file.
fn remove_empty_dirs(dir: &std::path::Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                remove_empty_dirs(&entry.path());
            }
        }
    }
    let _ = std::fs::remove_dir(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s3() -> S3Settings {
        S3Settings {
            endpoint: "http://127.0.0.1:3900".into(),
            region: "garage".into(),
            bucket: "media".into(),
            access_key_id: "GK1".into(),
            secret_access_key: "secret".into(),
            allow_http: true,
            prefix: "media-prefix".into(),
            max_retries: 0,
            timeout: std::time::Duration::from_secs(1),
        }
    }

    #[test]
    fn locations_name_a_directory_or_a_bucket() {
        let dir = std::env::temp_dir().join(format!("cabinet-target-{}", uuid::Uuid::new_v4().simple()));
        let local = Target::parse(&format!("file://{}", dir.display()), &s3()).unwrap();
        assert_eq!(local.location(), dir.display().to_string());
        assert!(dir.is_dir(), "the directory is created");
        std::fs::remove_dir_all(&dir).ok();

        let bucket = Target::parse("s3://backups/cabinet/daily/", &s3()).unwrap();
        assert_eq!(bucket.location(), "s3://backups/cabinet/daily");
        assert_eq!(bucket.path("b1", "manifest.json").unwrap().as_ref(), "cabinet/daily/b1/manifest.json");
        let top = Target::parse("s3://backups", &s3()).unwrap();
        assert_eq!(top.path("b1", "tables/news.jsonl").unwrap().as_ref(), "b1/tables/news.jsonl");

        for bad in ["", "s3://", "s3:///prefix", "ftp://host/dir"] {
            assert!(matches!(Target::parse(bad, &s3()), Err(BackupError::BadLocation(_))), "{bad}");
        }
    }
}
