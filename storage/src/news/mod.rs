//! News items of a unit (§5) and the history of their moderation.
//!
//! Every change is decided by [`cabinet_core::news::transition`] on the item as read, then
//! written only over that very revision (`WHERE … AND state = … AND revision = …`): when another
//! change landed in between, nothing is written and the caller gets
//! [`StorageError::Conflict`] on `state`. The change, its history row and its audit entry land
//! in one transaction.
//!
//! Items are read and changed through an [`Access`] bound to one unit, made from the policy's
//! witness: an author's is their unit; the moderator's is the unit the item was found in.

mod norm;
#[macro_use]
mod photos;
mod queries;
mod write;

use cabinet_core::UnitId;
use cabinet_core::ids::NewsId;
use cabinet_core::news::{NewsInput, NewsState};
use cabinet_core::policy::{ActorRef, Authorized, InUnit, ModerateNews, WriteNews};

pub use norm::{MONTHLY_NORM, NormLine, norm};
pub(crate) use photos::photos_of;
pub use photos::{StoredPhoto, foreign as foreign_photos, photos};
pub use queries::{Queued, Record, history, list, locate, queue};
pub use write::{change, create, edit};

use crate::{Db, StorageError, StorageResult};

/// The right to read and change the items of one unit, as the policy granted it.
#[derive(Debug, Clone)]
pub struct Access {
    actor: Option<ActorRef>,
    unit: UnitId,
}

impl Access {
    /// An author: the items of the unit the witness names.
    pub fn author(auth: &Authorized<WriteNews>) -> Self {
        let InUnit(unit) = *auth.target();
        Access { actor: auth.actor().cloned(), unit }
    }

    /// The moderator reaches every unit's items; `unit` is where the item was found.
    pub fn moderator(auth: &Authorized<ModerateNews>, unit: UnitId) -> Self {
        Access { actor: auth.actor().cloned(), unit }
    }

    pub fn unit(&self) -> UnitId {
        self.unit
    }
}

/// A stored news item.
#[derive(Debug, Clone)]
pub struct News {
    pub id: NewsId,
    pub unit_id: UnitId,
    pub state: NewsState,
    pub headline: String,
    pub lead: Option<String>,
    /// Markdown source.
    pub body: String,
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
}

impl News {
    /// The stored text as the author's input, to parse and check again.
    pub fn input(&self) -> NewsInput {
        NewsInput {
            headline: self.headline.clone(),
            lead: self.lead.clone().unwrap_or_default(),
            body: self.body.clone(),
            event_date: self.event_date.clone(),
            event_place: self.event_place.clone().unwrap_or_default(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    unit_id: String,
    state: String,
    headline: String,
    lead: Option<String>,
    body: String,
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

const COLUMNS: &str = "id, unit_id, state, headline, lead, body, event_date, event_place, author_id, author_label, \
    revision, created_at, updated_at, submitted_at, readiness_confirmed_at, readiness_confirmed_by, published_at, \
    published_by, reason";

/// A state as stored; an unknown code is corruption.
fn state(code: &str) -> Option<NewsState> {
    NewsState::ALL.into_iter().find(|s| s.code() == code)
}

impl TryFrom<Row> for News {
    type Error = StorageError;

    fn try_from(r: Row) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StorageError::Corrupt(format!("news {}: {what}", r.id));
        Ok(News {
            id: r.id.parse().map_err(|_| corrupt("id"))?,
            unit_id: r.unit_id.parse().map_err(|_| corrupt("unit id"))?,
            state: state(&r.state).ok_or_else(|| corrupt("state"))?,
            headline: r.headline,
            lead: r.lead,
            body: r.body,
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
        })
    }
}

/// An item of the access's unit; other units' items are not found.
pub async fn get(db: &Db, access: &Access, id: NewsId) -> StorageResult<News> {
    let sql = format!("SELECT {COLUMNS} FROM news WHERE id = $1 AND unit_id = $2");
    let row = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.to_string())
            .bind(access.unit.to_string())
            .fetch_one(pool)
            .await
    })?;
    row.try_into()
}
