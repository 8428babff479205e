//! Organizations whose reference info awaits confirmation (§6.3: once a quarter): never
//! confirmed first, then the longest overdue — the API's own order.

use rocket::{State, get, routes};
use serde::Serialize;
use serde_json::json;

use super::{day, moscow};
use crate::App;
use crate::pages::reply::PageResult;
use crate::pages::visitor::Visitor;
use crate::routes::profiles;

const SECTION: &str = "/admin/profiles";

pub fn routes() -> Vec<rocket::Route> {
    routes![overdue]
}

#[derive(Serialize)]
struct Row {
    short_name: String,
    full_name: String,
    never: bool,
    confirmed_at: String,
    confirmed_by: String,
    due_date: String,
    overdue_days: u32,
}

#[get("/admin/profiles")]
async fn overdue(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    let rows: Vec<Row> = profiles::overdue(app, staff)
        .await?
        .into_inner()
        .into_iter()
        .map(|u| Row {
            short_name: u.short_name,
            full_name: u.full_name,
            never: u.confirmation.status == "never",
            confirmed_at: u.confirmation.confirmed_at.as_deref().map(moscow).unwrap_or_default(),
            confirmed_by: u.confirmation.confirmed_by.unwrap_or_default(),
            due_date: u.confirmation.due_date.as_deref().map(day).unwrap_or_default(),
            overdue_days: u.confirmation.overdue_days.unwrap_or_default(),
        })
        .collect();
    let chrome = visitor.chrome(app, "Подтверждение справочной информации", SECTION).await?;
    app.pages.render("admin_profiles", &json!({ "chrome": chrome, "rows": rows }))
}
