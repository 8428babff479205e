//! Adding, changing, publishing, hiding and removing entries: each with its audit entry in one
//! transaction, every statement bound to the witness's unit.
//!
//! The named file is checked inside the transaction to be a document of that unit (the http
//! layer checked it too, to tell the user; this keeps the rule whatever the caller), and the
//! foreign key keeps a listed file from being deleted meanwhile.

use cabinet_core::audit::AuditAction;
use cabinet_core::documents::DocumentEntry;
use cabinet_core::ids::{MediaId, PageDocumentId};
use cabinet_core::policy::{Authorized, UploadMedia};
use serde_json::json;

use super::{PageDocument, get, unit};
use crate::audit::{Entry, Origin, Stamp};
use crate::{Db, StorageError, StorageResult, now_ms};

fn entry(auth: &Authorized<UploadMedia>, action: AuditAction, id: PageDocumentId, origin: &Origin) -> Entry {
    Entry::new(Stamp::of(auth.actor()), action, origin).target("page_document", id).unit(unit(auth))
}

fn described(e: &DocumentEntry) -> serde_json::Value {
    json!({
        "title": e.title(), "date": e.date().map(|d| d.to_string()), "category": e.category().code(),
        "media_id": e.media_id().to_string(), "position": e.position(),
    })
}

/// The file an entry made public, logged as [`crate::media::publish`] logs it.
fn media_published(auth: &Authorized<UploadMedia>, media: MediaId, by: PageDocumentId, origin: &Origin) -> Entry {
    Entry::new(Stamp::of(auth.actor()), AuditAction::MediaPublished, origin)
        .target("media", media)
        .unit(unit(auth))
        .details(json!({ "kind": "document", "page_document": by.to_string() }))
}

/// Refuses, inside the transaction `$conn`, a file that is not a document of `$unit`.
macro_rules! require_document {
    ($conn:expr, $media:expr, $unit:expr) => {{
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM media WHERE id = $1 AND unit_id = $2 AND kind = 'document'")
                .bind($media.to_string())
                .bind($unit.to_string())
                .fetch_one($conn)
                .await?;
        if n == 0 {
            return Err(StorageError::UnknownReference { what: "media_id" });
        }
    }};
}

/// Publishes, inside the transaction `$conn`, the file `$media` of `$unit` unless it already
/// is; evaluates to whether it was private until now. The same change as [`crate::media::publish`],
/// written here so that entry and file are published together or not at all.
macro_rules! publish_file {
    ($conn:expr, $media:expr, $unit:expr) => {
        sqlx::query("UPDATE media SET published_at = $3 WHERE id = $1 AND unit_id = $2 AND published_at IS NULL")
            .bind($media.to_string())
            .bind($unit.to_string())
            .bind(now_ms())
            .execute($conn)
            .await?
            .rows_affected()
            > 0
    };
}

/// Adds a hidden entry to the witness's unit's list; without a position it goes last.
#[tracing::instrument(skip_all)]
pub async fn add(
    db: &Db,
    auth: &Authorized<UploadMedia>,
    new: &DocumentEntry,
    origin: &Origin,
) -> StorageResult<PageDocument> {
    let id = PageDocumentId::new();
    let unit = unit(auth);
    let stamp = Stamp::of(auth.actor());
    let audit = entry(auth, AuditAction::DocumentAdded, id, origin).details(described(new));
    audited!(
        db,
        |tx| {
            public_changed!(&mut *tx)?;
            require_document!(&mut *tx, new.media_id(), unit);
            sqlx::query(
                "INSERT INTO page_documents (id, unit_id, media_id, title, doc_date, category, position, published, \
                 created_at, updated_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, \
                 (SELECT MAX(p.position) + 1 FROM page_documents p WHERE p.unit_id = $2), 0), $8, $9, $9, $10)",
            )
            .bind(id.to_string())
            .bind(unit.to_string())
            .bind(new.media_id().to_string())
            .bind(new.title())
            .bind(new.date().map(|d| d.to_string()))
            .bind(new.category().code())
            .bind(new.position())
            .bind(false)
            .bind(now_ms())
            .bind(&stamp.label)
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "media_id"))?;
        },
        [&audit]
    )?;
    get(db, auth, id).await
}

