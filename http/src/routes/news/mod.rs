//! News of a unit (§5) in the cabinet: the author writes and submits, the moderator publishes or
//! rejects; every save answers with the §5.4 findings so the author sees them at once.
//!
//! An item's unit is known only once it is found, so item routes first ask whether the caller
//! may write or moderate news at all ([`may_attempt`]), then find the item's unit and ask again
//! with it: another organization's item answers exactly like an unknown id.

pub mod items;
pub mod moves;
pub mod norm;
mod view;

use cabinet_core::ids::NewsId;
use cabinet_core::news::{NewsRoles, NewsText, Refusal, RefusalKind};
use cabinet_core::policy::{Denied, Global, InUnit, ModerateNews, WriteNews, authorize, may_attempt};
use cabinet_storage::StorageError;
use cabinet_storage::news::{self, Access, News};
use rocket::http::Status;

pub use view::{FindingView, NewsSummary, NewsView, QueuedView, StepView, resolver};

use crate::App;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};
use crate::params::path_id;

pub fn routes() -> Vec<rocket::Route> {
    rocket::routes![
        items::create,
        items::list,
        items::queue,
        norm::report,
        items::get_one,
        moves::update,
        moves::submit,
        moves::publish,
        moves::reject,
        moves::unpublish
    ]
}

/// Which right a route needs before the item is looked up.
#[derive(Debug, Clone, Copy)]
enum Needs {
    Author,
    Moderator,
    /// Reading and unpublishing: the author's unit or the moderator.
    Either,
}

/// The item the caller may reach, its access and what the caller is to it.
struct Reached {
    access: Access,
    roles: NewsRoles,
    news: News,
}

/// Finds the item once the caller is known to hold a right that could reach it.
async fn reach(app: &App, staff: &Staff, id: &str, needs: Needs) -> ApiResult<Reached> {
    let actor = staff.actor();
    match needs {
        Needs::Author => may_attempt::<WriteNews>(Some(actor))?,
        Needs::Moderator => may_attempt::<ModerateNews>(Some(actor))?,
        Needs::Either => may_attempt::<WriteNews>(Some(actor))
            .or_else(|denied| may_attempt::<ModerateNews>(Some(actor)).map_err(|_| denied))?,
    }
    let id: NewsId = path_id(id)?;
    let unit = news::locate(&app.db, id).await?;
    let author = authorize::<WriteNews>(Some(actor), InUnit(unit));
    let access = match author {
        Ok(auth) => Access::author(&auth),
        // Another unit's item stays unknown, whatever else the caller may do.
        Err(Denied::Foreign) => return Err(Denied::Foreign.into()),
        Err(denied) => match authorize::<ModerateNews>(Some(actor), Global) {
            Ok(auth) => Access::moderator(&auth, unit),
            Err(_) => return Err(denied.into()),
        },
    };
    let news = news::get(&app.db, &access, id).await?;
    Ok(Reached { access, roles: NewsRoles::of(actor, unit), news })
}

/// The stored text, parsed again to be checked; it passed the same rules when it was saved.
fn stored_text(news: &News) -> ApiResult<NewsText> {
    NewsText::parse(&news.input()).map_err(|errors| {
        tracing::error!(news = %news.id, fields = errors.len(), "a stored news text no longer parses");
        ApiError::internal()
    })
}

/// A move the workflow refused: who may not (403), not now (409), not this text (422).
fn refused(r: &Refusal) -> ApiError {
    let status = match r.kind() {
        RefusalKind::Role => Status::Forbidden,
        RefusalKind::State => Status::Conflict,
        RefusalKind::Content => Status::UnprocessableEntity,
    };
    ApiError::new(status, r.code(), r.message()).with_details(r.details())
}

/// A storage failure while changing an item: another change landed since it was read.
fn storage_error(e: StorageError) -> ApiError {
    match e {
        StorageError::Conflict { what: "state" } => ApiError::new(
            Status::Conflict,
            "news_state_changed",
            "Новость только что изменил кто-то другой. Обновите страницу, проверьте её состояние и повторите действие.",
        ),
        StorageError::Conflict { what: "photos" } => ApiError::new(
            Status::Conflict,
            "news_photo_vanished",
            "Одну из выбранных фотографий только что удалили. Обновите список фотографий и сохраните новость снова.",
        ),
        other => other.into(),
    }
}
