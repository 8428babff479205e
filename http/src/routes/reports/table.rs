//! The department's aggregated table of a form and period — organizations × fields, totals by
//! each field's rule, indicators as ratios of sums — as JSON, CSV and XLSX; and the
//! organization's side of the spreadsheet round trip: the XLSX template of a form, and a filled
//! one uploaded back through exactly the checks of the API.

use cabinet_forms::sheet::{self, CellProblem};
use cabinet_forms::table::{self, Reporter, Table};
use cabinet_forms::{Fact, FactValue};
use cabinet_storage::reports::{self, Content, FactCell, Key, NewFact, ReportFacts};
use rocket::data::{Data, ToByteUnit};
use rocket::http::{ContentType, Header, Status};
use rocket::serde::json::Json;
use rocket::{Responder, State, get, put};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::fill::{Opened, open, previous_data, same_revision, step, view};
use super::period;
use super::view::ReportView;
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::routes::media::upload::Upload;

/// A file to download.
#[derive(Responder)]
pub struct FileAnswer(Vec<u8>, ContentType, Header<'static>);

fn attachment(bytes: Vec<u8>, kind: ContentType, name: &str) -> FileAnswer {
    FileAnswer(bytes, kind, Header::new("Content-Disposition", format!("attachment; filename=\"{name}\"")))
}

fn xlsx_type() -> ContentType {
    ContentType::new("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
}

/// The table of `form_id` for `period`, from the typed values stored with each submission.
pub(crate) async fn build(
    app: &App,
    staff: &Staff,
    form_id: &str,
    raw_period: &str,
    region: Option<&str>,
) -> ApiResult<(Key, Table)> {
    let (auth, form) = super::review::reach(app, staff, form_id).await?;
    let period = period(&form, raw_period)?;
    let key = Key { form_id: form.plugin().id.clone(), period: period.to_string() };
    let mut reporters = reporters(reports::facts(&app.db, &auth, &key).await?);
    reporters.sort_by(|a, b| a.name.cmp(&b.name));
    let regions = region.filter(|r| !r.is_empty()).map(|r| vec![r.to_owned()]);
    Ok((key, table::build(&form, reporters, regions.as_deref())))
}

/// A value the engine found in a submission, as storage keeps it.
pub fn stored(fact: Fact) -> NewFact {
    let value = match fact.value {
        FactValue::Number(n) => FactCell::Number(n),
        FactValue::Text(t) => FactCell::Text(t),
        FactValue::Bool(b) => FactCell::Bool(b),
    };
    NewFact { field: fact.field, row: fact.row, value }
}

/// The stored values of a period as the engine's reporters: one per organization that submitted,
/// with its name, region, the report's status and form version. The routes and the aggregation
/// benchmark both build the table through it.
pub fn reporters(facts: Vec<ReportFacts>) -> Vec<Reporter> {
    facts
        .into_iter()
        .map(|report| Reporter {
            status: status_label(&report.state, report.late),
            version: u32::try_from(report.form_version).unwrap_or(0),
            organization: report.unit_id,
            name: report.unit_name,
            region: report.region.unwrap_or_default(),
            facts: report
                .facts
                .into_iter()
                .map(|f| {
                    let value = match f.value {
                        FactCell::Number(n) => FactValue::Number(n),
                        FactCell::Text(t) => FactValue::Text(t),
                        FactCell::Bool(b) => FactValue::Bool(b),
                    };
                    Fact { field: f.field, row: f.row, value }
                })
                .collect(),
        })
        .collect()
}

fn status_label(state: &str, late: bool) -> String {
    let state = cabinet_core::reports::ReportState::parse(state).map_or("", |s| s.label());
    if late { format!("{state}, сдан с опозданием") } else { state.to_owned() }
}

/// The aggregated table: one row per organization that submitted (accepted or awaiting review),
/// totals by each field's rule, indicators as ratios of sums; `region` keeps one region.
#[utoipa::path(get, path = "/api/v1/forms/{form_id}/periods/{period}/table", tag = "reports",
    params(("form_id" = String, Path), ("period" = String, Path), ("region" = Option<String>, Query)),
    responses((status = 200, body = Object), (status = 403), (status = 404)))]
