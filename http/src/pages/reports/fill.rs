//! An organization's reports: the forms and periods due, and one report filled on a page
//! generated from its form — save a draft, add and remove rows, submit, download the XLSX
//! template and upload it filled.

use cabinet_forms::Problem;
use rocket::State;
use rocket::http::Status;
use rocket::{get, post, routes};
use serde_json::{Value, json};

use super::page::{Shown, explanations, finding, model};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiError;
use crate::json::LargeBody;
use crate::pages::posted::Posted;
use crate::pages::reply::{PageError, PageResult, Reply};
use crate::pages::visitor::Visitor;
use crate::routes::reports::{self as api, ReportView, fill, table};

pub fn routes() -> Vec<rocket::Route> {
    routes![list, show, post, upload_sheet, prefill]
}

/// The visitor's organization, whose reports these pages are.
fn own_unit(staff: &Staff) -> String {
    staff.actor().unit.id.to_string()
}

#[get("/reports")]
async fn list(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    let reports = fill::list(app, staff.clone(), &own_unit(&staff)).await?.into_inner();
    let chrome = visitor.chrome(app, "Отчёты", "/reports").await?.with_help("reports");
    app.pages.render("reports", &json!({ "chrome": chrome, "reports": reports }))
}

fn path(form_id: &str, period: &str) -> String {
    format!("/reports/{form_id}/{period}")
}

/// What the page was asked to show beyond the stored report.
#[derive(Default)]
struct Attempt {
    /// The data as posted, when it was not saved.
    data: Option<Value>,
    errors: Vec<cabinet_forms::Finding>,
    warnings: Vec<cabinet_forms::Finding>,
    problems: Vec<Problem>,
    message: Option<String>,
    status: Option<Status>,
}

async fn render(app: &App, visitor: &Visitor, view: ReportView, attempt: Attempt) -> PageResult {
    let (_, form) = api::form(app, &view.form_id, Some(view.form_version)).await?;
    let readonly = matches!(view.state.as_deref(), Some("submitted" | "accepted")) || view.exempt;
    // A report not started yet shows no problems: nobody has entered anything to be wrong.
    let started = view.state.is_some() || attempt.data.is_some();
    let findings = |list: &[crate::routes::reports::ReportFindingView]| {
        if started { list.iter().map(finding).collect() } else { Vec::new() }
    };
    let shown = Shown {
        errors: if attempt.errors.is_empty() { findings(&view.errors) } else { attempt.errors },
        warnings: if attempt.warnings.is_empty() { findings(&view.warnings) } else { attempt.warnings },
        problems: &attempt.problems,
        readonly,
    };
    let data = attempt.data.as_ref().unwrap_or(&view.data);
    let (page, explanations) = model(&form, &view, data, &shown);
    let title = format!("{}, {}", view.form_title, crate::pages::when::period(&view.period));
    let chrome = visitor.chrome(app, &title, "/reports").await?.with_help("reports");
    let action = path(&view.form_id, &view.period);
    let template = format!("/api/v1/units/{}/reports/{}/{}/template.xlsx", view.unit_id, view.form_id, view.period);
    // Saves are many and say little: the history lists what happened to the report.
    let events: Vec<_> = view.history.iter().filter(|h| h.event != "save").collect();
    let context = json!({
        "chrome": chrome,
        "events": events,
        "report": view,
        "page": super::page::shown(&page, readonly),
        "explanations": explanations,
        "action": action,
        "template_url": template,
        "readonly": readonly,
        "can_prefill": view.state.is_none() && !readonly,
        "problem": attempt.message,
    });
    app.pages.render_as(attempt.status.unwrap_or(Status::Ok), "report_form", &context)
}

#[get("/reports/<form_id>/<period>")]
async fn show(app: &State<App>, visitor: Visitor, form_id: &str, period: &str) -> PageResult {
    let staff = visitor.staff()?;
    let view = fill::get_report(app, staff.clone(), &own_unit(&staff), form_id, period).await?.into_inner();
    render(app, &visitor, view, Attempt::default()).await
}

#[post("/reports/<form_id>/<period>", data = "<form>")]
async fn post(
    app: &State<App>,
    visitor: Visitor,
    origin: ClientOrigin,
    form_id: &str,
    period: &str,
    form: Posted,
) -> PageResult {
    let staff = visitor.staff()?;
    let unit = own_unit(&staff);
    let view = fill::get_report(app, staff.clone(), &unit, form_id, period).await?.into_inner();
    let (_, compiled) = api::form(app, &view.form_id, Some(view.form_version)).await?;
    let mut posted = compiled.read_posted(&form.fields);
    let action = posted.action.clone().unwrap_or_else(|| "save".to_owned());
    let row_action = action.starts_with("add:") || action.starts_with("remove:");
    if row_action {
        posted.apply(&action);
    }
    let revision: i64 = form.get("revision").parse().unwrap_or(-1);
    let explained = explanations(&form.fields);
    if !posted.problems.is_empty() {
        let attempt = Attempt {
            data: Some(posted.data),
            problems: posted.problems,
            status: Some(Status::UnprocessableEntity),
            message: Some("Форма заполнена с ошибками: исправьте отмеченные поля.".to_owned()),
            ..Attempt::default()
        };
        return render(app, &visitor, view, attempt).await;
    }
    let body = json!({ "revision": revision, "data": posted.data, "explanations": explained });
    let saved =
        fill::save(app, staff.clone(), ClientOrigin(origin.0.clone()), &unit, form_id, period, large(&body)).await;
    let saved = match saved {
        Ok(saved) => saved.into_inner(),
        Err(e) => return refused(app, &visitor, view, Some(posted.data), e).await,
    };
    let here = path(form_id, period);
    if row_action {
        return Ok(Reply::to(here));
    }
    if action != "submit" {
        return Ok(Reply::done(here, "Черновик сохранён. Отчёт ещё не отправлен в управление."));
    }
    let body = json!({ "revision": saved.revision, "explanations": explained });
    match fill::submit(app, staff.clone(), origin, &unit, form_id, period, large(&body)).await {
        Ok(sent) => {
            let sent = sent.into_inner();
            let text = if sent.period == "once" {
                format!("Отчёт «{}» отправлен в управление.", sent.form_title)
            } else {
                format!(
                    "Отчёт «{}» за {} отправлен в управление.",
                    sent.form_title,
                    crate::pages::when::period(&sent.period)
                )
            };
            Ok(Reply::done(here, text))
        }
        Err(e) => refused(app, &visitor, saved, None, e).await,
    }
}

