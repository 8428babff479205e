//! Running the service (§2.7): letters not delivered and sending them again, background jobs,
//! and planned maintenance announced on every page.

use cabinet_core::Invalid;
use cabinet_core::policy::{Global, OperateService, authorize};
use cabinet_storage::maintenance::{self, Announcement};
use cabinet_storage::{jobs, now_ms, outbox};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, delete, get, post, routes};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::routes::reset::Message;
use crate::views::ts;

pub fn routes() -> Vec<rocket::Route> {
    routes![undelivered, send_again, recent_jobs, maintenance_ahead, announce, cancel, backups, back_up_now]
}

fn operator(staff: &Staff) -> ApiResult<cabinet_core::policy::Authorized<OperateService>> {
    Ok(authorize::<OperateService>(Some(staff.actor()), Global)?)
}

#[derive(Serialize, ToSchema)]
pub struct LetterView {
    pub id: String,
    /// `new_user`, `password_issued`, `password_reset`, `appeal`, `material`, `reminder`.
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    /// `queued` (waiting for its next attempt), `sending` or `failed` (given up).
    pub state: String,
    pub created_at: String,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    /// The mail server's last answer or the connection error.
    pub last_error: Option<String>,
}

impl From<outbox::Undelivered> for LetterView {
    fn from(l: outbox::Undelivered) -> Self {
        LetterView {
            next_attempt_at: (l.state == "queued").then(|| ts(l.next_attempt_at)),
            id: l.id,
            kind: l.kind,
            recipient: l.recipient,
            subject: l.subject,
            state: l.state,
            created_at: ts(l.created_at),
            attempts: l.attempts,
            last_error: l.last_error,
        }
    }
}

/// Letters not delivered yet — waiting for the mail server or given up — the oldest first.
#[utoipa::path(get, path = "/api/v1/outbox", tag = "operations",
    params(("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "По умолчанию 100")),
    responses((status = 200, body = [LetterView]), (status = 403), (status = 422)))]
#[get("/outbox?<limit>")]
pub(crate) async fn undelivered(
    app: &State<App>,
    staff: Staff,
    limit: Option<&str>,
) -> ApiResult<Json<Vec<LetterView>>> {
    operator(&staff)?;
    let limit = crate::params::limit(limit, 100, 500)?;
    Ok(Json(outbox::undelivered(&app.db, limit).await?.into_iter().map(Into::into).collect()))
}

/// Sends a failed letter again: it goes back to the queue with its attempts counted from zero.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/send-again", tag = "operations",
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Message), (status = 403), (status = 404, description = "Нет такого неотправленного письма")))]
#[post("/outbox/<id>/send-again")]
pub(crate) async fn send_again(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    id: &str,
) -> ApiResult<Json<Message>> {
    let auth = operator(&staff)?;
    let id = crate::params::path_id::<uuid::Uuid>(id)?.to_string();
    if !outbox::send_again(&app.db, &id, &auth, &origin.0).await? {
        return Err(ApiError::new(
            Status::NotFound,
            "letter_not_failed",
            "Такого письма среди неотправленных нет: возможно, оно уже отправлено или ещё ждёт своей попытки.",
        ));
    }
    app.jobs.wake();
    Ok(Json(Message {
        message: "Письмо снова поставлено в очередь и будет отправлено в ближайшие секунды.".into()
    }))
}

#[derive(Serialize, ToSchema)]
pub struct JobView {
    pub id: String,
    /// `reminders`, `retention`…
    pub kind: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    pub run_at: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub last_error: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}

/// Background jobs: those that failed first, then the most recent.
#[utoipa::path(get, path = "/api/v1/jobs", tag = "operations",
    params(("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "По умолчанию 50")),
    responses((status = 200, body = [JobView]), (status = 403), (status = 422)))]