/// Replaces an entry's fields; without a position it keeps its place. A shown entry's new file
/// is published with it.
#[tracing::instrument(skip_all, fields(page_document = %id))]
pub async fn update(
    db: &Db,
    auth: &Authorized<UploadMedia>,
    id: PageDocumentId,
    next: &DocumentEntry,
    origin: &Origin,
) -> StorageResult<PageDocument> {
    let unit = unit(auth);
    let audit = entry(auth, AuditAction::DocumentUpdated, id, origin).details(described(next));
    let file = media_published(auth, next.media_id(), id, origin);
    audited!(
        db,
        |tx| {
            public_changed!(&mut *tx)?;
            require_document!(&mut *tx, next.media_id(), unit);
            let (published,): (bool,) = sqlx::query_as(
                "UPDATE page_documents SET media_id = $3, title = $4, doc_date = $5, category = $6, \
                 position = COALESCE($7, position), updated_at = $8 WHERE id = $1 AND unit_id = $2 RETURNING published",
            )
            .bind(id.to_string())
            .bind(unit.to_string())
            .bind(next.media_id().to_string())
            .bind(next.title())
            .bind(next.date().map(|d| d.to_string()))
            .bind(next.category().code())
            .bind(next.position())
            .bind(now_ms())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "media_id"))?;
            published && publish_file!(&mut *tx, next.media_id(), unit)
        },
        |file_published| [Some(&audit), file_published.then_some(&file)].into_iter().flatten()
    )?;
    get(db, auth, id).await
}

/// Shows an entry on the page and makes its file public, together. Publishing twice keeps the
/// first time and logs nothing.
#[tracing::instrument(skip_all, fields(page_document = %id))]
pub async fn publish(
    db: &Db,
    auth: &Authorized<UploadMedia>,
    id: PageDocumentId,
    origin: &Origin,
) -> StorageResult<PageDocument> {
    let before = get(db, auth, id).await?;
    if before.published {
        return Ok(before);
    }
    let unit = unit(auth);
    let audit = entry(auth, AuditAction::DocumentPublished, id, origin)
        .details(json!({ "title": before.title, "media_id": before.media_id.to_string() }));
    let file = media_published(auth, before.media_id, id, origin);
    audited!(
        db,
        |tx| {
            public_changed!(&mut *tx)?;
            // The file is read again here: an edit may have named another since `before`.
            let (media,): (String,) = sqlx::query_as(
                "UPDATE page_documents SET published = $3, updated_at = $4 WHERE id = $1 AND unit_id = $2 \
                 RETURNING media_id",
            )
            .bind(id.to_string())
            .bind(unit.to_string())
            .bind(true)
            .bind(now_ms())
            .fetch_one(&mut *tx)
            .await?;
            (publish_file!(&mut *tx, media, unit), media)
        },
        |done| &[Some(audit.clone()), done.0.then(|| file.clone().target("media", &done.1))]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
    )?;
    get(db, auth, id).await
}

/// Takes an entry off the page. Its file stays public: a published file cannot be taken back,
/// since readers and caches keep it, so it stays reachable at its address.
#[tracing::instrument(skip_all, fields(page_document = %id))]
pub async fn hide(
    db: &Db,
    auth: &Authorized<UploadMedia>,
    id: PageDocumentId,
    origin: &Origin,
) -> StorageResult<PageDocument> {
    let before = get(db, auth, id).await?;
    if !before.published {
        return Ok(before);
    }
    let audit = entry(auth, AuditAction::DocumentHidden, id, origin)
        .details(json!({ "title": before.title, "media_id": before.media_id.to_string() }));
    audited!(
        db,
        |tx| {
            public_changed!(&mut *tx)?;
            sqlx::query("UPDATE page_documents SET published = $3, updated_at = $4 WHERE id = $1 AND unit_id = $2")
                .bind(id.to_string())
                .bind(unit(auth).to_string())
                .bind(false)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
        },
        [&audit]
    )?;
    get(db, auth, id).await
}

/// Removes an entry from the list; the file stays where it is (and public, if it was).
#[tracing::instrument(skip_all, fields(page_document = %id))]
pub async fn remove(db: &Db, auth: &Authorized<UploadMedia>, id: PageDocumentId, origin: &Origin) -> StorageResult<()> {
    let before = get(db, auth, id).await?;
    let audit = entry(auth, AuditAction::DocumentRemoved, id, origin).details(json!({
        "title": before.title, "media_id": before.media_id.to_string(), "published": before.published,
    }));
    audited!(
        db,
        |tx| {
            public_changed!(&mut *tx)?;
            let done = sqlx::query("DELETE FROM page_documents WHERE id = $1 AND unit_id = $2")
                .bind(id.to_string())
                .bind(unit(auth).to_string())
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                return Err(StorageError::NotFound);
            }
        },
        [&audit]
    )
}
