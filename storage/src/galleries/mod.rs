//! Photo galleries of a unit (§5.5) and the history of their moderation, kept like news.
//!
//! Every change is decided by [`cabinet_core::news::transition`] on the gallery as read, then
//! written only over that very revision (`WHERE … AND state = … AND revision = …`): when another
//! change landed in between, nothing is written and the caller gets [`StorageError::Conflict`]
//! on `state`. The change, its photos, its history row and its audit entry land in one
//! transaction; publishing and unpublishing move the photos' public addresses in it too
//! ([`crate::media::publication`]).
//!
//! Galleries are read and changed through an [`Access`] bound to one unit, made from the
//! policy's witness: an author's is their unit; the moderator's is the unit the gallery was found
//! in. Published galleries are read by anybody through [`published`] and [`get_published`].

mod public;
mod queries;
mod write;

use std::collections::HashMap;

use cabinet_core::UnitId;
use cabinet_core::galleries::{GalleryInput, PhotoInput};
use cabinet_core::ids::{GalleryId, MediaId};
use cabinet_core::news::NewsState;
use cabinet_core::policy::{ActorRef, Authorized, InUnit, ModerateNews, WriteNews};

pub use public::{MAX_PUBLIC_PAGE, PublicGallery, PublicPhoto, get_published, published};
pub use queries::{Queued, history, list, locate, lookup, queue};
pub use write::{change, create, edit};

use crate::{Db, StorageError, StorageResult};

/// The right to read and change the galleries of one unit, as the policy granted it.
#[derive(Debug, Clone)]
pub struct Access {
    actor: Option<ActorRef>,
    unit: UnitId,
}

impl Access {
    /// An author: the galleries of the unit the witness names.
    pub fn author(auth: &Authorized<WriteNews>) -> Self {
        let InUnit(unit) = *auth.target();
        Access { actor: auth.actor().cloned(), unit }
    }

    /// The moderator reaches every unit's galleries; `unit` is where the gallery was found.
    pub fn moderator(auth: &Authorized<ModerateNews>, unit: UnitId) -> Self {
        Access { actor: auth.actor().cloned(), unit }
    }

    pub fn unit(&self) -> UnitId {
        self.unit
    }
}

/// A stored gallery with its photos in order.
#[derive(Debug, Clone)]
pub struct Gallery {
    pub id: GalleryId,
    pub unit_id: UnitId,
    pub state: NewsState,
    pub title: String,
    pub description: Option<String>,
    /// `YYYY-MM-DD`.
    pub event_date: Option<String>,
    pub event_place: Option<String>,
    pub author_id: Option<String>,
    pub author_label: String,
    /// Grows with every change; a change is written only over the revision it was decided on.
    pub revision: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub submitted_at: Option<i64>,
    pub readiness_confirmed_at: Option<i64>,
    pub readiness_confirmed_by: Option<String>,
    pub published_at: Option<i64>,
    pub published_by: Option<String>,
    /// The moderator's latest reason to reject or unpublish.
    pub reason: Option<String>,
    pub photos: Vec<Photo>,
}

/// A photo of a gallery, with the size its file is shown at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub media_id: MediaId,
    /// 1 for the first.
    pub position: i64,
    pub caption: Option<String>,
    pub width: u32,
    pub height: u32,
    /// Whether the file is served to anybody now.
    pub published: bool,
}

