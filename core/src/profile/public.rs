//! What the organization's public page shows (§4.3): only the sections that are filled in, and
//! never the responsible employee (resolution §2.1: a contact for the central committee).

use serde::Serialize;

use super::{Phone, Profile, SocialLink, SocialNetwork, WebUrl};
use crate::Email;

/// The public reference info. An empty section is absent from the JSON, never `null` or `[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicProfile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chairman: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts: Option<PublicContacts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<PublicLink>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub social: Vec<PublicLink>,
}

/// The organization's address, phone and e-mail; present only when at least one is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicContacts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<PublicPhone>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicPhone {
    /// `+74951234567`.
    pub e164: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// `+7 495 123-45-67, доб. 123`.
    pub display: String,
    /// `tel:+74951234567;ext=123`.
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicLink {
    /// The normalised ASCII address, for `href`.
    pub url: WebUrl,
    /// The address as people read it (IDN host in its own letters).
    pub display: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<SocialNetwork>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<&'static str>,
}

impl Profile {
    /// The sections to publish; the responsible employee is left out whatever is filled in.
    pub fn public_view(&self) -> PublicProfile {
        let contacts = PublicContacts {
            address: self.address.clone(),
            phone: self.phone.as_ref().map(PublicPhone::from),
            email: self.email.clone(),
        };
        let has_contacts = contacts.address.is_some() || contacts.phone.is_some() || contacts.email.is_some();
        PublicProfile {
            full_name: self.full_name.clone(),
            chairman: self.chairman.clone(),
            contacts: has_contacts.then_some(contacts),
            website: self.website.as_ref().map(|url| PublicLink::new(url, None)),
            social: self.social.iter().map(PublicLink::from).collect(),
        }
    }
}

impl PublicProfile {
    /// Nothing to publish at all: the page shows no reference section.
    pub fn is_empty(&self) -> bool {
        self.full_name.is_none()
            && self.chairman.is_none()
            && self.contacts.is_none()
            && self.website.is_none()
            && self.social.is_empty()
    }
}

impl From<&Phone> for PublicPhone {
    fn from(phone: &Phone) -> Self {
        Self {
            e164: phone.e164().to_owned(),
            extension: phone.extension().map(str::to_owned),
            display: phone.to_string(),
            href: phone.tel_uri(),
        }
    }
}

impl PublicLink {
    fn new(url: &WebUrl, network: Option<SocialNetwork>) -> Self {
        Self { url: url.clone(), display: url.display(), network, label: network.map(SocialNetwork::label) }
    }
}

impl From<&SocialLink> for PublicLink {
    fn from(link: &SocialLink) -> Self {
        Self::new(link.url(), link.network())
    }
}
