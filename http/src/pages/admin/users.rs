//! Users (§2.4, §3.2–3.8): the list with its filters, and registering a user with a starting
//! password and roles — the password shown to the administrator once, as the API returns it.

use cabinet_core::policy::{ManageUsers, may_attempt};
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde::Serialize;
use serde_json::json;

use super::unit_choice::Units;
use super::{Check, CheckGroup, Checks, at_field, refused_form, select, with_query};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::json::Body;
use crate::pages::input::{Input, Inputs};
use crate::pages::posted::Posted;
use crate::pages::reply::{PageError, PageResult};
use crate::pages::visitor::Visitor;
use crate::routes::{roles, users};
use crate::views::{RoleView, UserView};

pub(super) const SECTION: &str = "/admin/users";
const PAGE_SIZE: i64 = 50;

pub fn routes() -> Vec<rocket::Route> {
    routes![list, new_form, create]
}

#[derive(Serialize)]
struct Row {
    href: String,
    full_name: String,
    email: String,
    unit: String,
    roles: String,
    blocked: bool,
}

/// The list with these filters, from `offset`.
fn query(unit: &str, status: &str, q: &str, offset: i64) -> String {
    let offset = if offset > 0 { offset.to_string() } else { String::new() };
    with_query(SECTION, &[("unit", unit), ("status", status), ("q", q), ("offset", &offset)])
}

#[get("/admin/users?<unit>&<status>&<q>&<offset>")]
async fn list(
    app: &State<App>,
    visitor: Visitor,
    unit: Option<&str>,
    status: Option<&str>,
    q: Option<&str>,
    offset: Option<&str>,
) -> PageResult {
    let staff = visitor.staff()?;
    let (unit, status, q) = (unit.unwrap_or_default(), status.unwrap_or_default(), q.unwrap_or_default());
    let size = PAGE_SIZE.to_string();
    let found = users::list(app, staff.clone(), Some(unit), Some(status), Some(q), Some(&size), offset).await?;
    let found = found.into_inner();
    let offset = crate::params::offset(offset)?;
    let shown: Vec<&str> = found.iter().map(|u| u.unit_id.as_str()).collect();
    let units = Units::reachable(app, &visitor, &staff).await?.naming(app, &shown).await?;
    let rows: Vec<Row> = found
        .iter()
        .map(|u| Row {
            href: format!("{SECTION}/{}", u.id),
            full_name: u.full_name.clone(),
            email: u.email.clone(),
            unit: units.name(&u.unit_id),
            roles: u.roles.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", "),
            blocked: u.status == "blocked",
        })
        .collect();
    let statuses = [
        (String::new(), "Все".to_owned()),
        ("active".to_owned(), "Действующие".to_owned()),
        ("blocked".to_owned(), "Заблокированные".to_owned()),
    ];
    let filters = Inputs::new(vec![
        select("unit", "Подразделение", &units.choices(Some("Все доступные")), unit),
        select("status", "Состояние доступа", &statuses, status),
        Input::new("text", "q", "Логин или ФИО").value(q),
    ]);
    let earlier = (offset > 0).then(|| query(unit, status, q, (offset - PAGE_SIZE).max(0)));
    let later = (found.len() as i64 == PAGE_SIZE).then(|| query(unit, status, q, offset + PAGE_SIZE));
    let new_user = with_query(&format!("{SECTION}/new"), &[("unit", unit)]);
    let chrome = visitor.chrome(app, "Пользователи", SECTION).await?;
    app.pages.render(
        "admin_users",
        &json!({
            "chrome": chrome, "filters": filters, "users": rows, "first": offset + 1,
            "earlier": earlier, "later": later, "new_user": new_user,
        }),
    )
}

/// The roles as checkboxes, `checked` ticked.
pub(super) fn role_checks(roles: &[RoleView], checked: &[String]) -> Checks {
    let items: Vec<Check> =
        roles.iter().map(|r| Check::new("role_ids", &r.id, &r.name, checked.contains(&r.id))).collect();
    let groups = if items.is_empty() { Vec::new() } else { vec![CheckGroup { title: None, items }] };
    Checks::new("role_ids", "Роли", groups)
}

/// The fields of a user, as typed or stored.
#[derive(Default)]
pub(super) struct Values {
    pub email: String,
    pub full_name: String,
    pub position: String,
    pub phone: String,
    pub unit_id: String,
    pub role_ids: Vec<String>,
}

