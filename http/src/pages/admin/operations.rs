//! Running the service (§2.7): announcing planned maintenance, which every page then shows;
//! letters the mail server has not taken, with a way to send a failed one again; the
//! background jobs. Each part through the API handler that serves it.

use cabinet_core::policy::{Global, OperateService, authorize};
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde::Serialize;
use serde_json::json;
use time::PrimitiveDateTime;
use time::macros::format_description;

use super::moscow;
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiError;
use crate::json::Body;
use crate::pages::input::{Input, Inputs};
use crate::pages::posted::Posted;
use crate::pages::reply::{PageResult, Reply};
use crate::pages::visitor::Visitor;
use crate::routes::operations;

const SECTION: &str = "/admin/operations";

pub fn routes() -> Vec<rocket::Route> {
    routes![page, announce, cancel, send_again, back_up]
}

#[derive(Default)]
struct Values {
    starts: String,
    ends: String,
    hours: String,
    note: String,
}

fn inputs(v: &Values) -> Vec<Input> {
    vec![
        Input::new("datetime-local", "starts_at", "Начало работ (московское время)").value(&v.starts).required(),
        Input::new("datetime-local", "ends_at", "Окончание работ (московское время)").value(&v.ends).required(),
        Input::new("number", "announce_hours", "За сколько часов показывать объявление")
            .value(&v.hours)
            .help("По умолчанию — за 72 часа до начала."),
        Input::new("text", "note", "Что будет недоступно и почему").value(&v.note).required(),
    ]
}

#[derive(Serialize)]
struct Letter {
    kind: &'static str,
    recipient: String,
    subject: String,
    state: &'static str,
    created_at: String,
    attempts: i64,
    last_error: String,
    send_again: Option<String>,
}

fn letter_kind(kind: &str) -> &'static str {
    match kind {
        "new_user" => "Стартовый пароль",
        "password_issued" => "Новый пароль",
        "password_reset" => "Восстановление пароля",
        "appeal" => "Обращение",
        "material" => "Материал ЦК",
        "reminder" => "Напоминание",
        _ => "Письмо",
    }
}

fn job_kind(kind: &str) -> &'static str {
    match kind {
        "reminders" => "Напоминания",
        "retention" => "Удаление устаревших записей",
        "backup" => "Резервная копия",
        _ => "Задание",
    }
}

/// Moscow local time from a `datetime-local` field, as RFC 3339; anything else is passed on as
/// typed, for the API to refuse at its field.
fn local(value: &str) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    match PrimitiveDateTime::parse(value, format) {
        Ok(at) => at
            .assume_offset(cabinet_core::profile::UNION_OFFSET)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| value.to_owned()),
        Err(_) => value.to_owned(),
    }
}

