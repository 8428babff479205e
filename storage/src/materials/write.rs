//! Sending a material with its receipts, and recording an organization's first opening: each
//! change and its audit entry in one transaction.

use std::collections::HashMap;

use cabinet_core::UnitKind;
use cabinet_core::audit::AuditAction;
use cabinet_core::ids::{MaterialId, MediaId};
use cabinet_core::materials::{Known, Material as Sending, MediaFacts, Organization};
use cabinet_core::policy::{Authorized, InUnit, PublishMaterials, ReadMaterials};
use serde_json::json;

use super::read::{Receipt, own};
use super::{Material, unit_id};
use crate::audit::{Entry, Origin, Stamp};
use crate::outbox::Letter;
use crate::{Db, StorageError, StorageResult, now_ms, units};

/// What a material's input names, as stored now: the media among `ids`, every organization
/// and the central committee, for [`cabinet_core::materials::MaterialInput::parse`].
pub async fn known(db: &Db, _auth: &Authorized<PublishMaterials>, ids: &[MediaId]) -> StorageResult<Known> {
    let central = units::ensure_central(db).await?.id;
    let organizations = units::list(db, Some(UnitKind::Organization))
        .await?
        .into_iter()
        .map(|u| Organization { id: u.id, region: u.region })
        .collect();
    let mut media = HashMap::new();
    for id in ids {
        let found: Option<(String, String, String)> = db_run!(db, |pool| {
            sqlx::query_as("SELECT unit_id, kind, display_name FROM media WHERE id = $1")
                .bind(id.to_string())
                .fetch_optional(pool)
                .await
        })?;
        if let Some((unit, kind, name)) = found {
            media.insert(*id, MediaFacts { unit: unit_id(&unit)?, is_document: kind == "document", name });
        }
    }
    Ok(Known { central, media, organizations })
}

/// Stores the material and one receipt per recipient; returns its id.
#[tracing::instrument(skip_all)]
pub async fn send(
    db: &Db,
    auth: &Authorized<PublishMaterials>,
    id: MaterialId,
    material: &Sending,
    letters: &[Letter],
    origin: &Origin,
) -> StorageResult<MaterialId> {
    let stamp = Stamp::of(auth.actor());
    let links: Vec<_> = material.links.iter().map(|l| json!({ "url": l.url.as_str(), "label": l.label })).collect();
    let attachments: Vec<_> = material.attachments.iter().map(|a| json!({ "id": a.id, "name": a.name })).collect();
    let audience = serde_json::to_value(&material.audience).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let entry = Entry::new(stamp.clone(), AuditAction::MaterialSent, origin).target("material", id).details(json!({
        "title": material.title,
        "audience": audience,
        "recipients": material.recipients.len(),
        "attachments": material.attachments.len(),
    }));
    audited!(
        db,
        |tx| {
            sqlx::query(
                "INSERT INTO materials (id, title, body, links, attachments, audience, sent_at, sent_by_id, \
                 sent_by_label) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id.to_string())
            .bind(&material.title)
            .bind(&material.body)
            .bind(serde_json::Value::from(links).to_string())
            .bind(serde_json::Value::from(attachments).to_string())
            .bind(audience.to_string())
            .bind(now_ms())
            .bind(stamp.id.clone())
            .bind(&stamp.label)
            .execute(&mut *tx)
            .await?;
            for unit in &material.recipients {
                sqlx::query("INSERT INTO material_receipts (material_id, unit_id) VALUES ($1, $2)")
                    .bind(id.to_string())
                    .bind(unit.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| StorageError::unique(e, "audience"))?;
            }
            for letter in letters {
                insert_letter!(&mut *tx, letter)?;
            }
        },
        [&entry]
    )?;
    Ok(id)
}

/// A material the witness's organization received, with its receipt; the first opening is
/// recorded (and audited) once, later ones leave it as it was.
#[tracing::instrument(skip_all)]
pub async fn open(
    db: &Db,
    auth: &Authorized<ReadMaterials>,
    id: MaterialId,
    origin: &Origin,
) -> StorageResult<(Material, Receipt)> {
    let InUnit(unit) = *auth.target();
    let stamp = Stamp::of(auth.actor());
    let entry = Entry::new(stamp.clone(), AuditAction::MaterialOpened, origin).target("material", id).unit(unit);
    audited!(
        db,
        |tx| {
            sqlx::query(
                "UPDATE material_receipts SET opened_at = $3, opened_by_id = $4, opened_by = $5 \
                 WHERE material_id = $1 AND unit_id = $2 AND opened_at IS NULL",
            )
            .bind(id.to_string())
            .bind(unit.to_string())
            .bind(now_ms())
            .bind(stamp.id.clone())
            .bind(&stamp.label)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        },
        |first| first.then_some(&entry).into_iter()
    )?;
    own(db, auth, id).await
}
