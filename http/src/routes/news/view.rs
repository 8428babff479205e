//! What the API shows of a news item: its text, state, §5.4 findings, preview and history.

use cabinet_core::markdown::{Photo, PhotoResolver, render};
use cabinet_core::news::{Checks, Finding, Severity, check};
use cabinet_storage::news::{self, Access, News, Queued, Record, StoredPhoto};
use cabinet_storage::now_ms;
use serde::Serialize;
use utoipa::ToSchema;

use super::stored_text;
use crate::App;
use crate::error::ApiResult;
use crate::views::{media_url, ts};

/// One §5.4 finding: a warning, or a blocking one that stops submission and publication.
#[derive(Serialize, ToSchema)]
pub struct FindingView {
    /// `headline_all_caps`, `lead_missing`, `body_empty`, `body_paragraphs`, `abbreviation_not_spelled_out`.
    pub code: &'static str,
    /// `blocking` or `warning`.
    pub severity: &'static str,
    /// `headline`, `lead` or `body`.
    pub field: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The numbers: paragraphs counted, the abbreviation and where it is.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

impl From<&Finding> for FindingView {
    fn from(f: &Finding) -> Self {
        FindingView {
            code: f.code(),
            severity: match f.severity() {
                Severity::Blocking => "blocking",
                Severity::Warning => "warning",
            },
            field: f.field().path(),
            message: f.message(),
            details: f.details(),
        }
    }
}

/// One step of the item's life.
#[derive(Serialize, ToSchema)]
pub struct StepView {
    pub at: String,
    /// `create`, `edit`, `submit`, `publish`, `reject` or `unpublish`.
    pub event: String,
    pub from_state: Option<String>,
    pub to_state: String,
    /// The login (or token name) of whoever did it.
    pub actor: String,
    pub actor_id: Option<String>,
    /// Why it was rejected or unpublished.
    pub reason: Option<String>,
}

impl From<Record> for StepView {
    fn from(r: Record) -> Self {
        StepView {
            at: ts(r.at),
            event: r.event,
            from_state: r.from.map(|s| s.code().to_owned()),
            to_state: r.to.code().to_owned(),
            actor: r.actor_label,
            actor_id: r.actor_id,
            reason: r.reason,
        }
    }
}

/// A news item as its author and the moderator see it.
#[derive(Serialize, ToSchema)]
pub struct NewsView {
    pub id: String,
    pub unit_id: String,
    /// `draft`, `submitted`, `published`, `rejected` or `unpublished`.
    pub state: &'static str,
    /// The state in words: «на модерации».
    pub state_label: &'static str,
    pub headline: String,
    pub lead: Option<String>,
    /// Markdown source.
    pub body: String,
    /// `YYYY-MM-DD`.
    pub event_date: Option<String>,
    pub event_place: Option<String>,
    /// The login (or token name) of whoever created it.
    pub author: String,
    pub created_at: String,
    pub updated_at: String,
    pub submitted_at: Option<String>,
    /// §5.6: when and by whom the item was confirmed ready with its submission.
    pub readiness_confirmed_at: Option<String>,
    pub readiness_confirmed_by: Option<String>,
    pub published_at: Option<String>,
    pub published_by: Option<String>,
    /// The moderator's latest reason to reject or unpublish.
    pub reason: Option<String>,
    /// The §5.4 checks of the present text.
    pub findings: Vec<FindingView>,
    /// Whether a blocking finding stops submission.
    pub blocks_submission: bool,
    /// The item's photos in order; the body shows them by id.
    pub photos: Vec<PhotoView>,
    /// The photo that leads the item on lists.
    pub cover_photo_id: Option<String>,
    /// The body as it will be published: sanitized HTML.
    pub preview_html: String,
    /// Who moved it where, when and why, oldest first.
    pub history: Vec<StepView>,
}

/// A photo of an item, where readers load it and its size.
#[derive(Serialize, ToSchema)]
pub struct PhotoView {
    pub media_id: String,
    /// Absolute address of the file: public once the item is published.
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub caption: Option<String>,
}

impl PhotoView {
    pub fn of(app: &App, p: &StoredPhoto) -> Self {
        PhotoView {
            media_id: p.media_id.to_string(),
            url: media_url(&app.config.public_url, p.media_id),
            width: p.width,
            height: p.height,
            caption: p.caption.clone(),
        }
    }
}

/// The photos a body may show: the item's own.
pub fn resolver(app: &App, photos: &[StoredPhoto]) -> PhotoResolver {
    photos.iter().fold(PhotoResolver::new(&app.config.public_url), |r, p| {
        r.with(
            p.media_id,
            Photo { url: media_url(&app.config.public_url, p.media_id), width: p.width, height: p.height },
        )
    })
}

/// The findings of an item's present text.
pub fn checks(app: &App, news: &News) -> ApiResult<Checks> {
    Ok(check(&stored_text(news)?, &app.config.news.abbreviation_list()))
}

/// The full view of an item the caller reached through `access`.
pub async fn full(app: &App, access: &Access, n: News) -> ApiResult<NewsView> {
    let checks = checks(app, &n)?;
    let history = news::history(&app.db, access, n.id).await?;
    let photos = news::photos(&app.db, access, n.id).await?;
    let preview = render(&n.body, &resolver(app, &photos));
    Ok(NewsView {
        id: n.id.to_string(),
        unit_id: n.unit_id.to_string(),
        state: n.state.code(),
        state_label: n.state.label(),
        headline: n.headline,
        lead: n.lead,
        body: n.body,
        event_date: n.event_date,
        event_place: n.event_place,
        author: n.author_label,
        created_at: ts(n.created_at),
        updated_at: ts(n.updated_at),
        submitted_at: n.submitted_at.map(ts),
        readiness_confirmed_at: n.readiness_confirmed_at.map(ts),
        readiness_confirmed_by: n.readiness_confirmed_by,
        published_at: n.published_at.map(ts),
        published_by: n.published_by,
        reason: n.reason,
        findings: checks.findings().iter().map(FindingView::from).collect(),
        blocks_submission: checks.blocks_submission(),
        cover_photo_id: photos.iter().find(|p| p.is_cover).map(|p| p.media_id.to_string()),
        photos: photos.iter().map(|p| PhotoView::of(app, p)).collect(),
        preview_html: preview.html,
        history: history.into_iter().map(StepView::from).collect(),
    })
}

/// An item waiting for the moderator.
#[derive(Serialize, ToSchema)]
pub struct QueuedView {
    pub id: String,
    pub unit_id: String,
    /// The organization's short name.
    pub unit_name: String,
    pub headline: String,
    pub author: String,
    pub submitted_at: Option<String>,
    /// How long it has waited, in seconds.
    pub waiting_seconds: i64,
    /// The §5.4 findings the moderator sees along with the text.
    pub findings: Vec<FindingView>,
}

impl QueuedView {
    pub fn of(app: &App, q: Queued) -> ApiResult<Self> {
        let checks = checks(app, &q.news)?;
        let n = q.news;
        Ok(QueuedView {
            id: n.id.to_string(),
            unit_id: n.unit_id.to_string(),
            unit_name: q.unit_name,
            headline: n.headline,
            author: n.author_label,
            waiting_seconds: n.submitted_at.map(|at| (now_ms() - at).max(0) / 1000).unwrap_or_default(),
            submitted_at: n.submitted_at.map(ts),
            findings: checks.findings().iter().map(FindingView::from).collect(),
        })
    }
}

/// An item in its unit's list.
#[derive(Serialize, ToSchema)]
pub struct NewsSummary {
    pub id: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub headline: String,
    pub author: String,
    pub updated_at: String,
    pub submitted_at: Option<String>,
    pub published_at: Option<String>,
    pub reason: Option<String>,
}

impl From<News> for NewsSummary {
    fn from(n: News) -> Self {
        NewsSummary {
            id: n.id.to_string(),
            state: n.state.code(),
            state_label: n.state.label(),
            headline: n.headline,
            author: n.author_label,
            updated_at: ts(n.updated_at),
            submitted_at: n.submitted_at.map(ts),
            published_at: n.published_at.map(ts),
            reason: n.reason,
        }
    }
}
