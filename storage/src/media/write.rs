//! Uploading, publishing and deleting media: blob and row kept in step, each change audited.
//!
//! Deleting removes the blob too when no other row uses it. An upload of the same bytes may run
//! at that very moment; neither side holds a lock, so each re-checks afterwards: the upload
//! rewrites the blob if it vanished after its row was committed, and the deletion puts the bytes
//! back if a row appeared after it counted. Whatever the interleaving, a row keeps its blob.

use cabinet_core::audit::AuditAction;
use cabinet_core::ids::MediaId;
use cabinet_core::policy::{Authorized, UploadMedia};
use serde_json::json;

use super::{Media, MediaKind, NewMedia, get, references, unit};
use crate::audit::{Entry, Origin, Stamp};
use crate::blobs::BlobStore;
use crate::{Db, StorageError, StorageResult, now_ms};

fn entry(auth: &Authorized<UploadMedia>, action: AuditAction, id: MediaId, origin: &Origin) -> Entry {
    Entry::new(Stamp::of(auth.actor()), action, origin).target("media", id).unit(unit(auth))
}

/// Stores a checked photo or document in the witness's unit, private until published.
/// A failure of the object store is returned before anything is written to the database.
#[tracing::instrument(skip_all, fields(media = %new.id))]
pub async fn upload(
    db: &Db,
    blobs: &BlobStore,
    auth: &Authorized<UploadMedia>,
    new: NewMedia,
    origin: &Origin,
) -> StorageResult<Media> {
    let key = blobs.put(new.bytes.clone(), new.content_type).await?;
    let stamp = Stamp::of(auth.actor());
    let size = i64::try_from(new.bytes.len()).unwrap_or(i64::MAX);
    let audit = entry(auth, AuditAction::MediaUploaded, new.id, origin).details(json!({
        "kind": new.kind.code(), "sha256": key.as_str(), "byte_size": size, "display_name": new.display_name,
        "document_kind": new.document_kind, "width": new.width, "height": new.height, "downscaled": new.downscaled,
    }));
    audited!(
        db,
        |tx| {
            sqlx::query(
                "INSERT INTO media (id, unit_id, kind, sha256, byte_size, content_type, display_name, stored_name, \
             width, height, downscaled, document_kind, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .bind(new.id.to_string())
            .bind(unit(auth).to_string())
            .bind(new.kind.code())
            .bind(key.as_str())
            .bind(size)
            .bind(new.content_type)
            .bind(&new.display_name)
            .bind(&new.stored_name)
            .bind(new.width.map(i64::from))
            .bind(new.height.map(i64::from))
            .bind(new.downscaled)
            .bind(new.document_kind.map(|k| k.extension()))
            .bind(&stamp.label)
            .bind(now_ms())
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "unit_id"))?;
        },
        [&audit]
    )?;
    if let Ok(false) = blobs.exists(&key).await {
        tracing::warn!(blob = %key, "blob deleted while its upload was committed; writing it again");
        if let Err(e) = blobs.put(new.bytes.clone(), new.content_type).await {
            tracing::error!(error = %e, blob = %key, "could not rewrite a blob that a new row uses");
        }
    }
    get(db, auth, new.id).await
}

/// Makes an item readable by anybody. Publishing twice keeps the first time.
pub async fn publish(db: &Db, auth: &Authorized<UploadMedia>, id: MediaId, origin: &Origin) -> StorageResult<Media> {
    let before = get(db, auth, id).await?;
    if before.is_published() {
        return Ok(before);
    }
    let audit = entry(auth, AuditAction::MediaPublished, id, origin)
        .details(json!({ "kind": before.kind.code(), "display_name": before.display_name }));
    audited!(
        db,
        |tx| {
            sqlx::query("UPDATE media SET published_at = $3 WHERE id = $1 AND unit_id = $2 AND published_at IS NULL")
                .bind(id.to_string())
                .bind(unit(auth).to_string())
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
        },
        [&audit]
    )?;
    get(db, auth, id).await
}

/// Deletes a private item of the witness's unit, and its blob when no other item uses it.
/// A published item is [`StorageError::Conflict`] on `published`: readers and caches hold it;
/// a document listed on the organization's page, on `listed`; a photo a gallery or a news item
/// shows, on `shown`.
#[tracing::instrument(skip_all, fields(media = %id))]
pub async fn delete(
    db: &Db,
    blobs: &BlobStore,
    auth: &Authorized<UploadMedia>,
    id: MediaId,
    origin: &Origin,
) -> StorageResult<()> {
    let media = get(db, auth, id).await?;
    let audit = entry(auth, AuditAction::MediaDeleted, id, origin).details(json!({
        "kind": media.kind.code(), "sha256": media.sha256.as_str(), "display_name": media.display_name,
    }));
    audited!(
        db,
        |tx| {
            let done = sqlx::query("DELETE FROM media WHERE id = $1 AND unit_id = $2 AND published_at IS NULL")
                .bind(id.to_string())
                .bind(unit(auth).to_string())
                .execute(&mut *tx)
                .await
                .map_err(|e| in_use(e, media.kind))?;
            if done.rows_affected() == 0 {
                return Err(StorageError::Conflict { what: "published" });
            }
        },
        [&audit]
    )?;
    if let Err(e) = release(db, blobs, &media).await {
        // The row is gone; a blob left behind is addressed by content and harms nothing.
        tracing::warn!(error = %e, blob = %media.sha256, "blob of a deleted item not removed");
    }
    Ok(())
}

/// A file that something refers to is kept for it: a document that an organization page lists
/// (`page_documents`), a photo that a gallery or a news item shows (`gallery_photos`, `news_photos`).
fn in_use(e: sqlx::Error, kind: MediaKind) -> StorageError {
    match &e {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => match kind {
            MediaKind::Document => StorageError::Conflict { what: "listed" },
            MediaKind::Photo => StorageError::Conflict { what: "shown" },
        },
        _ => e.into(),
    }
}

/// Removes a blob that no row uses any more, putting it back if a row appeared meanwhile.
async fn release(db: &Db, blobs: &BlobStore, media: &Media) -> StorageResult<()> {
    let key = &media.sha256;
    if references(db, key).await? > 0 {
        return Ok(());
    }
    let bytes = blobs.get(key).await?;
    blobs.delete(key).await?;
    if references(db, key).await? > 0 {
        tracing::warn!(blob = %key, "the same bytes were uploaded while their blob was deleted; restoring it");
        blobs.put(bytes, &media.content_type).await?;
    }
    Ok(())
}
