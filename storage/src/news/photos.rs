//! The photos of news items: the author's list with captions, the media rows' sizes, and their
//! publication, which follows the item's.

use std::collections::HashMap;

use cabinet_core::UnitId;
use cabinet_core::ids::{MediaId, NewsId};
use cabinet_core::news::NewsPhotos;

use super::Access;
use crate::{Db, StorageError, StorageResult};

/// A photo of an item: the author's caption and order, the stored photo's size.
#[derive(Debug, Clone)]
pub struct StoredPhoto {
    pub media_id: MediaId,
    pub caption: Option<String>,
    pub position: i64,
    pub is_cover: bool,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

type PhotoRow = (String, String, Option<String>, i64, bool, Option<i64>, Option<i64>);

const SELECT: &str = "SELECT p.news_id, p.media_id, p.caption, p.position, p.is_cover, m.width, m.height \
    FROM news_photos p JOIN media m ON m.id = p.media_id";

fn parse(row: PhotoRow) -> StorageResult<(NewsId, StoredPhoto)> {
    let (news_id, media_id, caption, position, is_cover, width, height) = row;
    let corrupt = || StorageError::Corrupt(format!("news {news_id}: photo {media_id}"));
    let side = |v: Option<i64>| v.map(u32::try_from).transpose().map_err(|_| corrupt());
    Ok((
        news_id.parse().map_err(|_| corrupt())?,
        StoredPhoto {
            media_id: media_id.parse().map_err(|_| corrupt())?,
            width: side(width)?,
            height: side(height)?,
            caption,
            position,
            is_cover,
        },
    ))
}

/// The photos of an item of the access's unit, in the author's order.
pub async fn photos(db: &Db, access: &Access, id: NewsId) -> StorageResult<Vec<StoredPhoto>> {
    let sql =
        format!("{SELECT} JOIN news n ON n.id = p.news_id WHERE p.news_id = $1 AND n.unit_id = $2 ORDER BY p.position");
    let rows: Vec<PhotoRow> = db_run!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.to_string())
            .bind(access.unit().to_string())
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter().map(|r| parse(r).map(|(_, photo)| photo)).collect()
}

/// The photos of several items in one query, by item, each list in the author's order; with
/// `covers_only`, just each item's cover.
pub(crate) async fn photos_of(
    db: &Db,
    ids: &[NewsId],
    covers_only: bool,
) -> StorageResult<HashMap<NewsId, Vec<StoredPhoto>>> {
    let mut by_item: HashMap<NewsId, Vec<StoredPhoto>> = HashMap::new();
    if ids.is_empty() {
        return Ok(by_item);
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let cover = if covers_only { " AND p.is_cover" } else { "" };
    let sql =
        format!("{SELECT} WHERE p.news_id IN ({}){cover} ORDER BY p.news_id, p.position", placeholders.join(", "));
    let rows: Vec<PhotoRow> = db_run!(db, |pool| {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
        for id in ids {
            query = query.bind(id.to_string());
        }
        query.fetch_all(pool).await
    })?;
    for row in rows {
        let (news_id, photo) = parse(row)?;
        by_item.entry(news_id).or_default().push(photo);
    }
    Ok(by_item)
}

/// The positions in `photos` of the entries that are not photos of `unit`: another unit's
/// photo, a document, or an id nobody uploaded.
pub async fn foreign(db: &Db, unit: UnitId, photos: &NewsPhotos) -> StorageResult<Vec<usize>> {
    let ids: Vec<MediaId> = photos.ids().collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (2..=ids.len() + 1).map(|i| format!("${i}")).collect();
    let sql =
        format!("SELECT id FROM media WHERE unit_id = $1 AND kind = 'photo' AND id IN ({})", placeholders.join(", "));
    let own: Vec<(String,)> = db_run!(db, |pool| {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(unit.to_string());
        for id in &ids {
            query = query.bind(id.to_string());
        }
        query.fetch_all(pool).await
    })?;
    let own: Vec<String> = own.into_iter().map(|(id,)| id).collect();
    Ok(ids.iter().enumerate().filter(|(_, id)| !own.contains(&id.to_string())).map(|(i, _)| i).collect())
}

/// Replaces the photos of item `$id` with `$photos` inside the transaction `$tx`.
macro_rules! replace_photos {
    ($tx:ident, $id:expr, $photos:expr) => {{
        let photos: &cabinet_core::news::NewsPhotos = $photos;
        sqlx::query("DELETE FROM news_photos WHERE news_id = $1").bind($id.to_string()).execute(&mut *$tx).await?;
        for (position, photo) in photos.photos().iter().enumerate() {
            sqlx::query(
                "INSERT INTO news_photos (news_id, media_id, position, caption, is_cover) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind($id.to_string())
            .bind(photo.media_id.to_string())
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(&photo.caption)
            .bind(photos.cover() == Some(photo.media_id))
            .execute(&mut *$tx)
            .await
            .map_err($crate::news::photos::vanished)?;
        }
    }};
}

/// A photo deleted between the check and the write: the caller is told to look again.
pub(crate) fn vanished(e: sqlx::Error) -> StorageError {
    match &e {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => StorageError::Conflict { what: "photos" },
        _ => e.into(),
    }
}
