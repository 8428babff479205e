//! An organization's reports: its list, one report with what the checks say of it, saving a
//! draft, starting from the previous period, and submitting. Only `reports.fill` in the
//! organization fills; another organization's reports answer like unknown ones.

use std::collections::BTreeMap;
use std::sync::Arc;

use cabinet_core::policy::{FillReports, InUnit, authorize};
use cabinet_core::reports::{ReportEvent, ReportRoles, transition};
use cabinet_core::{UnitId, UnitKind};
use cabinet_forms::{Form, PeriodId, period_for};
use cabinet_storage::forms::{self as stored_forms, StoredForm};
use cabinet_storage::reports::{self, Access, Content, Key, NewFact, Report};
use cabinet_storage::units::{self, Unit};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post, put};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::view::{ReportFindingView, ReportSummary, ReportView};
use super::{DeadlinesView, clock, department, expects, form, period, refused, storage_error};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::json::LargeBody;
use crate::params::path_id;

/// The report being worked on: its organization, form, period, and the report if started.
pub(super) struct Opened {
    pub unit: Unit,
    pub stored: StoredForm,
    pub form: Arc<Form>,
    pub period: PeriodId,
    pub key: Key,
    pub report: Option<Report>,
}

/// The organization's report on `form_id` for `period`, reached with `reports.fill` there.
pub(super) async fn open(
    app: &App,
    staff: &Staff,
    unit_id: &str,
    form_id: &str,
    raw_period: &str,
) -> ApiResult<(Access, Opened)> {
    let unit_id: UnitId = path_id(unit_id)?;
    let auth = authorize::<FillReports>(Some(staff.actor()), InUnit(unit_id))?;
    let access = Access::filler(&auth);
    let opened = opened(app, &access, form_id, raw_period).await?;
    Ok((access, opened))
}

/// Finds the report of `access`'s organization; the form must expect that organization.
pub(super) async fn opened(app: &App, access: &Access, form_id: &str, raw_period: &str) -> ApiResult<Opened> {
    let unit = units::get(&app.db, access.unit()).await?;
    let (newest, newest_form) = form(app, form_id, None).await?;
    let period = period(&newest_form, raw_period)?;
    if !expects(&newest_form.plugin().reporters, &unit) {
        return Err(ApiError::new(
            Status::NotFound,
            "report_not_expected",
            format!("Форма «{}» не собирается с этой организации.", newest_form.plugin().title),
        ));
    }
    let key = Key { form_id: newest.id.clone(), period: period.to_string() };
    let report = reports::find(&app.db, access, &key).await?;
    // A started report stays on the form version it was made with.
    let (stored, form) = match &report {
        Some(r) if i64::from(r.form_version) != newest.version => {
            super::form(app, form_id, Some(r.form_version)).await?
        }
        _ => (newest, newest_form),
    };
    Ok(Opened { unit, stored, form, period, key, report })
}

/// The reports expected from an organization: every form that expects it, for the period being
/// filled now.
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/reports", tag = "reports", params(("unit_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<ReportSummary>), (status = 404)))]
#[get("/units/<unit_id>/reports")]
pub async fn list(app: &State<App>, staff: Staff, unit_id: &str) -> ApiResult<Json<Vec<ReportSummary>>> {
    let unit_id: UnitId = path_id(unit_id)?;
    let auth = authorize::<FillReports>(Some(staff.actor()), InUnit(unit_id))?;
    let access = Access::filler(&auth);
    let unit = units::get(&app.db, unit_id).await?;
    app.forms.wait_for_shipped().await;
    let today = jiff::Zoned::now().with_time_zone(app.forms.time_zone.clone()).date();
    let mut out = Vec::new();
    for stored in stored_forms::newest(&app.db).await? {
        let form = app.forms.compiled(&stored).await?;
        let plugin = form.plugin();
        let Some(period) = period_for(&plugin.period, today) else { continue };
        if unit.kind != UnitKind::Organization || !expects(&plugin.reporters, &unit) {
            continue;
        }
        let key = Key { form_id: plugin.id.clone(), period: period.to_string() };
        let report = reports::find(&app.db, &access, &key).await?;
        let exempt = reports::exemptions(&app.db, &key).await?.iter().any(|g| g.unit_id == unit_id.to_string());
        out.push(ReportSummary {
            form_id: plugin.id.clone(),
            form_title: plugin.title.clone(),
            period: key.period.clone(),
            state: report.as_ref().map(|r| r.state.code().to_owned()),
            state_label: report.as_ref().map_or("не начат", |r| r.state.label()).to_owned(),
            late: report.as_ref().is_some_and(|r| r.late),
            exempt,
            deadlines: DeadlinesView::of(&super::deadlines(app, &form, &period)?),
        });
    }
    Ok(Json(out))
}

