//! Creating galleries and moving them through moderation: the row, its photos, its history and
//! its audit entry in one transaction; on publish and unpublish, the photos' public addresses too.

use cabinet_core::audit::AuditAction;
use cabinet_core::galleries::{GalleryPhoto, GalleryText};
use cabinet_core::ids::GalleryId;
use cabinet_core::news::{EventKind, NewsState, Photos, Transition};
use cabinet_core::policy::{Authorized, WriteNews};
use serde_json::json;

use super::{Access, Gallery, get};
use crate::audit::{Entry, Origin, Stamp};
use crate::media::publication::{Holder, make_photos_public, withdraw_photos};
use crate::{Db, StorageError, StorageResult, now_ms};

fn action(event: EventKind) -> AuditAction {
    match event {
        EventKind::Edit => AuditAction::GalleryUpdated,
        EventKind::Submit => AuditAction::GallerySubmitted,
        EventKind::Publish => AuditAction::GalleryPublished,
        EventKind::Reject => AuditAction::GalleryRejected,
        EventKind::Unpublish => AuditAction::GalleryUnpublished,
    }
}

/// `edit`, `submit`…: the event as the history names it.
fn event_code(event: EventKind) -> &'static str {
    event.code().trim_start_matches("news.")
}

/// Appends a history row inside the transaction `$conn`.
macro_rules! insert_transition {
    ($conn:expr, $id:expr, $stamp:expr, $at:expr, $from:expr, $to:expr, $event:expr, $reason:expr) => {
        sqlx::query(
            "INSERT INTO gallery_transitions (id, gallery_id, at, actor_kind, actor_id, actor_label, from_state, \
             to_state, event, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind($id.to_string())
        .bind($at)
        .bind($stamp.kind)
        .bind($stamp.id.clone())
        .bind($stamp.label.clone())
        .bind($from)
        .bind($to)
        .bind($event)
        .bind($reason)
        .execute($conn)
        .await
    };
}

/// Writes the gallery's photos in order inside the transaction `$conn`, replacing any it had.
/// An entry is written only when it names a photo of the gallery's unit `$unit`; any other
/// (a document, another unit's photo, one deleted meanwhile) is [`StorageError::UnknownReference`]
/// on `photos`, and the transaction is dropped: a gallery never shows, and publishing never
/// makes public, a file that is not its own unit's photo.
macro_rules! replace_photos {
    ($conn:expr, $id:expr, $unit:expr, $photos:expr) => {{
        let photos: &[GalleryPhoto] = $photos;
        sqlx::query("DELETE FROM gallery_photos WHERE gallery_id = $1")
            .bind($id.to_string())
            .execute(&mut *$conn)
            .await?;
        for (position, photo) in (1_i64..).zip(photos) {
            let done = sqlx::query(
                "INSERT INTO gallery_photos (gallery_id, media_id, position, caption) \
                 SELECT $1, id, $3, $4 FROM media WHERE id = $2 AND unit_id = $5 AND kind = 'photo'",
            )
            .bind($id.to_string())
            .bind(photo.media_id().to_string())
            .bind(position)
            .bind(photo.caption())
            .bind($unit.to_string())
            .execute(&mut *$conn)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StorageError::UnknownReference { what: "photos" });
            }
        }
    }};
}

/// Saves a new draft in the witness's unit with its photos. Every photo must be a photo of that
/// unit (see [`super::lookup`] to tell the author which is not): otherwise nothing is written.
#[tracing::instrument(skip_all)]
pub async fn create(
    db: &Db,
    auth: &Authorized<WriteNews>,
    text: &GalleryText,
    origin: &Origin,
) -> StorageResult<Gallery> {
    let access = Access::author(auth);
    let id = GalleryId::new();
    let stamp = Stamp::of(auth.actor());
    let now = now_ms();
    let draft = NewsState::Draft.code();
    let audit = Entry::new(stamp.clone(), AuditAction::GalleryCreated, origin)
        .target("gallery", id)
        .unit(access.unit())
        .details(json!({ "title": text.title(), "photos": text.photos().len() }));
    audited!(
        db,
        |tx| {
            sqlx::query(
                "INSERT INTO galleries (id, unit_id, state, title, description, event_date, event_place, author_id, \
                 author_label, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
            )
            .bind(id.to_string())
            .bind(access.unit().to_string())
            .bind(draft)
            .bind(text.title())
            .bind(text.description())
            .bind(text.event_date().map(|d| d.to_string()))
            .bind(text.event_place())
            .bind(stamp.id.clone())
            .bind(&stamp.label)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "unit_id"))?;
            replace_photos!(tx, id, access.unit(), text.photos());
            insert_transition!(&mut *tx, id, stamp, now, None::<&str>, draft, "create", None::<&str>)?;
        },
        [&audit]
    )?;
    get(db, &access, id).await
}

