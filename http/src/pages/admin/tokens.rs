//! API tokens of machine clients (the sites that read the cabinet's data): the list, issuing a
//! token — its secret shown once, as the API returns it — and revoking one at once.

use cabinet_core::policy::{Global, ManageTokens, authorize};
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde::Serialize;
use serde_json::json;

use super::unit_choice::Units;
use super::{dates_as_text, day_start, moscow, permission_checks, permission_labels, refused_form};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiError;
use crate::json::Body;
use crate::pages::input::{Input, Inputs};
use crate::pages::posted::Posted;
use crate::pages::reply::{PageResult, Reply};
use crate::pages::visitor::Visitor;
use crate::routes::tokens;
use crate::views::TokenView;

const SECTION: &str = "/admin/tokens";

pub fn routes() -> Vec<rocket::Route> {
    routes![list, issue, revoke]
}

#[derive(Serialize)]
struct Row {
    name: String,
    unit: String,
    permissions: Vec<&'static str>,
    created_at: String,
    expires_at: String,
    last_used_at: String,
    revoked_at: String,
    revoke: Option<String>,
}

fn row(t: TokenView, units: &Units) -> Row {
    Row {
        unit: units.name(&t.unit_id),
        permissions: permission_labels(&t.permissions),
        created_at: moscow(&t.created_at),
        expires_at: t.expires_at.as_deref().map(moscow).unwrap_or_default(),
        last_used_at: t.last_used_at.as_deref().map(moscow).unwrap_or_default(),
        revoke: t.revoked_at.is_none().then(|| format!("{SECTION}/{}/revoke", t.id)),
        revoked_at: t.revoked_at.as_deref().map(moscow).unwrap_or_default(),
        name: t.name,
    }
}

#[derive(Default)]
struct Values {
    name: String,
    unit_id: String,
    permissions: Vec<String>,
    expires: String,
}

fn inputs(v: &Values, units: &Units) -> Vec<Input> {
    vec![
        Input::new("text", "name", "Кто пользуется токеном")
            .value(&v.name)
            .required()
            .help("Например, «Сайт Татарской республиканской организации»."),
        super::select("unit_id", "От имени подразделения", &units.choices(Some("— выберите —")), &v.unit_id).required(),
        Input::new("date", "expires", "Действует по (включительно)")
            .value(&v.expires)
            .help("Оставьте пустым, чтобы токен действовал до отзыва."),
    ]
}

/// The list with the form of a new token, showing the problems of the one refused.
async fn list_page(
    app: &App,
    visitor: &Visitor,
    staff: &Staff,
    status: Status,
    v: &Values,
    error: Option<&ApiError>,
) -> PageResult {
    let found = tokens::list(app.into(), staff.clone()).await?.into_inner();
    let shown: Vec<&str> = found.iter().map(|t| t.unit_id.as_str()).collect();
    let units = Units::reachable(app, visitor, staff).await?.naming(app, &shown).await?;
    let form = match error {
        Some(e) => dates_as_text(Inputs::with_error(inputs(v, &units), e)),
        None => Inputs::new(inputs(v, &units)),
    };
    let permissions =
        permission_checks("permissions", "Права токена", |code| v.permissions.iter().any(|p| p == code))
            .with_error("permissions", error);
    let rows: Vec<Row> = found.into_iter().map(|t| row(t, &units)).collect();
    let chrome = visitor.chrome(app, "API-токены", SECTION).await?;
    let data = json!({ "chrome": chrome, "tokens": rows, "form": form, "permissions": permissions });
    app.pages.render_as(status, "admin_tokens", &data)
}

#[get("/admin/tokens")]
async fn list(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    list_page(app, &visitor, &staff, Status::Ok, &Values::default(), None).await
}

#[post("/admin/tokens", data = "<form>")]
async fn issue(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    // The date is read here, before the API sees the request: the policy comes first.
    authorize::<ManageTokens>(Some(staff.actor()), Global)?;
    let v = Values {
        name: form.get("name").to_owned(),
        unit_id: form.get("unit_id").to_owned(),
        permissions: form.all("permissions").map(str::to_owned).collect(),
        expires: form.get("expires").to_owned(),
    };
    let issued = match day_start(&v.expires, "expires", true) {
        Ok(expires_at) => {
            let body =
                json!({ "name": v.name, "unit_id": v.unit_id, "permissions": v.permissions, "expires_at": expires_at });
            tokens::create(app, staff.clone(), origin, Body::of(&body)).await
        }
        Err(e) => Err(e),
    };
    match issued {
        Ok((_, issued)) => {
            let issued = issued.into_inner();
            let units = Units::reachable(app, &visitor, &staff).await?.naming(app, &[&issued.token.unit_id]).await?;
            let chrome = visitor.chrome(app, "API-токен выдан", SECTION).await?;
            let token = row(issued.token, &units);
            app.pages
                .render("admin_token_issued", &json!({ "chrome": chrome, "token": token, "secret": issued.secret }))
        }
        Err(e) if refused_form(&e) => {
            // The API names the expiry `expires_at`; the form's field is `expires`.
            let mut e = e;
            if let Some(fields) = e.details.get_mut("fields").and_then(serde_json::Value::as_array_mut) {
                for f in fields.iter_mut().filter(|f| f["field"] == "expires_at") {
                    f["field"] = json!("expires");
                }
            }
            list_page(app, &visitor, &staff, e.status, &v, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/admin/tokens/<id>/revoke", data = "<_form>")]
async fn revoke(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, _form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let token = tokens::revoke(app, staff, origin, id).await?.into_inner();
    Ok(Reply::done(SECTION, format!("Токен «{}» отозван: запросы с ним больше не принимаются.", token.name)))
}
