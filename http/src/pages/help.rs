//! Methodological help (§2.4): a short guide for each task, open to anybody — those who cannot
//! sign in need it most.

use rocket::State;
use rocket::http::CookieJar;
use rocket::{get, routes};
use serde_json::json;

use super::reply::PageResult;
use super::visitor::Visitor;
use crate::App;

pub fn routes() -> Vec<rocket::Route> {
    routes![help]
}

#[get("/help")]
async fn help(app: &State<App>, visitor: Visitor, cookies: &CookieJar<'_>) -> PageResult {
    let chrome = match visitor.staff() {
        Ok(_) => visitor.chrome(app, "Справка", "/help").await?,
        Err(_) => visitor.anonymous_chrome(app, "Справка", cookies),
    };
    app.pages.render("help", &json!({ "chrome": chrome }))
}
