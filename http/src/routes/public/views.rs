//! What the public API answers: published content and the organization's public sections only.

use cabinet_core::ids::MediaId;
use cabinet_core::markdown::render;
use cabinet_core::profile::PublicProfile;
use cabinet_storage::documents::PageDocument;
use cabinet_storage::news::StoredPhoto;
use cabinet_storage::public::{PublicNews, PublicOrg};
use serde::Serialize;
use utoipa::ToSchema;

use crate::App;
use crate::views::ts;

/// Where a file is served.
pub fn media_url(app: &App, id: MediaId) -> String {
    crate::views::media_url(&app.config.public_url, id)
}

/// The organization an item belongs to.
#[derive(Serialize, ToSchema)]
pub struct PublicOrgRef {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    /// The address of its page on the site.
    pub slug: String,
    pub short_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// An organization with the filled sections of its reference info (§4.3).
#[derive(Serialize, ToSchema)]
pub struct PublicOrgView {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub slug: String,
    pub full_name: String,
    pub short_name: String,
    /// `regional` or `interregional`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Only the filled sections: full name, chairman, contacts, website, social pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub profile: Option<PublicProfile>,
}

impl From<PublicOrg> for PublicOrgView {
    fn from(o: PublicOrg) -> Self {
        PublicOrgView {
            id: o.id.to_string(),
            slug: o.slug,
            full_name: o.full_name,
            short_name: o.short_name,
            org_kind: o.org_kind,
            region: o.region,
            profile: o.profile.filter(|p| !p.is_empty()),
        }
    }
}

/// A photo: where readers load it, its size and what it shows.
#[derive(Serialize, ToSchema)]
pub struct PublicPhotoView {
    #[schema(value_type = uuid::Uuid)]
    pub media_id: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

impl PublicPhotoView {
    pub fn of(app: &App, p: &StoredPhoto) -> Self {
        PublicPhotoView {
            media_id: p.media_id.to_string(),
            url: media_url(app, p.media_id),
            width: p.width,
            height: p.height,
            caption: p.caption.clone(),
        }
    }
}

/// A published news item in a list.
#[derive(Serialize, ToSchema)]
pub struct PublicNewsSummary {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub organization: PublicOrgRef,
    pub headline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_place: Option<String>,
    pub published_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<PublicPhotoView>,
}

fn org_ref(n: &PublicNews) -> PublicOrgRef {
    PublicOrgRef {
        id: n.unit_id.to_string(),
        slug: n.unit_slug.clone(),
        short_name: n.unit_name.clone(),
        region: n.region.clone(),
    }
}

impl PublicNewsSummary {
    pub fn of(app: &App, n: &PublicNews) -> Self {
        PublicNewsSummary {
            id: n.id.to_string(),
            organization: org_ref(n),
            headline: n.headline.clone(),
            lead: n.lead.clone(),
            event_date: n.event_date.clone(),
            event_place: n.event_place.clone(),
            published_at: ts(n.published_at),
            cover: n.photos.iter().find(|p| p.is_cover).map(|p| PublicPhotoView::of(app, p)),
        }
    }
}

/// A page of news, newest first.
#[derive(Serialize, ToSchema)]
pub struct PublicNewsPage {
    pub items: Vec<PublicNewsSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// One published news item, whole.
#[derive(Serialize, ToSchema)]
pub struct PublicNewsItem {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub organization: PublicOrgRef,
    pub headline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_place: Option<String>,
    pub published_at: String,
    /// The body as written, in Markdown.
    pub body_markdown: String,
    /// The body as sanitized HTML, safe to insert into a page; photos point at `photos`.
    pub body_html: String,
    pub photos: Vec<PublicPhotoView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<PublicPhotoView>,
}

/// The body of a published item as HTML, showing the item's own photos.
pub fn body_html(app: &App, n: &PublicNews) -> String {
    render(&n.body, &crate::routes::news::resolver(app, &n.photos)).html
}

impl PublicNewsItem {
    pub fn of(app: &App, n: PublicNews) -> Self {
        PublicNewsItem {
            id: n.id.to_string(),
            organization: org_ref(&n),
            body_html: body_html(app, &n),
            cover: n.photos.iter().find(|p| p.is_cover).map(|p| PublicPhotoView::of(app, p)),
            photos: n.photos.iter().map(|p| PublicPhotoView::of(app, p)).collect(),
            headline: n.headline,
            lead: n.lead,
            event_date: n.event_date,
            event_place: n.event_place,
            published_at: ts(n.published_at),
            body_markdown: n.body,
        }
    }
}

/// A document on the organization's page (§4.2).
#[derive(Serialize, ToSchema)]
pub struct PublicDocumentView {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `charter`, `decision`, `report`, `agreement` or `other`.
    pub category: &'static str,
    /// The heading of its section: «Решения и постановления».
    pub category_label: &'static str,
    pub file_url: String,
    pub file_name: String,
    pub file_size: i64,
}

impl PublicDocumentView {
    pub fn of(app: &App, d: PageDocument) -> Self {
        PublicDocumentView {
            id: d.id.to_string(),
            title: d.title,
            date: d.date,
            category: d.category.code(),
            category_label: d.category.label(),
            file_url: media_url(app, d.media_id),
            file_name: d.file_name,
            file_size: d.file_size,
        }
    }
}

/// An organization's public page.
#[derive(Serialize, ToSchema)]
pub struct PublicOrgPage {
    pub organization: PublicOrgView,
    pub documents: Vec<PublicDocumentView>,
    /// The newest published news; the rest through `/organizations/{key}/news`.
    pub latest_news: Vec<PublicNewsSummary>,
    /// The newest published galleries; the rest through `/galleries?organization={key}`.
    pub galleries: Vec<super::galleries::PublicGalleryView>,
}
