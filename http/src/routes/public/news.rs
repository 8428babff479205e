//! Published news across the union: the list with its filters, and one item.

use cabinet_core::UnitId;
use cabinet_core::ids::NewsId;
use cabinet_core::profile::UNION_OFFSET;
use cabinet_storage::public::{self, Cursor, NewsQuery};
use rocket::{State, get};
use time::macros::format_description;
use time::{Date, Duration, PrimitiveDateTime, Time};

use super::views::{PublicNewsItem, PublicNewsPage, PublicNewsSummary};
use super::{PublicAnswer, PublicRequest, json};
use crate::App;
use crate::error::ApiResult;
use crate::params::{self, path_id, query_id};
use cabinet_core::Invalid;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;
const MAX_REGION_CHARS: usize = 200;

/// A list's parameters, checked, in the order of the cache key.
pub struct ListParams {
    pub unit: Option<UnitId>,
    pub region: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub cursor: Option<Cursor>,
    pub limit: i64,
}

impl ListParams {
    pub fn parse(
        unit: Option<&str>,
        region: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        cursor: Option<&str>,
        limit: Option<&str>,
    ) -> ApiResult<Self> {
        let region = region.map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
        if region.as_ref().is_some_and(|r| r.chars().count() > MAX_REGION_CHARS) {
            return Err(Invalid::new("region", "too_long", "Слишком длинное название региона.").into());
        }
        let cursor = match cursor.filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(c.parse::<Cursor>().map_err(|()| {
                Invalid::new(
                    "cursor",
                    "invalid_cursor",
                    "Неверная закладка страницы. Передайте значение next_cursor из предыдущего ответа как есть.",
                )
            })?),
        };
        let (from, to) = (day(from, "from")?, day(to, "to")?);
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(Invalid::new(
                "to",
                "range_reversed",
                "Конец периода раньше его начала. Поменяйте даты местами.",
            )
            .into());
        }
        Ok(ListParams {
            unit: query_id(unit, "organization")?,
            region,
            from,
            to,
            cursor,
            limit: params::limit(limit, DEFAULT_LIMIT, MAX_LIMIT)?,
        })
    }

    /// The cache key of this list under `path`.
    pub fn key(&self, path: &str) -> String {
        format!(
            "{path}?o={:?}&r={:?}&f={:?}&t={:?}&c={:?}&l={}",
            self.unit.map(|u| u.to_string()),
            self.region,
            self.from.map(|d| d.to_string()),
            self.to.map(|d| d.to_string()),
            self.cursor.map(|c| c.to_string()),
            self.limit
        )
    }

    /// The storage query: days are the union's days (Moscow time), `to` included.
    pub fn query(&self) -> NewsQuery {
        NewsQuery {
            unit: self.unit,
            region: self.region.clone(),
            from: self.from.map(start_of),
            until: self.to.map(|d| start_of(d) + Duration::DAY.whole_milliseconds() as i64),
            after: self.cursor,
            limit: self.limit,
            whole: false,
        }
    }
}

fn day(raw: Option<&str>, field: &str) -> ApiResult<Option<Date>> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else { return Ok(None) };
    Date::parse(raw, format_description!("[year]-[month]-[day]")).map(Some).map_err(|_| {
        Invalid::new(field, "invalid_date", "Дата указана неверно. Укажите её в виде ГГГГ-ММ-ДД, например 2026-11-05.")
            .into()
    })
}

/// Milliseconds at the start of `day` in the union's time.
fn start_of(day: Date) -> i64 {
    let at = PrimitiveDateTime::new(day, Time::MIDNIGHT).assume_offset(UNION_OFFSET);
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// A page of published news as JSON, with the cursor of the next one.
pub async fn page(
    app: &App,
    auth: &cabinet_core::policy::Authorized<cabinet_core::policy::ReadPublic>,
    p: &ListParams,
) -> ApiResult<PublicNewsPage> {
    let mut query = p.query();
    // One more than asked tells whether a next page exists without counting.
    query.limit = p.limit + 1;
    let mut items = public::news(&app.db, auth, &query).await?;
    let more = items.len() as i64 > p.limit;
    items.truncate(usize::try_from(p.limit).unwrap_or(0));
    let next_cursor = if more { items.last().map(|n| n.cursor().to_string()) } else { None };
    Ok(PublicNewsPage { items: items.iter().map(|n| PublicNewsSummary::of(app, n)).collect(), next_cursor })
}

/// Published news of every organization, newest first.
#[utoipa::path(get, path = "/api/v1/public/news", tag = "public",
    params(
        ("organization" = Option<uuid::Uuid>, Query, description = "Только новости этой организации"),
        ("region" = Option<String>, Query, description = "Только организаций этого региона"),
        ("from" = Option<String>, Query, format = Date, description = "Опубликованные в этот день (по московскому времени) и позже"),
        ("to" = Option<String>, Query, format = Date, description = "Опубликованные в этот день и раньше"),
        ("cursor" = Option<String>, Query, description = "next_cursor предыдущей страницы"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "По умолчанию 20")),
    responses((status = 200, body = PublicNewsPage), (status = 304, description = "У вас актуальная версия (If-None-Match)")))]
#[get("/public/news?<q..>")]
pub async fn list(app: &State<App>, request: PublicRequest, q: ListQuery) -> ApiResult<PublicAnswer> {
    let (o, r, f, t, c, l) = (&q.organization, &q.region, &q.from, &q.to, &q.cursor, &q.limit);
    let p = ListParams::parse(o.as_deref(), r.as_deref(), f.as_deref(), t.as_deref(), c.as_deref(), l.as_deref())?;
    let key = p.key("news");
    request.answer(app, key, |auth| async move { json(&page(app, &auth, &p).await?) }).await
}

/// The parameters of a news list as sent (percent-decoded); any other parameter is not read.
#[derive(rocket::FromForm)]
pub struct ListQuery {
    organization: Option<String>,
    region: Option<String>,
    from: Option<String>,
    to: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
}

/// One published news item: the text in Markdown and as sanitized HTML, photos with sizes.
#[utoipa::path(get, path = "/api/v1/public/news/{id}", tag = "public", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = PublicNewsItem), (status = 304, description = "У вас актуальная версия (If-None-Match)"),
        (status = 404, description = "Такой опубликованной новости нет")))]
#[get("/public/news/<id>")]
pub async fn item(app: &State<App>, request: PublicRequest, id: &str) -> ApiResult<PublicAnswer> {
    let id: NewsId = path_id(id)?;
    request
        .answer(app, format!("news/{id}"), |auth| async move {
            let item = public::news_item(&app.db, &auth, id).await?;
            json(&PublicNewsItem::of(app, item))
        })
        .await
}
