//! The material a sender writes, as JSON.

use cabinet_core::materials::{AudienceInput, LinkInput, MaterialInput};
use serde::Deserialize;
use utoipa::ToSchema;

/// A material to send (§2.3).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MaterialBody {
    /// Up to 300 characters.
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    /// Ids of documents of the central committee.
    #[serde(default)]
    pub attachments: Vec<String>,
    /// `http(s)` addresses only: training videos, pages.
    #[serde(default)]
    pub links: Vec<LinkBody>,
    pub audience: AudienceBody,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkBody {
    pub url: String,
    #[serde(default)]
    pub label: String,
}

/// Every organization, those of a region (as written in their cards), or the chosen ones.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AudienceBody {
    All,
    Region { region: String },
    Organizations { organizations: Vec<String> },
}

impl MaterialBody {
    pub fn input(self) -> MaterialInput {
        MaterialInput {
            title: self.title,
            body: self.body,
            attachments: self.attachments,
            links: self.links.into_iter().map(|l| LinkInput { url: l.url, label: l.label }).collect(),
            audience: match self.audience {
                AudienceBody::All => AudienceInput::All,
                AudienceBody::Region { region } => AudienceInput::Region(region),
                AudienceBody::Organizations { organizations } => AudienceInput::Organizations(organizations),
            },
        }
    }
}
