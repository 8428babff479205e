//! Form definitions: the plugin meta-schema, the list of forms, one form with its fields, and a
//! department uploading a new form or version — effective at once, without a restart (§7.2).

use cabinet_core::policy::{DefineForms, Denied, FormOwner, authorize, may_attempt};
use cabinet_forms::{Form, period_for};
use cabinet_storage::forms::{self, Defined, Definition, StoredForm};
use cabinet_storage::{StorageError, units};
use rocket::http::{ContentType, Status};
use rocket::serde::json::Json;
use rocket::{State, get, post};
use serde_json::{Value, json};

use super::view::{FormSummary, FormView};
use super::{DeadlinesView, department, form};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::form_registry::Refused;
use crate::json::LargeBody;

/// The JSON Schema of the plugin format, generated from the engine's types: a department checks
/// its file against it before uploading. Public, like any format description.
#[utoipa::path(get, path = "/api/v1/forms/meta-schema", tag = "forms",
    responses((status = 200, description = "JSON Schema 2020-12 формата файла формы", content_type = "application/schema+json", body = Object)))]
#[get("/forms/meta-schema")]
pub fn meta_schema() -> (ContentType, String) {
    (ContentType::new("application", "schema+json"), cabinet_forms::meta_schema().to_string())
}

/// Every form, its newest version, with the period being filled now and its deadlines.
#[utoipa::path(get, path = "/api/v1/forms", tag = "forms", responses((status = 200, body = Vec<FormSummary>)))]
#[get("/forms")]
pub async fn list(app: &State<App>, _staff: Staff) -> ApiResult<Json<Vec<FormSummary>>> {
    app.forms.wait_for_shipped().await;
    let mut out = Vec::new();
    for stored in forms::newest(&app.db).await? {
        let form = app.forms.compiled(&stored).await?;
        out.push(summary(app, &stored, &form).await?);
    }
    Ok(Json(out))
}

/// A form version (the newest by default): the plugin as written and its fields as the engine
/// understood them.
#[utoipa::path(get, path = "/api/v1/forms/{form_id}", tag = "forms",
    params(("form_id" = String, Path), ("version" = Option<u32>, Query, description = "Версия формы; по умолчанию новейшая")),
    responses((status = 200, body = FormView), (status = 404, description = "Такой формы или версии нет (form_not_found)")))]
#[get("/forms/<form_id>?<version>")]
pub async fn get_one(
    app: &State<App>,
    _staff: Staff,
    form_id: &str,
    version: Option<u32>,
) -> ApiResult<Json<FormView>> {
    let (stored, form) = form(app, form_id, version).await?;
    Ok(Json(full(app, &stored, &form).await?))
}

/// Uploads a form plugin: a new form or a new version. The file is untrusted: it is read,
/// checked and compiled off the request workers within a time limit, and refused with every
/// problem named by its JSON pointer. The uploader must hold `forms.define` in the department
/// the file names.
#[utoipa::path(post, path = "/api/v1/forms", tag = "forms",
    request_body(content = Object, description = "Файл формы (JSON, формат — /api/v1/forms/meta-schema)"),
    responses((status = 201, body = FormView, description = "Новая форма или версия принята"),
        (status = 200, body = FormView, description = "Эта версия с тем же файлом уже есть"),
        (status = 403, description = "Форма другого управления (form_department_foreign)"),
        (status = 409, description = "Версия уже опубликована с другим файлом или ниже новейшей (form_version_exists, form_version_outdated)"),
        (status = 413), (status = 422, description = "Файл формы не принят; details.problems — каждая ошибка с JSON-указателем (form_refused)")))]