#[get("/forms/<form_id>/periods/<period>/table?<region>")]
pub async fn table_json(
    app: &State<App>,
    staff: Staff,
    form_id: &str,
    period: &str,
    region: Option<String>,
) -> ApiResult<Json<Value>> {
    let (_, table) = build(app, &staff, form_id, period, region.as_deref()).await?;
    Ok(Json(serde_json::to_value(&table).map_err(|_| ApiError::internal())?))
}

/// The table as CSV for Russian Excel (UTF-8 with BOM, `;`).
#[utoipa::path(get, path = "/api/v1/forms/{form_id}/periods/{period}/export.csv", tag = "reports",
    params(("form_id" = String, Path), ("period" = String, Path), ("region" = Option<String>, Query)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403), (status = 404)))]
#[get("/forms/<form_id>/periods/<period>/export.csv?<region>")]
pub async fn export_csv(
    app: &State<App>,
    staff: Staff,
    form_id: &str,
    period: &str,
    region: Option<String>,
) -> ApiResult<FileAnswer> {
    let (key, table) = build(app, &staff, form_id, period, region.as_deref()).await?;
    let kind = ContentType::new("text", "csv").with_params(("charset", "utf-8"));
    Ok(attachment(cabinet_forms::export::csv(&table), kind, &format!("{}-{}.csv", key.form_id, key.period)))
}

/// The table as XLSX: a sheet of organizations and one per repeated table, numbers as numbers.
#[utoipa::path(get, path = "/api/v1/forms/{form_id}/periods/{period}/export.xlsx", tag = "reports",
    params(("form_id" = String, Path), ("period" = String, Path), ("region" = Option<String>, Query)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403), (status = 404), (status = 422)))]
#[get("/forms/<form_id>/periods/<period>/export.xlsx?<region>")]
pub async fn export_xlsx(
    app: &State<App>,
    staff: Staff,
    form_id: &str,
    period: &str,
    region: Option<String>,
) -> ApiResult<FileAnswer> {
    let (key, table) = build(app, &staff, form_id, period, region.as_deref()).await?;
    let bytes = tokio::task::spawn_blocking(move || cabinet_forms::export::xlsx(&table))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|e| {
            ApiError::new(Status::UnprocessableEntity, "export_failed", format!("Выгрузка не сформирована: {e}."))
        })?;
    Ok(attachment(bytes, xlsx_type(), &format!("{}-{}.xlsx", key.form_id, key.period)))
}

/// The XLSX template of the form for this organization and period, filled with the report's data
/// when it was started: fill it offline and upload it back.
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/reports/{form_id}/{period}/template.xlsx", tag = "reports",
    params(("unit_id" = uuid::Uuid, Path), ("form_id" = String, Path), ("period" = String, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403), (status = 404)))]
#[get("/units/<unit_id>/reports/<form_id>/<period>/template.xlsx")]
pub async fn template(
    app: &State<App>,
    staff: Staff,
    unit_id: &str,
    form_id: &str,
    period: &str,
) -> ApiResult<FileAnswer> {
    let (_, opened) = open(app, &staff, unit_id, form_id, period).await?;
    let name = format!("{}-{}-{}.xlsx", opened.key.form_id, opened.key.period, opened.unit.slug);
    let form = std::sync::Arc::clone(&opened.form);
    let data = opened.report.map(|r| r.data);
    let bytes = tokio::task::spawn_blocking(move || sheet::template(&form, data.as_ref()))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|e| {
            tracing::error!(error = %e, "template not written");
            ApiError::internal()
        })?;
    Ok(attachment(bytes, xlsx_type(), &name))
}

/// What an uploaded spreadsheet became: the saved report, and its problems with their cells.
#[derive(Debug, Serialize, ToSchema)]
pub struct SheetUploadView {
    pub report: ReportView,
    /// Every error and warning of the report, each with its cell and field path.
    #[schema(value_type = Vec<Object>)]
    pub problems: Vec<CellProblem>,
}