async fn render(
    app: &App,
    visitor: &Visitor,
    staff: &Staff,
    status: Status,
    v: &Values,
    error: Option<&ApiError>,
) -> PageResult {
    let ahead = operations::maintenance_ahead(app.into(), staff.clone()).await?.into_inner();
    let letters = operations::undelivered(app.into(), staff.clone(), Some("200")).await?.into_inner();
    let jobs = operations::recent_jobs(app.into(), staff.clone(), Some("30")).await?.into_inner();
    let backups = operations::backups(app.into(), staff.clone()).await?.into_inner();
    let backups = json!({
        "target": backups.target,
        "schedule": if backups.every_hours > 0 {
            format!("каждые {} ч; хранятся {} последних", backups.every_hours, backups.keep)
        } else {
            "только по кнопке ниже или командой cabinet backup: по расписанию копии не делаются \
             (backup.every_hours = 0)"
                .to_owned()
        },
        "next_run": backups.next_run.as_deref().map(moscow),
        "in_progress": backups.in_progress,
        "problem": backups.problem,
        "items": backups.backups.iter().map(|b| json!({
            "name": b.name,
            "created_at": moscow(&b.created_at),
            "rows": b.rows,
            "blobs": b.blobs,
            "size": format!("{:.1} МиБ", b.blob_bytes as f64 / 1_048_576.0),
        })).collect::<Vec<_>>(),
    });
    let letters: Vec<Letter> = letters
        .into_iter()
        .map(|l| Letter {
            kind: letter_kind(&l.kind),
            send_again: (l.state == "failed").then(|| format!("{SECTION}/letters/{}/send-again", l.id)),
            state: match l.state.as_str() {
                "failed" => "не отправлено",
                "sending" => "отправляется",
                _ => "ждёт повторной попытки",
            },
            recipient: l.recipient,
            subject: l.subject,
            created_at: moscow(&l.created_at),
            attempts: l.attempts,
            last_error: l.last_error.unwrap_or_default(),
        })
        .collect();
    let jobs: Vec<_> = jobs
        .into_iter()
        .map(|j| {
            json!({
                "kind": job_kind(&j.kind),
                "state": match j.state.as_str() { "done" => "выполнено", "failed" => "не выполнено",
                                                  "running" => "выполняется", _ => "в очереди" },
                "failed": j.state == "failed",
                "run_at": moscow(&j.run_at),
                "attempts": j.attempts,
                "last_error": j.last_error.unwrap_or_default(),
            })
        })
        .collect();
    let ahead: Vec<_> = ahead
        .into_iter()
        .map(|n| {
            json!({
                "starts_at": moscow(&n.starts_at), "ends_at": moscow(&n.ends_at),
                "announce_from": moscow(&n.announce_from), "note": n.note, "created_by": n.created_by,
                "cancel": format!("{SECTION}/maintenance/{}/cancel", n.id),
            })
        })
        .collect();
    let form = match error {
        Some(e) => Inputs::with_error(inputs(v), e),
        None => Inputs::new(inputs(v)),
    };
    let chrome = visitor.chrome(app, "Эксплуатация", SECTION).await?.with_help("operations");
    let data =
        json!({ "chrome": chrome, "ahead": ahead, "letters": letters, "jobs": jobs, "form": form, "backups": backups });
    app.pages.render_as(status, "admin_operations", &data)
}

#[get("/admin/operations")]
async fn page(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    render(app, &visitor, &staff, Status::Ok, &Values::default(), None).await
}

#[post("/admin/operations/maintenance", data = "<form>")]
async fn announce(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    authorize::<OperateService>(Some(staff.actor()), Global)?;
    let v = Values {
        starts: form.get("starts_at").to_owned(),
        ends: form.get("ends_at").to_owned(),
        hours: form.get("announce_hours").to_owned(),
        note: form.get("note").to_owned(),
    };
    let hours = match v.hours.trim() {
        "" => None,
        h => match h.parse::<u32>() {
            Ok(h) => Some(h),
            Err(_) => {
                let e = ApiError::invalid(vec![cabinet_core::Invalid::new(
                    "announce_hours",
                    "invalid_hours",
                    "Укажите целое число часов, например 72.",
                )]);
                return render(app, &visitor, &staff, e.status, &v, Some(&e)).await;
            }
        },
    };
    let body =
        json!({ "starts_at": local(&v.starts), "ends_at": local(&v.ends), "announce_hours": hours, "note": v.note });
    match operations::announce(app, staff.clone(), origin, Body::of(&body)).await {
        Ok(_) => {
            Ok(Reply::done(SECTION, "Технические работы объявлены: объявление видно на каждой странице кабинета."))
        }
        Err(e) if super::refused_form(&e) => render(app, &visitor, &staff, e.status, &v, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

#[post("/admin/operations/maintenance/<id>/cancel", data = "<_form>")]
async fn cancel(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, _form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    operations::cancel(app, staff, origin, id).await?;
    Ok(Reply::done(SECTION, "Объявление о технических работах снято."))
}

#[post("/admin/operations/backups", data = "<_form>")]
async fn back_up(app: &State<App>, visitor: Visitor, _form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let queued = operations::back_up_now(app, staff).await?.1.into_inner();
    Ok(Reply::done(SECTION, queued.message))
}

#[post("/admin/operations/letters/<id>/send-again", data = "<_form>")]
async fn send_again(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, _form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let done = operations::send_again(app, staff, origin, id).await?.into_inner();
    Ok(Reply::done(SECTION, done.message))
}
