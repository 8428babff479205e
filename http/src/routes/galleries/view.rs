//! What the API shows of a gallery: its event, photos, state, findings and history.

use cabinet_core::galleries::{GalleryChecks, GalleryFinding, check};
use cabinet_core::news::Severity;
use cabinet_storage::galleries::{self, Access, Gallery, Photo, Queued};
use cabinet_storage::now_ms;
use serde::Serialize;
use utoipa::ToSchema;

use super::stored_text;
use crate::App;
use crate::error::ApiResult;
use crate::routes::news::StepView;
use crate::views::ts;

/// One finding of a gallery's checks: a blocking one stops submission and publication.
#[derive(Serialize, ToSchema)]
pub struct GalleryFindingView {
    /// `title_all_caps` or `photos_missing`.
    pub code: &'static str,
    /// `blocking` or `warning`.
    pub severity: &'static str,
    /// `title` or `photos`.
    pub field: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

impl From<&GalleryFinding> for GalleryFindingView {
    fn from(f: &GalleryFinding) -> Self {
        GalleryFindingView {
            code: f.code(),
            severity: match f.severity() {
                Severity::Blocking => "blocking",
                Severity::Warning => "warning",
            },
            field: f.field(),
            message: f.message(),
            details: f.details(),
        }
    }
}

/// A photo of the gallery, in its place.
#[derive(Serialize, ToSchema)]
pub struct GalleryPhotoView {
    pub media_id: String,
    /// 1 for the first.
    pub position: i64,
    pub caption: Option<String>,
    pub width: u32,
    pub height: u32,
    /// Where the file is served (`GET`): to anybody once the gallery is published.
    pub url: String,
    /// Whether the file is public now.
    pub published: bool,
}

impl GalleryPhotoView {
    fn of(p: Photo, public_url: &str) -> Self {
        GalleryPhotoView {
            url: crate::views::media_url(public_url, p.media_id),
            media_id: p.media_id.to_string(),
            position: p.position,
            caption: p.caption,
            width: p.width,
            height: p.height,
            published: p.published,
        }
    }
}

/// A gallery as its author and the moderator see it.
#[derive(Serialize, ToSchema)]
pub struct GalleryView {
    pub id: String,
    pub unit_id: String,
    /// `draft`, `submitted`, `published`, `rejected` or `unpublished`.
    pub state: &'static str,
    /// The state in words: «на модерации».
    pub state_label: &'static str,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub event_date: Option<String>,
    pub event_place: Option<String>,
    /// Plain text.
    pub description: Option<String>,
    /// In the order the gallery shows them.
    pub photos: Vec<GalleryPhotoView>,
    /// The login (or token name) of whoever created it.
    pub author: String,
    pub created_at: String,
    pub updated_at: String,
    pub submitted_at: Option<String>,
    /// When and by whom the gallery was confirmed ready with its submission.
    pub readiness_confirmed_at: Option<String>,
    pub readiness_confirmed_by: Option<String>,
    pub published_at: Option<String>,
    pub published_by: Option<String>,
    /// The moderator's latest reason to reject or unpublish.
    pub reason: Option<String>,
    /// The checks of the present gallery.
    pub findings: Vec<GalleryFindingView>,
    /// Whether a blocking finding stops submission.
    pub blocks_submission: bool,
    /// Who moved it where, when and why, oldest first.
    pub history: Vec<StepView>,
}

/// The findings of a gallery as stored.
pub fn checks(gallery: &Gallery) -> ApiResult<GalleryChecks> {
    Ok(check(&stored_text(gallery)?))
}

/// The full view of a gallery the caller reached through `access`.
pub async fn full(app: &App, access: &Access, g: Gallery) -> ApiResult<GalleryView> {
    let checks = checks(&g)?;
    let history = galleries::history(&app.db, access, g.id).await?;
    Ok(GalleryView {
        id: g.id.to_string(),
        unit_id: g.unit_id.to_string(),
        state: g.state.code(),
        state_label: g.state.label(),
        title: g.title,
        event_date: g.event_date,
        event_place: g.event_place,
        description: g.description,
        photos: g.photos.into_iter().map(|p| GalleryPhotoView::of(p, &app.config.public_url)).collect(),
        author: g.author_label,
        created_at: ts(g.created_at),
        updated_at: ts(g.updated_at),
        submitted_at: g.submitted_at.map(ts),
        readiness_confirmed_at: g.readiness_confirmed_at.map(ts),
        readiness_confirmed_by: g.readiness_confirmed_by,
        published_at: g.published_at.map(ts),
        published_by: g.published_by,
        reason: g.reason,
        findings: checks.findings().iter().map(GalleryFindingView::from).collect(),
        blocks_submission: checks.blocks_submission(),
        history: history.into_iter().map(StepView::from).collect(),
    })
}

/// A gallery waiting for the moderator.
#[derive(Serialize, ToSchema)]
pub struct QueuedGalleryView {
    pub id: String,
    pub unit_id: String,
    /// The organization's short name.
    pub unit_name: String,
    pub title: String,
    pub photo_count: usize,
    pub author: String,
    pub submitted_at: Option<String>,
    /// How long it has waited, in seconds.
    pub waiting_seconds: i64,
    /// The findings the moderator sees along with the gallery.
    pub findings: Vec<GalleryFindingView>,
}

impl QueuedGalleryView {
    pub fn of(q: Queued) -> ApiResult<Self> {
        let checks = checks(&q.gallery)?;
        let g = q.gallery;
        Ok(QueuedGalleryView {
            id: g.id.to_string(),
            unit_id: g.unit_id.to_string(),
            unit_name: q.unit_name,
            title: g.title,
            photo_count: g.photos.len(),
            author: g.author_label,
            waiting_seconds: g.submitted_at.map(|at| (now_ms() - at).max(0) / 1000).unwrap_or_default(),
            submitted_at: g.submitted_at.map(ts),
            findings: checks.findings().iter().map(GalleryFindingView::from).collect(),
        })
    }
}

/// A gallery in its unit's list.
#[derive(Serialize, ToSchema)]
pub struct GallerySummary {
    pub id: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub event_date: Option<String>,
    pub photo_count: usize,
    pub author: String,
    pub updated_at: String,
    pub submitted_at: Option<String>,
    pub published_at: Option<String>,
    pub reason: Option<String>,
}

impl From<Gallery> for GallerySummary {
    fn from(g: Gallery) -> Self {
        GallerySummary {
            id: g.id.to_string(),
            state: g.state.code(),
            state_label: g.state.label(),
            title: g.title,
            event_date: g.event_date,
            photo_count: g.photos.len(),
            author: g.author_label,
            updated_at: ts(g.updated_at),
            submitted_at: g.submitted_at.map(ts),
            published_at: g.published_at.map(ts),
            reason: g.reason,
        }
    }
}
