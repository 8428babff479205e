//! The parsed profile: every value given is known good, required ones may still be missing.

use super::{Phone, ProfileInput, ResponsibleInput, SocialLink, WebUrl};
use crate::{Email, Invalid};

/// An organization's reference info (§6.2), built only by [`ProfileInput::parse`].
///
/// A profile is filled in step by step, so a saved profile may lack required fields (full name,
/// chairman, address, phone, e-mail); [`Profile::completeness`] says which, and the public view
/// leaves out whatever is empty (§4.3). A value that *is* given always satisfies its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub(super) full_name: Option<String>,
    pub(super) chairman: Option<String>,
    pub(super) address: Option<String>,
    pub(super) phone: Option<Phone>,
    pub(super) email: Option<Email>,
    pub(super) website: Option<WebUrl>,
    pub(super) social: Vec<SocialLink>,
    pub(super) responsible: Option<Responsible>,
}

/// The employee responsible for the cabinet (resolution §2.1), for the central committee to
/// reach; never published. Always has a name and at least one of e-mail and phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Responsible {
    pub(super) name: String,
    pub(super) position: Option<String>,
    pub(super) email: Option<Email>,
    pub(super) phone: Option<Phone>,
}

/// A field §6.2 requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequiredField {
    FullName,
    Chairman,
    Address,
    Phone,
    Email,
}

impl RequiredField {
    /// The input path, as in [`Invalid::field`].
    pub fn path(self) -> &'static str {
        match self {
            Self::FullName => "full_name",
            Self::Chairman => "chairman",
            Self::Address => "address",
            Self::Phone => "phone",
            Self::Email => "email",
        }
    }

    /// What to ask for, in Russian.
    pub fn label(self) -> &'static str {
        match self {
            Self::FullName => "полное наименование организации",
            Self::Chairman => "ФИО председателя",
            Self::Address => "адрес",
            Self::Phone => "телефон",
            Self::Email => "e-mail организации",
        }
    }
}

impl Profile {
    pub fn full_name(&self) -> Option<&str> {
        self.full_name.as_deref()
    }
    pub fn chairman(&self) -> Option<&str> {
        self.chairman.as_deref()
    }
    pub fn address(&self) -> Option<&str> {
        self.address.as_deref()
    }
    pub fn phone(&self) -> Option<&Phone> {
        self.phone.as_ref()
    }
    pub fn email(&self) -> Option<&Email> {
        self.email.as_ref()
    }
    pub fn website(&self) -> Option<&WebUrl> {
        self.website.as_ref()
    }
    pub fn social(&self) -> &[SocialLink] {
        &self.social
    }
    pub fn responsible(&self) -> Option<&Responsible> {
        self.responsible.as_ref()
    }

    /// The required fields still empty, in the form's order; empty when the profile is complete.
    pub fn completeness(&self) -> Vec<RequiredField> {
        [
            (RequiredField::FullName, self.full_name.is_some()),
            (RequiredField::Chairman, self.chairman.is_some()),
            (RequiredField::Address, self.address.is_some()),
            (RequiredField::Phone, self.phone.is_some()),
            (RequiredField::Email, self.email.is_some()),
        ]
        .into_iter()
        .filter_map(|(field, given)| (!given).then_some(field))
        .collect()
    }

    /// Every missing required field as a refusal, for an action that needs the whole profile
    /// (confirming it as up to date, §6.3).
    pub fn require_complete(&self) -> Result<(), Vec<Invalid>> {
        let missing: Vec<Invalid> = self
            .completeness()
            .into_iter()
            .map(|f| Invalid::new(f.path(), "required", format!("Заполните поле «{}».", f.label())))
            .collect();
        if missing.is_empty() { Ok(()) } else { Err(missing) }
    }

    /// The input that parses back to this profile: for an edit form and for storage.
    pub fn to_input(&self) -> ProfileInput {
        let text = |v: Option<&str>| v.unwrap_or_default().to_owned();
        ProfileInput {
            full_name: text(self.full_name()),
            chairman: text(self.chairman()),
            address: text(self.address()),
            phone: self.phone.as_ref().map(Phone::to_string).unwrap_or_default(),
            email: text(self.email.as_ref().map(Email::as_str)),
            website: text(self.website.as_ref().map(WebUrl::as_str)),
            social: self.social.iter().map(|s| s.url().as_str().to_owned()).collect(),
            responsible: self.responsible.as_ref().map(Responsible::to_input).unwrap_or_default(),
        }
    }
}

impl Responsible {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn position(&self) -> Option<&str> {
        self.position.as_deref()
    }
    pub fn email(&self) -> Option<&Email> {
        self.email.as_ref()
    }
    pub fn phone(&self) -> Option<&Phone> {
        self.phone.as_ref()
    }

    fn to_input(&self) -> ResponsibleInput {
        ResponsibleInput {
            name: self.name.clone(),
            position: self.position.clone().unwrap_or_default(),
            email: self.email.as_ref().map(|e| e.as_str().to_owned()).unwrap_or_default(),
            phone: self.phone.as_ref().map(Phone::to_string).unwrap_or_default(),
        }
    }
}