impl Gallery {
    /// The stored gallery as the author's input, to parse and check again.
    pub fn input(&self) -> GalleryInput {
        GalleryInput {
            title: self.title.clone(),
            event_date: self.event_date.clone(),
            event_place: self.event_place.clone().unwrap_or_default(),
            description: self.description.clone().unwrap_or_default(),
            photos: self
                .photos
                .iter()
                .map(|p| PhotoInput {
                    media_id: p.media_id.to_string(),
                    caption: p.caption.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    unit_id: String,
    state: String,
    title: String,
    description: Option<String>,
    event_date: Option<String>,
    event_place: Option<String>,
    author_id: Option<String>,
    author_label: String,
    revision: i64,
    created_at: i64,
    updated_at: i64,
    submitted_at: Option<i64>,
    readiness_confirmed_at: Option<i64>,
    readiness_confirmed_by: Option<String>,
    published_at: Option<i64>,
    published_by: Option<String>,
    reason: Option<String>,
}

const COLUMNS: &str = "id, unit_id, state, title, description, event_date, event_place, author_id, author_label, \
    revision, created_at, updated_at, submitted_at, readiness_confirmed_at, readiness_confirmed_by, published_at, \
    published_by, reason";

/// A state as stored; an unknown code is corruption.
fn state(code: &str) -> Option<NewsState> {
    NewsState::ALL.into_iter().find(|s| s.code() == code)
}

fn corrupt(id: &str, what: &str) -> StorageError {
    StorageError::Corrupt(format!("gallery {id}: {what}"))
}

impl Row {
    fn into_gallery(self, photos: Vec<Photo>) -> StorageResult<Gallery> {
        let r = self;
        Ok(Gallery {
            id: r.id.parse().map_err(|_| corrupt(&r.id, "id"))?,
            unit_id: r.unit_id.parse().map_err(|_| corrupt(&r.id, "unit id"))?,
            state: state(&r.state).ok_or_else(|| corrupt(&r.id, "state"))?,
            title: r.title,
            description: r.description,
            event_date: r.event_date,
            event_place: r.event_place,
            author_id: r.author_id,
            author_label: r.author_label,
            revision: r.revision,
            created_at: r.created_at,
            updated_at: r.updated_at,
            submitted_at: r.submitted_at,
            readiness_confirmed_at: r.readiness_confirmed_at,
            readiness_confirmed_by: r.readiness_confirmed_by,
            published_at: r.published_at,
            published_by: r.published_by,
            reason: r.reason,
            photos,
        })
    }
}

/// `$first, $first+1, …`: placeholders for `n` values of an `IN` list.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

type PhotoRow = (String, String, i64, Option<String>, Option<i64>, Option<i64>, Option<i64>);

/// The photos of the galleries `ids`, each gallery's in order: one query for any number of
/// galleries. `published_only` leaves out files that are not public (for public reads).
async fn photos_of(db: &Db, ids: &[String], published_only: bool) -> StorageResult<HashMap<String, Vec<Photo>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let public = if published_only { " AND m.published_at IS NOT NULL" } else { "" };
    let sql = format!(
        "SELECT gp.gallery_id, gp.media_id, gp.position, gp.caption, m.width, m.height, m.published_at \
         FROM gallery_photos gp JOIN media m ON m.id = gp.media_id \
         WHERE gp.gallery_id IN ({}){public} ORDER BY gp.gallery_id, gp.position",
        placeholders(1, ids.len())
    );
    let rows: Vec<PhotoRow> = db_run!(db, |pool| {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
        for id in ids {
            query = query.bind(id.as_str());
        }
        query.fetch_all(pool).await
    })?;
    let mut photos: HashMap<String, Vec<Photo>> = HashMap::new();
    for (gallery, media_id, position, caption, width, height, published_at) in rows {
        let side =
            |v: Option<i64>| v.and_then(|v| u32::try_from(v).ok()).ok_or_else(|| corrupt(&gallery, "photo size"));
        let photo = Photo {
            media_id: media_id.parse().map_err(|_| corrupt(&gallery, "photo id"))?,
            position,
            caption,
            width: side(width)?,
            height: side(height)?,
            published: published_at.is_some(),
        };
        photos.entry(gallery).or_default().push(photo);
    }
    Ok(photos)
}

/// Rows with their photos, in the rows' order.
async fn with_photos(db: &Db, rows: Vec<Row>) -> StorageResult<Vec<Gallery>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut photos = photos_of(db, &ids, false).await?;
    rows.into_iter()
        .map(|r| {
            let own = photos.remove(&r.id).unwrap_or_default();
            r.into_gallery(own)
        })
        .collect()
}

/// A gallery of the access's unit; other units' galleries are not found.
pub async fn get(db: &Db, access: &Access, id: GalleryId) -> StorageResult<Gallery> {
    let sql = format!("SELECT {COLUMNS} FROM galleries WHERE id = $1 AND unit_id = $2");
    let row = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.to_string())
            .bind(access.unit.to_string())
            .fetch_one(pool)
            .await
    })?;
    let mut found = with_photos(db, vec![row]).await?;
    found.pop().ok_or(StorageError::NotFound)
}
