//! What the API shows of an access request.

use cabinet_core::Permission;
use cabinet_storage::access_requests::{Member, NamedUser, StoredRequest};
use serde::Serialize;
use utoipa::ToSchema;

use crate::views::{UserView, ts};

/// A function of the cabinet asked for the new user, with its Russian name.
#[derive(Serialize, ToSchema)]
pub struct RequestedFunction {
    /// A permission code, e.g. `news.write`.
    pub code: &'static str,
    pub label: &'static str,
}

impl From<Permission> for RequestedFunction {
    fn from(p: Permission) -> Self {
        RequestedFunction { code: p.code(), label: p.label() }
    }
}

/// The new user a request asks to connect (connect, replace), as the organization wrote it.
#[derive(Serialize, ToSchema)]
pub struct RequestedPerson {
    pub full_name: String,
    pub position: String,
    pub phone: String,
    /// The login the user will get (§1.7).
    pub email: String,
    pub functions: Vec<RequestedFunction>,
}

/// The user a request replaces or disconnects, as they are now.
#[derive(Serialize, ToSchema)]
pub struct NamedUserView {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub full_name: String,
    pub email: String,
    /// `active` or `blocked`.
    pub status: &'static str,
}

impl From<NamedUser> for NamedUserView {
    fn from(u: NamedUser) -> Self {
        NamedUserView { id: u.id.to_string(), full_name: u.full_name, email: u.email, status: u.status.code() }
    }
}

/// The account an approval created.
#[derive(Serialize, ToSchema)]
pub struct CreatedUserRef {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub email: String,
}

/// An access request and where it stands.
#[derive(Serialize, ToSchema)]
pub struct AccessRequestView {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    #[schema(value_type = uuid::Uuid)]
    pub unit_id: String,
    /// `connect`, `replace` or `disconnect`.
    pub kind: &'static str,
    /// `pending`, `approved`, `declined` or `withdrawn`.
    pub state: &'static str,
    /// «на рассмотрении», «одобрена», «отклонена», «отозвана организацией».
    pub state_label: &'static str,
    /// The new user (connect, replace).
    pub person: Option<RequestedPerson>,
    /// The user replaced or disconnected (replace, disconnect).
    pub user: Option<NamedUserView>,
    /// Why the user is disconnected (disconnect).
    pub reason: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
    /// The login (or token name) of who filed it.
    pub created_by: String,
    /// When it left the queue: approved, declined or withdrawn.
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
    /// The administrator's reason (declined).
    pub decline_reason: Option<String>,
    /// The account created (approved connect or replace).
    pub created_user: Option<CreatedUserRef>,
}

impl From<StoredRequest> for AccessRequestView {
    fn from(r: StoredRequest) -> Self {
        let person = match (r.full_name, r.email.clone()) {
            (Some(full_name), Some(email)) => Some(RequestedPerson {
                full_name,
                position: r.position.unwrap_or_default(),
                phone: r.phone.unwrap_or_default(),
                email,
                functions: r.functions.iter().map(RequestedFunction::from).collect(),
            }),
            _ => None,
        };
        AccessRequestView {
            id: r.id.to_string(),
            unit_id: r.unit_id.to_string(),
            kind: r.kind.code(),
            state: r.state.code(),
            state_label: r.state.label(),
            person,
            user: r.user.map(NamedUserView::from),
            reason: r.reason,
            note: r.note,
            created_at: ts(r.created_at),
            created_by: r.created_by,
            decided_at: r.decided_at.map(ts),
            decided_by: r.decided_by,
            decline_reason: r.decline_reason,
            created_user: r
                .created_user_id
                .map(|id| CreatedUserRef { id: id.to_string(), email: r.email.unwrap_or_default() }),
        }
    }
}

/// An approval: the request, and the account it created with its starting password.
#[derive(Serialize, ToSchema)]
pub struct AccessRequestApproval {
    pub request: AccessRequestView,
    /// The new user (connect, replace).
    pub user: Option<UserView>,
    /// Shown once, and e-mailed to the new user, who must change it at first login (§3.4).
    pub starting_password: Option<String>,
}

/// A user of the organization whom a request may replace or disconnect.
#[derive(Serialize, ToSchema)]
pub struct RequestableUser {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub full_name: String,
    pub position: String,
    pub email: String,
}

impl From<Member> for RequestableUser {
    fn from(m: Member) -> Self {
        RequestableUser { id: m.id, full_name: m.full_name, position: m.position, email: m.email }
    }
}
