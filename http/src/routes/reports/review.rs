//! The responsible department's side (§7.3): who has reported for a period, one organization's
//! report with what changed since its previous submission, accepting it or returning it with
//! remarks on fields, exempting an organization from a period, extending its term.

use std::collections::BTreeMap;
use std::sync::Arc;

use cabinet_core::policy::{Authorized, FormOwner, ReviewReports, authorize, may_attempt};
use cabinet_core::reports::{FieldComment, Remarks, ReportEvent, ReportRoles, transition};
use cabinet_core::{Invalid, UnitId, UnitKind};
use cabinet_forms::Form;
use cabinet_storage::reports::{self, Access, Allowance, HistoryEntry, Key};
use cabinet_storage::units;
use rocket::serde::json::Json;
use rocket::{State, get, post, put};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::fill::{Opened, opened, view};
use super::view::{ChangeView, CompletenessRow, CompletenessView, HistoryView, ReportView};
use super::{DeadlinesView, clock, department, expects, form, refused, storage_error};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::params::path_id;

/// The department's right over a form's reports; another department's staff get a 404.
/// Hands back the form's newest version with the witness, so callers do not read it again.
pub(super) async fn reach(
    app: &App,
    staff: &Staff,
    form_id: &str,
) -> ApiResult<(Authorized<ReviewReports>, Arc<Form>)> {
    may_attempt::<ReviewReports>(Some(staff.actor()))?;
    let (stored, newest) = form(app, form_id, None).await?;
    let department = department(app, &stored).await?;
    Ok((authorize::<ReviewReports>(Some(staff.actor()), FormOwner::of(department))?, newest))
}

/// One organization's report on the department's form.
async fn open(
    app: &App,
    staff: &Staff,
    form_id: &str,
    raw_period: &str,
    unit_id: &str,
) -> ApiResult<(Authorized<ReviewReports>, Access, Opened)> {
    let (auth, _) = reach(app, staff, form_id).await?;
    let unit_id: UnitId = path_id(unit_id)?;
    let access = Access::reviewer(&auth, unit_id);
    let opened = opened(app, &access, form_id, raw_period).await?;
    Ok((auth, access, opened))
}

/// Completeness: of the organizations expected to report, who submitted on time, late, who is
/// missing or exempt, what waits for review and what is accepted — with the organizations
/// behind each number.
#[utoipa::path(get, path = "/api/v1/forms/{form_id}/periods/{period}/completeness", tag = "reports",
    params(("form_id" = String, Path), ("period" = String, Path)),
    responses((status = 200, body = CompletenessView), (status = 403), (status = 404)))]