/// A finding as the API's refusal lists it (`details.errors[]`).
fn finding_of(v: &Value) -> cabinet_forms::Finding {
    let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    cabinet_forms::Finding {
        pointer: text("field"),
        fields: v
            .get("fields")
            .and_then(Value::as_array)
            .map(|f| f.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default(),
        code: text("code"),
        message: text("message"),
        rule: v.get("rule").and_then(Value::as_str).map(str::to_owned),
    }
}

fn large(body: &Value) -> LargeBody {
    LargeBody(body.to_string().into_bytes())
}

/// The page again after the API refused: problems at their fields, the reason above.
async fn refused(app: &App, visitor: &Visitor, view: ReportView, data: Option<Value>, e: ApiError) -> PageResult {
    if e.status.code >= 500 || e.status.code == 403 || e.status.code == 404 {
        return Err(PageError::Api(e));
    }
    let list = |key: &str| -> Vec<cabinet_forms::Finding> {
        e.details.get(key).and_then(Value::as_array).map(|all| all.iter().map(finding_of).collect()).unwrap_or_default()
    };
    let problems: Vec<Problem> = e
        .details
        .get("problems")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .map(|p| {
                    let text = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
                    Problem::new(text("pointer"), text("code"), text("message"))
                })
                .collect()
        })
        .unwrap_or_default();
    let (errors, warnings) = (list("errors"), list("warnings"));
    // The API names the rule an explanation goes under; on the page it goes into a box.
    let message = if e.code == "report_invalid" && errors.is_empty() && !warnings.is_empty() {
        format!(
            "Отчёт не отправлен: предупреждения ({}) не пояснены. Напишите, почему данные верны, в разделе \
             «Пояснения к предупреждениям» ниже и отправьте отчёт снова.",
            warnings.len()
        )
    } else {
        e.message.clone()
    };
    let attempt = Attempt { data, errors, warnings, problems, message: Some(message), status: Some(e.status) };
    render(app, visitor, view, attempt).await
}

#[post("/reports/<form_id>/<period>/xlsx", data = "<form>")]
async fn upload_sheet(
    app: &State<App>,
    visitor: Visitor,
    origin: ClientOrigin,
    form_id: &str,
    period: &str,
    form: Posted,
) -> PageResult {
    let staff = visitor.staff()?;
    let unit = own_unit(&staff);
    let revision: i64 = form.get("revision").parse().unwrap_or(-1);
    let target = table::prepare_sheet(app, &staff, &unit, form_id, period, Some(revision)).await;
    let view = || fill::get_report(app, staff.clone(), &unit, form_id, period);
    let target = match target {
        Ok(target) => target,
        Err(e) => return refused(app, &visitor, view().await?.into_inner(), None, e).await,
    };
    let Some(file) = form.file("sheet") else {
        let e = ApiError::from(cabinet_core::Invalid::new("sheet", "required", "Выберите заполненный файл XLSX."));
        return refused(app, &visitor, view().await?.into_inner(), None, e).await;
    };
    if file.bytes.len() as u64 > app.config.reports.report_max_bytes {
        let e = ApiError::new(
            Status::PayloadTooLarge,
            "payload_too_large",
            format!("Файл слишком большой: допускается не больше {} КиБ.", app.config.reports.report_max_bytes / 1024),
        );
        return refused(app, &visitor, view().await?.into_inner(), None, e).await;
    }
    match table::save_sheet(app, &origin, target, file.bytes.clone()).await {
        Ok(saved) => {
            let count = saved.problems.len();
            let text = if count == 0 {
                "Файл принят, данные сохранены в черновик. Проверьте их и отправьте отчёт.".to_owned()
            } else {
                format!("Файл принят, данные сохранены в черновик. Осталось замечаний: {count} — они отмечены у полей.")
            };
            Ok(Reply::done(path(form_id, period), text))
        }
        Err(e) => refused(app, &visitor, view().await?.into_inner(), None, e).await,
    }
}

#[post("/reports/<form_id>/<period>/prefill", data = "<_form>")]
async fn prefill(
    app: &State<App>,
    visitor: Visitor,
    origin: ClientOrigin,
    form_id: &str,
    period: &str,
    _form: Posted,
) -> PageResult {
    let staff = visitor.staff()?;
    let unit = own_unit(&staff);
    match fill::prefill(app, staff.clone(), origin, &unit, form_id, period).await {
        Ok(_) => {
            Ok(Reply::done(path(form_id, period), "Отчёт заполнен данными прошлого периода: проверьте и исправьте их."))
        }
        Err(e) => {
            let view = fill::get_report(app, staff.clone(), &unit, form_id, period).await?.into_inner();
            refused(app, &visitor, view, None, e).await
        }
    }
}
