//! An organization page's list of documents (§4.2), kept by the organization itself: staff who
//! may upload media (`media.upload`; no permission of its own yet) add uploaded documents with
//! a title, a date and a category, order them, publish and hide them. No moderation (§4.3).
//!
//! Publishing an entry publishes its file. Hiding takes the entry off the page, but the file
//! stays public at `/media/{id}`: a published file is final, readers and caches keep it.
//!
//! An entry's unit is known only once it is found, so item routes first ask whether the caller
//! may upload media at all ([`may_attempt`]), then find the entry's unit and ask again with it:
//! another organization's entry answers exactly like an unknown id.

pub mod items;
mod view;

use cabinet_core::documents::{DocumentEntry, DocumentEntryInput, unknown_media};
use cabinet_core::ids::PageDocumentId;
use cabinet_core::policy::{Authorized, InUnit, UploadMedia, authorize, may_attempt};
use cabinet_storage::StorageError;
use cabinet_storage::documents;

pub use view::PageDocumentView;

use crate::App;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};
use crate::params::path_id;

pub fn routes() -> Vec<rocket::Route> {
    rocket::routes![items::list, items::add, items::update, items::remove, items::publish, items::hide]
}

/// The entry's unit's witness, once the caller is known to hold the right somewhere.
async fn reach(app: &App, staff: &Staff, id: &str) -> ApiResult<(Authorized<UploadMedia>, PageDocumentId)> {
    may_attempt::<UploadMedia>(Some(staff.actor()))?;
    let id: PageDocumentId = path_id(id)?;
    let unit = documents::locate(&app.db, id).await?;
    Ok((authorize::<UploadMedia>(Some(staff.actor()), InUnit(unit))?, id))
}

/// The entry within every rule, the named file looked up among the unit's own first so that
/// its problem is told together with every other field's.
async fn parse(app: &App, auth: &Authorized<UploadMedia>, input: &DocumentEntryInput) -> ApiResult<DocumentEntry> {
    let fit = documents::media_fit(&app.db, auth, input.media_id()).await?;
    input.parse(fit).map_err(ApiError::invalid)
}

/// A file deleted between the check and the write reads as the unknown file it now is.
fn storage_error(e: StorageError) -> ApiError {
    match e {
        StorageError::UnknownReference { what: "media_id" } => ApiError::invalid(vec![unknown_media()]),
        other => other.into(),
    }
}
