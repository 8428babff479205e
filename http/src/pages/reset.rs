//! The page a password-recovery letter links to: a form for the new password.

use cabinet_storage::{resets, token_hash};
use rocket::form::{Form, FromForm};
use rocket::response::content::RawHtml;
use rocket::{State, get, post, routes};
use serde_json::json;

use crate::App;
use crate::auth::ClientOrigin;
use crate::error::ApiResult;
use crate::routes::reset::finish_reset;

pub fn routes() -> Vec<rocket::Route> {
    routes![form, submit]
}

#[get("/password-reset?<token>")]
async fn form(app: &State<App>, token: Option<&str>) -> ApiResult<RawHtml<String>> {
    let token = token.unwrap_or_default();
    let usable = !token.is_empty() && resets::peek(&app.db, &token_hash(token)).await?.is_some();
    if !usable {
        return app.pages.render("message", &json!({
            "title": "Ссылка недействительна",
            "text": "Ссылка для восстановления пароля уже использована или устарела. Запросите новую на странице входа.",
        }));
    }
    app.pages.render("password_reset", &json!({ "token": token, "error": null }))
}

#[derive(FromForm)]
struct ResetForm<'r> {
    token: &'r str,
    new_password: &'r str,
    new_password_repeat: &'r str,
}

#[post("/password-reset", data = "<form>")]
async fn submit(app: &State<App>, origin: ClientOrigin, form: Form<ResetForm<'_>>) -> ApiResult<RawHtml<String>> {
    if form.new_password != form.new_password_repeat {
        return app.pages.render(
            "password_reset",
            &json!({
                "token": form.token, "error": "Пароли не совпадают: введите новый пароль дважды одинаково.",
            }),
        );
    }
    match finish_reset(app, form.token, form.new_password, &origin.0).await {
        Ok(()) => app.pages.render(
            "message",
            &json!({
                "title": "Пароль изменён",
                "text": "Новый пароль сохранён. Войдите в личный кабинет с новым паролем.",
            }),
        ),
        Err(e) if e.code == "invalid_input" => {
            app.pages.render("password_reset", &json!({ "token": form.token, "error": e.message }))
        }
        Err(e) if e.code == "invalid_reset_token" => app.pages.render(
            "message",
            &json!({
                "title": "Ссылка недействительна", "text": e.message,
            }),
        ),
        Err(e) => Err(e),
    }
}
