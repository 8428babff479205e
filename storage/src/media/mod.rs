//! Photos and documents of a unit: a row in the database, the bytes in the [`BlobStore`].
//!
//! Writing goes blob first, then the row with its audit entry in one transaction: a row never
//! points at bytes that were not written, and an upload whose blob write fails leaves no row.
//! When the row cannot be written the blob stays behind; it is addressed by its content, so it
//! harms nothing and is reused by the next upload of the same bytes.
//!
//! An item is private until published. Private items are read only through an
//! [`Authorized<UploadMedia>`] for their unit; published ones by anybody.

pub(crate) mod publication;
mod write;

use std::str::FromStr;

use bytes::Bytes;
use cabinet_core::UnitId;
use cabinet_core::ids::MediaId;
use cabinet_core::media::{AcceptedDocument, AcceptedPhoto, DocumentKind, DocumentName};
use cabinet_core::policy::{Authorized, InUnit, ModerateNews, ReadPublic, UploadMedia, WriteNews};

pub use write::{delete, publish, upload};

use crate::blobs::{BlobKey, BlobStore};
use crate::{Db, StorageError, StorageResult};

/// What kind of file an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Photo,
    Document,
}

impl MediaKind {
    pub fn code(self) -> &'static str {
        match self {
            MediaKind::Photo => "photo",
            MediaKind::Document => "document",
        }
    }
}

impl FromStr for MediaKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "photo" => Ok(MediaKind::Photo),
            "document" => Ok(MediaKind::Document),
            _ => Err(()),
        }
    }
}

/// A stored photo or document.
#[derive(Debug, Clone)]
pub struct Media {
    pub id: MediaId,
    pub unit_id: UnitId,
    pub kind: MediaKind,
    /// The blob's address: the SHA-256 of the bytes.
    pub sha256: BlobKey,
    pub byte_size: i64,
    pub content_type: String,
    /// What people see: the photo's checked name, or the document's original name made safe.
    pub display_name: String,
    /// The generated name the file is served under.
    pub stored_name: String,
    /// Photos: the size as displayed, and whether it was shrunk to fit §5.5.
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub downscaled: bool,
    pub document_kind: Option<DocumentKind>,
    pub published_at: Option<i64>,
    /// The login (or token name) of whoever uploaded it.
    pub created_by: String,
    pub created_at: i64,
}

impl Media {
    pub fn is_published(&self) -> bool {
        self.published_at.is_some()
    }
}

/// A checked upload, ready to store. Only the domain's accepted photo or document makes one.
#[derive(Debug, Clone)]
pub struct NewMedia {
    id: MediaId,
    kind: MediaKind,
    bytes: Bytes,
    content_type: &'static str,
    display_name: String,
    stored_name: String,
    width: Option<u32>,
    height: Option<u32>,
    downscaled: bool,
    document_kind: Option<DocumentKind>,
}

impl NewMedia {
    /// A photo that passed §5.5, already stripped of its metadata; served under its checked name.
    pub fn photo(photo: AcceptedPhoto) -> Self {
        NewMedia {
            id: MediaId::new(),
            kind: MediaKind::Photo,
            bytes: Bytes::from(photo.bytes),
            content_type: "image/jpeg",
            display_name: photo.file_name.clone(),
            stored_name: photo.file_name,
            width: Some(photo.width),
            height: Some(photo.height),
            downscaled: photo.downscaled,
            document_kind: None,
        }
    }

    /// A document that passed §4.2; served under a generated name, its own kept for display.
    pub fn document(document: AcceptedDocument, bytes: Bytes) -> Self {
        let id = MediaId::new();
        NewMedia {
            id,
            kind: MediaKind::Document,
            bytes,
            content_type: document.kind.content_type(),
            display_name: document.display_name.into_string(),
            stored_name: format!("document-{}.{}", id.as_uuid().simple(), document.kind.extension()),
            width: None,
            height: None,
            downscaled: false,
            document_kind: Some(document.kind),
        }
    }

    pub fn id(&self) -> MediaId {
        self.id
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    unit_id: String,
    kind: String,
    sha256: String,
    byte_size: i64,
    content_type: String,
    display_name: String,
    stored_name: String,
    width: Option<i64>,
    height: Option<i64>,
    downscaled: bool,
    document_kind: Option<String>,
    published_at: Option<i64>,
    created_by: String,
    created_at: i64,
}

const COLUMNS: &str = "id, unit_id, kind, sha256, byte_size, content_type, display_name, stored_name, width, height, \
    downscaled, document_kind, published_at, created_by, created_at";

impl TryFrom<Row> for Media {
    type Error = StorageError;