impl Values {
    pub(super) fn posted(form: &Posted) -> Values {
        Values {
            email: form.get("email").trim().to_owned(),
            full_name: form.get("full_name").to_owned(),
            position: form.get("position").to_owned(),
            phone: form.get("phone").to_owned(),
            unit_id: form.get("unit_id").to_owned(),
            role_ids: form.all("role_ids").map(str::to_owned).collect(),
        }
    }

    pub(super) fn stored(user: &UserView) -> Values {
        Values {
            email: user.email.clone(),
            full_name: user.full_name.clone(),
            position: user.position.clone(),
            phone: user.phone.clone(),
            unit_id: user.unit_id.clone(),
            role_ids: user.roles.iter().map(|r| r.id.clone()).collect(),
        }
    }
}

/// The inputs of a user's form; the roles come as checkboxes beside them.
pub(super) fn inputs(v: &Values, units: &Units) -> Vec<Input> {
    vec![
        Input::new("email", "email", "Логин — адрес электронной почты")
            .value(&v.email)
            .required()
            .help("На этот адрес придёт стартовый пароль; им же пользователь входит в кабинет (п. 1.7)."),
        Input::new("text", "full_name", "ФИО").value(&v.full_name).required(),
        Input::new("text", "position", "Должность").value(&v.position),
        Input::new("tel", "phone", "Контактный телефон").value(&v.phone),
        select("unit_id", "Подразделение", &units.choices(Some("— выберите —")), &v.unit_id).required(),
    ]
}

async fn form_page(
    app: &App,
    visitor: &Visitor,
    staff: &Staff,
    status: Status,
    values: &Values,
    error: Option<&crate::error::ApiError>,
) -> PageResult {
    let units = Units::reachable(app, visitor, staff).await?;
    let all_roles = roles::list(app.into(), staff.clone()).await?.into_inner();
    let inputs = inputs(values, &units);
    let form = match error {
        Some(e) => Inputs::with_error(inputs, e),
        None => Inputs::new(inputs),
    };
    let roles = role_checks(&all_roles, &values.role_ids).with_error("role_ids", error);
    let chrome = visitor.chrome(app, "Новый пользователь", SECTION).await?;
    app.pages.render_as(status, "admin_user_new", &json!({ "chrome": chrome, "form": form, "roles": roles }))
}

#[get("/admin/users/new?<unit>")]
async fn new_form(app: &State<App>, visitor: Visitor, unit: Option<&str>) -> PageResult {
    let staff = visitor.staff()?;
    may_attempt::<ManageUsers>(Some(staff.actor()))?;
    let values = Values { unit_id: unit.unwrap_or_default().to_owned(), ..Values::default() };
    form_page(app, &visitor, &staff, Status::Ok, &values, None).await
}

#[post("/admin/users", data = "<form>")]
async fn create(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let v = Values::posted(&form);
    let body = json!({
        "email": v.email, "full_name": v.full_name, "position": v.position, "phone": v.phone,
        "unit_id": v.unit_id, "role_ids": v.role_ids,
    });
    match users::create(app, staff.clone(), origin, Body::of(&body)).await {
        Ok((_, created)) => {
            let created = created.into_inner();
            let text = "Пользователь зарегистрирован";
            issued_page(app, &visitor, &staff, text, &created.user, &created.starting_password).await
        }
        Err(e) if refused_form(&e) => {
            let e = at_field(e);
            form_page(app, &visitor, &staff, e.status, &v, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The page that shows a starting password, once: after registering a user or issuing a new one.
pub(super) async fn issued_page(
    app: &App,
    visitor: &Visitor,
    staff: &Staff,
    title: &str,
    user: &UserView,
    password: &str,
) -> Result<crate::pages::Reply, PageError> {
    let units = Units::reachable(app, visitor, staff).await?.naming(app, &[&user.unit_id]).await?;
    let chrome = visitor.chrome(app, title, SECTION).await?;
    app.pages.render(
        "admin_password_issued",
        &json!({
            "chrome": chrome, "title": title, "password": password,
            "user": {
                "href": format!("{SECTION}/{}", user.id), "full_name": user.full_name, "email": user.email,
                "unit": units.name(&user.unit_id),
                "roles": user.roles.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", "),
            },
        }),
    )
}