#[post("/forms", data = "<body>")]
pub async fn upload(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    body: LargeBody,
) -> ApiResult<(Status, Json<FormView>)> {
    let actor = staff.actor();
    may_attempt::<DefineForms>(Some(actor))?;
    let text = String::from_utf8(body.0)
        .map_err(|_| refusal(&[("", "not_utf8", "Файл формы должен быть в кодировке UTF-8.")]))?;
    let compiled = app.forms.compile(text.clone().into_bytes()).await.map_err(|r| match r {
        Refused::Problems(problems) => refusal(
            &problems.iter().map(|p| (p.pointer.as_str(), p.code.as_str(), p.message.as_str())).collect::<Vec<_>>(),
        ),
        Refused::TooSlow { limit_ms } => ApiError::new(
            Status::UnprocessableEntity,
            "form_too_complex",
            format!(
                "Форму не удалось проверить за {limit_ms} мс: схема слишком сложна. Упростите её — меньше ссылок \
                 $ref, вложенных anyOf/oneOf и сложных регулярных выражений."
            ),
        ),
    })?;
    let plugin = compiled.plugin();
    let Some(department) = forms::department(&app.db, &plugin.department).await? else {
        let message = format!(
            "Управления с адресом «{}» нет. Укажите в поле department адрес своего управления.",
            plugin.department
        );
        return Err(refusal(&[("/department", "unknown_department", &message)]));
    };
    let auth = authorize::<DefineForms>(Some(actor), FormOwner { department }).map_err(|d| match d {
        Denied::Foreign => ApiError::new(
            Status::Forbidden,
            "form_department_foreign",
            format!(
                "Форма указывает ответственным управление «{}», а вы можете загружать формы только своего \
                 управления. Укажите в поле department адрес своего управления.",
                plugin.department
            ),
        ),
        other => other.into(),
    })?;
    let definition = Definition {
        id: &plugin.id,
        version: plugin.version,
        title: &plugin.title,
        department_slug: &plugin.department,
        plugin: &text,
    };
    let defined = forms::define(&app.db, &auth, &definition, &origin.0).await.map_err(|e| match e {
        StorageError::Conflict { what: "version" } => ApiError::new(
            Status::Conflict,
            "form_version_exists",
            format!(
                "Версия {} формы «{}» уже опубликована с другим содержанием, а опубликованная версия не меняется. \
                 Увеличьте номер версии (version) и загрузите файл снова.",
                plugin.version, plugin.id
            ),
        ),
        StorageError::Conflict { what: "version_order" } => ApiError::new(
            Status::Conflict,
            "form_version_outdated",
            format!(
                "У формы «{}» уже есть версия новее {}. Новая версия должна иметь номер больше новейшей.",
                plugin.id, plugin.version
            ),
        ),
        other => other.into(),
    })?;
    app.forms.remember((plugin.id.clone(), plugin.version), std::sync::Arc::clone(&compiled));
    let (stored, form) = form(app, &plugin.id, Some(plugin.version)).await?;
    let status = if defined == Defined::Added { Status::Created } else { Status::Ok };
    Ok((status, Json(full(app, &stored, &form).await?)))
}

/// 422 listing every problem of a refused plugin by its pointer.
fn refusal(problems: &[(&str, &str, &str)]) -> ApiError {
    let list: Vec<Value> = problems
        .iter()
        .map(|(pointer, code, message)| json!({ "pointer": pointer, "code": code, "message": message }))
        .collect();
    let message = match problems {
        [(pointer, _, message)] => format!("Форма не принята: {message} (место в файле: «{pointer}»)."),
        _ => format!("Форма не принята: найдено ошибок — {}. Каждая указана с местом в файле.", problems.len()),
    };
    ApiError::new(Status::UnprocessableEntity, "form_refused", message).with_details(json!({ "problems": list }))
}

pub(super) async fn summary(app: &App, stored: &StoredForm, form: &Form) -> ApiResult<FormSummary> {
    let plugin = form.plugin();
    let today = jiff::Zoned::now().with_time_zone(app.forms.time_zone.clone()).date();
    let current = period_for(&plugin.period, today);
    let deadlines = match &current {
        Some(p) => Some(DeadlinesView::of(&super::deadlines(app, form, p)?)),
        None => None,
    };
    let department_name = match department(app, stored).await? {
        Some(id) => Some(units::get(&app.db, id).await?.short_name),
        None => None,
    };
    Ok(FormSummary {
        id: plugin.id.clone(),
        version: plugin.version,
        title: plugin.title.clone(),
        description: plugin.description.clone(),
        department: plugin.department.clone(),
        department_name,
        period_type: period_type(form),
        current_period: current.map(|p| p.to_string()),
        current_deadlines: deadlines,
        source: stored.source.clone(),
        defined_at: stored.created_at,
    })
}

async fn full(app: &App, stored: &StoredForm, form: &Form) -> ApiResult<FormView> {
    let plugin: Value = serde_json::from_str(&stored.plugin).map_err(|_| ApiError::internal())?;
    let versions = forms::versions(&app.db, &stored.id).await?.into_iter().map(|(v, _)| v).collect();
    Ok(FormView {
        summary: summary(app, stored, form).await?,
        versions,
        fields: serde_json::to_value(form.fields()).map_err(|_| ApiError::internal())?,
        plugin,
    })
}

fn period_type(form: &Form) -> String {
    use cabinet_forms::plugin::PeriodSpec::*;
    match form.plugin().period {
        Once(_) => "once",
        Monthly(_) => "monthly",
        Quarterly(_) => "quarterly",
        HalfYearly(_) => "half_yearly",
        Annual(_) => "annual",
    }
    .to_owned()
}
