//! Creating news and moving them through moderation: the row, its history and its audit entry
//! in one transaction.

use cabinet_core::audit::AuditAction;
use cabinet_core::ids::NewsId;
use cabinet_core::news::{EventKind, NewsPhotos, NewsState, NewsText, Photos, Transition};
use cabinet_core::policy::{Authorized, WriteNews};
use serde_json::json;

use super::{Access, News, get};
use crate::audit::{Entry, Origin, Stamp};
use crate::media::publication::{Holder, make_photos_public, withdraw_photos};
use crate::{Db, StorageError, StorageResult, now_ms};

fn action(event: EventKind) -> AuditAction {
    match event {
        EventKind::Edit => AuditAction::NewsUpdated,
        EventKind::Submit => AuditAction::NewsSubmitted,
        EventKind::Publish => AuditAction::NewsPublished,
        EventKind::Reject => AuditAction::NewsRejected,
        EventKind::Unpublish => AuditAction::NewsUnpublished,
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
            "INSERT INTO news_transitions (id, news_id, at, actor_kind, actor_id, actor_label, from_state, to_state, \
             event, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
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

/// Saves a new draft in the witness's unit.
/// `photos` must be photos of that unit ([`super::foreign_photos`] tells which are not).
#[tracing::instrument(skip_all)]
pub async fn create(
    db: &Db,
    auth: &Authorized<WriteNews>,
    text: &NewsText,
    photos: &NewsPhotos,
    origin: &Origin,
) -> StorageResult<News> {
    let access = Access::author(auth);
    let id = NewsId::new();
    let stamp = Stamp::of(auth.actor());
    let now = now_ms();
    let draft = NewsState::Draft.code();
    let audit = Entry::new(stamp.clone(), AuditAction::NewsCreated, origin)
        .target("news", id)
        .unit(access.unit())
        .details(json!({ "headline": text.headline() }));
    audited!(
        db,
        |tx| {
            sqlx::query(
                "INSERT INTO news (id, unit_id, state, headline, lead, body, event_date, event_place, author_id, \
                 author_label, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
            )
            .bind(id.to_string())
            .bind(access.unit().to_string())
            .bind(draft)
            .bind(text.headline())
            .bind(text.lead())
            .bind(text.body())
            .bind(text.event_date().map(|d| d.to_string()))
            .bind(text.event_place())
            .bind(stamp.id.clone())
            .bind(&stamp.label)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "unit_id"))?;
            replace_photos!(tx, id, photos);
            insert_transition!(&mut *tx, id, stamp, now, None::<&str>, draft, "create", None::<&str>)?;
        },
        [&audit]
    )?;
    get(db, &access, id).await
}

/// Saves a new text: `step` is the [`EventKind::Edit`] the workflow allowed on `before`.
/// `photos`, when given, replace the item's photos; they must be photos of its unit.
pub async fn edit(
    db: &Db,
    auth: &Authorized<WriteNews>,
    before: &News,
    step: &Transition,
    text: &NewsText,
    photos: Option<&NewsPhotos>,
    origin: &Origin,
) -> StorageResult<News> {
    let mut next = before.clone();
    next.headline = text.headline().to_owned();
    next.lead = text.lead().map(str::to_owned);
    next.body = text.body().to_owned();
    next.event_date = text.event_date().map(|d| d.to_string());
    next.event_place = text.event_place().map(str::to_owned);
    write(db, &Access::author(auth), before, next, step, photos, origin).await
}

/// Moves `before` (the item as read when the move was decided) as `step` says; the text stays.
pub async fn change(
    db: &Db,
    access: &Access,
    before: &News,
    step: &Transition,
    origin: &Origin,
) -> StorageResult<News> {
    write(db, access, before, before.clone(), step, None, origin).await
}

/// Writes `next` with the state fields `step` implies, over `before`'s revision only.
#[tracing::instrument(skip_all, fields(news = %before.id))]
async fn write(
    db: &Db,
    access: &Access,
    before: &News,
    mut next: News,
    step: &Transition,
    photos: Option<&NewsPhotos>,
    origin: &Origin,
) -> StorageResult<News> {
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
    let audit = Entry::new(stamp.clone(), action(step.event), origin)
        .target("news", before.id)
        .unit(access.unit())
        .details(json!({ "from": step.from, "to": step.to, "reason": reason, "revision": next.revision }));
    audited!(
        db,
        |tx| {
            let done = sqlx::query(
                "UPDATE news SET state = $5, headline = $6, lead = $7, body = $8, event_date = $9, event_place = $10, \
                 revision = $11, updated_at = $12, submitted_at = $13, readiness_confirmed_at = $14, \
                 readiness_confirmed_by = $15, published_at = $16, published_by = $17, reason = $18 \
                 WHERE id = $1 AND unit_id = $2 AND state = $3 AND revision = $4",
            )
            .bind(before.id.to_string())
            .bind(access.unit().to_string())
            .bind(before.state.code())
            .bind(before.revision)
            .bind(next.state.code())
            .bind(&next.headline)
            .bind(&next.lead)
            .bind(&next.body)
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
                replace_photos!(tx, before.id, photos);
            }
            match step.photos {
                Photos::Unchanged => {}
                Photos::MakePublic => {
                    make_photos_public!(&mut *tx, Holder::News(before.id), now)?;
                    public_changed!(&mut *tx)?;
                }
                Photos::Withdraw => {
                    withdraw_photos!(&mut *tx, Holder::News(before.id))?;
                    public_changed!(&mut *tx)?;
                }
            }
            if moved {
                let (from, to) = (step.from.code(), step.to.code());
                insert_transition!(&mut *tx, before.id, stamp, now, Some(from), to, event_code(step.event), &reason)?;
            }
        },
        [&audit]
    )?;
    Ok(next)
}
