//! Photo galleries of a unit (§5.5) in the cabinet: the author assembles the album of an event
//! from the unit's photos and submits it, the moderator publishes or rejects it — the news
//! workflow, with a gallery's own checks and words. Every save answers with the findings.
//!
//! A gallery's unit is known only once it is found, so gallery routes first ask whether the
//! caller may write or moderate at all ([`may_attempt`]), then find the gallery's unit and ask
//! again with it: another organization's gallery answers exactly like an unknown id.

pub mod items;
pub mod moves;
mod view;

use std::collections::HashMap;

use cabinet_core::galleries::{GalleryText, PhotoFound};
use cabinet_core::ids::{GalleryId, MediaId};
use cabinet_core::news::{NewsRoles, Refusal, RefusalKind, Subject};
use cabinet_core::policy::{Denied, Global, InUnit, ModerateNews, WriteNews, authorize, may_attempt};
use cabinet_storage::StorageError;
use cabinet_storage::galleries::{self, Access, Gallery};
use rocket::http::Status;

pub use view::{GalleryFindingView, GalleryPhotoView, GallerySummary, GalleryView, QueuedGalleryView};

use crate::App;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};
use crate::params::path_id;

pub fn routes() -> Vec<rocket::Route> {
    rocket::routes![
        items::create,
        items::list,
        items::queue,
        items::get_one,
        moves::update,
        moves::submit,
        moves::publish,
        moves::reject,
        moves::unpublish
    ]
}

/// Which right a route needs before the gallery is looked up.
#[derive(Debug, Clone, Copy)]
enum Needs {
    Author,
    Moderator,
    /// Reading and unpublishing: the author's unit or the moderator.
    Either,
}

/// The gallery the caller may reach, its access and what the caller is to it.
struct Reached {
    access: Access,
    roles: NewsRoles,
    gallery: Gallery,
}

/// Finds the gallery once the caller is known to hold a right that could reach it.
async fn reach(app: &App, staff: &Staff, id: &str, needs: Needs) -> ApiResult<Reached> {
    let actor = staff.actor();
    match needs {
        Needs::Author => may_attempt::<WriteNews>(Some(actor))?,
        Needs::Moderator => may_attempt::<ModerateNews>(Some(actor))?,
        Needs::Either => may_attempt::<WriteNews>(Some(actor))
            .or_else(|denied| may_attempt::<ModerateNews>(Some(actor)).map_err(|_| denied))?,
    }
    let id: GalleryId = path_id(id)?;
    let unit = galleries::locate(&app.db, id).await?;
    let access = match authorize::<WriteNews>(Some(actor), InUnit(unit)) {
        Ok(auth) => Access::author(&auth),
        // Another unit's gallery stays unknown, whatever else the caller may do.
        Err(Denied::Foreign) => return Err(Denied::Foreign.into()),
        Err(denied) => match authorize::<ModerateNews>(Some(actor), Global) {
            Ok(auth) => Access::moderator(&auth, unit),
            Err(_) => return Err(denied.into()),
        },
    };
    let gallery = galleries::get(&app.db, &access, id).await?;
    Ok(Reached { access, roles: NewsRoles::of(actor, unit), gallery })
}

/// Refuses, naming each entry, the photos that are not photos of the access's unit.
async fn own_photos(app: &App, access: &Access, text: &GalleryText) -> ApiResult<()> {
    let ids: Vec<MediaId> = text.photos().iter().map(|p| p.media_id()).collect();
    let found: HashMap<MediaId, PhotoFound> = galleries::lookup(&app.db, access, &ids).await?;
    text.check_photos(|id| found.get(&id).copied().unwrap_or(PhotoFound::Missing)).map_err(ApiError::invalid)
}

/// The stored gallery, parsed again to be checked; it passed the same rules when it was saved.
fn stored_text(gallery: &Gallery) -> ApiResult<GalleryText> {
    GalleryText::parse(&gallery.input()).map_err(|errors| {
        tracing::error!(gallery = %gallery.id, fields = errors.len(), "a stored gallery no longer parses");
        ApiError::internal()
    })
}

/// A move the workflow refused: who may not (403), not now (409), not this gallery (422).
fn refused(r: &Refusal) -> ApiError {
    let status = match r.kind() {
        RefusalKind::Role => Status::Forbidden,
        RefusalKind::State => Status::Conflict,
        RefusalKind::Content => Status::UnprocessableEntity,
    };
    ApiError::new(status, r.code_about(Subject::Gallery), r.message_about(Subject::Gallery)).with_details(r.details())
}

/// A storage failure while changing a gallery: another change landed since it was read, or a
/// photo was deleted meanwhile.
fn storage_error(e: StorageError) -> ApiError {
    match e {
        StorageError::Conflict { what: "state" } => ApiError::new(
            Status::Conflict,
            "gallery_state_changed",
            "Фотогалерею только что изменил кто-то другой. Обновите страницу, проверьте её состояние и повторите \
             действие.",
        ),
        StorageError::UnknownReference { what: "photos" } => ApiError::new(
            Status::UnprocessableEntity,
            "gallery_photo_gone",
            "Одной из выбранных фотографий больше нет среди фотографий организации: её только что удалили. \
             Обновите страницу и выберите фотографии заново.",
        )
        .with_details(serde_json::json!({ "field": "photos" })),
        // Central staff reach every unit id, including one that does not exist.
        StorageError::UnknownReference { .. } => ApiError::not_found(),
        other => other.into(),
    }
}
