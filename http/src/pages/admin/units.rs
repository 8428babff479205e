//! Organizations and departments (§2.4, §4.1): the list, a new one of either kind, and editing
//! one, through the units API. A department's address (slug) is what report forms name.

use cabinet_core::policy::{Global, ManageUnits, authorize};
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde::Serialize;
use serde_json::json;

use super::{at_field, refused_form, select};
use crate::App;
use crate::auth::ClientOrigin;
use crate::json::Body;
use crate::pages::input::{Input, Inputs};
use crate::pages::posted::Posted;
use crate::pages::reply::{PageResult, Reply};
use crate::pages::visitor::Visitor;
use crate::routes::units;
use crate::views::UnitView;

const SECTION: &str = "/admin/units";

pub fn routes() -> Vec<rocket::Route> {
    routes![list, new_form, create, edit_form, update]
}

#[derive(Serialize)]
struct Row {
    href: String,
    kind: &'static str,
    short_name: String,
    full_name: String,
    org_kind: &'static str,
    region: String,
    slug: String,
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "organization" => "Организация",
        "department" => "Управление",
        _ => "Центральный комитет",
    }
}

fn org_kind_label(kind: Option<&str>) -> &'static str {
    match kind {
        Some("regional") => "региональная",
        Some("interregional") => "межрегиональная",
        _ => "",
    }
}

#[get("/admin/units")]
async fn list(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    let rows: Vec<Row> = units::list(app, staff, None)
        .await?
        .into_inner()
        .into_iter()
        .map(|u| Row {
            href: format!("/admin/units/{}", u.id),
            kind: kind_label(&u.kind),
            org_kind: org_kind_label(u.org_kind.as_deref()),
            region: u.region.unwrap_or_default(),
            short_name: u.short_name,
            full_name: u.full_name,
            slug: u.slug,
        })
        .collect();
    let chrome = visitor.chrome(app, "Организации и управления", SECTION).await?;
    app.pages.render("admin_units", &json!({ "chrome": chrome, "units": rows }))
}

/// What the form shows: the values typed or stored.
#[derive(Default)]
struct Values {
    full_name: String,
    short_name: String,
    slug: String,
    org_kind: String,
    region: String,
}

impl Values {
    fn posted(form: &Posted) -> Values {
        Values {
            full_name: form.get("full_name").to_owned(),
            short_name: form.get("short_name").to_owned(),
            slug: form.get("slug").to_owned(),
            org_kind: form.get("org_kind").to_owned(),
            region: form.get("region").to_owned(),
        }
    }

    fn stored(unit: &UnitView) -> Values {
        Values {
            full_name: unit.full_name.clone(),
            short_name: unit.short_name.clone(),
            slug: unit.slug.clone(),
            org_kind: unit.org_kind.clone().unwrap_or_default(),
            region: unit.region.clone().unwrap_or_default(),
        }
    }
}

fn inputs(organization: bool, v: &Values) -> Vec<Input> {
    let slug_help = if organization {
        "Адрес страницы организации на сайте: строчные латинские буквы, цифры и дефис, например tatarstan."
    } else {
        "Строчные латинские буквы, цифры и дефис, например organizational. Этим адресом управление \
         называют формы отчётности (ключ department)."
    };
    let mut inputs = vec![
        Input::new("text", "full_name", "Полное наименование").value(&v.full_name).required(),
        Input::new("text", "short_name", "Краткое наименование").value(&v.short_name).required(),
        Input::new("text", "slug", "Адрес страницы на сайте (латиницей)").value(&v.slug).required().help(slug_help),
    ];
    if organization {
        let kinds = [
            (String::new(), "— выберите —".to_owned()),
            ("regional".to_owned(), "Региональная".to_owned()),
            ("interregional".to_owned(), "Межрегиональная".to_owned()),
        ];
        inputs.push(select("org_kind", "Вид организации", &kinds, &v.org_kind).required());
        inputs.push(
            Input::new("text", "region", "Регион")
                .value(&v.region)
                .help("Субъект Российской Федерации; для межрегиональной организации — основной."),
        );
    }
    inputs
}

