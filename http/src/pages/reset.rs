//! The page a password-recovery letter links to: a form for the new password.

use cabinet_storage::{resets, token_hash};
use rocket::State;
use rocket::http::{CookieJar, Status};
use rocket::{get, post, routes};
use serde_json::json;

use super::input::{Input, Inputs};
use super::posted::Posted;
use super::reply::PageResult;
use super::visitor::Visitor;
use crate::App;
use crate::auth::ClientOrigin;
use crate::routes::reset::finish_reset;

pub fn routes() -> Vec<rocket::Route> {
    routes![form, submit]
}

fn inputs() -> Vec<Input> {
    vec![
        Input::new("password", "new_password", "Новый пароль").required().autocomplete("new-password"),
        Input::new("password", "new_password_repeat", "Повторите пароль").required().autocomplete("new-password"),
    ]
}

fn invalid_link(app: &App, visitor: &Visitor, cookies: &CookieJar<'_>, text: &str) -> PageResult {
    let chrome = visitor.anonymous_chrome(app, "Ссылка недействительна", cookies);
    app.pages.render_as(
        Status::NotFound,
        "message",
        &json!({
            "chrome": chrome, "title": "Ссылка недействительна", "text": text,
            "link": { "href": "/forgot-password", "label": "Запросить новую ссылку" },
        }),
    )
}

const LINK_USED: &str =
    "Ссылка для восстановления пароля уже использована или устарела. Запросите новую: она придёт на вашу почту.";

#[get("/password-reset?<token>")]
async fn form(app: &State<App>, visitor: Visitor, cookies: &CookieJar<'_>, token: Option<&str>) -> PageResult {
    let token = token.unwrap_or_default();
    let usable = !token.is_empty() && resets::peek(&app.db, &token_hash(token)).await?.is_some();
    if !usable {
        return invalid_link(app, &visitor, cookies, LINK_USED);
    }
    let chrome = visitor.anonymous_chrome(app, "Новый пароль", cookies);
    app.pages.render("password_reset", &json!({ "chrome": chrome, "token": token, "form": Inputs::new(inputs()) }))
}

#[post("/password-reset", data = "<form>")]
async fn submit(
    app: &State<App>,
    visitor: Visitor,
    origin: ClientOrigin,
    cookies: &CookieJar<'_>,
    form: Posted,
) -> PageResult {
    let token = form.get("token");
    let again = |e: &crate::error::ApiError| {
        let chrome = visitor.anonymous_chrome(app, "Новый пароль", cookies);
        app.pages.render_as(
            e.status,
            "password_reset",
            &json!({
                "chrome": chrome, "token": token, "form": Inputs::with_error(inputs(), e),
            }),
        )
    };
    if form.get("new_password") != form.get("new_password_repeat") {
        let e = cabinet_core::Invalid::new(
            "new_password_repeat",
            "mismatch",
            "Пароли не совпадают: введите новый пароль дважды одинаково.",
        )
        .into();
        return again(&e);
    }
    match finish_reset(app, token, form.get("new_password"), &origin.0).await {
        Ok(()) => Ok(super::Reply::done("/login", "Новый пароль сохранён. Войдите в личный кабинет с новым паролем.")),
        Err(e) if e.code == "invalid_input" => again(&e),
        Err(e) if e.code == "invalid_reset_token" => invalid_link(app, &visitor, cookies, &e.message),
        Err(e) => Err(e.into()),
    }
}
