//! What the API shows of a material: to its sender with every receipt, to a recipient with its own.

use cabinet_core::markdown::{PhotoResolver, render};
use cabinet_storage::materials::{Material, Receipt, SentSummary};
use serde::Serialize;
use utoipa::ToSchema;

use crate::App;
use crate::views::ts;

#[derive(Serialize, ToSchema)]
pub struct LinkView {
    pub url: String,
    pub label: Option<String>,
}

/// An attached document; `url` serves it as the media routes do.
#[derive(Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: String,
    pub name: String,
    pub url: String,
}

/// One recipient organization's receipt: opened or not yet.
#[derive(Serialize, ToSchema)]
pub struct ReceiptView {
    pub unit_id: String,
    pub unit_name: String,
    pub opened_at: Option<String>,
    /// The login (or token name) of whoever opened it first.
    pub opened_by: Option<String>,
}

impl From<Receipt> for ReceiptView {
    fn from(r: Receipt) -> Self {
        ReceiptView {
            unit_id: r.unit_id.to_string(),
            unit_name: r.unit_name,
            opened_at: r.opened_at.map(ts),
            opened_by: r.opened_by,
        }
    }
}

/// A material. The sender sees `audience`, `sent_by` and every receipt; a recipient sees only
/// its own `receipt`.
#[derive(Serialize, ToSchema)]
pub struct MaterialView {
    pub id: String,
    pub title: String,
    /// Markdown source.
    pub body: String,
    /// The body as sanitized HTML.
    pub html: String,
    pub links: Vec<LinkView>,
    pub attachments: Vec<AttachmentView>,
    pub sent_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_by: Option<String>,
    /// `{"kind": "all"}`, `{"kind": "region", "region"}` or `{"kind": "organizations", "organizations"}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub audience: Option<serde_json::Value>,
    /// For the sender: every recipient, opened or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipts: Option<Vec<ReceiptView>>,
    /// For a recipient: its own receipt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt: Option<ReceiptView>,
}

fn base(app: &App, m: Material) -> MaterialView {
    let html = render(&m.body, &PhotoResolver::new(&app.config.public_url)).html;
    MaterialView {
        id: m.id.to_string(),
        html,
        title: m.title,
        body: m.body,
        links: m.links.into_iter().map(|l| LinkView { url: l.url, label: l.label }).collect(),
        attachments: m
            .attachments
            .into_iter()
            .map(|a| AttachmentView { url: format!("/media/{}", a.id), id: a.id.to_string(), name: a.name })
            .collect(),
        sent_at: ts(m.sent_at),
        sent_by: None,
        audience: None,
        receipts: None,
        receipt: None,
    }
}

pub fn for_sender(app: &App, m: Material, receipts: Vec<Receipt>) -> MaterialView {
    let (sent_by, audience) = (m.sent_by_label.clone(), serde_json::to_value(&m.audience).ok());
    MaterialView {
        sent_by: Some(sent_by),
        audience,
        receipts: Some(receipts.into_iter().map(ReceiptView::from).collect()),
        ..base(app, m)
    }
}

pub fn for_recipient(app: &App, m: Material, receipt: Receipt) -> MaterialView {
    MaterialView { receipt: Some(receipt.into()), ..base(app, m) }
}

/// A material in an organization's inbox.
#[derive(Serialize, ToSchema)]
pub struct InboxItem {
    pub id: String,
    pub title: String,
    pub sent_at: String,
    /// When the organization first opened it; `null` while unread.
    pub opened_at: Option<String>,
}

impl From<(Material, Option<i64>)> for InboxItem {
    fn from((m, opened_at): (Material, Option<i64>)) -> Self {
        InboxItem { id: m.id.to_string(), title: m.title, sent_at: ts(m.sent_at), opened_at: opened_at.map(ts) }
    }
}

/// A sent material with how many of its recipients have opened it.
#[derive(Serialize, ToSchema)]
pub struct SentSummaryView {
    pub id: String,
    pub title: String,
    pub sent_at: String,
    pub sent_by: String,
    #[schema(value_type = Object)]
    pub audience: serde_json::Value,
    pub recipients: i64,
    pub opened: i64,
}

impl From<SentSummary> for SentSummaryView {
    fn from(s: SentSummary) -> Self {
        let m = s.material;
        SentSummaryView {
            id: m.id.to_string(),
            audience: serde_json::to_value(&m.audience).unwrap_or_default(),
            title: m.title,
            sent_at: ts(m.sent_at),
            sent_by: m.sent_by_label,
            recipients: s.recipients,
            opened: s.opened,
        }
    }
}
