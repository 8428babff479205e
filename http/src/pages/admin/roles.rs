//! The roles editor (§1.13): a role is a named set of permissions, each ticked by its Russian
//! name. Holders of a changed role get its permissions with their next request.

use cabinet_core::policy::{Global, ManageRoles, authorize};
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde::Serialize;
use serde_json::json;

use super::{at_field, permission_checks, permission_labels, refused_form};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiError;
use crate::json::Body;
use crate::pages::input::{Input, Inputs};
use crate::pages::posted::Posted;
use crate::pages::reply::{PageResult, Reply};
use crate::pages::visitor::Visitor;
use crate::routes::roles;

const SECTION: &str = "/admin/roles";

pub fn routes() -> Vec<rocket::Route> {
    routes![list, new_form, create, edit_form, update, remove]
}

/// Only the roles editor opens these pages: reading roles alone is also allowed to those who
/// assign them, but they assign on the user's card.
fn may_edit(staff: &Staff) -> Result<(), ApiError> {
    authorize::<ManageRoles>(Some(staff.actor()), Global)?;
    Ok(())
}

#[derive(Serialize)]
struct Row {
    href: String,
    name: String,
    description: String,
    permissions: Vec<&'static str>,
    user_count: i64,
}

#[get("/admin/roles")]
async fn list(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    may_edit(&staff)?;
    let rows: Vec<Row> = roles::list(app, staff)
        .await?
        .into_inner()
        .into_iter()
        .map(|r| Row {
            href: format!("{SECTION}/{}", r.id),
            permissions: permission_labels(&r.permissions),
            name: r.name,
            description: r.description,
            user_count: r.user_count,
        })
        .collect();
    let chrome = visitor.chrome(app, "Роли", SECTION).await?;
    app.pages.render("admin_roles", &json!({ "chrome": chrome, "roles": rows }))
}

#[derive(Default)]
struct Values {
    name: String,
    description: String,
    permissions: Vec<String>,
}

impl Values {
    fn posted(form: &Posted) -> Values {
        Values {
            name: form.get("name").to_owned(),
            description: form.get("description").to_owned(),
            permissions: form.all("permissions").map(str::to_owned).collect(),
        }
    }

    fn body(&self) -> serde_json::Value {
        json!({ "name": self.name, "description": self.description, "permissions": self.permissions })
    }
}

fn inputs(v: &Values) -> Vec<Input> {
    vec![
        Input::new("text", "name", "Название роли").value(&v.name).required(),
        Input::new("textarea", "description", "Описание")
            .value(&v.description)
            .help("Кому назначается роль и для какой работы."),
    ]
}

/// The form of a new role or of the role `id` (with its holders counted), with its problems.
async fn form_page(
    app: &App,
    visitor: &Visitor,
    status: Status,
    role: Option<(&str, i64)>,
    v: &Values,
    error: Option<&ApiError>,
) -> PageResult {
    let form = match error {
        Some(e) => Inputs::with_error(inputs(v), e),
        None => Inputs::new(inputs(v)),
    };
    let permissions =
        permission_checks("permissions", "Права роли", |code| v.permissions.iter().any(|p| p == code))
            .with_error("permissions", error);
    let title = match role {
        None => "Новая роль".to_owned(),
        Some(_) if v.name.trim().is_empty() => "Роль".to_owned(),
        Some(_) => format!("Роль «{}»", v.name.trim()),
    };
    let chrome = visitor.chrome(app, &title, SECTION).await?;
    let data = json!({
        "chrome": chrome, "title": title, "form": form, "permissions": permissions,
        "action": role.map_or_else(|| SECTION.to_owned(), |(id, _)| format!("{SECTION}/{id}")),
        "editing": role.is_some(), "holders": role.map_or(0, |(_, holders)| holders),
    });
    app.pages.render_as(status, "admin_role_form", &data)
}

#[get("/admin/roles/new")]
async fn new_form(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    may_edit(&staff)?;
    form_page(app, &visitor, Status::Ok, None, &Values::default(), None).await
}

#[post("/admin/roles", data = "<form>")]
async fn create(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let v = Values::posted(&form);
    match roles::create(app, staff, origin, Body::of(&v.body())).await {
        Ok((_, role)) => Ok(Reply::done(SECTION, format!("Роль «{}» создана.", role.into_inner().name))),
        Err(e) if refused_form(&e) => {
            let e = at_field(e);
            form_page(app, &visitor, e.status, None, &v, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[get("/admin/roles/<id>")]
async fn edit_form(app: &State<App>, visitor: Visitor, id: &str) -> PageResult {
    let staff = visitor.staff()?;
    may_edit(&staff)?;
    let role = roles::get_one(app, staff, id).await?.into_inner();
    let v = Values { name: role.name, description: role.description, permissions: role.permissions };
    form_page(app, &visitor, Status::Ok, Some((&role.id, role.user_count)), &v, None).await
}

#[post("/admin/roles/<id>", data = "<form>")]
async fn update(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    may_edit(&staff)?;
    let role = roles::get_one(app, staff.clone(), id).await?.into_inner();
    let v = Values::posted(&form);
    match roles::update(app, staff, origin, id, Body::of(&v.body())).await {
        Ok(role) => Ok(Reply::done(SECTION, format!("Роль «{}» сохранена.", role.into_inner().name))),
        Err(e) if refused_form(&e) => {
            let e = at_field(e);
            form_page(app, &visitor, e.status, Some((&role.id, role.user_count)), &v, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/admin/roles/<id>/delete", data = "<_form>")]
async fn remove(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, _form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    roles::remove(app, staff, origin, id).await?;
    Ok(Reply::done(SECTION, "Роль удалена."))
}
