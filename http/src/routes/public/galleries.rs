//! Published photo galleries (§5.5): lists newest first with a cursor, and one album whole.

use cabinet_core::UnitId;
use cabinet_core::ids::GalleryId;
use cabinet_core::policy::{Authorized, ReadPublic};
use cabinet_storage::galleries::{self, PublicGallery, PublicPhoto};
use rocket::{State, get};
use serde::Serialize;
use utoipa::ToSchema;

use super::organizations::{find, key, key_text};
use super::views::media_url;
use super::{PublicAnswer, PublicRequest, json};
use crate::App;
use crate::error::ApiResult;
use crate::params::{self, path_id};
use crate::views::ts;
use cabinet_core::Invalid;

const DEFAULT_LIMIT: i64 = 12;
const MAX_LIMIT: i64 = 50;
/// How many of the newest galleries an organization's page carries.
pub const ON_THE_PAGE: i64 = 6;

/// A photo of an album.
#[derive(Serialize, ToSchema)]
pub struct PublicGalleryPhoto {
    #[schema(value_type = uuid::Uuid)]
    pub media_id: String,
    pub url: String,
    pub width: u32,
    pub height: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

impl PublicGalleryPhoto {
    fn of(app: &App, p: &PublicPhoto) -> Self {
        PublicGalleryPhoto {
            media_id: p.media_id.to_string(),
            url: media_url(app, p.media_id),
            width: p.width,
            height: p.height,
            caption: p.caption.clone(),
        }
    }
}

/// A published album: in lists with its first photo as the cover and the count; alone with every photo.
#[derive(Serialize, ToSchema)]
pub struct PublicGalleryView {
    #[schema(value_type = uuid::Uuid)]
    pub id: String,
    #[schema(value_type = uuid::Uuid)]
    pub organization_id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_place: Option<String>,
    pub published_at: String,
    pub photo_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<PublicGalleryPhoto>,
    /// Every photo in the author's order; empty in lists.
    pub photos: Vec<PublicGalleryPhoto>,
}

impl PublicGalleryView {
    pub fn of(app: &App, g: &PublicGallery, whole: bool) -> Self {
        PublicGalleryView {
            id: g.id.to_string(),
            organization_id: g.unit_id.to_string(),
            title: g.title.clone(),
            description: g.description.clone(),
            event_date: g.event_date.clone(),
            event_place: g.event_place.clone(),
            published_at: ts(g.published_at),
            photo_count: g.photos.len(),
            cover: g.photos.first().map(|p| PublicGalleryPhoto::of(app, p)),
            photos: if whole { g.photos.iter().map(|p| PublicGalleryPhoto::of(app, p)).collect() } else { Vec::new() },
        }
    }
}

/// A page of albums, newest first.
#[derive(Serialize, ToSchema)]
pub struct PublicGalleryPage {
    pub items: Vec<PublicGalleryView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

fn cursor(raw: Option<&str>) -> ApiResult<Option<(i64, GalleryId)>> {
    let Some(raw) = raw.filter(|c| !c.is_empty()) else { return Ok(None) };
    let parsed =
        raw.split_once('.').and_then(|(at, id)| Some((at.parse::<i64>().ok().filter(|a| *a >= 0)?, id.parse().ok()?)));
    parsed.map(Some).ok_or_else(|| {
        Invalid::new(
            "cursor",
            "invalid_cursor",
            "Неверная закладка страницы. Передайте значение next_cursor из предыдущего ответа как есть.",
        )
        .into()
    })
}

/// A page of published albums of every organization or of one.
pub async fn page(
    app: &App,
    auth: &Authorized<ReadPublic>,
    unit: Option<UnitId>,
    after: Option<(i64, GalleryId)>,
    limit: i64,
) -> ApiResult<PublicGalleryPage> {
    let mut items = galleries::published(&app.db, auth, unit, after, limit + 1).await?;
    let more = items.len() as i64 > limit;
    items.truncate(usize::try_from(limit).unwrap_or(0));
    let next_cursor = if more { items.last().map(|g| format!("{}.{}", g.published_at, g.id)) } else { None };
    Ok(PublicGalleryPage { items: items.iter().map(|g| PublicGalleryView::of(app, g, false)).collect(), next_cursor })
}

/// The parameters of an album list as sent (percent-decoded); any other parameter is not read.
#[derive(rocket::FromForm)]
pub struct ListQuery {
    organization: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
}

/// Published albums, newest first; of one organization if named.
#[utoipa::path(get, path = "/api/v1/public/galleries", tag = "public",
    params(
        ("organization" = Option<String>, Query, description = "Идентификатор организации или адрес её страницы (slug)"),
        ("cursor" = Option<String>, Query, description = "next_cursor предыдущей страницы"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 50, description = "По умолчанию 12")),
    responses((status = 200, body = PublicGalleryPage), (status = 304, description = "У вас актуальная версия (If-None-Match)"),
        (status = 404, description = "Такой организации нет")))]
#[get("/public/galleries?<q..>")]
pub async fn albums(app: &State<App>, request: PublicRequest, q: ListQuery) -> ApiResult<PublicAnswer> {
    let org = q.organization.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(key).transpose()?;
    let after = cursor(q.cursor.as_deref())?;
    let limit = params::limit(q.limit.as_deref(), DEFAULT_LIMIT, MAX_LIMIT)?;
    let cache_key = format!(
        "galleries?o={:?}&c={:?}&l={limit}",
        org.as_ref().map(key_text),
        after.map(|(at, id)| format!("{at}.{id}"))
    );
    request
        .answer(app, cache_key, |auth| async move {
            let unit = match &org {
                Some(org) => Some(find(app, &auth, org).await?.id),
                None => None,
            };
            json(&page(app, &auth, unit, after, limit).await?)
        })
        .await
}

/// One published album with every photo, its size and caption.
#[utoipa::path(get, path = "/api/v1/public/galleries/{id}", tag = "public", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = PublicGalleryView), (status = 304, description = "У вас актуальная версия (If-None-Match)"),
        (status = 404, description = "Такого опубликованного альбома нет")))]
#[get("/public/galleries/<id>")]
pub async fn album(app: &State<App>, request: PublicRequest, id: &str) -> ApiResult<PublicAnswer> {
    let id: GalleryId = path_id(id)?;
    request
        .answer(app, format!("galleries/{id}"), |auth| async move {
            let gallery = galleries::get_published(&app.db, &auth, id).await?;
            json(&PublicGalleryView::of(app, &gallery, true))
        })
        .await
}
