//! What the API shows of an appeal and of the consent text.

use cabinet_core::appeals::{AppealStatus, CONSENT_TEXT, CONSENT_VERSION};
use cabinet_storage::appeals::StoredAppeal;
use serde::Serialize;
use utoipa::ToSchema;

use crate::views::ts;

/// The consent to the processing of personal data a site shows next to its form.
#[derive(Serialize, ToSchema)]
pub struct ConsentView {
    /// Sent back with the appeal as `consent_version`.
    pub version: &'static str,
    pub text: &'static str,
}

impl ConsentView {
    pub fn current() -> Self {
        ConsentView { version: CONSENT_VERSION, text: CONSENT_TEXT }
    }
}

fn status(s: AppealStatus) -> &'static str {
    s.code()
}

/// An appeal in a list.
#[derive(Serialize, ToSchema)]
pub struct AppealSummary {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub received_at: String,
    pub name: String,
    pub email: String,
    /// `new` or `answered`.
    pub status: &'static str,
    /// Whether a letter about it went to the organization's address.
    pub mailed: bool,
}

impl From<&StoredAppeal> for AppealSummary {
    fn from(a: &StoredAppeal) -> Self {
        AppealSummary {
            id: a.id.to_string(),
            received_at: ts(a.received_at),
            name: a.name.clone(),
            email: a.email.clone(),
            status: status(a.status),
            mailed: a.mailed,
        }
    }
}

/// An appeal with its text, the consent it came with and how it was answered.
#[derive(Serialize, ToSchema)]
pub struct AppealView {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    #[schema(value_type = uuid::Uuid)]
    pub unit_id: String,
    pub received_at: String,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub text: String,
    /// `new` or `answered`.
    pub status: &'static str,
    pub mailed: bool,
    pub consent_version: String,
    pub consent_text: String,
    pub answered_at: Option<String>,
    /// The login (or token name) of who marked it answered.
    pub answered_by: Option<String>,
    pub note: Option<String>,
}

impl From<StoredAppeal> for AppealView {
    fn from(a: StoredAppeal) -> Self {
        AppealView {
            id: a.id.to_string(),
            unit_id: a.unit_id.to_string(),
            received_at: ts(a.received_at),
            status: status(a.status),
            answered_at: a.answered_at.map(ts),
            name: a.name,
            email: a.email,
            phone: a.phone,
            text: a.text,
            mailed: a.mailed,
            consent_version: a.consent_version,
            consent_text: a.consent_text,
            answered_by: a.answered_by,
            note: a.note,
        }
    }
}
