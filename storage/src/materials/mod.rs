//! Information materials of the central committee (§2.3) and their receipts: one row per
//! recipient organization, resolved when the material is sent, with its first opening.
//!
//! The sender reads every receipt through [`PublishMaterials`]; an organization reads only its
//! own receipts through [`ReadMaterials`] bound to its unit, so a material it did not receive is
//! not found.

mod read;
mod write;

use cabinet_core::UnitId;
use cabinet_core::ids::{MaterialId, MediaId};
use cabinet_core::materials::Audience;
use serde::Deserialize;

pub use read::{Receipt, SentSummary, get_sent, inbox, list_sent};
pub use write::{known, open, send};

use crate::StorageError;

/// A link as stored.
#[derive(Debug, Clone, Deserialize)]
pub struct StoredLink {
    pub url: String,
    pub label: Option<String>,
}

/// An attached document as stored: its id and the name it had when the material was sent.
#[derive(Debug, Clone, Deserialize)]
pub struct StoredAttachment {
    pub id: MediaId,
    pub name: String,
}

/// A sent material.
#[derive(Debug, Clone)]
pub struct Material {
    pub id: MaterialId,
    pub title: String,
    /// Markdown source.
    pub body: String,
    pub links: Vec<StoredLink>,
    pub attachments: Vec<StoredAttachment>,
    pub audience: Audience,
    pub sent_at: i64,
    pub sent_by_id: Option<String>,
    pub sent_by_label: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    title: String,
    body: String,
    links: String,
    attachments: String,
    audience: String,
    sent_at: i64,
    sent_by_id: Option<String>,
    sent_by_label: String,
}

const COLUMNS: &str =
    "m.id, m.title, m.body, m.links, m.attachments, m.audience, m.sent_at, m.sent_by_id, m.sent_by_label";

impl TryFrom<Row> for Material {
    type Error = StorageError;

    fn try_from(r: Row) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StorageError::Corrupt(format!("material {}: {what}", r.id));
        Ok(Material {
            id: r.id.parse().map_err(|_| corrupt("id"))?,
            links: serde_json::from_str(&r.links).map_err(|_| corrupt("links"))?,
            attachments: serde_json::from_str(&r.attachments).map_err(|_| corrupt("attachments"))?,
            audience: serde_json::from_str(&r.audience).map_err(|_| corrupt("audience"))?,
            title: r.title,
            body: r.body,
            sent_at: r.sent_at,
            sent_by_id: r.sent_by_id,
            sent_by_label: r.sent_by_label,
        })
    }
}

fn unit_id(text: &str) -> Result<UnitId, StorageError> {
    text.parse().map_err(|_| StorageError::Corrupt(format!("material receipt: unit id {text}")))
}
