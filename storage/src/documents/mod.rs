//! An organization page's list of documents (§4.2): entries that show uploaded documents of the
//! same unit, in the order the organization gives them.
//!
//! Read and written only through an [`Authorized<UploadMedia>`] for the entry's unit, and every
//! query binds that unit: another unit's entry is not found. Each change lands with its audit
//! entry in one transaction; publishing an entry publishes its file in the same transaction.

mod write;

use cabinet_core::UnitId;
use cabinet_core::documents::{Category, MediaFit};
use cabinet_core::ids::{MediaId, PageDocumentId};
use cabinet_core::media::DocumentKind;
use cabinet_core::policy::{Authorized, InUnit, ReadPublic, UploadMedia};

pub use write::{add, hide, publish, remove, update};

use crate::{Db, StorageError, StorageResult};

/// A stored entry with what a reader needs of its file.
#[derive(Debug, Clone)]
pub struct PageDocument {
    pub id: PageDocumentId,
    pub unit_id: UnitId,
    pub media_id: MediaId,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub category: Category,
    pub position: i64,
    pub published: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub created_by: String,
    /// The file's original name, for display.
    pub file_name: String,
    pub file_kind: Option<DocumentKind>,
    pub file_size: i64,
    /// A published file is served to anybody, and stays so.
    pub file_published: bool,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    unit_id: String,
    media_id: String,
    title: String,
    doc_date: Option<String>,
    category: String,
    position: i64,
    published: bool,
    created_at: i64,
    updated_at: i64,
    created_by: String,
    file_name: String,
    file_kind: Option<String>,
    file_size: i64,
    file_published_at: Option<i64>,
}

const SELECT: &str = "SELECT d.id, d.unit_id, d.media_id, d.title, d.doc_date, d.category, d.position, d.published, \
    d.created_at, d.updated_at, d.created_by, m.display_name AS file_name, m.document_kind AS file_kind, \
    m.byte_size AS file_size, m.published_at AS file_published_at \
    FROM page_documents d JOIN media m ON m.id = d.media_id";

impl TryFrom<Row> for PageDocument {
    type Error = StorageError;

    fn try_from(r: Row) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StorageError::Corrupt(format!("page document {}: {what}", r.id));
        let file_kind = match r.file_kind.as_deref() {
            None => None,
            Some(code) => Some(DocumentKind::ALL.into_iter().find(|k| k.extension() == code).ok_or(corrupt("kind"))?),
        };
        Ok(PageDocument {
            id: r.id.parse().map_err(|_| corrupt("id"))?,
            unit_id: r.unit_id.parse().map_err(|_| corrupt("unit id"))?,
            media_id: r.media_id.parse().map_err(|_| corrupt("media id"))?,
            category: Category::parse(&r.category, "category").map_err(|_| corrupt("category"))?,
            title: r.title,
            date: r.doc_date,
            position: r.position,
            published: r.published,
            created_at: r.created_at,
            updated_at: r.updated_at,
            created_by: r.created_by,
            file_name: r.file_name,
            file_kind,
            file_size: r.file_size,
            file_published: r.file_published_at.is_some(),
        })
    }
}

fn unit(auth: &Authorized<UploadMedia>) -> UnitId {
    let InUnit(unit) = *auth.target();
    unit
}

/// The unit an entry belongs to: all the policy needs to decide who may touch it.
pub async fn locate(db: &Db, id: PageDocumentId) -> StorageResult<UnitId> {
    let (unit_id,): (String,) = db_run!(db, |pool| {
        sqlx::query_as("SELECT unit_id FROM page_documents WHERE id = $1").bind(id.to_string()).fetch_one(pool).await
    })?;
    unit_id.parse().map_err(|_| StorageError::Corrupt(format!("page document {id}: unit id")))
}

/// An entry of the witness's unit, shown or hidden.
pub async fn get(db: &Db, auth: &Authorized<UploadMedia>, id: PageDocumentId) -> StorageResult<PageDocument> {
    let sql = format!("{SELECT} WHERE d.id = $1 AND d.unit_id = $2");
    let row = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.to_string())
            .bind(unit(auth).to_string())
            .fetch_one(pool)
            .await
    })?;
    row.try_into()
}

/// The witness's unit's entries, shown and hidden, of one category if given: by position, then
/// by date, newest first, undated last.
pub async fn list(
    db: &Db,
    auth: &Authorized<UploadMedia>,
    category: Option<Category>,
) -> StorageResult<Vec<PageDocument>> {
    let sql = format!(
        "{SELECT} WHERE d.unit_id = $1 AND ($2 IS NULL OR d.category = $2) \
         ORDER BY d.position, d.doc_date IS NULL, d.doc_date DESC, d.id"
    );
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(unit(auth).to_string())
            .bind(category.map(Category::code))
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter().map(PageDocument::try_from).collect()
}

/// The entries a unit's public page shows: published, with a published file, in the page's order.
pub async fn published(db: &Db, _auth: &Authorized<ReadPublic>, unit: UnitId) -> StorageResult<Vec<PageDocument>> {
    let sql = format!(
        "{SELECT} WHERE d.unit_id = $1 AND d.published AND m.published_at IS NOT NULL \
         ORDER BY d.position, d.doc_date IS NULL, d.doc_date DESC, d.id"
    );
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str())).bind(unit.to_string()).fetch_all(pool).await
    })?;
    rows.into_iter().map(PageDocument::try_from).collect()
}

/// What the media item `id` is to the witness's unit: another unit's item is unknown.
pub async fn media_fit(db: &Db, auth: &Authorized<UploadMedia>, id: Option<MediaId>) -> StorageResult<MediaFit> {
    let Some(id) = id else { return Ok(MediaFit::Unknown) };
    let kind: Option<(String,)> = db_run!(db, |pool| {
        sqlx::query_as("SELECT kind FROM media WHERE id = $1 AND unit_id = $2")
            .bind(id.to_string())
            .bind(unit(auth).to_string())
            .fetch_optional(pool)
            .await
    })?;
    Ok(match kind {
        None => MediaFit::Unknown,
        Some((kind,)) if kind == "document" => MediaFit::Document,
        Some(_) => MediaFit::NotDocument,
    })
}
