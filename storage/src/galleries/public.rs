//! Published galleries, for anybody: the public API's lists and pages. Nothing unpublished is
//! ever read here: every query names `state = 'published'` (the partial indexes' own predicate,
//! written out so that both planners use them), and a photo whose file is not public is left out.

use cabinet_core::UnitId;
use cabinet_core::ids::{GalleryId, MediaId};
use cabinet_core::policy::{Authorized, ReadPublic};

use super::{COLUMNS, Photo, Row, photos_of};
use crate::{Db, StorageError, StorageResult};

/// The longest page [`published`] returns, whatever `limit` asks: a page's photos are fetched
/// with one query naming every gallery of the page.
pub const MAX_PUBLIC_PAGE: i64 = 100;

/// A published gallery as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicGallery {
    pub id: GalleryId,
    pub unit_id: UnitId,
    pub title: String,
    /// Plain text.
    pub description: Option<String>,
    /// `YYYY-MM-DD`.
    pub event_date: Option<String>,
    pub event_place: Option<String>,
    /// Milliseconds since the epoch: the key the lists are ordered and paged by, with `id`.
    pub published_at: i64,
    /// In the gallery's order.
    pub photos: Vec<PublicPhoto>,
}

/// A photo of a published gallery; its file is served at `/media/{media_id}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicPhoto {
    pub media_id: MediaId,
    pub caption: Option<String>,
    /// 1 for the first.
    pub position: i64,
    pub width: u32,
    pub height: u32,
}

impl From<Photo> for PublicPhoto {
    fn from(p: Photo) -> Self {
        PublicPhoto { media_id: p.media_id, caption: p.caption, position: p.position, width: p.width, height: p.height }
    }
}

/// Published galleries newest first, by `(published_at, id)` descending; of one unit when
/// `unit` is given. `before` is the `(published_at, id)` of the last gallery of the previous
/// page (keyset paging: a deep page costs what the first costs). At most [`MAX_PUBLIC_PAGE`].
#[tracing::instrument(skip_all)]
pub async fn published(
    db: &Db,
    _auth: &Authorized<ReadPublic>,
    unit: Option<UnitId>,
    before: Option<(i64, GalleryId)>,
    limit: i64,
) -> StorageResult<Vec<PublicGallery>> {
    // Written for what is given rather than `$n IS NULL OR …`, which keeps a generic plan off the indexes.
    let mut conditions = vec!["state = 'published'".to_owned()];
    let mut placeholder = 0;
    let mut next = || {
        placeholder += 1;
        placeholder
    };
    if unit.is_some() {
        conditions.push(format!("unit_id = ${}", next()));
    }
    if before.is_some() {
        let (at, id) = (next(), next());
        conditions.push(format!("(published_at, id) < (${at}, ${id})"));
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM galleries WHERE {} ORDER BY published_at DESC, id DESC LIMIT ${}",
        conditions.join(" AND "),
        next()
    );
    let rows = db_run!(db, |pool| {
        let mut query = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()));
        if let Some(unit) = unit {
            query = query.bind(unit.to_string());
        }
        if let Some((at, id)) = before {
            query = query.bind(at).bind(id.to_string());
        }
        query.bind(limit.clamp(1, MAX_PUBLIC_PAGE)).fetch_all(pool).await
    })?;
    public(db, rows).await
}

/// A published gallery; one in any other state is not found.
#[tracing::instrument(skip_all, fields(gallery = %id))]
pub async fn get_published(db: &Db, _auth: &Authorized<ReadPublic>, id: GalleryId) -> StorageResult<PublicGallery> {
    let sql = format!("SELECT {COLUMNS} FROM galleries WHERE id = $1 AND state = 'published'");
    let row = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str())).bind(id.to_string()).fetch_one(pool).await
    })?;
    public(db, vec![row]).await?.pop().ok_or(StorageError::NotFound)
}

/// The rows with their public photos, fetched with one query for all of them.
async fn public(db: &Db, rows: Vec<Row>) -> StorageResult<Vec<PublicGallery>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut photos = photos_of(db, &ids, true).await?;
    rows.into_iter()
        .map(|r| {
            let own = photos.remove(&r.id).unwrap_or_default();
            let g = r.into_gallery(own)?;
            let published_at =
                g.published_at.ok_or_else(|| StorageError::Corrupt(format!("gallery {}: published_at", g.id)))?;
            Ok(PublicGallery {
                id: g.id,
                unit_id: g.unit_id,
                title: g.title,
                description: g.description,
                event_date: g.event_date,
                event_place: g.event_place,
                published_at,
                photos: g.photos.into_iter().map(PublicPhoto::from).collect(),
            })
        })
        .collect()
}