#[get("/forms/<form_id>/periods/<period>/completeness")]
pub async fn completeness(
    app: &State<App>,
    staff: Staff,
    form_id: &str,
    period: &str,
) -> ApiResult<Json<CompletenessView>> {
    let (auth, form) = reach(app, &staff, form_id).await?;
    let period = super::period(&form, period)?;
    let key = Key { form_id: form.plugin().id.clone(), period: period.to_string() };
    let deadlines = super::deadlines(app, &form, &period)?;
    let submitted: BTreeMap<String, reports::PeriodReport> =
        reports::of_period(&app.db, &auth, &key).await?.into_iter().map(|r| (r.unit_id.clone(), r)).collect();
    let exempt: BTreeMap<String, String> =
        reports::exemptions(&app.db, &key).await?.into_iter().map(|g| (g.unit_id, g.reason)).collect();
    let extended: BTreeMap<String, i64> =
        reports::extensions(&app.db, &key).await?.into_iter().map(|g| (g.unit_id, g.until_at)).collect();
    let mut view = CompletenessView {
        form_id: key.form_id.clone(),
        form_title: form.plugin().title.clone(),
        period: key.period.clone(),
        deadlines: DeadlinesView::of(&deadlines),
        expected: 0,
        submitted_on_time: 0,
        late: 0,
        missing: 0,
        exempt: 0,
        awaiting_review: 0,
        returned: 0,
        accepted: 0,
        organizations: Vec::new(),
    };
    for unit in units::list(&app.db, Some(UnitKind::Organization)).await? {
        if !expects(&form.plugin().reporters, &unit) {
            continue;
        }
        view.expected += 1;
        let id = unit.id.to_string();
        let report = submitted.get(&id);
        let sent = report.filter(|r| r.submitted_at.is_some());
        let timeliness = match (sent, exempt.contains_key(&id)) {
            (Some(r), _) if r.late => "late",
            (Some(_), _) => "submitted_on_time",
            (None, true) => "exempt",
            (None, false) => "missing",
        };
        match timeliness {
            "late" => view.late += 1,
            "submitted_on_time" => view.submitted_on_time += 1,
            "exempt" => view.exempt += 1,
            _ => view.missing += 1,
        }
        match report.map(|r| r.state.as_str()) {
            Some("submitted") => view.awaiting_review += 1,
            Some("returned") => view.returned += 1,
            Some("accepted") => view.accepted += 1,
            _ => {}
        }
        view.organizations.push(CompletenessRow {
            name: unit.short_name.clone(),
            region: unit.region.clone(),
            timeliness: timeliness.to_owned(),
            state: report.map(|r| r.state.clone()),
            submitted_at: report.and_then(|r| r.submitted_at),
            exempt_reason: exempt.get(&id).cloned(),
            extension_until: extended.get(&id).copied(),
            unit_id: id,
        });
    }
    Ok(Json(view))
}

/// One organization's report, for the department: with its history and, after a return, what
/// changed since the previous submission.
#[utoipa::path(get, path = "/api/v1/forms/{form_id}/periods/{period}/reports/{unit_id}", tag = "reports",
    params(("form_id" = String, Path), ("period" = String, Path), ("unit_id" = uuid::Uuid, Path)),
    responses((status = 200, body = ReportView), (status = 403), (status = 404)))]
#[get("/forms/<form_id>/periods/<period>/reports/<unit_id>")]
pub async fn get_submitted(
    app: &State<App>,
    staff: Staff,
    form_id: &str,
    period: &str,
    unit_id: &str,
) -> ApiResult<Json<ReportView>> {
    let (_, access, opened) = open(app, &staff, form_id, period, unit_id).await?;
    Ok(Json(view(app, &access, &opened, true).await?))
}

/// The revision the reviewer decided on.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptBody {
    pub revision: i64,
}

/// Accepts a submitted report.
#[utoipa::path(post, path = "/api/v1/forms/{form_id}/periods/{period}/reports/{unit_id}/accept", tag = "reports",
    params(("form_id" = String, Path), ("period" = String, Path), ("unit_id" = uuid::Uuid, Path)), request_body = AcceptBody,
    responses((status = 200, body = ReportView), (status = 403), (status = 404),
        (status = 409, description = "Отчёт не отправлен или изменился (report_not_submitted, report_changed)"), (status = 422)))]
#[post("/forms/<form_id>/periods/<period>/reports/<unit_id>/accept", data = "<body>")]
pub async fn accept(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    form_id: &str,
    period: &str,
    unit_id: &str,
    body: Body<AcceptBody>,
) -> ApiResult<Json<ReportView>> {
    let (_, access, opened) = open(app, &staff, form_id, period, unit_id).await?;
    let revision = body.parse()?.revision;
    decide(app, &staff, &origin, access, opened, revision, ReportEvent::Accept).await
}

/// The department's remarks: a reason, and comments pinned to fields.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnBody {
    pub revision: i64,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub comments: Vec<CommentBody>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    /// JSON pointer of the field (`/members/women`).
    pub field: String,
    pub message: String,
}

/// Returns a submitted report for corrections, with a reason and remarks on fields that the
/// organization sees at those fields.
#[utoipa::path(post, path = "/api/v1/forms/{form_id}/periods/{period}/reports/{unit_id}/return", tag = "reports",
    params(("form_id" = String, Path), ("period" = String, Path), ("unit_id" = uuid::Uuid, Path)), request_body = ReturnBody,
    responses((status = 200, body = ReportView), (status = 403), (status = 404),
        (status = 409, description = "Отчёт не отправлен или изменился (report_not_submitted, report_changed)"), (status = 422)))]
