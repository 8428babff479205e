//! The directory of organizations, one organization's page and its news.

use cabinet_core::Slug;
use cabinet_core::policy::{Authorized, ReadPublic};
use cabinet_storage::public::{self, OrgKey, PublicOrg};
use cabinet_storage::{StorageError, documents};
use rocket::{State, get};

use super::galleries;
use super::news::{ListParams, page};
use super::views::{PublicDocumentView, PublicNewsPage, PublicOrgPage, PublicOrgView};
use super::{PublicAnswer, PublicRequest, json};
use crate::App;
use crate::error::{ApiError, ApiResult};
use cabinet_core::Invalid;

/// How many of the newest items an organization's page carries.
const LATEST_NEWS: i64 = 5;

/// An organization named by its id or by the slug of its page; anything else is not found.
pub(super) fn key(raw: &str) -> ApiResult<OrgKey> {
    if let Ok(id) = raw.parse() {
        return Ok(OrgKey::Id(id));
    }
    Slug::parse(raw).map(|s| OrgKey::Slug(s.as_str().to_owned())).map_err(|_| ApiError::not_found())
}

pub(super) fn key_text(key: &OrgKey) -> String {
    match key {
        OrgKey::Id(id) => id.to_string(),
        OrgKey::Slug(slug) => slug.clone(),
    }
}

pub(crate) async fn find(app: &App, auth: &Authorized<ReadPublic>, key: &OrgKey) -> ApiResult<PublicOrg> {
    public::organization(&app.db, auth, key).await.map_err(|e| match e {
        StorageError::NotFound => ApiError::not_found(),
        other => other.into(),
    })
}

/// Every organization with the filled sections of its reference info, by short name.
#[utoipa::path(get, path = "/api/v1/public/organizations", tag = "public",
    params(("region" = Option<String>, Query, description = "Только организации этого региона")),
    responses((status = 200, body = [PublicOrgView]), (status = 304, description = "У вас актуальная версия (If-None-Match)")))]
#[get("/public/organizations?<region>")]
pub async fn directory(app: &State<App>, request: PublicRequest, region: Option<String>) -> ApiResult<PublicAnswer> {
    let region = region.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    if region.as_ref().is_some_and(|r| r.chars().count() > 200) {
        return Err(Invalid::new("region", "too_long", "Слишком длинное название региона.").into());
    }
    let cache_key = format!("organizations?r={region:?}");
    request
        .answer(app, cache_key, |auth| async move {
            let orgs = public::organizations(&app.db, &auth, region.as_deref()).await?;
            json(&orgs.into_iter().map(PublicOrgView::from).collect::<Vec<_>>())
        })
        .await
}

/// An organization's page: reference info, its published documents, newest news and galleries.
#[utoipa::path(get, path = "/api/v1/public/organizations/{key}", tag = "public",
    params(("key" = String, Path, description = "Идентификатор организации или адрес её страницы (slug)")),
    responses((status = 200, body = PublicOrgPage), (status = 304, description = "У вас актуальная версия (If-None-Match)"),
        (status = 404, description = "Такой организации нет")))]
#[get("/public/organizations/<key>")]
pub async fn page_of(app: &State<App>, request: PublicRequest, key: &str) -> ApiResult<PublicAnswer> {
    let org_key = self::key(key)?;
    request
        .answer(app, format!("organization/{}", key_text(&org_key)), |auth| async move {
            json(&org_page(app, &auth, &org_key).await?)
        })
        .await
}

/// What an organization's page carries, for the API and for the page at `/o/<slug>`.
pub(crate) async fn org_page(app: &App, auth: &Authorized<ReadPublic>, key: &OrgKey) -> ApiResult<PublicOrgPage> {
    let org = find(app, auth, key).await?;
    let docs = documents::published(&app.db, auth, org.id).await?;
    let latest =
        ListParams { unit: Some(org.id), region: None, from: None, to: None, cursor: None, limit: LATEST_NEWS };
    let news = page(app, auth, &latest).await?;
    let albums = galleries::page(app, auth, Some(org.id), None, galleries::ON_THE_PAGE).await?;
    Ok(PublicOrgPage {
        organization: PublicOrgView::from(org),
        documents: docs.into_iter().map(|d| PublicDocumentView::of(app, d)).collect(),
        latest_news: news.items,
        galleries: albums.items,
    })
}

/// One organization's published news, newest first.
#[utoipa::path(get, path = "/api/v1/public/organizations/{key}/news", tag = "public",
    params(("key" = String, Path, description = "Идентификатор организации или адрес её страницы (slug)"),
        ("from" = Option<String>, Query, format = Date, description = "Опубликованные в этот день (по московскому времени) и позже"),
        ("to" = Option<String>, Query, format = Date, description = "Опубликованные в этот день и раньше"),
        ("cursor" = Option<String>, Query, description = "next_cursor предыдущей страницы"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "По умолчанию 20")),
    responses((status = 200, body = PublicNewsPage), (status = 304, description = "У вас актуальная версия (If-None-Match)"),
        (status = 404, description = "Такой организации нет")))]
#[get("/public/organizations/<key>/news?<from>&<to>&<cursor>&<limit>")]
pub async fn news(
    app: &State<App>,
    request: PublicRequest,
    key: &str,
    from: Option<&str>,
    to: Option<&str>,
    cursor: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<PublicAnswer> {
    let org_key = self::key(key)?;
    let mut p = ListParams::parse(None, None, from, to, cursor, limit)?;
    let cache_key = p.key(&format!("organization/{}/news", key_text(&org_key)));
    request
        .answer(app, cache_key, |auth| async move {
            p.unit = Some(find(app, &auth, &org_key).await?.id);
            json(&page(app, &auth, &p).await?)
        })
        .await
}