#[get("/jobs?<limit>")]
pub(crate) async fn recent_jobs(app: &State<App>, staff: Staff, limit: Option<&str>) -> ApiResult<Json<Vec<JobView>>> {
    operator(&staff)?;
    let limit = crate::params::limit(limit, 50, 500)?;
    let rows = jobs::recent(&app.db, limit).await?;
    Ok(Json(
        rows.into_iter()
            .map(|j| JobView {
                id: j.id,
                kind: j.kind,
                state: j.state,
                run_at: ts(j.run_at),
                attempts: j.attempts,
                max_attempts: j.max_attempts,
                last_error: j.last_error,
                created_at: ts(j.created_at),
                finished_at: j.finished_at.map(ts),
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct MaintenanceView {
    pub id: String,
    pub starts_at: String,
    pub ends_at: String,
    /// From when every page shows the notice.
    pub announce_from: String,
    pub note: String,
    pub created_by: String,
}

impl From<maintenance::Notice> for MaintenanceView {
    fn from(n: maintenance::Notice) -> Self {
        MaintenanceView {
            id: n.id,
            starts_at: ts(n.starts_at),
            ends_at: ts(n.ends_at),
            announce_from: ts(n.announce_from),
            note: n.note,
            created_by: n.created_by,
        }
    }
}

/// Planned maintenance not over yet, the soonest first.
#[utoipa::path(get, path = "/api/v1/maintenance", tag = "operations",
    responses((status = 200, body = [MaintenanceView]), (status = 403)))]
#[get("/maintenance")]
pub(crate) async fn maintenance_ahead(app: &State<App>, staff: Staff) -> ApiResult<Json<Vec<MaintenanceView>>> {
    operator(&staff)?;
    Ok(Json(maintenance::ahead(&app.db, now_ms()).await?.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnounceBody {
    /// RFC 3339: when the work starts.
    pub starts_at: String,
    /// RFC 3339: when the cabinet works again; after `starts_at`.
    pub ends_at: String,
    /// Hours before the start that pages show the notice; 72 by default.
    #[serde(default)]
    pub announce_hours: Option<u32>,
    /// What the administrator tells the users (up to 500 characters).
    pub note: String,
}

/// Announces planned maintenance: every cabinet page shows the notice from `announce_hours`
/// before the start until the end (§2.7).
#[utoipa::path(post, path = "/api/v1/maintenance", tag = "operations", request_body = AnnounceBody,
    responses((status = 201, body = MaintenanceView), (status = 403), (status = 422)))]
#[post("/maintenance", data = "<body>")]
pub(crate) async fn announce(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    body: Body<AnnounceBody>,
) -> ApiResult<(Status, Json<MaintenanceView>)> {
    let auth = operator(&staff)?;
    let body = body.parse()?;
    let announcement = announcement(&body)?;
    let id = maintenance::announce(&app.db, &auth, &announcement, &origin.0).await?;
    app.maintenance.refresh(&app.db).await?;
    let stored = maintenance::ahead(&app.db, now_ms()).await?.into_iter().find(|n| n.id == id);
    let stored = stored.ok_or_else(ApiError::not_found)?;
    Ok((Status::Created, Json(stored.into())))
}

/// The announcement of `body`, or every problem of it at its field.
pub(crate) fn announcement(body: &AnnounceBody) -> ApiResult<Announcement> {
    let mut errors = Vec::new();
    let mut moment = |raw: &str, field: &'static str| match crate::params::query_time(Some(raw), field) {
        Ok(Some(t)) => Some(t),
        Ok(None) => None,
        Err(_) => {
            errors.push(Invalid::new(
                field,
                "invalid_time",
                "Укажите дату и время в формате RFC 3339, например 2026-12-05T22:00:00+03:00.",
            ));
            None
        }
    };
    let starts = moment(&body.starts_at, "starts_at");
    let ends = moment(&body.ends_at, "ends_at");
    let note = body.note.trim();
    if note.is_empty() || note.chars().count() > 500 {
        errors.push(Invalid::new(
            "note",
            "invalid_note",
            "Напишите, что будет недоступно и почему, — не длиннее 500 символов.",
        ));
    }
    let (Some(starts_at), Some(ends_at)) = (starts, ends) else { return Err(ApiError::invalid(errors)) };
    if ends_at <= starts_at {
        errors.push(Invalid::new("ends_at", "ends_before_start", "Окончание работ должно быть позже их начала."));
    } else if ends_at <= now_ms() {
        errors.push(Invalid::new("ends_at", "already_over", "Эти работы уже закончились: проверьте даты."));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let hours = i64::from(body.announce_hours.unwrap_or(72).min(24 * 30));
    Ok(Announcement { starts_at, ends_at, announce_from: starts_at - hours * 3_600_000, note: note.to_owned() })
}

/// Cancels an announced maintenance: pages stop showing it.
#[utoipa::path(delete, path = "/api/v1/maintenance/{id}", tag = "operations", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Message), (status = 403), (status = 404)))]
#[delete("/maintenance/<id>")]
pub(crate) async fn cancel(app: &State<App>, staff: Staff, origin: ClientOrigin, id: &str) -> ApiResult<Json<Message>> {
    let auth = operator(&staff)?;
    let id = crate::params::path_id::<uuid::Uuid>(id)?.to_string();
    if !maintenance::cancel(&app.db, &auth, &id, &origin.0).await? {
        return Err(ApiError::not_found());
    }
    app.maintenance.refresh(&app.db).await?;
    Ok(Json(Message { message: "Объявление о технических работах снято.".into() }))
}

#[derive(Serialize, ToSchema)]
pub struct BackupView {
    /// The backup's folder: its UTC time.
    pub name: String,
    pub created_at: String,
    /// `sqlite` or `postgres`: where it was taken (it restores into either).
    pub source_backend: String,
    pub rows: u64,
    pub blobs: usize,
    /// Bytes of the blobs it holds.
    pub blob_bytes: u64,
}

#[derive(Serialize, ToSchema)]
pub struct BackupsView {
    /// Where backups are written: `backup.target`.
    pub target: String,
    /// Hours between two scheduled backups; 0 when none are scheduled.
    pub every_hours: u32,
    /// Complete backups kept.
    pub keep: usize,
    /// When the next scheduled backup runs.
    pub next_run: Option<String>,
    /// A backup is queued or being made now.
    pub in_progress: bool,
    /// Complete backups, the newest first; empty when they could not be read (see `problem`).
    pub backups: Vec<BackupView>,
    /// Why the list could not be read.
    pub problem: Option<String>,
}

/// The backups in `backup.target` and the schedule (§2.4).
#[utoipa::path(get, path = "/api/v1/backups", tag = "operations",
    responses((status = 200, body = BackupsView), (status = 403)))]
#[get("/backups")]
pub(crate) async fn backups(app: &State<App>, staff: Staff) -> ApiResult<Json<BackupsView>> {
    operator(&staff)?;
    let config = &app.config.backup;
    let listed = match app.config.backup_target(None) {
        Ok(target) => target.list().await,
        Err(e) => Err(e),
    };
    let (backups, problem) = match listed {
        Ok(list) => (
            list.into_iter()
                .rev()
                .map(|l| BackupView {
                    created_at: l.manifest.created_at.clone(),
                    source_backend: l.manifest.source_backend.clone(),
                    rows: l.manifest.tables.iter().map(|t| t.rows).sum(),
                    blobs: l.manifest.blobs.len(),
                    blob_bytes: l.manifest.blobs.iter().map(|b| b.size).sum(),
                    name: l.name,
                })
                .collect(),
            None,
        ),
        Err(e) => {
            tracing::warn!(error = %e, "the backups could not be listed");
            (Vec::new(), Some(format!("Список копий в «{}» не прочитан: {e}", config.target)))
        }
    };
    let scheduled = config.every_hours > 0;
    let next_run = if scheduled { jobs::next_run(&app.db, "backup").await?.map(ts) } else { None };
    Ok(Json(BackupsView {
        target: config.target.clone(),
        every_hours: config.every_hours,
        keep: config.keep,
        next_run,
        in_progress: jobs::pending(&app.db, "backup").await?,
        backups,
        problem,
    }))
}

/// Makes a backup now, in the background: it is checked by reading it back and the oldest beyond
/// `backup.keep` are removed, as for a scheduled one. One at a time.
#[utoipa::path(post, path = "/api/v1/backups", tag = "operations",
    responses((status = 202, body = Message), (status = 403), (status = 409, description = "Копия уже делается")))]
#[post("/backups")]
pub(crate) async fn back_up_now(app: &State<App>, staff: Staff) -> ApiResult<(Status, Json<Message>)> {
    operator(&staff)?;
    if jobs::pending(&app.db, "backup").await? {
        return Err(ApiError::new(
            Status::Conflict,
            "backup_in_progress",
            "Резервная копия уже делается. Дождитесь её окончания: она появится в списке копий.",
        ));
    }
    jobs::enqueue(&app.db, "backup", "{}", now_ms(), 1).await?;
    app.jobs.wake();
    let message = "Резервная копия поставлена в очередь: она появится в списке, когда будет записана и проверена.";
    Ok((Status::Accepted, Json(Message { message: message.into() })))
}