#[post("/forms/<form_id>/periods/<period>/reports/<unit_id>/return", data = "<body>")]
pub async fn send_back(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    form_id: &str,
    period: &str,
    unit_id: &str,
    body: Body<ReturnBody>,
) -> ApiResult<Json<ReportView>> {
    let (_, access, opened) = open(app, &staff, form_id, period, unit_id).await?;
    let body = body.parse()?;
    let comments: Vec<(String, String)> = body.comments.into_iter().map(|c| (c.field, c.message)).collect();
    let mut remarks = Remarks::parse(&body.reason, &comments).map_err(ApiError::invalid)?;
    let unknown: Vec<Invalid> = remarks
        .comments
        .iter()
        .enumerate()
        .filter(|(_, c)| !names_a_field(&opened, &c.field))
        .map(|(i, c)| {
            Invalid::new(
                format!("comments[{i}].field"),
                "unknown_field",
                format!("В форме нет поля «{}». Укажите путь поля из описания формы.", c.field),
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::invalid(unknown));
    }
    remarks.comments.sort_by(|a, b| a.field.cmp(&b.field));
    decide(app, &staff, &origin, access, opened, body.revision, ReportEvent::Return(remarks)).await
}

/// Whether `pointer` names a field of the form, a table row's cell (`/agreements/3/workers`)
/// or a table.
fn names_a_field(opened: &Opened, pointer: &str) -> bool {
    let template: Vec<&str> = pointer
        .split('/')
        .map(|part| if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) { "*" } else { part })
        .collect();
    let template = template.join("/");
    opened.form.field(&template).is_some() || opened.form.is_table(&template)
}

async fn decide(
    app: &App,
    staff: &Staff,
    origin: &ClientOrigin,
    access: Access,
    opened: Opened,
    revision: i64,
    event: ReportEvent,
) -> ApiResult<Json<ReportView>> {
    let department = department(app, &opened.stored).await?;
    let roles = ReportRoles::of(staff.actor(), opened.unit.id, department);
    let deadlines = super::deadlines(app, &opened.form, &opened.period)?;
    let step = transition(opened.report.as_ref().map(|r| r.state), event, roles, &clock(&deadlines, None))
        .map_err(|r| refused(&r))?;
    let Some(before) = opened.report.as_ref() else { return Err(super::changed()) };
    if before.revision != revision {
        return Err(super::changed().with_details(json!({ "revision": before.revision })));
    }
    let after = reports::review(&app.db, &access, before, &step, &origin.0).await.map_err(storage_error)?;
    Ok(Json(view(app, &access, &Opened { report: Some(after), ..opened }, true).await?))
}

/// Exempting an organization from a period, or taking the exemption back.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExemptBody {
    pub exempt: bool,
    /// Why, when exempting.
    #[serde(default)]
    pub reason: String,
}

/// Marks an organization exempt from a period (it is not counted as missing), or takes it back.
#[utoipa::path(put, path = "/api/v1/forms/{form_id}/periods/{period}/reports/{unit_id}/exemption", tag = "reports",
    params(("form_id" = String, Path), ("period" = String, Path), ("unit_id" = uuid::Uuid, Path)), request_body = ExemptBody,
    responses((status = 200, body = ReportView), (status = 403), (status = 404), (status = 422)))]