/// The organization's report with what the form's checks say of it now; a report not started
/// yet answers with empty data and state absent.
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/reports/{form_id}/{period}", tag = "reports",
    params(("unit_id" = uuid::Uuid, Path), ("form_id" = String, Path), ("period" = String, Path)),
    responses((status = 200, body = ReportView), (status = 404)))]
#[get("/units/<unit_id>/reports/<form_id>/<period>")]
pub async fn get_report(
    app: &State<App>,
    staff: Staff,
    unit_id: &str,
    form_id: &str,
    period: &str,
) -> ApiResult<Json<ReportView>> {
    let (access, opened) = open(app, &staff, unit_id, form_id, period).await?;
    Ok(Json(view(app, &access, &opened, false).await?))
}

/// A save: the data as it is now, and the revision it was based on.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSaveBody {
    /// The revision the data was based on: 0 for a report not started yet. A save over a newer
    /// revision is refused (409), so two people never overwrite each other silently.
    pub revision: i64,
    #[schema(value_type = Object)]
    pub data: Value,
    /// Explanations of warnings, by rule id; kept as they are when left out.
    #[serde(default)]
    pub explanations: Option<BTreeMap<String, String>>,
}

/// Saves the report as a draft (or the corrections of a returned report). Partial data is fine;
/// the answer lists what still blocks submitting.
#[utoipa::path(put, path = "/api/v1/units/{unit_id}/reports/{form_id}/{period}", tag = "reports",
    params(("unit_id" = uuid::Uuid, Path), ("form_id" = String, Path), ("period" = String, Path)), request_body = ReportSaveBody,
    responses((status = 200, body = ReportView), (status = 404),
        (status = 409, description = "Отчёт изменили, он на проверке или принят, или период закрыт (report_changed, report_under_review, report_already_accepted, report_period_not_open, report_period_locked)"),
        (status = 413), (status = 422)))]
#[put("/units/<unit_id>/reports/<form_id>/<period>", data = "<body>")]
pub async fn save(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    unit_id: &str,
    form_id: &str,
    period: &str,
    body: LargeBody,
) -> ApiResult<Json<ReportView>> {
    let (access, opened) = open(app, &staff, unit_id, form_id, period).await?;
    let body: ReportSaveBody = strict(app, &body)?;
    let step = step(app, &staff, &opened, ReportEvent::Save).await?;
    same_revision(&opened, body.revision)?;
    opened.form.draft(&body.data).map_err(problems)?;
    let previous = previous_data(app, &access, &opened).await?;
    let checked = opened.form.check(&body.data, previous.as_ref());
    let explanations = body.explanations.unwrap_or_else(|| stored_explanations(&opened));
    let content = Content {
        form_version: opened.form.plugin().version,
        data: &checked.data,
        explanations: &explanations,
        facts: None,
    };
    let saved = reports::move_report(&app.db, &access, &opened.key, opened.report.as_ref(), &step, &content, &origin.0)
        .await
        .map_err(storage_error)?;
    Ok(Json(view(app, &access, &Opened { report: Some(saved), ..opened }, false).await?))
}

/// A submission: the revision it is based on, explanations of the warnings, and optionally the
/// data (saved with the submission).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSubmitBody {
    pub revision: i64,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub data: Option<Value>,
    /// Explanations of warnings, by rule id: every warning must be explained.
    #[serde(default)]
    pub explanations: Option<BTreeMap<String, String>>,
}

/// Submits the report to the department. Schema and rules are checked together; every problem
/// is answered at once with its field path and a Russian message, and nothing is submitted while
/// an error stands or a warning is unexplained.
#[utoipa::path(post, path = "/api/v1/units/{unit_id}/reports/{form_id}/{period}/submit", tag = "reports",
    params(("unit_id" = uuid::Uuid, Path), ("form_id" = String, Path), ("period" = String, Path)), request_body = ReportSubmitBody,
    responses((status = 200, body = ReportView), (status = 403), (status = 404),
        (status = 409, description = "Отчёт изменили, он уже на проверке или принят, или приём закрыт (report_changed, report_under_review, report_already_accepted, report_period_not_open, report_period_locked)"),
        (status = 413), (status = 422, description = "В отчёте ошибки или необъяснённые предупреждения; details.errors и details.warnings (report_invalid)")))]
