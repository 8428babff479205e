//! The public page of an organization (§4.1–§4.3) at `/o/<slug>`, for anybody, signed in or
//! not: what the public API serves of it — the filled sections of its reference info, its newest
//! news, galleries and documents — and the appeal form with its consent (§4.2); and a published
//! news item at `/o/<slug>/news/<id>`. Both are served from the public cache with an ETag, and
//! like the public API they only ever show published content.

mod appeal;
mod cached;
mod view;

use cabinet_core::Slug;
use cabinet_core::ids::NewsId;
use cabinet_core::policy::{Public, ReadPublic, authorize};
use cabinet_storage::public::{self, OrgKey};
use rocket::State;
use rocket::http::CookieJar;
use rocket::{get, routes};
use serde_json::json;

use super::input::Inputs;
use super::news::article::Article;
use super::reply::{PageError, PageResult};
use super::visitor::{Chrome, Visitor};
use crate::App;
use crate::error::ApiError;
use crate::params::path_id;
use crate::routes::public::PublicNewsItem;
use crate::routes::public::organizations::org_page;
use cached::{IfNoneMatch, Served, TOKEN_MARKER};
use view::OrgPage;

pub fn routes() -> Vec<rocket::Route> {
    routes![organization, news_item, appeal::send]
}

/// The slug of a page; anything else names no organization.
fn slug(raw: &str) -> Result<String, ApiError> {
    Slug::parse(raw).map(|s| s.as_str().to_owned()).map_err(|_| ApiError::not_found())
}

/// The parts around the page for this visitor: the message left by the form just sent, and the
/// token their forms carry — the session's when signed in, else the anonymous one. Asked once
/// per request: an anonymous token drawn twice would set two different cookies.
fn visitor_chrome(app: &App, visitor: &Visitor, cookies: &CookieJar<'_>) -> Chrome {
    let mut chrome = visitor.anonymous_chrome(app, "", cookies);
    if let Some(session) = visitor.identity.as_ref().and_then(|i| i.session.as_ref()) {
        chrome.csrf = session.csrf_token.clone();
    }
    chrome
}

/// The organization's page rendered with `chrome` and the appeal form `form`.
async fn render(app: &App, slug: &str, chrome: Chrome, form: Inputs) -> Result<String, ApiError> {
    let auth = authorize::<ReadPublic>(None, Public)?;
    let page = OrgPage::from(org_page(app, &auth, &OrgKey::Slug(slug.to_owned())).await?);
    let mut chrome = chrome;
    chrome.title = page.short_name.clone();
    app.pages.render_string(
        "org_page",
        &json!({
            "chrome": chrome,
            "org": page,
            "form": form,
            "consent_version": cabinet_core::appeals::CONSENT_VERSION,
        }),
    )
}

#[get("/o/<slug>")]
async fn organization(
    app: &State<App>,
    visitor: Visitor,
    cookies: &CookieJar<'_>,
    tags: IfNoneMatch,
    slug: &str,
) -> Result<Served, PageError> {
    let slug = self::slug(slug)?;
    let chrome = visitor_chrome(app, &visitor, cookies);
    if chrome.notice.is_some() {
        // A message left by the form just sent is this visitor's alone: not from the cache.
        let html = render(app, &slug, chrome, appeal::form(None, None)).await?;
        return Ok(Served::fresh(html));
    }
    let token = chrome.csrf;
    let rendered = cached::page(app, format!("page/o/{slug}"), || async {
        let mut chrome = Chrome::bare(app, "");
        chrome.csrf = TOKEN_MARKER.clone();
        render(app, &slug, chrome, appeal::form(None, None)).await
    })
    .await?;
    Ok(Served::with_token(&rendered, &token, &tags))
}

#[get("/o/<slug>/news/<id>")]
async fn news_item(app: &State<App>, tags: IfNoneMatch, slug: &str, id: &str) -> Result<Served, PageError> {
    let slug = self::slug(slug)?;
    let id: NewsId = path_id(id)?;
    let rendered = cached::page(app, format!("page/o/{slug}/news/{id}"), || async {
        let auth = authorize::<ReadPublic>(None, Public)?;
        let item = public::news_item(&app.db, &auth, id).await?;
        // An item of another organization is not on this organization's page.
        if item.unit_slug != slug {
            return Err(ApiError::not_found());
        }
        let (short_name, org_href) = (item.unit_name.clone(), format!("/o/{}", item.unit_slug));
        let article = Article::published(PublicNewsItem::of(app, item));
        let chrome = Chrome::bare(app, &article.headline);
        app.pages.render_string(
            "org_news",
            &json!({ "chrome": chrome, "org": { "short_name": short_name, "href": org_href }, "article": article }),
        )
    })
    .await?;
    Ok(Served::shared(&rendered, &tags))
}

/// The page shown again after the appeal form was refused, with its values and errors.
async fn refused(
    app: &App,
    visitor: &Visitor,
    cookies: &CookieJar<'_>,
    slug: &str,
    form: Inputs,
    status: rocket::http::Status,
) -> PageResult {
    let html = render(app, slug, visitor_chrome(app, visitor, cookies), form).await?;
    Ok(super::reply::Reply::Html(status, html))
}
