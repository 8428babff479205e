//! Reading news: where an item is, a unit's list, the moderation queue, an item's history.

use cabinet_core::UnitId;
use cabinet_core::ids::NewsId;
use cabinet_core::news::NewsState;
use cabinet_core::policy::{Authorized, InUnit, ModerateNews, WriteNews};

use super::{Access, COLUMNS, News, Row, state};
use crate::{Db, StorageError, StorageResult};

/// The unit an item belongs to: all the policy needs to decide who may touch it.
pub async fn locate(db: &Db, id: NewsId) -> StorageResult<UnitId> {
    let (unit_id,): (String,) = db_run!(db, |pool| {
        sqlx::query_as("SELECT unit_id FROM news WHERE id = $1").bind(id.to_string()).fetch_one(pool).await
    })?;
    unit_id.parse().map_err(|_| StorageError::Corrupt(format!("news {id}: unit id")))
}

/// The items of the witness's unit in every state, newest first, older than `before` if given.
pub async fn list(
    db: &Db,
    auth: &Authorized<WriteNews>,
    before: Option<NewsId>,
    limit: i64,
) -> StorageResult<Vec<News>> {
    let InUnit(unit) = *auth.target();
    let sql =
        format!("SELECT {COLUMNS} FROM news WHERE unit_id = $1 AND ($2 IS NULL OR id < $2) ORDER BY id DESC LIMIT $3");
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(unit.to_string())
            .bind(before.map(|id| id.to_string()))
            .bind(limit)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter().map(News::try_from).collect()
}

/// An item waiting for the moderator, with the name of its unit.
#[derive(Debug, Clone)]
pub struct Queued {
    pub news: News,
    pub unit_name: String,
}

#[derive(sqlx::FromRow)]
struct QueuedRow {
    #[sqlx(flatten)]
    news: Row,
    unit_name: String,
}

/// Items sent to moderation in every unit, the longest waiting first.
pub async fn queue(db: &Db, _auth: &Authorized<ModerateNews>, limit: i64) -> StorageResult<Vec<Queued>> {
    let columns: Vec<String> = COLUMNS.split(", ").map(|c| format!("n.{}", c.trim())).collect();
    let sql = format!(
        "SELECT {}, u.short_name AS unit_name FROM news n JOIN units u ON u.id = n.unit_id \
         WHERE n.state = $1 ORDER BY n.submitted_at, n.id LIMIT $2",
        columns.join(", ")
    );
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, QueuedRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(NewsState::Submitted.code())
            .bind(limit)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter().map(|r| Ok(Queued { news: r.news.try_into()?, unit_name: r.unit_name })).collect()
}

/// One step of an item's life: who moved it where, when and why.
#[derive(Debug, Clone)]
pub struct Record {
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_label: String,
    /// `None` for the creation.
    pub from: Option<NewsState>,
    pub to: NewsState,
    /// `create`, `edit`, `submit`, `publish`, `reject` or `unpublish`.
    pub event: String,
    pub reason: Option<String>,
}

type RecordRow = (i64, String, Option<String>, String, Option<String>, String, String, Option<String>);

/// The history of an item of the access's unit, oldest first.
pub async fn history(db: &Db, access: &Access, id: NewsId) -> StorageResult<Vec<Record>> {
    let rows: Vec<RecordRow> = db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT t.at, t.actor_kind, t.actor_id, t.actor_label, t.from_state, t.to_state, t.event, t.reason \
             FROM news_transitions t JOIN news n ON n.id = t.news_id \
             WHERE t.news_id = $1 AND n.unit_id = $2 ORDER BY t.id",
        )
        .bind(id.to_string())
        .bind(access.unit().to_string())
        .fetch_all(pool)
        .await
    })?;
    let corrupt = || StorageError::Corrupt(format!("news {id}: history state"));
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
