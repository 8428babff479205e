//! Report forms and reports (§7): departments define forms as plugins, organizations fill and
//! submit reports, the responsible department reviews them and sees who has not reported.
//!
//! Reach follows the policy: an organization's reports are its own (`reports.fill` in the unit,
//! another organization's report answers like an unknown one); a form's reports are its
//! department's (`reports.review` with the form's department as the target — another
//! department's staff get a 404, exactly as for a form that does not exist).

pub(crate) mod deadlines;
pub mod definitions;
pub mod fill;
pub mod review;
pub mod table;
mod view;

use std::sync::Arc;

use cabinet_core::UnitId;
use cabinet_core::news::RefusalKind;
use cabinet_core::reports::{Clock, Refusal};
use cabinet_forms::plugin::{OrgKind, Reporters};
use cabinet_forms::{Deadlines, Form, PeriodId, Plugin};
use cabinet_storage::forms::{self, StoredForm};
use cabinet_storage::units::Unit;
use cabinet_storage::{StorageError, now_ms};
use rocket::http::Status;
use serde_json::json;

pub use deadlines::DeadlinesView;
pub use view::*;

use crate::App;
use crate::error::{ApiError, ApiResult};

pub fn routes() -> Vec<rocket::Route> {
    rocket::routes![
        definitions::meta_schema,
        definitions::list,
        definitions::get_one,
        definitions::upload,
        fill::list,
        fill::get_report,
        fill::save,
        fill::submit,
        fill::prefill,
        review::completeness,
        review::get_submitted,
        review::accept,
        review::send_back,
        review::exempt,
        review::extend,
        table::table_json,
        table::export_csv,
        table::export_xlsx,
        table::template,
        table::upload,
    ]
}

/// A form version from the registry; an unknown form is a 404 that says so.
pub(crate) async fn form(app: &App, id: &str, version: Option<u32>) -> ApiResult<(StoredForm, Arc<Form>)> {
    app.forms.get(&app.db, id, version).await.map_err(|e| match e {
        StorageError::NotFound => ApiError::new(
            Status::NotFound,
            "form_not_found",
            "Такой формы отчётности нет. Проверьте идентификатор формы в списке форм.",
        ),
        other => other.into(),
    })
}

/// The department responsible for a form, if a department has its slug.
async fn department(app: &App, stored: &StoredForm) -> ApiResult<Option<UnitId>> {
    Ok(forms::department(&app.db, &stored.department_slug).await?)
}

/// A period of the form from the path; one the form does not have is a 404 that says which
/// periods it has.
fn period(form: &Form, raw: &str) -> ApiResult<PeriodId> {
    let spec = &form.plugin().period;
    match PeriodId::parse(raw) {
        Ok(id) if cabinet_forms::is_valid_period(spec, &id) => Ok(id),
        _ => Err(ApiError::new(
            Status::NotFound,
            "period_not_found",
            format!(
                "У формы «{}» нет периода «{raw}». Периоды этой формы: {}.",
                form.plugin().title,
                period_kind(form.plugin())
            ),
        )
        .with_details(json!({ "period": raw }))),
    }
}

fn period_kind(plugin: &Plugin) -> &'static str {
    use cabinet_forms::plugin::PeriodSpec::*;
    match plugin.period {
        Once(_) => "единственный — once",
        Monthly(_) => "месяцы, например 2025-07",
        Quarterly(_) => "кварталы, например 2025Q3",
        HalfYearly(_) => "полугодия, например 2025S1",
        Annual(_) => "годы, например 2025",
    }
}

/// The period's deadlines in the union's time zone.
fn deadlines(app: &App, form: &Form, period: &PeriodId) -> ApiResult<Deadlines> {
    cabinet_forms::deadlines(&form.plugin().period, period, &app.forms.time_zone).ok_or_else(|| {
        tracing::error!(form = %form.plugin().id, %period, "a valid period has no deadlines");
        ApiError::internal()
    })
}

/// Now and the period's deadlines, for the workflow.
fn clock(d: &Deadlines, extension_until: Option<i64>) -> Clock {
    Clock {
        now: now_ms(),
        opens: deadlines::millis(&d.opens),
        due: deadlines::millis(&d.due),
        locks: deadlines::millis(&d.locks),
        extension_until,
        opens_label: deadlines::moment(&d.opens),
        locks_label: deadlines::last_day(&d.locks),
    }
}

/// Whether `unit` must submit the form: the expected denominator of completeness.
pub(crate) fn expects(reporters: &Reporters, unit: &Unit) -> bool {
    if unit.kind != cabinet_core::UnitKind::Organization {
        return false;
    }
    match reporters {
        Reporters::All => true,
        Reporters::List { organizations } => organizations.contains(&unit.slug),
        Reporters::Filter { regions, org_kind } => {
            let region_ok = regions.is_empty() || unit.region.as_ref().is_some_and(|r| regions.contains(r));
            let kind_ok = org_kind.is_none_or(|k| {
                unit.org_kind.map(|o| o.code())
                    == Some(match k {
                        OrgKind::Regional => "regional",
                        OrgKind::Interregional => "interregional",
                    })
            });
            region_ok && kind_ok
        }
    }
}

/// A move the workflow refused: who may not (403), not now or not in this state (409).
fn refused(r: &Refusal) -> ApiError {
    let status = match r.kind() {
        RefusalKind::Role => Status::Forbidden,
        RefusalKind::State | RefusalKind::Content => Status::Conflict,
    };
    ApiError::new(status, r.code(), r.message()).with_details(r.details())
}

/// A storage failure while changing a report: somebody changed it since it was read.
fn storage_error(e: StorageError) -> ApiError {
    match e {
        StorageError::Conflict { what: "revision" } => changed(),
        other => other.into(),
    }
}

fn changed() -> ApiError {
    ApiError::new(
        Status::Conflict,
        "report_changed",
        "Отчёт только что изменил кто-то другой. Обновите страницу, посмотрите его изменения и повторите действие — \
         ваши данные не сохранены, чтобы не затереть чужие.",
    )
}
