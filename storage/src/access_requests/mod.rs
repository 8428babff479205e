//! Access requests (§3.2, §3.6–3.8): an organization's letters to connect, replace or disconnect
//! a user, and the administrator's decisions on them.
//!
//! The organization reaches its requests with an [`Authorized<RequestAccess>`] witness, the
//! administrator with [`Authorized<ManageUsers>`] (one unit) or
//! [`Authorized<ManageUsersEverywhere>`] (the whole queue); either becomes a [`Reach`] bound to
//! one unit, and another unit's request is not found. An approval creates or blocks users through
//! the users aggregate's own statements, in the transaction that marks the request approved.

mod read;
mod write;

pub use read::{Filter, Member, Queue, get, locate, member_status, members, of_unit, queue};
pub use write::{Approval, approve, create, decline, withdraw};

use cabinet_core::access_requests::{RequestKind, RequestState};
use cabinet_core::ids::AccessRequestId;
use cabinet_core::policy::{ActorRef, Authorized, InUnit, ManageUsers, RequestAccess};
use cabinet_core::user::UserStatus;
use cabinet_core::{PermissionSet, UnitId, UserId};

use crate::StorageError;

/// The requests of one unit, as the policy granted them to the organization or the administrator.
#[derive(Debug, Clone)]
pub struct Reach {
    actor: Option<ActorRef>,
    unit: UnitId,
}

impl Reach {
    /// The organization's own requests.
    pub fn filer(auth: &Authorized<RequestAccess>) -> Self {
        let InUnit(unit) = *auth.target();
        Reach { actor: auth.actor().cloned(), unit }
    }

    /// The requests of the unit the administrator manages the users of.
    pub fn administrator(auth: &Authorized<ManageUsers>) -> Self {
        let InUnit(unit) = *auth.target();
        Reach { actor: auth.actor().cloned(), unit }
    }

    pub fn unit(&self) -> UnitId {
        self.unit
    }
}

/// An existing user a request names, as they are now.
#[derive(Debug, Clone)]
pub struct NamedUser {
    pub id: UserId,
    pub full_name: String,
    pub email: String,
    pub status: UserStatus,
}

/// A stored request.
#[derive(Debug, Clone)]
pub struct StoredRequest {
    pub id: AccessRequestId,
    pub unit_id: UnitId,
    pub kind: RequestKind,
    pub state: RequestState,
    pub full_name: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub functions: PermissionSet,
    /// The user replaced or disconnected.
    pub user: Option<NamedUser>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub created_at: i64,
    pub created_by: String,
    pub decided_at: Option<i64>,
    pub decided_by: Option<String>,
    pub decline_reason: Option<String>,
    /// The account the approval created.
    pub created_user_id: Option<UserId>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    unit_id: String,
    kind: String,
    state: String,
    full_name: Option<String>,
    position: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    functions: String,
    user_id: Option<String>,
    user_full_name: Option<String>,
    user_email: Option<String>,
    user_status: Option<String>,
    reason: Option<String>,
    note: Option<String>,
    created_at: i64,
    created_by: String,
    decided_at: Option<i64>,
    decided_by: Option<String>,
    decline_reason: Option<String>,
    created_user_id: Option<String>,
}

/// The request with its named user as they are now; `r` is the request, `u` the user.
const SELECT: &str = "SELECT r.id, r.unit_id, r.kind, r.state, r.full_name, r.position, r.phone, r.email, \
    r.functions, r.user_id, u.full_name AS user_full_name, u.email AS user_email, u.status AS user_status, r.reason, \
    r.note, r.created_at, r.created_by, r.decided_at, r.decided_by, r.decline_reason, r.created_user_id \
    FROM access_requests r LEFT JOIN users u ON u.id = r.user_id";

impl TryFrom<Row> for StoredRequest {
    type Error = StorageError;

    fn try_from(r: Row) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StorageError::Corrupt(format!("access request {}: {what}", r.id));
        let user = match r.user_id.as_deref() {
            None => None,
            Some(id) => Some(NamedUser {
                id: id.parse().map_err(|_| corrupt("user id"))?,
                full_name: r.user_full_name.clone().unwrap_or_default(),
                email: r.user_email.clone().unwrap_or_default(),
                status: UserStatus::from_code(r.user_status.as_deref().unwrap_or_default()),
            }),
        };
        Ok(StoredRequest {
            id: r.id.parse().map_err(|_| corrupt("id"))?,
            unit_id: r.unit_id.parse().map_err(|_| corrupt("unit id"))?,
            kind: RequestKind::from_code(&r.kind).ok_or_else(|| corrupt("kind"))?,
            state: RequestState::from_code(&r.state).ok_or_else(|| corrupt("state"))?,
            created_user_id: r.created_user_id.as_deref().map(str::parse).transpose().map_err(|_| corrupt("user"))?,
            functions: PermissionSet::from_json_lenient(&r.functions),
            user,
            full_name: r.full_name,
            position: r.position,
            phone: r.phone,
            email: r.email,
            reason: r.reason,
            note: r.note,
            created_at: r.created_at,
            created_by: r.created_by,
            decided_at: r.decided_at,
            decided_by: r.decided_by,
            decline_reason: r.decline_reason,
        })
    }
}