/// The form of a new unit or of an existing one (`id`), with the problems found.
async fn form_page(
    app: &App,
    visitor: &Visitor,
    status: Status,
    kind: &str,
    id: Option<&str>,
    form: Inputs,
) -> PageResult {
    let organization = kind == "organization";
    let title = match (id, organization) {
        (None, true) => "Новая организация",
        (None, false) => "Новое управление",
        (Some(_), true) => "Организация",
        (Some(_), false) if kind == "department" => "Управление",
        (Some(_), false) => "Центральный комитет",
    };
    let action = id.map_or_else(|| "/admin/units".to_owned(), |id| format!("/admin/units/{id}"));
    let chrome = visitor.chrome(app, title, SECTION).await?;
    app.pages.render_as(
        status,
        "admin_unit_form",
        &json!({ "chrome": chrome, "title": title, "action": action, "kind": kind, "editing": id.is_some(), "form": form }),
    )
}

#[get("/admin/units/new?<kind>")]
async fn new_form(app: &State<App>, visitor: Visitor, kind: Option<&str>) -> PageResult {
    let staff = visitor.staff()?;
    authorize::<ManageUnits>(Some(staff.actor()), Global)?;
    let kind = if kind == Some("department") { "department" } else { "organization" };
    let form = Inputs::new(inputs(kind == "organization", &Values::default()));
    form_page(app, &visitor, Status::Ok, kind, None, form).await
}

fn body(kind: &str, v: &Values) -> serde_json::Value {
    if kind == "organization" {
        json!({ "full_name": v.full_name, "short_name": v.short_name, "slug": v.slug,
                "org_kind": v.org_kind, "region": v.region })
    } else {
        json!({ "full_name": v.full_name, "short_name": v.short_name, "slug": v.slug })
    }
}

#[post("/admin/units", data = "<form>")]
async fn create(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let kind = if form.get("kind") == "department" { "department" } else { "organization" };
    let values = Values::posted(&form);
    let mut request = body(kind, &values);
    request["kind"] = json!(kind);
    match units::create(app, staff, origin, Body::of(&request)).await {
        Ok((_, unit)) => {
            let unit = unit.into_inner();
            let (what, done) = if kind == "organization" {
                ("Организация", "создана")
            } else {
                ("Управление", "создано")
            };
            Ok(Reply::done(SECTION, format!("{what} «{}» {done}, адрес — {}.", unit.short_name, unit.slug)))
        }
        Err(e) if refused_form(&e) => {
            let form = Inputs::with_error(inputs(kind == "organization", &values), &at_field(e.clone()));
            form_page(app, &visitor, e.status, kind, None, form).await
        }
        Err(e) => Err(e.into()),
    }
}

#[get("/admin/units/<id>")]
async fn edit_form(app: &State<App>, visitor: Visitor, id: &str) -> PageResult {
    let staff = visitor.staff()?;
    let unit = units::get_one(app, staff, id).await?.into_inner();
    let form = Inputs::new(inputs(unit.kind == "organization", &Values::stored(&unit)));
    form_page(app, &visitor, Status::Ok, &unit.kind, Some(&unit.id), form).await
}

#[post("/admin/units/<id>", data = "<form>")]
async fn update(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let unit = units::get_one(app, staff.clone(), id).await?.into_inner();
    let values = Values::posted(&form);
    match units::update(app, staff, origin, id, Body::of(&body(&unit.kind, &values))).await {
        Ok(saved) => Ok(Reply::done(SECTION, format!("Изменения сохранены: «{}».", saved.into_inner().short_name))),
        Err(e) if refused_form(&e) => {
            let form = Inputs::with_error(inputs(unit.kind == "organization", &values), &at_field(e.clone()));
            form_page(app, &visitor, e.status, &unit.kind, Some(&unit.id), form).await
        }
        Err(e) => Err(e.into()),
    }
}
