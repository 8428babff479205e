//! A department's side of reports: its forms (and uploading a new form or version, with the
//! check's verdict), a form's completeness for a period, and the review of one submission —
//! accepted, or returned with a reason and remarks at fields.

use cabinet_forms::page::{Item, Page, PageInput};
use rocket::State;
use rocket::http::Status;
use rocket::{get, post, routes};
use serde::Serialize;
use serde_json::{Value, json};

use super::page::finding;
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiError;
use crate::json::{Body, LargeBody};
use crate::pages::input::{Input, Inputs};
use crate::pages::posted::Posted;
use crate::pages::reply::{PageError, PageResult, Reply};
use crate::pages::visitor::Visitor;
use crate::routes::reports::{self as api, ReportView, definitions, review};

pub fn routes() -> Vec<rocket::Route> {
    routes![forms, upload_form, completeness, submission, accept, send_back]
}

async fn forms_page(app: &App, visitor: &Visitor, status: Status, verdict: Option<Value>) -> PageResult {
    let staff = visitor.staff()?;
    let forms = definitions::list(app.into(), staff.clone()).await?.into_inner();
    let may_define = visitor.may(cabinet_core::Permission::FormsDefine);
    let chrome = visitor.chrome(app, "Формы отчётности", "/forms").await?.with_help("forms");
    app.pages.render_as(
        status,
        "forms",
        &json!({
            "chrome": chrome, "forms": forms, "may_define": may_define, "verdict": verdict,
        }),
    )
}

#[get("/forms")]
async fn forms(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    // The list is open to anybody signed in through the API; the page is the department's.
    cabinet_core::policy::may_attempt::<cabinet_core::policy::ReviewReports>(Some(staff.actor()))
        .or_else(|_| cabinet_core::policy::may_attempt::<cabinet_core::policy::DefineForms>(Some(staff.actor())))?;
    forms_page(app, &visitor, Status::Ok, None).await
}

