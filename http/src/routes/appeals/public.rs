//! The public side: the consent text to show, and sending an appeal.
//!
//! Bots are kept out twice: a honeypot field that people never see (filled in, the request is
//! answered exactly like a success and nothing is stored, so a bot learns nothing), and a limit
//! of appeals per client address per hour, counted in the database.

use cabinet_core::UnitId;
use cabinet_core::appeals::{Appeal, AppealInput, CONSENT_VERSION};
use cabinet_core::ids::AppealId;
use cabinet_storage::appeals::{self, Limit, Received, Recipient};
use cabinet_storage::{now_ms, outbox};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::view::ConsentView;
use crate::App;
use crate::auth::ClientOrigin;
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::mail::Letter;
use crate::params::path_id;
use crate::views::ts;

/// The current consent to the processing of personal data (152-FZ), for a site to show.
#[utoipa::path(get, path = "/api/v1/public/appeals/consent", tag = "appeals",
    responses((status = 200, body = ConsentView)))]
#[get("/public/appeals/consent")]
pub fn consent() -> Json<ConsentView> {
    Json(ConsentView::current())
}

/// An appeal as a site's form sends it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealBody {
    /// Surname, name and patronymic; one line.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(format = Email)]
    pub email: String,
    /// Optional, e.g. `+7 495 123-45-67`.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub phone: String,
    #[schema(min_length = 10, max_length = 5000)]
    pub text: String,
    /// The consent to the processing of personal data: must be `true`.
    pub consent: bool,
    /// The `version` of `GET /api/v1/public/appeals/consent` the sender was shown.
    pub consent_version: String,
    /// Leave empty: a field hidden from people, filled in only by bots.
    #[serde(default)]
    pub website: String,
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub message: String,
}

const SENT: &str = "Обращение отправлено. Организация ответит вам по электронной почте или по телефону.";

/// Sends an appeal to an organization (§4.2); no sign-in.
#[utoipa::path(post, path = "/api/v1/public/units/{unit_id}/appeals", tag = "appeals",
    params(("unit_id" = uuid::Uuid, Path)), request_body = AppealBody,
    responses((status = 202, body = Accepted), (status = 404, description = "Организация не найдена"),
        (status = 429, description = "Слишком много обращений с этого адреса; заголовок Retry-After")))]
#[post("/public/units/<unit_id>/appeals", data = "<body>")]
pub async fn send(
    app: &State<App>,
    origin: ClientOrigin,
    unit_id: &str,
    body: Body<AppealBody>,
) -> ApiResult<(Status, Json<Accepted>)> {
    let to = appeals::recipient(&app.db, path_id::<UnitId>(unit_id)?).await?;
    let body = body.parse()?;
    let sent = (Status::Accepted, Json(Accepted { message: SENT.to_owned() }));
    if !body.website.trim().is_empty() {
        tracing::info!(unit = %to.unit_id, "an appeal with the honeypot filled in is dropped");
        return Ok(sent);
    }
    let input = AppealInput {
        name: body.name,
        email: body.email,
        phone: body.phone,
        text: body.text,
        consent: body.consent,
        consent_version: body.consent_version,
    };
    let appeal = input.parse().map_err(ApiError::invalid)?;
    let config = &app.config.appeals;
    let id = AppealId::new();
    let letter = letter(app, &to, id, &appeal)?;
    let limit = Limit { max: config.max_per_ip_per_hour, window_ms: 3_600_000 };
    match appeals::receive(&app.db, id, &to, &appeal, letter.as_ref(), limit, &origin.0).await? {
        Received::Limited { retry_after_ms } => Err(limited(retry_after_ms)),
        Received::Stored { .. } => {
            app.jobs.wake();
            Ok(sent)
        }
    }
}

fn limited(retry_after_ms: i64) -> ApiError {
    let seconds = (retry_after_ms + 999) / 1000;
    let minutes = (seconds + 59) / 60;
    let mut error = ApiError::new(
        Status::TooManyRequests,
        "too_many_appeals",
        format!("С вашего адреса отправлено слишком много обращений. Повторите попытку через {minutes} мин."),
    );
    error.retry_after = Some(seconds);
    error
}

/// The letter telling the organization about the appeal, written with it to the outbox; `None`
/// when the organization has no e-mail in its reference info. Should the letter never go out,
/// the appeal is marked as not mailed, so staff see it in the cabinet.
fn letter(app: &App, to: &Recipient, id: AppealId, appeal: &Appeal) -> ApiResult<Option<outbox::Letter>> {
    let Some(address) = to.email.as_ref().map(|e| e.as_str().to_owned()) else { return Ok(None) };
    let data = json!({
        "organization": to.full_name,
        "id": id.to_string(),
        "received_at": ts(now_ms()),
        "sender_name": appeal.name(),
        "sender_email": appeal.email().as_str(),
        "sender_phone": appeal.phone().map(ToString::to_string).unwrap_or_default(),
        "text": appeal.text(),
        "consent_version": CONSENT_VERSION,
        "cabinet_url": app.config.public_url,
    });
    let mut letter = app.mailer.render(&address, Letter::Appeal, &data)?;
    letter.about = Some(("appeal", id.to_string()));
    Ok(Some(letter))
}