/// Uploads a filled XLSX template: read back into the same data the API takes and saved as the
/// report's draft (the revision it was based on in `revision`), through exactly the checks of the
/// API; every problem is answered with its cell as well as its field path. Submit it then with
/// `…/submit`.
#[utoipa::path(put, path = "/api/v1/units/{unit_id}/reports/{form_id}/{period}/xlsx", tag = "reports",
    params(("unit_id" = uuid::Uuid, Path), ("form_id" = String, Path), ("period" = String, Path),
        ("revision" = i64, Query, description = "Версия отчёта, с которой работали: 0, если отчёт не начат")),
    request_body(content = String, content_type = "application/octet-stream",
        description = "Байты заполненного шаблона XLSX (подходит и Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)"),
    responses((status = 200, body = SheetUploadView), (status = 403), (status = 404),
        (status = 409, description = "Отчёт изменили, он на проверке или принят, или приём закрыт"), (status = 413), (status = 415),
        (status = 422, description = "Файл не прочитан: details.problems — каждая ошибка с ячейкой и полем (sheet_invalid)")))]
#[put("/units/<unit_id>/reports/<form_id>/<period>/xlsx?<revision>", data = "<data>")]
#[allow(clippy::too_many_arguments)]
pub async fn upload(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    upload: Upload,
    unit_id: &str,
    form_id: &str,
    period: &str,
    revision: Option<i64>,
    data: Data<'_>,
) -> ApiResult<Json<SheetUploadView>> {
    let prepared = prepare_sheet(app, &staff, unit_id, form_id, period, revision).await?;
    let limit = app.config.reports.report_max_bytes.max(1);
    let too_large = |_, max: usize| {
        ApiError::new(
            Status::PayloadTooLarge,
            "payload_too_large",
            format!("Файл слишком большой: допускается не больше {} КиБ.", max / 1024),
        )
    };
    let bytes = upload.read(data, limit.bytes(), too_large).await?;
    Ok(Json(save_sheet(app, &origin, prepared, bytes).await?))
}

/// A report a filled template may be saved into: reached, in a state that takes a save, and
/// still at the revision the person worked from — all known before the file is read.
pub struct SheetTarget {
    access: reports::Access,
    opened: Opened,
    step: cabinet_core::reports::Transition,
}

pub async fn prepare_sheet(
    app: &App,
    staff: &Staff,
    unit_id: &str,
    form_id: &str,
    period: &str,
    revision: Option<i64>,
) -> ApiResult<SheetTarget> {
    let (access, opened) = open(app, staff, unit_id, form_id, period).await?;
    let step = step(app, staff, &opened, cabinet_core::reports::ReportEvent::Save).await?;
    let revision = revision.ok_or_else(|| {
        ApiError::from(cabinet_core::Invalid::new(
            "revision",
            "required",
            "Укажите в параметре revision версию отчёта, с которой работали (0, если отчёт не начат).",
        ))
    })?;
    same_revision(&opened, revision)?;
    Ok(SheetTarget { access, opened, step })
}

/// Reads a filled template into the report's data and saves it as a draft: the API's upload and
/// the report page's both come here.
pub async fn save_sheet(
    app: &App,
    origin: &ClientOrigin,
    target: SheetTarget,
    bytes: Vec<u8>,
) -> ApiResult<SheetUploadView> {
    let SheetTarget { access, opened, step } = target;
    let form = std::sync::Arc::clone(&opened.form);
    let read =
        tokio::task::spawn_blocking(move || sheet::read(&form, &bytes)).await.map_err(|_| ApiError::internal())?;
    let data = read.map_err(|problems| {
        let message = problems.first().map_or_else(String::new, |p| p.finding.message.clone());
        ApiError::new(Status::UnprocessableEntity, "sheet_invalid", format!("Файл не принят: {message}"))
            .with_details(json!({ "problems": problems }))
    })?;
    let previous = previous_data(app, &access, &opened).await?;
    let checked = opened.form.check(&data, previous.as_ref());
    let explanations = opened.report.as_ref().map(|r| r.explanations.clone()).unwrap_or_default();
    let content = Content {
        form_version: opened.form.plugin().version,
        data: &checked.data,
        explanations: &explanations,
        facts: None,
    };
    let saved = reports::move_report(&app.db, &access, &opened.key, opened.report.as_ref(), &step, &content, &origin.0)
        .await
        .map_err(super::storage_error)?;
    let findings = checked.errors.into_iter().chain(checked.warnings).collect();
    let problems = sheet::locate(&opened.form, findings);
    let report = view(app, &access, &Opened { report: Some(saved), ..opened }, false).await?;
    Ok(SheetUploadView { report, problems })
}