#[post("/forms", data = "<form>")]
async fn upload_form(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    cabinet_core::policy::may_attempt::<cabinet_core::policy::DefineForms>(Some(staff.actor()))?;
    let Some(file) = form.file("plugin") else {
        let verdict = json!({ "message": "Выберите файл формы (JSON).", "problems": [] });
        return forms_page(app, &visitor, Status::UnprocessableEntity, Some(verdict)).await;
    };
    match definitions::upload(app, staff.clone(), origin, LargeBody(file.bytes.clone())).await {
        Ok((_, view)) => {
            let view = view.into_inner();
            let text = format!(
                "Форма «{}» версии {} принята: организации увидят её в своих отчётах.",
                view.summary.title, view.summary.version
            );
            Ok(Reply::done("/forms", text))
        }
        Err(e) if e.status.code < 500 && e.status != Status::Unauthorized => {
            let problems = e.details.get("problems").cloned().unwrap_or(Value::Array(Vec::new()));
            let verdict = json!({ "message": e.message, "problems": problems });
            forms_page(app, &visitor, e.status, Some(verdict)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[get("/forms/<form_id>/<period>")]
async fn completeness(app: &State<App>, visitor: Visitor, form_id: &str, period: &str) -> PageResult {
    let staff = visitor.staff()?;
    let view = review::completeness(app, staff.clone(), form_id, period).await?.into_inner();
    let title = format!("{}, {}", view.form_title, crate::pages::when::period(&view.period));
    let chrome = visitor.chrome(app, &title, "/forms").await?.with_help("review");
    app.pages.render("completeness", &json!({ "chrome": chrome, "c": view }))
}

/// A field or table a remark may be pinned to, as the page shows it.
#[derive(Serialize)]
struct Target {
    value: String,
    label: String,
}

fn targets(page: &Page) -> Vec<Target> {
    fn walk(items: &[Item], out: &mut Vec<Target>) {
        for item in items {
            match item {
                Item::Input(i) if !i.computed => out.push(Target { value: i.name.clone(), label: i.label.clone() }),
                Item::Input(_) => {}
                Item::Group(g) => walk(&g.items, out),
                Item::Table(t) => {
                    out.push(Target { value: t.name.clone(), label: format!("Таблица «{}»", t.caption) })
                }
            }
        }
    }
    let mut out = Vec::new();
    for section in &page.sections {
        walk(&section.items, &mut out);
    }
    out
}

/// Remark slots of the return form; more through a round trip.
const SLOTS: usize = 3;

async fn review_page(
    app: &App,
    visitor: &Visitor,
    view: ReportView,
    status: Status,
    refusal: Option<ApiError>,
) -> PageResult {
    let (_, form) = api::form(app, &view.form_id, Some(view.form_version)).await?;
    let remarks = view.comments.iter().map(|c| (c.field.clone(), c.message.clone())).collect();
    let errors: Vec<_> = view.errors.iter().map(finding).collect();
    let warnings: Vec<_> = view.warnings.iter().map(finding).collect();
    let input =
        PageInput { errors: &errors, warnings: &warnings, remarks: &remarks, readonly: true, ..PageInput::default() };
    let page = form.page(&view.data, input);
    let labels = targets(&page);
    let label_of = |pointer: &str| {
        labels.iter().find(|t| t.value == pointer).map_or_else(|| pointer.to_owned(), |t| t.label.clone())
    };
    let changes: Vec<Value> = view
        .changes
        .iter()
        .map(|c| json!({ "label": label_of(&c.field), "before": shown(&c.before), "after": shown(&c.after) }))
        .collect();
    let mut reason = vec![
        Input::new("textarea", "reason", "Причина возврата")
            .help("Что исправить в отчёте. Можно оставить пустой, если ниже есть замечания к полям."),
    ];
    reason[0].value = String::new();
    let form_inputs = match &refusal {
        Some(e) => Inputs::with_error(reason, e),
        None => Inputs::new(reason),
    };
    let slot_error = |i: usize| {
        refusal.as_ref().and_then(|e| {
            e.details.get("fields").and_then(Value::as_array).and_then(|all| {
                all.iter()
                    .find(|f| {
                        f.get("field").and_then(Value::as_str).is_some_and(|n| n.starts_with(&format!("comments[{i}]")))
                    })
                    .and_then(|f| f.get("message").and_then(Value::as_str))
                    .map(str::to_owned)
            })
        })
    };
    let slots: Vec<Value> =
        (0..SLOTS).map(|i| json!({ "index": i, "number": i + 1, "error": slot_error(i) })).collect();
    let title = format!("{} — {}, {}", view.unit_name, view.form_title, crate::pages::when::period(&view.period));
    let chrome = visitor.chrome(app, &title, "/forms").await?.with_help("review");
    let base = format!("/forms/{}/{}/reports/{}", view.form_id, view.period, view.unit_id);
    app.pages.render_as(
        status,
        "review",
        &json!({
            "chrome": chrome, "report": view, "page": super::page::shown(&page, true), "changes": changes, "targets": labels,
            "form": form_inputs, "slots": slots, "base": base,
            "awaiting": view.state.as_deref() == Some("submitted"),
        }),
    )
}

fn shown(v: &Value) -> String {
    match v {
        Value::Null => "—".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => {
            n.as_f64().map_or_else(|| n.to_string(), |f| cabinet_forms::chart::format_number(f, places(f), ""))
        }
        Value::Bool(true) => "да".to_owned(),
        Value::Bool(false) => "нет".to_owned(),
        other => other.to_string(),
    }
}

fn places(f: f64) -> u8 {
    if f.fract() == 0.0 { 0 } else { 2 }
}

#[get("/forms/<form_id>/<period>/reports/<unit_id>")]
async fn submission(app: &State<App>, visitor: Visitor, form_id: &str, period: &str, unit_id: &str) -> PageResult {
    let staff = visitor.staff()?;
    let view = review::get_submitted(app, staff.clone(), form_id, period, unit_id).await?.into_inner();
    review_page(app, &visitor, view, Status::Ok, None).await
}

#[post("/forms/<form_id>/<period>/reports/<unit_id>/accept", data = "<form>")]
async fn accept(
    app: &State<App>,
    visitor: Visitor,
    origin: ClientOrigin,
    form_id: &str,
    period: &str,
    unit_id: &str,
    form: Posted,
) -> PageResult {
    let staff = visitor.staff()?;
    let revision: i64 = form.get("revision").parse().unwrap_or(-1);
    let body = Body::of(&json!({ "revision": revision }));
    match review::accept(app, staff.clone(), origin, form_id, period, unit_id, body).await {
        Ok(view) => {
            let view = view.into_inner();
            Ok(Reply::done(
                format!("/forms/{form_id}/{period}"),
                format!("Отчёт организации «{}» принят.", view.unit_name),
            ))
        }
        Err(e) => again_page(app, &visitor, &staff, form_id, period, unit_id, e).await,
    }
}

#[post("/forms/<form_id>/<period>/reports/<unit_id>/return", data = "<form>")]
async fn send_back(
    app: &State<App>,
    visitor: Visitor,
    origin: ClientOrigin,
    form_id: &str,
    period: &str,
    unit_id: &str,
    form: Posted,
) -> PageResult {
    let staff = visitor.staff()?;
    let revision: i64 = form.get("revision").parse().unwrap_or(-1);
    let comments: Vec<Value> = (0..SLOTS)
        .filter_map(|i| {
            let field = form.get(&format!("comment_field_{i}"));
            let message = form.get(&format!("comment_text_{i}")).trim();
            (!field.is_empty() || !message.is_empty()).then(|| json!({ "field": field, "message": message }))
        })
        .collect();
    let body = Body::of(&json!({ "revision": revision, "reason": form.get("reason"), "comments": comments }));
    match review::send_back(app, staff.clone(), origin, form_id, period, unit_id, body).await {
        Ok(view) => {
            let view = view.into_inner();
            let text = format!("Отчёт организации «{}» возвращён на доработку с замечаниями.", view.unit_name);
            Ok(Reply::done(format!("/forms/{form_id}/{period}"), text))
        }
        Err(e) => again_page(app, &visitor, &staff, form_id, period, unit_id, e).await,
    }
}

#[allow(clippy::too_many_arguments)]
async fn again_page(
    app: &App,
    visitor: &Visitor,
    staff: &Staff,
    form_id: &str,
    period: &str,
    unit_id: &str,
    e: ApiError,
) -> PageResult {
    if e.status.code >= 500 || matches!(e.status.code, 401 | 403 | 404) {
        return Err(PageError::Api(e));
    }
    let view = review::get_submitted(app.into(), staff.clone(), form_id, period, unit_id).await?.into_inner();
    let status = e.status;
    review_page(app, visitor, view, status, Some(e)).await
}
