//! The organization's reference info (§6.2): the form of the profile API with every field's
//! problem at its field, what is still missing, the quarterly confirmation «Данные актуальны»
//! (§6.3) and the history of changes. Each page calls the profile API's own handler.

use rocket::State;
use rocket::http::Status;
use rocket::{get, post, routes};
use serde::Serialize;
use serde_json::json;

use super::input::{Input, Inputs};
use super::posted::Posted;
use super::reply::{PageError, PageResult, Reply};
use super::visitor::Visitor;
use super::when::{day, moment, moment_of};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiError;
use crate::json::Body;
use crate::routes::profiles::{self, ProfileForm, ProfileView};

pub fn routes() -> Vec<rocket::Route> {
    routes![show, save, confirm, history]
}

/// Empty rows offered for new social pages below the filled ones.
const SPARE_SOCIAL_ROWS: usize = 2;
/// As many social pages as the API keeps.
const MAX_SOCIAL: usize = 10;

fn unit_of(staff: &Staff) -> String {
    staff.actor().unit.id.to_string()
}

/// The form's parts, each a fieldset of the page.
#[derive(Serialize)]
struct Section {
    legend: &'static str,
    note: Option<&'static str>,
    inputs: Vec<Input>,
}

fn inputs(p: &ProfileForm) -> Vec<Input> {
    let mut list = vec![
        Input::new("text", "full_name", "Полное наименование организации").value(&p.full_name).required(),
        Input::new("text", "chairman", "ФИО председателя организации").value(&p.chairman).required(),
        Input::new("text", "address", "Адрес")
            .value(&p.address)
            .required()
            .help("С почтовым индексом, например: 420111, г. Казань, ул. Пушкина, д. 1."),
        Input::new("tel", "phone", "Телефон")
            .value(&p.phone)
            .required()
            .help("Российский номер: +7 495 123-45-67 или 8 (495) 123-45-67, можно с «доб. 123»."),
        Input::new("email", "email", "E-mail организации").value(&p.email).required(),
        Input::new("text", "website", "Сайт организации")
            .value(&p.website)
            .help("Адрес сайта целиком, например https://przrf.ru."),
    ];
    let filled: Vec<&String> = p.social.iter().filter(|s| !s.trim().is_empty()).collect();
    let rows = (filled.len() + SPARE_SOCIAL_ROWS).min(MAX_SOCIAL).max(filled.len());
    for i in 0..rows {
        let value = filled.get(i).map(|s| s.as_str()).unwrap_or_default();
        let input = Input::new("text", &format!("social[{i}]"), &format!("Страница в социальной сети № {}", i + 1));
        list.push(if i == 0 {
            input.value(value).help("Например, https://vk.com/przrf.")
        } else {
            input.value(value)
        });
    }
    let r = &p.responsible;
    list.extend([
        Input::new("text", "responsible.name", "ФИО сотрудника").value(&r.name),
        Input::new("text", "responsible.position", "Должность").value(&r.position),
        Input::new("email", "responsible.email", "E-mail сотрудника").value(&r.email),
        Input::new("tel", "responsible.phone", "Телефон сотрудника").value(&r.phone),
    ]);
    list
}

/// The inputs, placed into the page's fieldsets by name.
fn sections(form: Inputs) -> (Vec<Section>, Option<String>, Vec<super::input::SummaryLine>) {
    let mut sections = vec![
        Section { legend: "Организация", note: None, inputs: Vec::new() },
        Section { legend: "Контакты", note: None, inputs: Vec::new() },
        Section {
            legend: "Сайт и социальные сети",
            note: Some("Необязательные сведения. Пустые строки не сохраняются."),
            inputs: Vec::new(),
        },
        Section {
            legend: "Ответственный за работу в личном кабинете",
            note: Some(
                "Не публикуется: нужен ЦК Профсоюза для связи. Если заполняете, укажите ФИО и e-mail или телефон.",
            ),
            inputs: Vec::new(),
        },
    ];
    for input in form.inputs {
        let at = match input.name.as_str() {
            "full_name" | "chairman" => 0,
            "address" | "phone" | "email" => 1,
            name if name.starts_with("responsible.") => 3,
            _ => 2,
        };
        sections[at].inputs.push(input);
    }
    (sections, form.problem, form.summary)
}

/// The form as posted, in the API's shape.
fn posted(form: &Posted) -> ProfileForm {
    let mut social = Vec::new();
    for i in 0..MAX_SOCIAL * 2 {
        let name = format!("social[{i}]");
        if !form.has(&name) {
            break;
        }
        social.push(form.get(&name).to_owned());
    }
    ProfileForm {
        full_name: form.get("full_name").to_owned(),
        chairman: form.get("chairman").to_owned(),
        address: form.get("address").to_owned(),
        phone: form.get("phone").to_owned(),
        email: form.get("email").to_owned(),
        website: form.get("website").to_owned(),
        social,
        responsible: profiles::ResponsibleForm {
            name: form.get("responsible.name").to_owned(),
            position: form.get("responsible.position").to_owned(),
            email: form.get("responsible.email").to_owned(),
            phone: form.get("responsible.phone").to_owned(),
        },
    }
}

