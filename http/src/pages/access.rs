//! Access requests (§3.2, §3.6–3.8) as pages: an organization asks to connect, replace or
//! disconnect a user and follows each request; the administrator decides them from a queue —
//! approving creates the user with chosen roles (the starting password shown once) or blocks
//! the one to disconnect, declining gives a reason.

use cabinet_core::Permission;
use cabinet_core::policy::{Global, ManageUsersEverywhere, authorize};
use cabinet_storage::roles;
use rocket::State;
use rocket::http::Status;
use rocket::{get, post, routes};
use serde_json::{Value, json};

use super::input::{Input, Inputs};
use super::posted::Posted;
use super::reply::{PageError, PageResult, Reply};
use super::visitor::Visitor;
use crate::App;
use crate::auth::ClientOrigin;
use crate::error::ApiError;
use crate::json::Body;
use crate::routes::access_requests::{deciding, filing, read};

pub fn routes() -> Vec<rocket::Route> {
    routes![own, file, withdraw, queue, one, approve, decline]
}

/// The functions an organization may ask for, as the API takes them.
const FUNCTIONS: &[Permission] = &[
    Permission::ProfileEdit,
    Permission::NewsWrite,
    Permission::MediaUpload,
    Permission::AppealsAnswer,
    Permission::ReportsFill,
    Permission::MaterialsRead,
    Permission::AccessRequest,
];

fn request_inputs(form: Option<&Posted>, users: &[(String, String)]) -> Vec<Input> {
    let value = |name: &str| form.map(|f| f.get(name).to_owned()).unwrap_or_default();
    let mut kind = Input::new("select", "kind", "Что нужно сделать").value(value("kind")).required();
    kind.options = [
        ("", "— выберите —"),
        ("connect", "Подключить нового пользователя"),
        ("replace", "Заменить пользователя"),
        ("disconnect", "Отключить пользователя"),
    ]
    .iter()
    .map(|(v, l)| super::input::Choice {
        value: (*v).to_owned(),
        label: (*l).to_owned(),
        selected: value("kind") == *v,
    })
    .collect();
    let mut user = Input::new("select", "user_id", "Пользователь, которого заменить или отключить")
        .value(value("user_id"))
        .help("Для замены и отключения.");
    user.options = std::iter::once(("".to_owned(), "— не выбран —".to_owned()))
        .chain(users.iter().cloned())
        .map(|(v, l)| super::input::Choice { selected: v == value("user_id"), value: v, label: l })
        .collect();
    vec![
        kind,
        Input::text("full_name", "Фамилия, имя, отчество нового пользователя")
            .value(value("full_name"))
            .help("Для подключения и замены."),
        Input::text("position", "Должность").value(value("position")),
        Input::new("tel", "phone", "Телефон")
            .value(value("phone"))
            .autocomplete("tel")
            .help("Например, +7 495 123-45-67."),
        Input::new("email", "email", "Адрес электронной почты (станет логином)").value(value("email")),
        user,
        Input::new("textarea", "reason", "Причина отключения").value(value("reason")).help("Для отключения."),
        Input::new("textarea", "note", "Примечание для администратора").value(value("note")),
    ]
}

async fn own_page(
    app: &App,
    visitor: &Visitor,
    status: Status,
    form: Option<&Posted>,
    error: Option<&ApiError>,
) -> PageResult {
    let staff = visitor.staff()?;
    let unit = staff.actor().unit.id.to_string();
    let requests = read::list(app.into(), staff.clone(), &unit, None, Some("100"), None).await?.into_inner();
    let users: Vec<(String, String)> = read::users(app.into(), staff.clone(), &unit)
        .await?
        .into_inner()
        .into_iter()
        .map(|u| (u.id, format!("{} ({}, {})", u.full_name, u.position, u.email)))
        .collect();
    let inputs = request_inputs(form, &users);
    let inputs = match error {
        Some(e) => Inputs::with_error(inputs, e),
        None => Inputs::new(inputs),
    };
    let chosen: Vec<String> = form.map(|f| f.all("functions").map(str::to_owned).collect()).unwrap_or_default();
    let functions: Vec<Value> = FUNCTIONS
        .iter()
        .enumerate()
        .map(|(i, p)| json!({ "id": format!("function-{i}"), "code": p.code(), "label": p.label(), "checked": chosen.iter().any(|c| c == p.code()) }))
        .collect();
    let functions_error = error.and_then(|e| field_message(e, "functions"));
    let chrome =
        visitor.chrome(app, "Заявки на подключение пользователей", "/access-requests").await?.with_help("access");
    app.pages.render_as(status, "access_requests", &json!({
        "chrome": chrome, "requests": requests, "form": inputs, "functions": functions, "functions_error": functions_error,
    }))
}