#[put("/forms/<form_id>/periods/<period>/reports/<unit_id>/exemption", data = "<body>")]
pub async fn exempt(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    form_id: &str,
    period: &str,
    unit_id: &str,
    body: Body<ExemptBody>,
) -> ApiResult<Json<ReportView>> {
    let (auth, access, opened) = open(app, &staff, form_id, period, unit_id).await?;
    let body = body.parse()?;
    let reason = body.reason.trim();
    if body.exempt && reason.is_empty() {
        return Err(
            Invalid::new("reason", "required", "Укажите, почему организация освобождена от отчёта за период.").into()
        );
    }
    if reason.chars().count() > cabinet_core::reports::MAX_TEXT_CHARS {
        return Err(Invalid::new("reason", "too_long", "Причина слишком длинная: не больше 2000 символов.").into());
    }
    let allowance = Allowance::Exemption(body.exempt.then_some(reason));
    reports::allow(&app.db, &auth, &opened.key, opened.unit.id, allowance, &origin.0).await?;
    Ok(Json(view(app, &access, &opened, true).await?))
}

/// A later last day for one organization, after the period locks.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendBody {
    /// `YYYY-MM-DD`: the organization may submit until the end of this day (the union's time
    /// zone); `null` takes the extension back.
    pub until: Option<String>,
}

/// Gives an organization more time to submit after the period locks, or takes it back.
#[utoipa::path(put, path = "/api/v1/forms/{form_id}/periods/{period}/reports/{unit_id}/extension", tag = "reports",
    params(("form_id" = String, Path), ("period" = String, Path), ("unit_id" = uuid::Uuid, Path)), request_body = ExtendBody,
    responses((status = 200, body = ReportView), (status = 403), (status = 404), (status = 422)))]
#[put("/forms/<form_id>/periods/<period>/reports/<unit_id>/extension", data = "<body>")]
pub async fn extend(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    form_id: &str,
    period: &str,
    unit_id: &str,
    body: Body<ExtendBody>,
) -> ApiResult<Json<ReportView>> {
    let (auth, access, opened) = open(app, &staff, form_id, period, unit_id).await?;
    let until = match body.parse()?.until {
        None => None,
        Some(day) => {
            let bad = || Invalid::new("until", "invalid_date", "Укажите последний день продления в виде ГГГГ-ММ-ДД.");
            let date = cabinet_forms::period::parse_date(&day).ok_or_else(bad)?;
            let end =
                date.tomorrow().ok().and_then(|d| d.to_zoned(app.forms.time_zone.clone()).ok()).ok_or_else(bad)?;
            Some(super::deadlines::millis(&end))
        }
    };
    reports::allow(&app.db, &auth, &opened.key, opened.unit.id, Allowance::Extension(until), &origin.0).await?;
    Ok(Json(view(app, &access, &opened, true).await?))
}

pub(super) fn history_view(h: &HistoryEntry) -> HistoryView {
    HistoryView {
        at: h.at,
        actor: h.actor_label.clone(),
        from: h.from_state.clone(),
        to: h.to_state.clone(),
        event: h.event.clone(),
        reason: h.reason.clone(),
        comments: h
            .comments
            .as_deref()
            .and_then(|c| serde_json::from_str::<Vec<FieldComment>>(c).ok())
            .unwrap_or_default(),
    }
}

/// What changed between the submission before the latest and the data now: the reviewer of a
/// corrected report sees exactly what the organization changed.
pub(super) fn changes(history: &[HistoryEntry], now: &Value) -> Vec<ChangeView> {
    let mut submitted = history.iter().filter_map(|h| h.data.as_deref()).rev();
    let (Some(_latest), Some(before)) = (submitted.next(), submitted.next()) else { return Vec::new() };
    let Ok(before) = serde_json::from_str::<Value>(before) else { return Vec::new() };
    let mut out = Vec::new();
    diff("", &before, now, &mut out);
    out
}

fn diff(at: &str, before: &Value, after: &Value, out: &mut Vec<ChangeView>) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let path = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                diff(&path, a.get(k).unwrap_or(&Value::Null), b.get(k).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                diff(&format!("{at}/{i}"), a.get(i).unwrap_or(&Value::Null), b.get(i).unwrap_or(&Value::Null), out);
            }
        }
        (a, b) if a != b => out.push(ChangeView { field: at.to_owned(), before: a.clone(), after: b.clone() }),
        _ => {}
    }
}
