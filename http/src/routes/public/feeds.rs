//! Atom feeds of published news (RFC 4287): across the union and per organization, for feed
//! readers and for sites that aggregate by feed. Entries carry the lead as the summary and the
//! sanitized HTML body as the content; links lead to the site's page of the item when
//! `public_api.news_page_url` is set, else to its public API address.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use bytes::Bytes;
use cabinet_core::policy::{Authorized, ReadPublic};
use cabinet_storage::public::{self, NewsQuery, PublicNews};
use rocket::{State, get};

use super::organizations::{find, key, key_text};
use super::views::body_html;
use super::{PublicAnswer, PublicRequest};
use crate::App;
use crate::error::{ApiError, ApiResult};
use crate::views::ts;

/// Entries in a feed: the newest published items.
const ENTRIES: i64 = 30;
const ATOM: &str = "application/atom+xml; charset=utf-8";

fn time(ms: i64) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(&ts(ms)).unwrap_or_default()
}

fn link(href: String, rel: &str, mime: &str) -> Link {
    Link { href, rel: rel.to_owned(), mime_type: Some(mime.to_owned()), ..Link::default() }
}

/// Where readers of a feed go for an item.
fn item_url(app: &App, n: &PublicNews) -> (String, &'static str) {
    let template = app.config.public_api.news_page_url.trim();
    if template.is_empty() {
        let base = app.config.public_url.trim_end_matches('/');
        (format!("{base}/api/v1/public/news/{}", n.id), "application/json")
    } else {
        (template.replace("{id}", &n.id.to_string()).replace("{slug}", &n.unit_slug), "text/html")
    }
}

fn entry(app: &App, n: &PublicNews) -> Entry {
    let (url, mime) = item_url(app, n);
    Entry {
        id: format!("urn:uuid:{}", n.id),
        title: Text::plain(n.headline.clone()),
        updated: time(n.published_at),
        published: Some(time(n.published_at)),
        authors: vec![Person { name: n.unit_name.clone(), ..Person::default() }],
        links: vec![link(url, "alternate", mime)],
        summary: n.lead.clone().map(Text::plain),
        content: Some(Content {
            value: Some(body_html(app, n)),
            content_type: Some("html".to_owned()),
            ..Content::default()
        }),
        ..Entry::default()
    }
}

async fn feed(
    app: &App,
    auth: &Authorized<ReadPublic>,
    title: String,
    self_path: String,
    query: NewsQuery,
) -> ApiResult<(&'static str, Bytes)> {
    let items = public::news(&app.db, auth, &query).await?;
    let base = app.config.public_url.trim_end_matches('/');
    let feed = Feed {
        id: format!("{base}{self_path}"),
        title: Text::plain(title),
        // An empty feed is as old as the epoch: nothing in it ever changed.
        updated: time(items.first().map_or(0, |n| n.published_at)),
        links: vec![link(format!("{base}{self_path}"), "self", "application/atom+xml")],
        entries: items.iter().map(|n| entry(app, n)).collect(),
        lang: Some("ru".to_owned()),
        ..Feed::default()
    };
    let mut body = Vec::with_capacity(16 * 1024);
    feed.write_to(&mut body).map_err(|e| {
        tracing::error!(error = %e, "an Atom feed could not be written");
        ApiError::internal()
    })?;
    Ok((ATOM, Bytes::from(body)))
}

fn newest(unit: Option<cabinet_core::UnitId>) -> NewsQuery {
    NewsQuery { unit, limit: ENTRIES, whole: true, ..NewsQuery::default() }
}

/// The newest published news of every organization as an Atom feed.
#[utoipa::path(get, path = "/api/v1/public/news.atom", tag = "public",
    responses((status = 200, description = "Лента Atom", content_type = "application/atom+xml"),
        (status = 304, description = "У вас актуальная версия (If-None-Match)")))]
#[get("/public/news.atom")]
pub async fn global(app: &State<App>, request: PublicRequest) -> ApiResult<PublicAnswer> {
    request
        .answer(app, "news.atom".to_owned(), |auth| async move {
            let title = "Новости организаций Профсоюза".to_owned();
            feed(app, &auth, title, "/api/v1/public/news.atom".to_owned(), newest(None)).await
        })
        .await
}

/// The newest published news of one organization as an Atom feed.
#[utoipa::path(get, path = "/api/v1/public/organizations/{key}/news.atom", tag = "public",
    params(("key" = String, Path, description = "Идентификатор организации или адрес её страницы (slug)")),
    responses((status = 200, description = "Лента Atom", content_type = "application/atom+xml"),
        (status = 304, description = "У вас актуальная версия (If-None-Match)"), (status = 404, description = "Такой организации нет")))]
#[get("/public/organizations/<key>/news.atom")]
pub async fn organization(app: &State<App>, request: PublicRequest, key: &str) -> ApiResult<PublicAnswer> {
    let org_key = self::key(key)?;
    let cache_key = format!("organization/{}/news.atom", key_text(&org_key));
    request
        .answer(app, cache_key, |auth| async move {
            let org = find(app, &auth, &org_key).await?;
            let path = format!("/api/v1/public/organizations/{}/news.atom", org.slug);
            feed(app, &auth, format!("Новости: {}", org.short_name), path, newest(Some(org.id))).await
        })
        .await
}