/// Saves a changed gallery: `step` is the [`EventKind::Edit`] the workflow allowed on `before`.
pub async fn edit(
    db: &Db,
    auth: &Authorized<WriteNews>,
    before: &Gallery,
    step: &Transition,
    text: &GalleryText,
    origin: &Origin,
) -> StorageResult<Gallery> {
    let mut next = before.clone();
    next.title = text.title().to_owned();
    next.description = text.description().map(str::to_owned);
    next.event_date = text.event_date().map(|d| d.to_string());
    next.event_place = text.event_place().map(str::to_owned);
    let access = Access::author(auth);
    write(db, &access, before, next, Some(text.photos()), step, origin).await?;
    get(db, &access, before.id).await
}

/// Moves `before` (the gallery as read when the move was decided) as `step` says; its content
/// stays. Publishing makes its photos public; unpublishing withdraws those nothing else shows.
pub async fn change(
    db: &Db,
    access: &Access,
    before: &Gallery,
    step: &Transition,
    origin: &Origin,
) -> StorageResult<Gallery> {
    write(db, access, before, before.clone(), None, step, origin).await?;
    get(db, access, before.id).await
}

/// Writes `next` with the state fields `step` implies, and `photos` when given, over
/// `before`'s revision only.
#[tracing::instrument(skip_all, fields(gallery = %before.id))]
async fn write(
    db: &Db,
    access: &Access,
    before: &Gallery,
    mut next: Gallery,
    photos: Option<&[GalleryPhoto]>,
    step: &Transition,
    origin: &Origin,
) -> StorageResult<()> {
    if step.from != before.state || before.unit_id != access.unit() {
        return Err(StorageError::Conflict { what: "state" });
    }
    let stamp = Stamp::of(access.actor.as_ref());
    let now = now_ms();
    let reason = step.reason.as_ref().map(|r| r.as_str().to_owned());
    next.state = step.to;
    next.revision = before.revision + 1;
    match step.event {
        EventKind::Edit => next.updated_at = now,
        EventKind::Submit => next.submitted_at = Some(now),
        EventKind::Publish => {
            next.published_at = Some(now);
            next.published_by = Some(stamp.label.clone());
            next.reason = None;
        }
        EventKind::Reject | EventKind::Unpublish => next.reason = reason.clone(),
    }
    if step.withdrawn_from_moderation {
        next.submitted_at = None;
        next.readiness_confirmed_at = None;
        next.readiness_confirmed_by = None;
    }
    if step.records_readiness {
        next.readiness_confirmed_at = Some(now);
        next.readiness_confirmed_by = Some(stamp.label.clone());
    }
    let moved = step.event != EventKind::Edit || step.from != step.to;
    let holder = Holder::Gallery(before.id);
    audited!(
        db,
        |tx| {
            let done = sqlx::query(
                "UPDATE galleries SET state = $5, title = $6, description = $7, event_date = $8, event_place = $9, \
                 revision = $10, updated_at = $11, submitted_at = $12, readiness_confirmed_at = $13, \
                 readiness_confirmed_by = $14, published_at = $15, published_by = $16, reason = $17 \
                 WHERE id = $1 AND unit_id = $2 AND state = $3 AND revision = $4",
            )
            .bind(before.id.to_string())
            .bind(access.unit().to_string())
            .bind(before.state.code())
            .bind(before.revision)
            .bind(next.state.code())
            .bind(&next.title)
            .bind(&next.description)
            .bind(&next.event_date)
            .bind(&next.event_place)
            .bind(next.revision)
            .bind(next.updated_at)
            .bind(next.submitted_at)
            .bind(next.readiness_confirmed_at)
            .bind(&next.readiness_confirmed_by)
            .bind(next.published_at)
            .bind(&next.published_by)
            .bind(&next.reason)
            .execute(&mut *tx)
            .await?;
            // Another change landed since `before` was read: this one was decided on stale facts.
            if done.rows_affected() == 0 {
                return Err(StorageError::Conflict { what: "state" });
            }
            if let Some(photos) = photos {
                replace_photos!(tx, before.id, access.unit(), photos);
            }
            let photos_moved = match step.photos {
                Photos::Unchanged => 0,
                Photos::MakePublic => make_photos_public!(&mut *tx, holder, now)?,
                Photos::Withdraw => withdraw_photos!(&mut *tx, holder)?,
            };
            if matches!(step.event, EventKind::Publish | EventKind::Unpublish) {
                public_changed!(&mut *tx)?;
            }
            if moved {
                let (from, to) = (step.from.code(), step.to.code());
                insert_transition!(&mut *tx, before.id, stamp, now, Some(from), to, event_code(step.event), &reason)?;
            }
            photos_moved
        },
        |photos_moved| {
            let mut details = json!({
                "from": step.from, "to": step.to, "reason": reason, "revision": next.revision,
                "photos": photos.map(<[_]>::len),
            });
            match step.photos {
                Photos::MakePublic => details["photos_made_public"] = json!(photos_moved),
                Photos::Withdraw => details["photos_withdrawn"] = json!(photos_moved),
                Photos::Unchanged => {}
            }
            [Entry::new(stamp.clone(), action(step.event), origin)
                .target("gallery", before.id)
                .unit(access.unit())
                .details(details)]
        }
        .iter()
    )?;
    Ok(())
}
