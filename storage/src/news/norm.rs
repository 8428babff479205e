//! The publishing norm of §2.2 of the presidium's resolution: how many news items each
//! organization published in a month, every organization, those with none included.

use cabinet_core::news::NewsState;
use cabinet_core::policy::{Authorized, ModerateNews};
use cabinet_core::{UnitId, UnitKind};

use crate::{Db, StorageError, StorageResult};

/// News items an organization is to publish each month (§2.2).
pub const MONTHLY_NORM: i64 = 2;

/// One organization's month.
#[derive(Debug, Clone)]
pub struct NormLine {
    pub unit_id: UnitId,
    pub short_name: String,
    pub region: Option<String>,
    /// Items published within the month that are still published now.
    pub published: i64,
}

impl NormLine {
    pub fn behind(&self) -> bool {
        self.published < MONTHLY_NORM
    }
}

/// Every organization with the items published in `[from_ms, to_ms)` and still published,
/// those behind the norm first, then by name. An item published again counts in the month of
/// its latest publication.
pub async fn norm(db: &Db, _auth: &Authorized<ModerateNews>, from_ms: i64, to_ms: i64) -> StorageResult<Vec<NormLine>> {
    // The join's conditions match the index `news_published (unit_id, state, published_at)`.
    let rows: Vec<(String, String, Option<String>, i64)> = db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT u.id, u.short_name, u.region, COUNT(n.id) FROM units u \
             LEFT JOIN news n ON n.unit_id = u.id AND n.state = $1 AND n.published_at >= $2 AND n.published_at < $3 \
             WHERE u.kind = $4 GROUP BY u.id, u.short_name, u.region",
        )
        .bind(NewsState::Published.code())
        .bind(from_ms)
        .bind(to_ms)
        .bind(UnitKind::Organization.code())
        .fetch_all(pool)
        .await
    })?;
    let mut lines = rows
        .into_iter()
        .map(|(id, short_name, region, published)| {
            let unit_id = id.parse().map_err(|_| StorageError::Corrupt(format!("unit {id}: id")))?;
            Ok(NormLine { unit_id, short_name, region, published })
        })
        .collect::<StorageResult<Vec<_>>>()?;
    // Sorted here, not in SQL: both backends order Cyrillic names alike.
    lines.sort_by_cached_key(|l| (!l.behind(), l.short_name.to_lowercase(), l.unit_id.to_string()));
    Ok(lines)
}