/// The social rows as sent, blank ones kept: the API reports a row by its index as sent.
fn as_body(p: &ProfileForm) -> serde_json::Value {
    json!({
        "full_name": p.full_name, "chairman": p.chairman, "address": p.address, "phone": p.phone,
        "email": p.email, "website": p.website, "social": p.social,
        "responsible": {
            "name": p.responsible.name, "position": p.responsible.position,
            "email": p.responsible.email, "phone": p.responsible.phone,
        },
    })
}

#[derive(Serialize)]
struct Confirmation {
    /// `current`, `overdue` or `never`.
    status: String,
    overdue_days: Option<u32>,
    confirmed_at: String,
    confirmed_by: Option<String>,
    due: String,
}

/// The page: `values` in the form (the stored ones, or those just refused with `error`).
async fn page(
    app: &App,
    visitor: &Visitor,
    view: ProfileView,
    values: &ProfileForm,
    error: Option<&ApiError>,
) -> PageResult {
    let status = error.map_or(Status::Ok, |e| e.status);
    let form = match error {
        Some(e) => Inputs::with_error(inputs(values), e),
        None => Inputs::new(inputs(values)),
    };
    let (sections, problem, summary) = sections(form);
    let c = &view.confirmation;
    let confirmation = Confirmation {
        status: c.status.clone(),
        overdue_days: c.overdue_days,
        confirmed_at: moment_of(c.confirmed_at.as_deref()),
        confirmed_by: c.confirmed_by.clone(),
        due: c.due_date.as_deref().map(day).unwrap_or_default(),
    };
    let chrome = visitor.chrome(app, "Справочная информация", "/profile").await?;
    app.pages.render_as(
        status,
        "profile",
        &json!({
            "chrome": chrome,
            "form": { "problem": problem, "summary": summary },
            "sections": sections,
            "missing": view.missing.iter().map(|m| &m.label).collect::<Vec<_>>(),
            "complete": view.complete,
            "updated_at": moment_of(view.updated_at.as_deref()),
            "confirmation": confirmation,
        }),
    )
}

#[get("/profile")]
async fn show(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    let view = profiles::get_one(app, staff.clone(), &unit_of(&staff)).await?.into_inner();
    let values = view.profile.clone();
    page(app, &visitor, view, &values, None).await
}

#[post("/profile", data = "<form>")]
async fn save(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let unit = unit_of(&staff);
    let values = posted(&form);
    match profiles::update(app, staff.clone(), origin, &unit, Body::of(&as_body(&values))).await {
        Ok(view) => {
            let view = view.into_inner();
            let text = if view.complete {
                "Справочная информация сохранена.".to_owned()
            } else {
                let missing: Vec<&str> = view.missing.iter().map(|m| m.label.as_str()).collect();
                format!("Справочная информация сохранена. Ещё не заполнено: {}.", missing.join(", "))
            };
            Ok(Reply::done("/profile", text))
        }
        Err(e) if e.status.code == 422 => {
            let stored = profiles::get_one(app, staff.clone(), &unit).await?.into_inner();
            page(app, &visitor, stored, &values, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/profile/confirm", data = "<_form>")]
async fn confirm(app: &State<App>, visitor: Visitor, origin: ClientOrigin, _form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let unit = unit_of(&staff);
    match profiles::confirm(app, staff.clone(), origin, &unit).await {
        Ok(view) => {
            let due = view.into_inner().confirmation.due_date.as_deref().map(day).unwrap_or_default();
            Ok(Reply::done(
                "/profile",
                format!("Актуальность сведений подтверждена. Следующий раз подтвердите их до {due}"),
            ))
        }
        Err(e) if e.status.code == 422 => {
            let view = profiles::get_one(app, staff.clone(), &unit).await?.into_inner();
            let values = view.profile.clone();
            page(app, &visitor, view, &values, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A field of the history in words.
fn field_label(field: &str) -> &'static str {
    match field {
        "full_name" => "Полное наименование",
        "chairman" => "ФИО председателя",
        "address" => "Адрес",
        "phone" => "Телефон",
        "email" => "E-mail",
        "website" => "Сайт",
        "social" => "Социальные сети",
        "responsible.name" => "Ответственный: ФИО",
        "responsible.position" => "Ответственный: должность",
        "responsible.email" => "Ответственный: e-mail",
        "responsible.phone" => "Ответственный: телефон",
        _ => "Другое поле",
    }
}

#[get("/profile/history")]
async fn history(app: &State<App>, visitor: Visitor) -> Result<Reply, PageError> {
    let staff = visitor.staff()?;
    let changes = profiles::history(app, staff.clone(), &unit_of(&staff), Some("200")).await?.into_inner();
    let rows: Vec<serde_json::Value> = changes
        .iter()
        .map(|c| {
            json!({
                "at": moment(&c.at),
                "who": c.actor_label,
                "changes": c.changes.iter().map(|f| json!({
                    "field": field_label(&f.field),
                    "old": f.old.clone().unwrap_or_default(),
                    "new": f.new.clone().unwrap_or_default(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let chrome = visitor.chrome(app, "История изменений справочной информации", "/profile").await?;
    app.pages.render("profile_history", &json!({ "chrome": chrome, "rows": rows }))
}