    fn try_from(r: Row) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StorageError::Corrupt(format!("media {}: {what}", r.id));
        let side = |v: Option<i64>| v.map(u32::try_from).transpose().map_err(|_| corrupt("size"));
        let document_kind = match r.document_kind.as_deref() {
            None => None,
            Some(code) => Some(DocumentKind::ALL.into_iter().find(|k| k.extension() == code).ok_or(corrupt("kind"))?),
        };
        // A name stored before the document name rules (`report.pdf.exe`) is shown, and offered
        // for download, as they would have it: it always ends with the type of the content.
        let display_name = match document_kind {
            Some(kind) => DocumentName::of_stored(&r.display_name, kind).into_string(),
            None => r.display_name,
        };
        Ok(Media {
            id: r.id.parse().map_err(|_| corrupt("id"))?,
            unit_id: r.unit_id.parse().map_err(|_| corrupt("unit id"))?,
            kind: r.kind.parse().map_err(|()| corrupt("kind"))?,
            sha256: BlobKey::parse(&r.sha256)?,
            width: side(r.width)?,
            height: side(r.height)?,
            document_kind,
            byte_size: r.byte_size,
            content_type: r.content_type,
            display_name,
            stored_name: r.stored_name,
            downscaled: r.downscaled,
            published_at: r.published_at,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

fn unit(auth: &Authorized<UploadMedia>) -> UnitId {
    let InUnit(unit) = *auth.target();
    unit
}

/// Whose an item is and whether it is published: all the policy needs to decide who may read
/// it, and nothing more.
#[derive(Debug, Clone, Copy)]
pub struct Whereabouts {
    pub unit_id: UnitId,
    pub published: bool,
}

pub async fn locate(db: &Db, id: MediaId) -> StorageResult<Whereabouts> {
    let (unit_id, published_at): (String, Option<i64>) = db_run!(db, |pool| {
        sqlx::query_as("SELECT unit_id, published_at FROM media WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(pool)
            .await
    })?;
    let unit_id = unit_id.parse().map_err(|_| StorageError::Corrupt(format!("media {id}: unit id")))?;
    Ok(Whereabouts { unit_id, published: published_at.is_some() })
}

/// An item of the witness's unit, published or not; other units' items are not found.
pub async fn get(db: &Db, auth: &Authorized<UploadMedia>, id: MediaId) -> StorageResult<Media> {
    fetch(db, id, Some(unit(auth)), None, false).await
}

/// A photo of the witness's unit, published or not, for those who write its news: they show
/// the photos a colleague uploaded. Documents are not found.
pub async fn get_news_photo(db: &Db, auth: &Authorized<WriteNews>, id: MediaId) -> StorageResult<Media> {
    let InUnit(unit) = *auth.target();
    fetch(db, id, Some(unit), Some(MediaKind::Photo), false).await
}

/// A photo of any unit, published or not, for the moderator deciding on the news items and
/// galleries it belongs to (§5.7). Documents are not found.
pub async fn get_moderated_photo(db: &Db, _auth: &Authorized<ModerateNews>, id: MediaId) -> StorageResult<Media> {
    fetch(db, id, None, Some(MediaKind::Photo), false).await
}

/// A published item, for anybody.
pub async fn get_published(db: &Db, _auth: &Authorized<ReadPublic>, id: MediaId) -> StorageResult<Media> {
    fetch(db, id, None, None, true).await
}

async fn fetch(
    db: &Db,
    id: MediaId,
    unit: Option<UnitId>,
    kind: Option<MediaKind>,
    published_only: bool,
) -> StorageResult<Media> {
    let published = if published_only { " AND published_at IS NOT NULL" } else { "" };
    let sql = format!(
        "SELECT {COLUMNS} FROM media WHERE id = $1 AND ($2 IS NULL OR unit_id = $2) AND ($3 IS NULL OR kind = $3)\
         {published}"
    );
    let row = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.to_string())
            .bind(unit.map(|u| u.to_string()))
            .bind(kind.map(MediaKind::code))
            .fetch_one(pool)
            .await
    })?;
    row.try_into()
}

/// Newest first.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Option<MediaKind>,
    pub limit: i64,
    pub offset: i64,
}

/// The items of the witness's unit, private and published.
pub async fn list(db: &Db, auth: &Authorized<UploadMedia>, f: &Filter) -> StorageResult<Vec<Media>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM media WHERE unit_id = $1 AND ($2 IS NULL OR kind = $2) \
         ORDER BY id DESC LIMIT $3 OFFSET $4"
    );
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(unit(auth).to_string())
            .bind(f.kind.map(MediaKind::code))
            .bind(f.limit)
            .bind(f.offset)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter().map(Media::try_from).collect()
}

/// The bytes of an item obtained through one of the functions above, checked against its hash.
pub async fn content(blobs: &BlobStore, media: &Media) -> StorageResult<Bytes> {
    blobs.get(&media.sha256).await
}

/// How many rows use the blob `key`.
async fn references(db: &Db, key: &BlobKey) -> StorageResult<i64> {
    let (n,): (i64,) = db_run!(db, |pool| {
        sqlx::query_as("SELECT COUNT(*) FROM media WHERE sha256 = $1").bind(key.as_str()).fetch_one(pool).await
    })?;
    Ok(n)
}