#[post("/units/<unit_id>/reports/<form_id>/<period>/submit", data = "<body>")]
pub async fn submit(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    unit_id: &str,
    form_id: &str,
    period: &str,
    body: LargeBody,
) -> ApiResult<Json<ReportView>> {
    let (access, opened) = open(app, &staff, unit_id, form_id, period).await?;
    let body: ReportSubmitBody = strict(app, &body)?;
    let step = step(app, &staff, &opened, ReportEvent::Submit).await?;
    same_revision(&opened, body.revision)?;
    let data = match body.data {
        Some(data) => data,
        None => opened.report.as_ref().map_or_else(|| json!({}), |r| r.data.clone()),
    };
    let previous = previous_data(app, &access, &opened).await?;
    let checked = opened.form.check(&data, previous.as_ref());
    let explanations = body.explanations.unwrap_or_else(|| stored_explanations(&opened));
    let errors: Vec<ReportFindingView> = checked.errors.iter().map(ReportFindingView::error).collect();
    let unexplained: Vec<ReportFindingView> = checked
        .warnings
        .iter()
        .map(|w| ReportFindingView::warning(w, &explanations))
        .filter(|w| w.explained == Some(false))
        .collect();
    if !errors.is_empty() || !unexplained.is_empty() {
        return Err(invalid(&errors, &unexplained));
    }
    let facts: Vec<NewFact> = opened.form.facts(&checked.data).into_iter().map(super::table::stored).collect();
    let content = Content {
        form_version: opened.form.plugin().version,
        data: &checked.data,
        explanations: &explanations,
        facts: Some(&facts),
    };
    let sent = reports::move_report(&app.db, &access, &opened.key, opened.report.as_ref(), &step, &content, &origin.0)
        .await
        .map_err(storage_error)?;
    Ok(Json(view(app, &access, &Opened { report: Some(sent), ..opened }, false).await?))
}

/// Starts a report not begun yet from the organization's report for the previous period.
#[utoipa::path(post, path = "/api/v1/units/{unit_id}/reports/{form_id}/{period}/prefill", tag = "reports",
    params(("unit_id" = uuid::Uuid, Path), ("form_id" = String, Path), ("period" = String, Path)),
    responses((status = 200, body = ReportView), (status = 403), (status = 404),
        (status = 409, description = "Отчёт уже начат, предыдущего отчёта нет, или приём закрыт (report_started, no_previous_report, report_period_not_open, report_period_locked)")))]
#[post("/units/<unit_id>/reports/<form_id>/<period>/prefill")]
pub async fn prefill(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    unit_id: &str,
    form_id: &str,
    period: &str,
) -> ApiResult<Json<ReportView>> {
    let (access, opened) = open(app, &staff, unit_id, form_id, period).await?;
    let step = step(app, &staff, &opened, ReportEvent::Save).await?;
    if opened.report.is_some() {
        return Err(ApiError::new(
            Status::Conflict,
            "report_started",
            "Отчёт за этот период уже начат: заполнить его из предыдущего можно только до первого сохранения.",
        ));
    }
    let Some(previous) = previous_data(app, &access, &opened).await? else {
        return Err(ApiError::new(
            Status::Conflict,
            "no_previous_report",
            "Отчёта за предыдущий период нет, переносить нечего. Заполните отчёт с начала.",
        ));
    };
    let checked = opened.form.check(&previous, None);
    let content = Content {
        form_version: opened.form.plugin().version,
        data: &checked.data,
        explanations: &BTreeMap::new(),
        facts: None,
    };
    let saved = reports::move_report(&app.db, &access, &opened.key, None, &step, &content, &origin.0)
        .await
        .map_err(storage_error)?;
    Ok(Json(view(app, &access, &Opened { report: Some(saved), ..opened }, false).await?))
}

/// Asks the workflow whether the caller may move the report now.
pub(super) async fn step(
    app: &App,
    staff: &Staff,
    opened: &Opened,
    event: ReportEvent,
) -> ApiResult<cabinet_core::reports::Transition> {
    let department = department(app, &opened.stored).await?;
    let roles = ReportRoles::of(staff.actor(), opened.unit.id, department);
    let deadlines = super::deadlines(app, &opened.form, &opened.period)?;
    let extension = reports::extension(&app.db, &opened.key, opened.unit.id).await?;
    transition(opened.report.as_ref().map(|r| r.state), event, roles, &clock(&deadlines, extension))
        .map_err(|r| refused(&r))
}

pub(super) fn same_revision(opened: &Opened, revision: i64) -> ApiResult<()> {
    let current = opened.report.as_ref().map_or(0, |r| r.revision);
    if current == revision { Ok(()) } else { Err(super::changed().with_details(json!({ "revision": current }))) }
}

fn stored_explanations(opened: &Opened) -> BTreeMap<String, String> {
    opened.report.as_ref().map(|r| r.explanations.clone()).unwrap_or_default()
}

