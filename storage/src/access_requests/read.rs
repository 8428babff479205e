//! Reading requests: where one is, one request, an organization's list, the administrator's
//! queue; and the organization's users a request may name.

use cabinet_core::access_requests::RequestState;
use cabinet_core::ids::AccessRequestId;
use cabinet_core::policy::{Authorized, InUnit, ManageUsers, ManageUsersEverywhere, RequestAccess};
use cabinet_core::user::UserStatus;
use cabinet_core::{UnitId, UserId};

use super::{Reach, Row, SELECT, StoredRequest};
use crate::{Db, StorageError, StorageResult};

/// The unit a request belongs to: all the policy needs to decide who may see it.
pub async fn locate(db: &Db, id: AccessRequestId) -> StorageResult<UnitId> {
    let unit: String = db_run!(db, |pool| {
        sqlx::query_scalar("SELECT unit_id FROM access_requests WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(pool)
            .await
    })?;
    unit.parse().map_err(|_| StorageError::Corrupt(format!("access request {id}: unit id")))
}

/// One request of the reach's unit; another unit's is [`StorageError::NotFound`].
#[tracing::instrument(skip_all, fields(request = %id))]
pub async fn get(db: &Db, reach: &Reach, id: AccessRequestId) -> StorageResult<StoredRequest> {
    let sql = format!("{SELECT} WHERE r.id = $1 AND r.unit_id = $2");
    let row = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.to_string())
            .bind(reach.unit.to_string())
            .fetch_one(pool)
            .await
    })?;
    row.try_into()
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<RequestState>,
    pub limit: i64,
    pub offset: i64,
}

/// The organization's requests, newest first.
pub async fn of_unit(db: &Db, auth: &Authorized<RequestAccess>, filter: &Filter) -> StorageResult<Vec<StoredRequest>> {
    let InUnit(unit) = *auth.target();
    list(db, Some(unit), filter, "DESC").await
}

/// The administrator's queue, oldest first: the requests of one unit (`unit`, whose users the
/// administrator manages) or of every unit.
pub enum Queue<'a> {
    Unit(&'a Authorized<ManageUsers>),
    Everywhere(&'a Authorized<ManageUsersEverywhere>),
}

pub async fn queue(db: &Db, scope: Queue<'_>, filter: &Filter) -> StorageResult<Vec<StoredRequest>> {
    let unit = match scope {
        Queue::Unit(auth) => {
            let InUnit(unit) = *auth.target();
            Some(unit)
        }
        Queue::Everywhere(_) => None,
    };
    list(db, unit, filter, "ASC").await
}

async fn list(db: &Db, unit: Option<UnitId>, f: &Filter, order: &str) -> StorageResult<Vec<StoredRequest>> {
    let sql = format!(
        "{SELECT} WHERE ($1 IS NULL OR r.unit_id = $1) AND ($2 IS NULL OR r.state = $2) \
         ORDER BY r.id {order} LIMIT $3 OFFSET $4"
    );
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(unit.map(|u| u.to_string()))
            .bind(f.state.map(RequestState::code))
            .bind(f.limit)
            .bind(f.offset)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter().map(StoredRequest::try_from).collect()
}

/// The status of `user` if they belong to the witness's unit; `None` for anyone else, so that a
/// request cannot learn about another organization's users.
pub async fn member_status(
    db: &Db,
    auth: &Authorized<RequestAccess>,
    user: UserId,
) -> StorageResult<Option<UserStatus>> {
    let InUnit(unit) = *auth.target();
    let status: Option<String> = db_run!(db, |pool| {
        sqlx::query_scalar("SELECT status FROM users WHERE id = $1 AND unit_id = $2")
            .bind(user.to_string())
            .bind(unit.to_string())
            .fetch_optional(pool)
            .await
    })?;
    Ok(status.as_deref().map(UserStatus::from_code))
}

/// A user of the organization that a request may name to replace or disconnect.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Member {
    pub id: String,
    pub full_name: String,
    pub position: String,
    pub email: String,
}

/// The active users of the witness's unit, by name.
pub async fn members(db: &Db, auth: &Authorized<RequestAccess>) -> StorageResult<Vec<Member>> {
    let InUnit(unit) = *auth.target();
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Member>(
            "SELECT id, full_name, position, email FROM users WHERE unit_id = $1 AND status = 'active' \
             ORDER BY full_name, email",
        )
        .bind(unit.to_string())
        .fetch_all(pool)
        .await
    })?;
    Ok(rows)
}
