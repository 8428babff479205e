//! What the profile routes read and answer: the form, the profile with its completeness and
//! confirmation, the change history and the overview of overdue confirmations.

use cabinet_core::profile::{ConfirmationStatus, FieldChange, ProfileInput, ResponsibleInput, UNION_OFFSET, due_date};
use cabinet_storage::StorageResult;
use cabinet_storage::profiles::{Confirmation, ProfileChange, StoredProfile, Unconfirmed};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::views::ts;

/// The profile form (§6.2), sent whole and shown whole: an empty string is a field not filled
/// in. Required to confirm the data: `full_name`, `chairman`, `address`, `phone`, `email`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ProfileForm {
    /// Полное наименование организации.
    pub full_name: String,
    /// ФИО председателя.
    pub chairman: String,
    pub address: String,
    /// Российский номер: `+7 495 123-45-67`, `8 (495) 123-45-67`, можно с `доб. 123`.
    pub phone: String,
    pub email: String,
    /// Сайт организации: адрес http(s).
    pub website: String,
    /// Страницы в социальных сетях, не больше 10; пустые строки пропускаются.
    pub social: Vec<String>,
    /// Сотрудник, ответственный за работу в кабинете (не публикуется).
    pub responsible: ResponsibleForm,
}

/// All empty: no responsible employee. Otherwise the name and an e-mail or a phone are required.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ResponsibleForm {
    pub name: String,
    pub position: String,
    pub email: String,
    pub phone: String,
}

impl From<ProfileForm> for ProfileInput {
    fn from(f: ProfileForm) -> Self {
        let r = f.responsible;
        ProfileInput {
            full_name: f.full_name,
            chairman: f.chairman,
            address: f.address,
            phone: f.phone,
            email: f.email,
            website: f.website,
            social: f.social,
            responsible: ResponsibleInput { name: r.name, position: r.position, email: r.email, phone: r.phone },
        }
    }
}

impl From<ProfileInput> for ProfileForm {
    fn from(i: ProfileInput) -> Self {
        let r = i.responsible;
        ProfileForm {
            full_name: i.full_name,
            chairman: i.chairman,
            address: i.address,
            phone: i.phone,
            email: i.email,
            website: i.website,
            social: i.social,
            responsible: ResponsibleForm { name: r.name, position: r.position, email: r.email, phone: r.phone },
        }
    }
}

/// An organization's profile as its staff see it.
#[derive(Serialize, ToSchema)]
pub struct ProfileView {
    pub unit_id: String,
    /// The values normalised (phones formatted, e-mail addresses in lower case): send it back to edit.
    pub profile: ProfileForm,
    /// Whether every required field is filled in.
    pub complete: bool,
    /// The required fields still empty, in the form's order.
    pub missing: Vec<MissingField>,
    /// The last save that changed something; absent until then.
    pub updated_at: Option<String>,
    pub confirmation: ConfirmationView,
}

#[derive(Serialize, ToSchema)]
pub struct MissingField {
    /// The field's path in the form.
    pub field: String,
    /// What to fill in, in Russian.
    pub label: String,
}

/// Whether the data was confirmed as current within the last three months (§6.3).
#[derive(Serialize, ToSchema)]
pub struct ConfirmationView {
    /// `current`, `overdue` or `never`.
    pub status: String,
    /// Days since the confirmation ran out, when `overdue`.
    pub overdue_days: Option<u32>,
    pub confirmed_at: Option<String>,
    /// The login of whoever confirmed.
    pub confirmed_by: Option<String>,
    /// The last day the confirmation is current, on Moscow time (`YYYY-MM-DD`).
    pub due_date: Option<String>,
}

/// Now, on the union's calendar: the one the three months of §6.3 are counted in.
pub fn union_now() -> OffsetDateTime {
    OffsetDateTime::now_utc().to_offset(UNION_OFFSET)
}

impl ConfirmationView {
    pub fn of(confirmation: Option<Confirmation>, now: OffsetDateTime) -> StorageResult<Self> {
        let status = Confirmation::status(confirmation.as_ref(), now)?;
        let (code, overdue_days) = match status {
            ConfirmationStatus::Current => ("current", None),
            ConfirmationStatus::Overdue { since_days } => ("overdue", Some(since_days)),
            ConfirmationStatus::Never => ("never", None),
        };
        let due = confirmation
            .as_ref()
            .and_then(|c| OffsetDateTime::from_unix_timestamp_nanos(i128::from(c.at) * 1_000_000).ok())
            .and_then(|last| due_date(last, now))
            .map(|d| d.to_string());
        Ok(ConfirmationView {
            status: code.to_owned(),
            overdue_days,
            confirmed_at: confirmation.as_ref().map(|c| ts(c.at)),
            confirmed_by: confirmation.map(|c| c.by),
            due_date: due,
        })
    }
}

impl ProfileView {
    pub fn of(stored: StoredProfile, now: OffsetDateTime) -> StorageResult<Self> {
        let missing = stored.profile.completeness();
        Ok(ProfileView {
            unit_id: stored.unit_id.to_string(),
            profile: stored.profile.to_input().into(),
            complete: missing.is_empty(),
            missing: missing
                .into_iter()
                .map(|f| MissingField { field: f.path().to_owned(), label: f.label().to_owned() })
                .collect(),
            updated_at: stored.updated_at.map(ts),
            confirmation: ConfirmationView::of(stored.confirmation, now)?,
        })
    }
}

/// One save in the change history.
#[derive(Serialize, ToSchema)]
pub struct ProfileChangeView {
    pub at: String,
    /// `user` or `token`.
    pub actor_kind: String,
    pub actor_id: Option<String>,
    /// The login of the user, or the token's name.
    pub actor_label: String,
    pub changes: Vec<FieldChangeView>,
}

/// One field's change; `null` is "empty". Social pages: one change per page added or removed.
#[derive(Serialize, ToSchema)]
pub struct FieldChangeView {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl From<ProfileChange> for ProfileChangeView {
    fn from(c: ProfileChange) -> Self {
        ProfileChangeView {
            at: ts(c.at),
            actor_kind: c.actor_kind,
            actor_id: c.actor_id,
            actor_label: c.actor_label,
            changes: c.changes.into_iter().map(FieldChangeView::from).collect(),
        }
    }
}

impl From<FieldChange> for FieldChangeView {
    fn from(c: FieldChange) -> Self {
        FieldChangeView { field: c.field, old: c.old, new: c.new }
    }
}

/// An organization that never confirmed its data or whose confirmation ran out.
#[derive(Serialize, ToSchema)]
pub struct UnconfirmedView {
    pub unit_id: String,
    pub slug: String,
    pub full_name: String,
    pub short_name: String,
    pub confirmation: ConfirmationView,
}

impl UnconfirmedView {
    pub fn of(u: Unconfirmed, now: OffsetDateTime) -> StorageResult<Self> {
        Ok(UnconfirmedView {
            unit_id: u.unit_id.to_string(),
            slug: u.slug,
            full_name: u.full_name,
            short_name: u.short_name,
            confirmation: ConfirmationView::of(u.confirmation, now)?,
        })
    }
}
