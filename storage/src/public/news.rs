//! Published news for the public API: lists newest first with keyset paging, and one item.
//!
//! Lists are ordered by `(published_at, id)` descending and continue after a [`Cursor`], so a
//! page deep in the list reads the same few index entries as the first (partial indexes
//! `news_public` and `news_public_unit`), never skipping rows with `OFFSET`.

use std::fmt;
use std::str::FromStr;

use cabinet_core::UnitId;
use cabinet_core::ids::NewsId;
use cabinet_core::policy::{Authorized, ReadPublic};

use super::{Bind, bind_all};
use crate::news::{StoredPhoto, photos_of};
use crate::{Db, StorageError, StorageResult};

/// Where a page of a list ends: the last item's publication time and id. Written
/// `<milliseconds>.<id>` in the API; callers treat it as opaque.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub published_at: i64,
    pub id: NewsId,
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.published_at, self.id)
    }
}

impl FromStr for Cursor {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        let (at, id) = s.split_once('.').ok_or(())?;
        let published_at = at.parse::<i64>().map_err(|_| ())?;
        if published_at < 0 {
            return Err(());
        }
        Ok(Cursor { published_at, id: id.parse().map_err(|_| ())? })
    }
}

/// Which published items, and where to start.
#[derive(Debug, Clone, Default)]
pub struct NewsQuery {
    pub unit: Option<UnitId>,
    pub region: Option<String>,
    /// Published at or after, in milliseconds.
    pub from: Option<i64>,
    /// Published before, in milliseconds.
    pub until: Option<i64>,
    pub after: Option<Cursor>,
    pub limit: i64,
    /// With each item's body and every photo (feeds), not just the cover.
    pub whole: bool,
}

/// A published item with its organization; lists carry only the cover among `photos`.
#[derive(Debug, Clone)]
pub struct PublicNews {
    pub id: NewsId,
    pub unit_id: UnitId,
    pub unit_slug: String,
    pub unit_name: String,
    pub region: Option<String>,
    pub headline: String,
    pub lead: Option<String>,
    /// Markdown source; empty in lists.
    pub body: String,
    pub event_date: Option<String>,
    pub event_place: Option<String>,
    pub published_at: i64,
    pub photos: Vec<StoredPhoto>,
}

impl PublicNews {
    pub fn cursor(&self) -> Cursor {
        Cursor { published_at: self.published_at, id: self.id }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    unit_id: String,
    slug: String,
    short_name: String,
    region: Option<String>,
    headline: String,
    lead: Option<String>,
    body: String,
    event_date: Option<String>,
    event_place: Option<String>,
    published_at: Option<i64>,
}

impl TryFrom<Row> for PublicNews {
    type Error = StorageError;

    fn try_from(r: Row) -> Result<Self, StorageError> {
        let corrupt = |what: &str| StorageError::Corrupt(format!("news {}: {what}", r.id));
        Ok(PublicNews {
            id: r.id.parse().map_err(|_| corrupt("id"))?,
            unit_id: r.unit_id.parse().map_err(|_| corrupt("unit id"))?,
            published_at: r.published_at.ok_or_else(|| corrupt("published without a time"))?,
            unit_slug: r.slug,
            unit_name: r.short_name,
            region: r.region,
            headline: r.headline,
            lead: r.lead,
            body: r.body,
            event_date: r.event_date,
            event_place: r.event_place,
            photos: Vec::new(),
        })
    }
}

const SELECT: &str = "SELECT n.id, n.unit_id, u.slug, u.short_name, u.region, n.headline, n.lead, {body} AS body, \
    n.event_date, n.event_place, n.published_at FROM news n JOIN units u ON u.id = n.unit_id \
    WHERE n.state = 'published'";

/// A page of published items, newest first, with each item's cover.
pub async fn news(db: &Db, _auth: &Authorized<ReadPublic>, q: &NewsQuery) -> StorageResult<Vec<PublicNews>> {
    let mut sql = SELECT.replace("{body}", if q.whole { "n.body" } else { "''" });
    let mut binds = Vec::new();
    let mut bind = |value: Bind| {
        binds.push(value);
        format!("${}", binds.len())
    };
    if let Some(unit) = q.unit {
        sql += &format!(" AND n.unit_id = {}", bind(Bind::Text(unit.to_string())));
    }
    if let Some(region) = &q.region {
        sql += &format!(" AND n.unit_id IN (SELECT id FROM units WHERE region = {})", bind(Bind::Text(region.clone())));
    }
    if let Some(from) = q.from {
        sql += &format!(" AND n.published_at >= {}", bind(Bind::Int(from)));
    }
    if let Some(until) = q.until {
        sql += &format!(" AND n.published_at < {}", bind(Bind::Int(until)));
    }
    if let Some(after) = q.after {
        let at = bind(Bind::Int(after.published_at));
        let id = bind(Bind::Text(after.id.to_string()));
        sql += &format!(" AND (n.published_at < {at} OR (n.published_at = {at} AND n.id < {id}))");
    }
    sql += &format!(" ORDER BY n.published_at DESC, n.id DESC LIMIT {}", bind(Bind::Int(q.limit)));
    let rows: Vec<Row> = db_run!(db, |pool| {
        bind_all!(sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str())), &binds).fetch_all(pool).await
    })?;
    let mut items = rows.into_iter().map(PublicNews::try_from).collect::<StorageResult<Vec<_>>>()?;
    let ids: Vec<NewsId> = items.iter().map(|n| n.id).collect();
    let mut covers = photos_of(db, &ids, !q.whole).await?;
    for item in &mut items {
        item.photos = covers.remove(&item.id).unwrap_or_default();
    }
    Ok(items)
}

/// One published item with its text and every photo; anything else is not found.
pub async fn news_item(db: &Db, _auth: &Authorized<ReadPublic>, id: NewsId) -> StorageResult<PublicNews> {
    let sql = format!("{} AND n.id = $1", SELECT.replace("{body}", "n.body"));
    let row: Row = db_run!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id.to_string()).fetch_one(pool).await
    })?;
    let mut item = PublicNews::try_from(row)?;
    item.photos = photos_of(db, &[id], false).await?.remove(&id).unwrap_or_default();
    Ok(item)
}