fn field_message(e: &ApiError, name: &str) -> Option<String> {
    e.details.get("fields").and_then(Value::as_array).and_then(|all| {
        all.iter()
            .find(|f| {
                f.get("field").and_then(Value::as_str).is_some_and(|n| n == name || n.starts_with(&format!("{name}[")))
            })
            .and_then(|f| f.get("message").and_then(Value::as_str))
            .map(str::to_owned)
    })
}

#[get("/access-requests")]
async fn own(app: &State<App>, visitor: Visitor) -> PageResult {
    own_page(app, &visitor, Status::Ok, None, None).await
}

#[post("/access-requests", data = "<form>")]
async fn file(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let unit = staff.actor().unit.id.to_string();
    let text = |name: &str| {
        let v = form.get(name).trim();
        (!v.is_empty()).then(|| v.to_owned())
    };
    let kind = form.get("kind");
    let person = kind == "connect" || kind == "replace";
    let functions: Vec<&str> = form.all("functions").collect();
    // Only the fields the chosen kind uses: the API refuses the others by name.
    let body = json!({
        "kind": kind,
        "full_name": if person { text("full_name") } else { None },
        "position": if person { text("position") } else { None },
        "phone": if person { text("phone") } else { None },
        "email": if person { text("email") } else { None },
        "functions": if person { Some(functions) } else { None },
        "user_id": if kind == "connect" { None } else { text("user_id") },
        "reason": if kind == "disconnect" { text("reason") } else { None },
        "note": text("note"),
    });
    match filing::create(app, staff.clone(), origin, &unit, Body::of(&body)).await {
        Ok(_) => Ok(Reply::done(
            "/access-requests",
            "Заявка отправлена администратору сайта. Её состояние видно в списке ниже.",
        )),
        Err(e) if e.status.code < 500 && e.status.code != 403 => {
            own_page(app, &visitor, e.status, Some(&form), Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/access-requests/<id>/withdraw", data = "<_form>")]
async fn withdraw(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, _form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    filing::withdraw(app, staff, origin, id).await?;
    Ok(Reply::done("/access-requests", "Заявка отозвана."))
}

#[get("/admin/access-requests?<state>")]
async fn queue(app: &State<App>, visitor: Visitor, state: Option<&str>) -> PageResult {
    let staff = visitor.staff()?;
    let state = state.filter(|s| !s.is_empty()).unwrap_or("pending");
    let requests = read::queue(app, staff.clone(), Some(state), None, Some("200"), None).await?.into_inner();
    let names = organization_names(app).await?;
    let requests: Vec<Value> = requests
        .into_iter()
        .map(|r| {
            let organization = names.get(&r.unit_id).cloned().unwrap_or_else(|| r.unit_id.clone());
            let mut shown = json!(r);
            shown["organization"] = json!(organization);
            shown
        })
        .collect();
    let chrome = visitor.chrome(app, "Заявки организаций", "/admin/access-requests").await?.with_help("access");
    app.pages.render("access_queue", &json!({ "chrome": chrome, "requests": requests, "state": state }))
}

/// The short name of every organization, by id: a request names the organization it came from.
async fn organization_names(app: &App) -> Result<std::collections::HashMap<String, String>, PageError> {
    let all = cabinet_storage::units::list(&app.db, Some(cabinet_core::UnitKind::Organization)).await?;
    Ok(all.into_iter().map(|u| (u.id.to_string(), u.short_name)).collect())
}

async fn one_page(app: &App, visitor: &Visitor, id: &str, status: Status, error: Option<&ApiError>) -> PageResult {
    let staff = visitor.staff()?;
    let request = read::get_one(app.into(), staff.clone(), id).await?.into_inner();
    authorize::<ManageUsersEverywhere>(Some(staff.actor()), Global)?;
    // The roles an organization's staff may hold that give a function asked for are ticked
    // beforehand; the administrator's own and the departments' roles never are.
    let asked: Vec<&str> =
        request.person.as_ref().map(|p| p.functions.iter().map(|f| f.code).collect()).unwrap_or_default();
    let all_roles: Vec<Value> = roles::list(&app.db)
        .await?
        .into_iter()
        .map(|r| {
            let permissions: Vec<&str> = r.permissions.iter().map(|p| p.label()).collect();
            let organizational = r.permissions.iter().all(|p| FUNCTIONS.contains(&p));
            let gives_asked = r.permissions.iter().any(|p| asked.contains(&p.code()));
            json!({ "id": r.id.to_string(), "name": r.name, "permissions": permissions.join("; "),
                    "checked": organizational && gives_asked })
        })
        .collect();
    let reason = Input::new("textarea", "reason", "Причина отказа").required();
    let decline = match error {
        Some(e) => Inputs::with_error(vec![reason], e),
        None => Inputs::new(vec![reason]),
    };
    let problem = error.filter(|e| field_message(e, "reason").is_none()).map(|e| e.message.clone());
    let organization = match request.unit_id.parse() {
        Ok(unit) => cabinet_storage::units::get(&app.db, unit).await?.short_name,
        Err(_) => request.unit_id.clone(),
    };
    let chrome = visitor.chrome(app, "Заявка организации", "/admin/access-requests").await?.with_help("access");
    app.pages.render_as(
        status,
        "access_request",
        &json!({
            "chrome": chrome, "request": request, "roles": all_roles, "form": decline, "problem": problem,
            "organization": organization,
            "pending": request.state == "pending", "with_roles": request.kind != "disconnect",
        }),
    )
}

#[get("/admin/access-requests/<id>")]
async fn one(app: &State<App>, visitor: Visitor, id: &str) -> PageResult {
    one_page(app, &visitor, id, Status::Ok, None).await
}

#[post("/admin/access-requests/<id>/approve", data = "<form>")]
async fn approve(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let role_ids: Vec<&str> = form.all("role_ids").collect();
    match deciding::approve(app, staff.clone(), origin, id, Body::of(&json!({ "role_ids": role_ids }))).await {
        Ok(done) => {
            let done = done.into_inner();
            let Some(password) = done.starting_password else {
                return Ok(Reply::done("/admin/access-requests", "Заявка одобрена: пользователь отключён."));
            };
            let login = done.user.map(|u| u.email).unwrap_or_default();
            let chrome = visitor.chrome(app, "Пользователь подключён", "/admin/access-requests").await?;
            app.pages.render("message", &json!({
                "chrome": chrome,
                "title": "Пользователь подключён",
                "text": format!("Логин: {login}. Стартовый пароль: {password} — он показан один раз и отправлен пользователю письмом. При первом входе пользователь сменит его и примет Положение."),
                "link": { "href": "/admin/access-requests", "label": "К заявкам" },
            }))
        }
        Err(e) if e.status.code < 500 && !matches!(e.status.code, 401 | 403 | 404) => {
            one_page(app, &visitor, id, e.status, Some(&e)).await
        }
        Err(e) => Err(PageError::Api(e)),
    }
}

#[post("/admin/access-requests/<id>/decline", data = "<form>")]
async fn decline(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    match deciding::decline(app, staff.clone(), origin, id, Body::of(&json!({ "reason": form.get("reason") }))).await {
        Ok(_) => Ok(Reply::done("/admin/access-requests", "Заявка отклонена; организация видит причину.")),
        Err(e) if e.status.code < 500 && !matches!(e.status.code, 401 | 403 | 404) => {
            one_page(app, &visitor, id, e.status, Some(&e)).await
        }
        Err(e) => Err(PageError::Api(e)),
    }
}