/// The same organization's submitted report for the previous period, for rules that compare.
pub(super) async fn previous_data(app: &App, access: &Access, opened: &Opened) -> ApiResult<Option<Value>> {
    let Some(previous) = opened.period.previous() else { return Ok(None) };
    let found = reports::previous(&app.db, access, &opened.key.form_id, &previous.to_string()).await?;
    Ok(found.map(|r| r.data))
}

/// A report's request body read strictly: a duplicate key anywhere in it, an overlong string or
/// a number out of range is refused by its pointer rather than one value silently kept.
fn strict<T: serde::de::DeserializeOwned>(app: &App, body: &LargeBody) -> ApiResult<T> {
    let value = cabinet_forms::read_json(&body.0, app.forms.data_limits()).map_err(|found| match found.first() {
        Some(p) if p.code == "invalid_json" => {
            ApiError::bad_request("malformed_json", format!("Тело запроса не является корректным JSON: {}", p.message))
        }
        Some(p) if p.code == "too_large" => {
            ApiError::new(Status::PayloadTooLarge, "payload_too_large", p.message.clone())
        }
        _ => problems(found),
    })?;
    crate::json::from_value(value)
}

/// 422 with every error and every unexplained warning.
fn invalid(errors: &[ReportFindingView], unexplained: &[ReportFindingView]) -> ApiError {
    let message = match (errors.len(), unexplained.len()) {
        (0, w) => format!(
            "Отчёт не отправлен: объясните предупреждения ({w}) — для каждого напишите пояснение под его \
             идентификатором правила."
        ),
        (e, 0) => format!("Отчёт не отправлен: исправьте ошибки ({e}). Каждая указана с полем, к которому относится."),
        (e, w) => format!(
            "Отчёт не отправлен: исправьте ошибки ({e}) и объясните предупреждения ({w}). Каждая запись указана с полем."
        ),
    };
    ApiError::new(Status::UnprocessableEntity, "report_invalid", message)
        .with_details(json!({ "errors": errors, "warnings": unexplained }))
}

/// 422 for data a draft cannot even hold.
fn problems(problems: Vec<cabinet_forms::Problem>) -> ApiError {
    let list: Vec<Value> =
        problems.iter().map(|p| json!({ "field": p.pointer, "code": p.code, "message": p.message })).collect();
    let message = problems.first().map_or_else(String::new, |p| p.message.clone());
    ApiError::new(Status::UnprocessableEntity, "invalid_input", message).with_details(json!({ "fields": list }))
}

/// The report as the API shows it; `reviewer` adds what changed since the previous submission.
pub(super) async fn view(app: &App, access: &Access, opened: &Opened, reviewer: bool) -> ApiResult<ReportView> {
    let report = opened.report.as_ref();
    let data = report.map_or_else(|| json!({}), |r| r.data.clone());
    let previous = previous_data(app, access, opened).await?;
    let checked = opened.form.check(&data, previous.as_ref());
    let explanations = stored_explanations(opened);
    let deadlines = super::deadlines(app, &opened.form, &opened.period)?;
    let unit = opened.unit.id.to_string();
    let exemption = reports::exemptions(&app.db, &opened.key).await?.into_iter().find(|g| g.unit_id == unit);
    let extension_until = reports::extension(&app.db, &opened.key, opened.unit.id).await?;
    let history = match report {
        Some(r) => reports::history(&app.db, r).await?,
        None => Vec::new(),
    };
    let changes = if reviewer { super::review::changes(&history, &data) } else { Vec::new() };
    Ok(ReportView {
        form_id: opened.key.form_id.clone(),
        form_version: opened.form.plugin().version,
        form_title: opened.form.plugin().title.clone(),
        period: opened.key.period.clone(),
        unit_id: unit,
        unit_name: opened.unit.short_name.clone(),
        state: report.map(|r| r.state.code().to_owned()),
        state_label: report.map_or("не начат", |r| r.state.label()).to_owned(),
        revision: report.map_or(0, |r| r.revision),
        errors: checked.errors.iter().map(ReportFindingView::error).collect(),
        warnings: checked.warnings.iter().map(|w| ReportFindingView::warning(w, &explanations)).collect(),
        data: checked.data,
        explanations,
        late: report.is_some_and(|r| r.late),
        exempt: exemption.is_some(),
        extension_until,
        deadlines: DeadlinesView::of(&deadlines),
        return_reason: report.and_then(|r| r.return_reason.clone()),
        comments: report.map(|r| r.return_comments.clone()).unwrap_or_default(),
        submitted_at: report.and_then(|r| r.submitted_at),
        reviewed_at: report.and_then(|r| r.reviewed_at),
        updated_at: report.map(|r| r.updated_at),
        updated_by: report.map(|r| r.updated_by.clone()),
        history: history.iter().map(super::review::history_view).collect(),
        changes,
    })
}
