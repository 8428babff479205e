//! Information materials the central committee sends to organizations (§2.3): what a sender
//! writes, checked as a whole, and the organizations it goes to.
//!
//! A material names stored things (documents, organizations) that only storage can look up, so
//! [`MaterialInput::parse`] takes what storage found ([`Known`]) and reports every problem of
//! every field at once, the unknown ids among them.

mod audience;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::Invalid;
use crate::ids::{MediaId, UnitId};
use crate::profile::WebUrl;
use crate::text::{optional_line, required_line};

pub use audience::{Audience, AudienceInput, Organization};

pub const TITLE_MAX: usize = 300;
pub const BODY_MAX: usize = 50_000;
pub const LABEL_MAX: usize = 200;
pub const ATTACHMENTS_MAX: usize = 20;
pub const LINKS_MAX: usize = 20;

/// A link as the sender typed it.
#[derive(Debug, Clone, Default)]
pub struct LinkInput {
    pub url: String,
    pub label: String,
}

/// A material as the sender typed it.
#[derive(Debug, Clone)]
pub struct MaterialInput {
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Media ids of documents of the central committee.
    pub attachments: Vec<String>,
    pub links: Vec<LinkInput>,
    pub audience: AudienceInput,
}

/// A stored media item, as far as attaching it is concerned.
#[derive(Debug, Clone)]
pub struct MediaFacts {
    pub unit: UnitId,
    pub is_document: bool,
    /// The name shown for download.
    pub name: String,
}

/// What storage found for the ids an input names.
#[derive(Debug, Clone)]
pub struct Known {
    /// Attachments must be the central committee's own documents.
    pub central: UnitId,
    /// Only the ids that exist.
    pub media: HashMap<MediaId, MediaFacts>,
    /// Every organization of the union, at the moment of sending.
    pub organizations: Vec<Organization>,
}

/// An address for recipients to follow: a training video, a page (resolution §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: WebUrl,
    pub label: Option<String>,
}

/// A document attached to a material, with the name it had when the material was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: MediaId,
    pub name: String,
}

/// A material ready to send: every rule holds and every recipient is resolved.
#[derive(Debug, Clone)]
pub struct Material {
    pub title: String,
    pub body: String,
    pub attachments: Vec<Attachment>,
    pub links: Vec<Link>,
    pub audience: Audience,
    /// The organizations that receive it, resolved once: organizations created later do not.
    pub recipients: Vec<UnitId>,
}

impl MaterialInput {
    /// The attachment ids that are well-formed, for storage to look up before [`Self::parse`].
    pub fn attachment_ids(&self) -> Vec<MediaId> {
        self.attachments.iter().filter_map(|a| a.trim().parse().ok()).collect()
    }

    /// The material, or every problem of every field.
    pub fn parse(&self, known: &Known) -> Result<Material, Vec<Invalid>> {
        let mut errors = Vec::new();
        let title = required_line(&self.title, "title", TITLE_MAX).map_err(|e| errors.push(e)).ok();
        let body = self.body.trim().to_owned();
        if body.chars().count() > BODY_MAX {
            errors.push(Invalid::new(
                "body",
                "too_long",
                format!("Текст слишком длинный: не больше {BODY_MAX} символов."),
            ));
        }
        let attachments = attachments(&self.attachments, known, &mut errors);
        let links = links(&self.links, &mut errors);
        if body.is_empty() && self.attachments.is_empty() && self.links.is_empty() {
            errors.push(Invalid::new(
                "body",
                "empty_material",
                "Материал пуст: напишите текст, приложите документ или добавьте ссылку.",
            ));
        }
        let resolved = self.audience.resolve(&known.organizations).map_err(|e| errors.extend(e)).ok();
        match (title, resolved) {
            (Some(title), Some((audience, recipients))) if errors.is_empty() => {
                Ok(Material { title, body, attachments, links, audience, recipients })
            }
            _ => Err(errors),
        }
    }
}

fn attachments(ids: &[String], known: &Known, errors: &mut Vec<Invalid>) -> Vec<Attachment> {
    if ids.len() > ATTACHMENTS_MAX {
        errors.push(Invalid::new(
            "attachments",
            "too_many",
            format!("Слишком много документов: не больше {ATTACHMENTS_MAX} к одному материалу."),
        ));
        return Vec::new();
    }
    let mut found: Vec<Attachment> = Vec::new();
    for (i, raw) in ids.iter().enumerate() {
        let field = format!("attachments[{i}]");
        let id = raw.trim().parse::<MediaId>().ok();
        match id.and_then(|id| known.media.get(&id).map(|facts| (id, facts))) {
            Some((_, facts)) if facts.unit == known.central && !facts.is_document => errors.push(Invalid::new(
                field,
                "not_a_document",
                "Это фотография, а не документ: к материалу прикладываются только документы, загруженные в \
                 раздел документов Центрального комитета.",
            )),
            Some((id, facts)) if facts.unit == known.central => {
                // The same document chosen twice is attached once.
                if !found.iter().any(|a| a.id == id) {
                    found.push(Attachment { id, name: facts.name.clone() });
                }
            }
            // Another unit's document looks exactly like an unknown one.
            _ => errors.push(Invalid::new(
                field,
                "unknown_document",
                "Документ не найден среди документов Центрального комитета: загрузите его в раздел документов \
                 ЦК и выберите оттуда.",
            )),
        }
    }
    found
}

fn links(inputs: &[LinkInput], errors: &mut Vec<Invalid>) -> Vec<Link> {
    if inputs.len() > LINKS_MAX {
        errors.push(Invalid::new(
            "links",
            "too_many",
            format!("Слишком много ссылок: не больше {LINKS_MAX} в одном материале."),
        ));
        return Vec::new();
    }
    let mut links = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let url = WebUrl::parse(&input.url).map_err(|e| errors.push(e.at(format!("links[{i}].url")))).ok();
        let label =
            optional_line(&input.label, &format!("links[{i}].label"), LABEL_MAX).map_err(|e| errors.push(e)).ok();
        if let (Some(url), Some(label)) = (url, label) {
            links.push(Link { url, label });
        }
    }
    links
}
