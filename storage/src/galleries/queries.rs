//! Reading galleries: where one is, a unit's list, the moderation queue, a gallery's history, and
//! what a gallery's photo entries point at.

use std::collections::HashMap;

use cabinet_core::UnitId;
use cabinet_core::galleries::PhotoFound;
use cabinet_core::ids::{GalleryId, MediaId};
use cabinet_core::news::NewsState;
use cabinet_core::policy::{Authorized, InUnit, ModerateNews, WriteNews};

use super::{Access, COLUMNS, Gallery, Row, placeholders, state, with_photos};
use crate::media::MediaKind;
use crate::news::Record;
use crate::{Db, StorageError, StorageResult};

/// The unit a gallery belongs to: all the policy needs to decide who may touch it.
pub async fn locate(db: &Db, id: GalleryId) -> StorageResult<UnitId> {
    let (unit_id,): (String,) = db_run!(db, |pool| {
        sqlx::query_as("SELECT unit_id FROM galleries WHERE id = $1").bind(id.to_string()).fetch_one(pool).await
    })?;
    unit_id.parse().map_err(|_| StorageError::Corrupt(format!("gallery {id}: unit id")))
}

/// The galleries of the witness's unit in every state, newest first, older than `before` if given.
pub async fn list(
    db: &Db,
    auth: &Authorized<WriteNews>,
    before: Option<GalleryId>,
    limit: i64,
) -> StorageResult<Vec<Gallery>> {
    let InUnit(unit) = *auth.target();
    let sql = format!(
        "SELECT {COLUMNS} FROM galleries WHERE unit_id = $1 AND ($2 IS NULL OR id < $2) ORDER BY id DESC LIMIT $3"
    );
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(unit.to_string())
            .bind(before.map(|id| id.to_string()))
            .bind(limit)
            .fetch_all(pool)
            .await
    })?;
    with_photos(db, rows).await
}

/// A gallery waiting for the moderator, with the name of its unit.
#[derive(Debug, Clone)]
pub struct Queued {
    pub gallery: Gallery,
    pub unit_name: String,
}

#[derive(sqlx::FromRow)]
struct QueuedRow {
    #[sqlx(flatten)]
    gallery: Row,
    unit_name: String,
}

/// Galleries sent to moderation in every unit, the longest waiting first.
pub async fn queue(db: &Db, _auth: &Authorized<ModerateNews>, limit: i64) -> StorageResult<Vec<Queued>> {
    let columns: Vec<String> = COLUMNS.split(", ").map(|c| format!("g.{}", c.trim())).collect();
    let sql = format!(
        "SELECT {}, u.short_name AS unit_name FROM galleries g JOIN units u ON u.id = g.unit_id \
         WHERE g.state = $1 ORDER BY g.submitted_at, g.id LIMIT $2",
        columns.join(", ")
    );
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, QueuedRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(NewsState::Submitted.code())
            .bind(limit)
            .fetch_all(pool)
            .await
    })?;
    let names: Vec<String> = rows.iter().map(|r| r.unit_name.clone()).collect();
    let galleries = with_photos(db, rows.into_iter().map(|r| r.gallery).collect()).await?;
    Ok(galleries.into_iter().zip(names).map(|(gallery, unit_name)| Queued { gallery, unit_name }).collect())
}

type RecordRow = (i64, String, Option<String>, String, Option<String>, String, String, Option<String>);

/// The history of a gallery of the access's unit, oldest first.
pub async fn history(db: &Db, access: &Access, id: GalleryId) -> StorageResult<Vec<Record>> {
    let rows: Vec<RecordRow> = db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT t.at, t.actor_kind, t.actor_id, t.actor_label, t.from_state, t.to_state, t.event, t.reason \
             FROM gallery_transitions t JOIN galleries g ON g.id = t.gallery_id \
             WHERE t.gallery_id = $1 AND g.unit_id = $2 ORDER BY t.id",
        )
        .bind(id.to_string())
        .bind(access.unit().to_string())
        .fetch_all(pool)
        .await
    })?;
    let corrupt = || StorageError::Corrupt(format!("gallery {id}: history state"));
    rows.into_iter()
        .map(|(at, actor_kind, actor_id, actor_label, from, to, event, reason)| {
            Ok(Record {
                at,
                actor_kind,
                actor_id,
                actor_label,
                from: from.map(|f| state(&f).ok_or_else(corrupt)).transpose()?,
                to: state(&to).ok_or_else(corrupt)?,
                event,
                reason,
            })
        })
        .collect()
}

/// What each of `ids` is among the media of the access's unit: a photo, a document, or
/// missing (another unit's item is missing too, as an unknown id is).
pub async fn lookup(db: &Db, access: &Access, ids: &[MediaId]) -> StorageResult<HashMap<MediaId, PhotoFound>> {
    let mut found: HashMap<MediaId, PhotoFound> = ids.iter().map(|id| (*id, PhotoFound::Missing)).collect();
    if ids.is_empty() {
        return Ok(found);
    }
    let sql = format!("SELECT id, kind FROM media WHERE unit_id = $1 AND id IN ({})", placeholders(2, ids.len()));
    let rows: Vec<(String, String)> = db_run!(db, |pool| {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(access.unit().to_string());
        for id in ids {
            query = query.bind(id.to_string());
        }
        query.fetch_all(pool).await
    })?;
    for (id, kind) in rows {
        let id: MediaId = id.parse().map_err(|_| StorageError::Corrupt(format!("media {id}: id")))?;
        let kind = match kind.parse() {
            Ok(MediaKind::Photo) => PhotoFound::Photo,
            Ok(MediaKind::Document) => PhotoFound::Document,
            Err(()) => return Err(StorageError::Corrupt(format!("media {id}: kind"))),
        };
        found.insert(id, kind);
    }
    Ok(found)
}
