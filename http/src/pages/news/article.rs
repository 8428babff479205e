//! A news item as a reader of the site sees it: the same shape for the author's preview, the
//! moderator's page and the organization's public page (`news_article.hbs`).

use serde::Serialize;

use super::super::when::{day, moment};
use crate::routes::news::NewsView;
use crate::routes::public::{PublicNewsItem, PublicPhotoView};

#[derive(Serialize)]
pub struct Article {
    pub headline: String,
    pub lead: Option<String>,
    /// «20 ноября 2026 г., Казань».
    pub when_where: String,
    /// «Опубликовано …», empty before publication.
    pub published: String,
    pub cover: Option<Figure>,
    /// The body as sanitized HTML (rendered by `cabinet_core::markdown`, which passes it
    /// through ammonia): the only value the templates insert unescaped.
    pub html: String,
    /// The photos neither the cover nor shown inside the body.
    pub more_photos: Vec<Figure>,
}

#[derive(Serialize)]
pub struct Figure {
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub caption: Option<String>,
    pub alt: String,
}

/// A photo as (id, url, width, height, caption), whichever view it came from.
type Photo<'a> = (&'a str, &'a str, Option<u32>, Option<u32>, Option<&'a str>);

/// «20 ноября 2026 г., Казань»: the event's day and place, whichever is given.
pub fn when_where(date: Option<&str>, place: Option<&str>) -> String {
    [date.map(day), place.map(str::to_owned)].into_iter().flatten().collect::<Vec<_>>().join(", ")
}

fn figures(headline: &str, body: &str, cover: Option<&str>, photos: &[Photo<'_>]) -> (Option<Figure>, Vec<Figure>) {
    let figure = |(_, url, width, height, caption): &Photo<'_>| Figure {
        url: (*url).to_owned(),
        width: *width,
        height: *height,
        caption: caption.map(str::to_owned),
        alt: caption.map_or_else(|| format!("Фотография к новости «{headline}»"), str::to_owned),
    };
    let cover_figure = photos.iter().find(|p| Some(p.0) == cover).map(figure);
    let more =
        photos.iter().filter(|p| Some(p.0) != cover && !body.contains(&format!("media:{}", p.0))).map(figure).collect();
    (cover_figure, more)
}

impl Article {
    /// The preview of an item in any state: what the API will publish.
    pub fn preview(v: &NewsView) -> Self {
        let photos: Vec<Photo<'_>> = v
            .photos
            .iter()
            .map(|p| (p.media_id.as_str(), p.url.as_str(), p.width, p.height, p.caption.as_deref()))
            .collect();
        let (cover, more_photos) = figures(&v.headline, &v.body, v.cover_photo_id.as_deref(), &photos);
        Article {
            headline: v.headline.clone(),
            lead: v.lead.clone(),
            when_where: when_where(v.event_date.as_deref(), v.event_place.as_deref()),
            published: v.published_at.as_deref().map(|at| format!("Опубликовано {}", moment(at))).unwrap_or_default(),
            cover,
            html: v.preview_html.clone(),
            more_photos,
        }
    }

    /// A published item of the public API.
    pub fn published(n: PublicNewsItem) -> Self {
        let photo = |p: &'_ PublicPhotoView| -> (String, String, Option<u32>, Option<u32>, Option<String>) {
            (p.media_id.clone(), p.url.clone(), p.width, p.height, p.caption.clone())
        };
        let owned: Vec<_> = n.photos.iter().map(photo).collect();
        let photos: Vec<Photo<'_>> =
            owned.iter().map(|(id, url, w, h, c)| (id.as_str(), url.as_str(), *w, *h, c.as_deref())).collect();
        let cover = n.cover.as_ref().map(|c| c.media_id.as_str());
        let (cover, more_photos) = figures(&n.headline, &n.body_markdown, cover, &photos);
        Article {
            when_where: when_where(n.event_date.as_deref(), n.event_place.as_deref()),
            published: format!("Опубликовано {}", moment(&n.published_at)),
            cover,
            html: n.body_html,
            more_photos,
            headline: n.headline,
            lead: n.lead,
        }
    }
}
