//! Access requests (§3.2, §3.6–3.8): an organization's staff with «Подача заявок на подключение
//! пользователей» ask to connect, replace or disconnect a user and follow their requests; the
//! site administrator («Управление пользователями») works through the queue, approving (the
//! account is created or blocked at once) or declining with a reason.
//!
//! A request's unit is known only once it is found, so item routes first ask whether the caller
//! may work with requests at all, then find the request's unit and ask the policy with it:
//! another organization's request answers exactly like an unknown id.

pub mod deciding;
pub mod filing;
pub mod read;
mod view;

pub use view::{
    AccessRequestApproval, AccessRequestView, CreatedUserRef, NamedUserView, RequestableUser, RequestedFunction,
    RequestedPerson,
};

use cabinet_core::access_requests::Refusal;
use cabinet_core::news::RefusalKind;
use cabinet_storage::StorageError;
use rocket::http::Status;

use crate::error::ApiError;

pub fn routes() -> Vec<rocket::Route> {
    rocket::routes![
        filing::create,
        filing::withdraw,
        read::list,
        read::users,
        read::queue,
        read::get_one,
        deciding::approve,
        deciding::decline,
    ]
}

/// A move the workflow refused: who may not (403), or not any more (409).
fn refused(r: &Refusal) -> ApiError {
    let status = match r.kind() {
        RefusalKind::Role => Status::Forbidden,
        RefusalKind::State | RefusalKind::Content => Status::Conflict,
    };
    ApiError::new(status, r.code(), r.message()).with_details(r.details())
}

/// A storage failure while moving a request: someone else moved it since it was read.
fn storage_error(e: StorageError) -> ApiError {
    match e {
        StorageError::Conflict { what: "state" } => ApiError::new(
            Status::Conflict,
            "access_request_state_changed",
            "Заявку только что рассмотрел или отозвал кто-то другой. Обновите страницу, чтобы увидеть её состояние.",
        ),
        other => other.into(),
    }
}
