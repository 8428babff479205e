//! Writing a draft, a unit's list, one item, and the moderation queue.

use cabinet_core::ids::NewsId;
use cabinet_core::news::{NewsInput, NewsPhotos, NewsText, PhotoInput};
use cabinet_core::policy::{Global, InUnit, ModerateNews, WriteNews, authorize};
use cabinet_core::{Invalid, UnitId};
use cabinet_storage::StorageError;
use cabinet_storage::news::{self, Access};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post};
use serde::Deserialize;
use utoipa::ToSchema;

use super::view::{self, NewsSummary, NewsView, QueuedView};
use super::{Needs, reach};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::params::{self, path_id, query_id};

/// A news item's text as the author writes it (§5.4).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewsBody {
    /// Written as an ordinary sentence: a headline in capitals only is not published.
    pub headline: String,
    /// The lead paragraph: who, what, when, where, how and why.
    #[serde(default)]
    pub lead: String,
    /// Markdown; 3–7 paragraphs separated by blank lines are recommended.
    #[serde(default)]
    pub body: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub event_date: Option<String>,
    #[serde(default)]
    pub event_place: String,
    /// The item's photos in order: photos uploaded by the same organization. The body shows one
    /// as `![подпись](media:<id>)`. Left out when saving, the photos stay as they were.
    #[serde(default)]
    pub photos: Option<Vec<NewsPhotoBody>>,
    /// One of `photos`, shown first on lists; the first photo when not named.
    #[serde(default)]
    pub cover_photo_id: Option<String>,
}

/// A photo of the item, with what it shows.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewsPhotoBody {
    #[schema(value_type = uuid::Uuid)]
    pub media_id: String,
    #[serde(default)]
    pub caption: String,
}

impl NewsBody {
    /// The text and, when sent, the photos within every hard limit, every field's problem at once.
    pub fn parse(self) -> ApiResult<(NewsText, Option<NewsPhotos>)> {
        let input = NewsInput {
            headline: self.headline,
            lead: self.lead,
            body: self.body,
            event_date: self.event_date,
            event_place: self.event_place,
        };
        let text = NewsText::parse(&input);
        let photos = match self.photos {
            None => Ok(None),
            Some(list) => {
                let list: Vec<PhotoInput> =
                    list.into_iter().map(|p| PhotoInput { media_id: p.media_id, caption: p.caption }).collect();
                NewsPhotos::parse(&list, self.cover_photo_id.as_deref()).map(Some)
            }
        };
        match (text, photos) {
            (Ok(text), Ok(photos)) => Ok((text, photos)),
            (text, photos) => {
                Err(ApiError::invalid(text.err().into_iter().chain(photos.err()).flatten().collect::<Vec<_>>()))
            }
        }
    }
}

/// Refuses photos that are not the unit's own, naming each entry.
pub(super) async fn own_photos(app: &App, unit: UnitId, photos: &NewsPhotos) -> ApiResult<()> {
    let foreign = news::foreign_photos(&app.db, unit, photos).await?;
    if foreign.is_empty() {
        return Ok(());
    }
    Err(ApiError::invalid(
        foreign
            .into_iter()
            .map(|i| {
                Invalid::new(
                    format!("photos[{i}].media_id"),
                    "not_own_photo",
                    "Такой фотографии нет среди загруженных фотографиями вашей организации. \
                     Загрузите её в разделе «Фото и документы» и выберите из списка.",
                )
            })
            .collect::<Vec<_>>(),
    ))
}

/// Saves a new draft; the answer carries the §5.4 findings of its text.
#[utoipa::path(post, path = "/api/v1/units/{unit_id}/news", tag = "news", params(("unit_id" = uuid::Uuid, Path)),
    request_body = NewsBody, responses((status = 201, body = NewsView), (status = 404), (status = 422)))]
#[post("/units/<unit_id>/news", data = "<body>")]
pub async fn create(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    unit_id: &str,
    body: Body<NewsBody>,
) -> ApiResult<(Status, Json<NewsView>)> {
    let auth = authorize::<WriteNews>(Some(staff.actor()), InUnit(path_id(unit_id)?))?;
    let (text, photos) = body.parse()?.parse()?;
    let photos = photos.unwrap_or_default();
    let InUnit(unit) = *auth.target();
    own_photos(app, unit, &photos).await?;
    let created = news::create(&app.db, &auth, &text, &photos, &origin.0).await.map_err(|e| match e {
        // Central staff reach every unit id, including one that does not exist.
        StorageError::UnknownReference { .. } => ApiError::not_found(),
        other => other.into(),
    })?;
    Ok((Status::Created, Json(view::full(app, &Access::author(&auth), created).await?)))
}

/// The unit's news in every state, newest first; `before` is the last id of the previous page.
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/news", tag = "news",
    params(("unit_id" = uuid::Uuid, Path), ("before" = Option<uuid::Uuid>, Query),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "По умолчанию 50")),
    responses((status = 200, body = [NewsSummary])))]
#[get("/units/<unit_id>/news?<before>&<limit>")]
pub async fn list(
    app: &State<App>,
    staff: Staff,
    unit_id: &str,
    before: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<Json<Vec<NewsSummary>>> {
    let auth = authorize::<WriteNews>(Some(staff.actor()), InUnit(path_id(unit_id)?))?;
    let before: Option<NewsId> = query_id(before, "before")?;
    let items = news::list(&app.db, &auth, before, params::limit(limit, 50, 200)?).await?;
    Ok(Json(items.into_iter().map(NewsSummary::from).collect()))
}

/// News waiting for moderation in every organization, the longest waiting first.
#[utoipa::path(get, path = "/api/v1/news/moderation", tag = "news",
    params(("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "По умолчанию 100")),
    responses((status = 200, body = [QueuedView])))]
#[get("/news/moderation?<limit>")]
pub async fn queue(app: &State<App>, staff: Staff, limit: Option<&str>) -> ApiResult<Json<Vec<QueuedView>>> {
    let auth = authorize::<ModerateNews>(Some(staff.actor()), Global)?;
    let queued = news::queue(&app.db, &auth, params::limit(limit, 100, 500)?).await?;
    Ok(Json(queued.into_iter().map(|q| QueuedView::of(app, q)).collect::<ApiResult<_>>()?))
}

/// The item with its findings, HTML preview and history: for its authors and the moderator.
#[utoipa::path(get, path = "/api/v1/news/{id}", tag = "news", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = NewsView), (status = 404)))]
#[get("/news/<id>")]
pub async fn get_one(app: &State<App>, staff: Staff, id: &str) -> ApiResult<Json<NewsView>> {
    let reached = reach(app, &staff, id, Needs::Either).await?;
    Ok(Json(view::full(app, &reached.access, reached.news).await?))
}
