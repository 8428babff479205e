//! Signing in and out, password recovery, the first login (new password and the regulation,
//! §2.6, §3.12) and changing one's password: each page calls the API handler that does the same.

use std::sync::LazyLock;

use rocket::State;
use rocket::http::{CookieJar, Status};
use rocket::{get, post, routes};
use serde_json::json;

use super::input::{Input, Inputs};
use super::posted::Posted;
use super::reply::{PageError, PageResult, Reply, is_local_path};
use super::visitor::Visitor;
use crate::App;
use crate::auth::{ClientOrigin, SignedIn};
use crate::json::Body;
use crate::routes::{auth, reset};

pub fn routes() -> Vec<rocket::Route> {
    routes![
        login_form,
        login,
        logout,
        forgot_form,
        forgot,
        welcome,
        welcome_password,
        welcome_regulation,
        password_form,
        password
    ]
}

fn login_inputs(email: &str) -> Vec<Input> {
    vec![
        Input::new("email", "email", "Логин (адрес электронной почты)")
            .value(email)
            .required()
            .autocomplete("username"),
        Input::new("password", "password", "Пароль").required().autocomplete("current-password"),
    ]
}

fn safe_next(next: &str) -> &str {
    if is_local_path(next) { next } else { "/" }
}

#[get("/login?<next>")]
async fn login_form(app: &State<App>, visitor: Visitor, cookies: &CookieJar<'_>, next: Option<&str>) -> PageResult {
    let next = safe_next(next.unwrap_or("/"));
    if visitor.identity.is_some() {
        return Ok(Reply::to(next));
    }
    let chrome = visitor.anonymous_chrome(app, "Вход в личный кабинет", cookies);
    app.pages.render("login", &json!({ "chrome": chrome, "form": Inputs::new(login_inputs("")), "next": next }))
}

#[post("/login", data = "<form>")]
async fn login(
    app: &State<App>,
    visitor: Visitor,
    origin: ClientOrigin,
    cookies: &CookieJar<'_>,
    form: Posted,
) -> PageResult {
    let next = safe_next(form.get("next")).to_owned();
    let body = Body::of(&json!({ "email": form.get("email"), "password": form.get("password") }));
    match auth::login(app, origin, cookies, body).await {
        Ok(me) if me.pending_steps.is_empty() => Ok(Reply::to(next)),
        Ok(_) => Ok(Reply::to("/welcome")),
        Err(e) if e.status.code < 500 => {
            let chrome = visitor.anonymous_chrome(app, "Вход в личный кабинет", cookies);
            let form = Inputs::with_error(login_inputs(form.get("email")), &e);
            app.pages.render_as(e.status, "login", &json!({ "chrome": chrome, "form": form, "next": next }))
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/logout", data = "<_form>")]
async fn logout(
    app: &State<App>,
    visitor: Visitor,
    origin: ClientOrigin,
    cookies: &CookieJar<'_>,
    _form: Posted,
) -> PageResult {
    if let Ok(signed_in) = visitor.signed_in() {
        auth::logout(app, signed_in, origin, cookies).await?;
    }
    Ok(Reply::done("/login", "Вы вышли из личного кабинета."))
}

fn forgot_inputs(email: &str) -> Vec<Input> {
    vec![
        Input::new("email", "email", "Адрес электронной почты (логин)")
            .value(email)
            .required()
            .autocomplete("username")
            .help("На этот адрес придёт письмо со ссылкой для нового пароля."),
    ]
}

#[get("/forgot-password")]
fn forgot_form(app: &State<App>, visitor: Visitor, cookies: &CookieJar<'_>) -> PageResult {
    let chrome = visitor.anonymous_chrome(app, "Восстановление пароля", cookies);
    app.pages.render("forgot", &json!({ "chrome": chrome, "form": Inputs::new(forgot_inputs("")) }))
}

#[post("/forgot-password", data = "<form>")]
async fn forgot(
    app: &State<App>,
    visitor: Visitor,
    origin: ClientOrigin,
    cookies: &CookieJar<'_>,
    form: Posted,
) -> PageResult {
    let body = Body::of(&json!({ "email": form.get("email") }));
    match reset::request(app, origin, body).await {
        Ok((_, message)) => Ok(Reply::done("/login", message.0.message)),
        Err(e) if e.status.code < 500 => {
            let chrome = visitor.anonymous_chrome(app, "Восстановление пароля", cookies);
            let form = Inputs::with_error(forgot_inputs(form.get("email")), &e);
            app.pages.render_as(e.status, "forgot", &json!({ "chrome": chrome, "form": form }))
        }
        Err(e) => Err(e.into()),
    }
}

/// The regulation's text as paragraphs, without the marks left by the word processor.
static REGULATION: LazyLock<Vec<String>> = LazyLock::new(|| {
    auth::REGULATION_TEXT
        .lines()
        .map(|line| {
            let mut line = line.to_owned();
            while let Some(start) = line.find("[bookmark:") {
                let end = line[start..].find(']').map_or(line.len(), |e| start + e + 1);
                line.replace_range(start..end, "");
            }
            line.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|line| !line.is_empty())
        .collect()
});

/// The fields of a new password, after the one it replaces: the starting password on the first
/// login (`first`), the current one otherwise.
fn new_password_inputs(first: bool) -> Vec<Input> {
    let current = if first {
        "Стартовый пароль (из письма или от администратора)"
    } else {
        "Текущий пароль"
    };
    let mut inputs =
        vec![Input::new("password", "current_password", current).required().autocomplete("current-password")];
    inputs.push(
        Input::new("password", "new_password", "Новый пароль")
            .required()
            .autocomplete("new-password")
            .help("Не короче 10 символов, буквы и цифры, не совпадает с логином."),
    );
    inputs.push(
        Input::new("password", "new_password_repeat", "Новый пароль ещё раз").required().autocomplete("new-password"),
    );
    inputs
}

fn mismatch() -> crate::error::ApiError {
    cabinet_core::Invalid::new(
        "new_password_repeat",
        "mismatch",
        "Пароли не совпадают: введите новый пароль дважды одинаково.",
    )
    .into()
}

fn regulation_inputs() -> Vec<Input> {
    vec![Input::new("checkbox", "accept", "Я ознакомился(-ась) с Положением и принимаю его").required()]
}

/// What the first login still asks of the person: the starting password, then the regulation.
/// `form` is the form of the step shown, with its errors.
async fn welcome_page(app: &App, visitor: &Visitor, status: Status, form: Option<Inputs>) -> PageResult {
    let signed_in = visitor.signed_in()?;
    let steps = &signed_in.0.pending;
    if steps.is_empty() {
        return Ok(Reply::to("/"));
    }
    let change_password = steps.contains(&cabinet_core::user::PendingStep::ChangePassword);
    let form = form
        .unwrap_or_else(|| Inputs::new(if change_password { new_password_inputs(true) } else { regulation_inputs() }));
    let chrome = visitor.chrome(app, "Первый вход", "").await?.with_help("first-login");
    app.pages.render_as(
        status,
        "welcome",
        &json!({
            "chrome": chrome,
            "change_password": change_password,
            "form": form,
            "regulation": { "version": app.config.regulation.version,
                            "edition": super::when::edition(&app.config.regulation.version),
                            "paragraphs": &*REGULATION },
        }),
    )
}

#[get("/welcome")]
async fn welcome(app: &State<App>, visitor: Visitor) -> PageResult {
    welcome_page(app, &visitor, Status::Ok, None).await
}

#[post("/welcome/password", data = "<form>")]
async fn welcome_password(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let signed_in = visitor.signed_in()?;
    match change(app, signed_in, origin, &form).await {
        Ok(()) => Ok(Reply::done("/welcome", "Пароль изменён. Осталось ознакомиться с Положением и принять его.")),
        Err(PageError::Api(e)) if e.status.code < 500 => {
            welcome_page(app, &visitor, e.status, Some(Inputs::with_error(new_password_inputs(true), &e))).await
        }
        Err(e) => Err(e),
    }
}

#[post("/welcome/regulation", data = "<form>")]
async fn welcome_regulation(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let signed_in = visitor.signed_in()?;
    if !form.has("accept") {
        let e: crate::error::ApiError = cabinet_core::Invalid::new(
            "accept",
            "not_accepted",
            "Отметьте, что вы ознакомились с Положением и принимаете его: без этого работа в кабинете недоступна.",
        )
        .into();
        let form = Inputs::with_error(regulation_inputs(), &e);
        return welcome_page(app, &visitor, Status::UnprocessableEntity, Some(form)).await;
    }
    let body = Body::of(&json!({ "version": form.get("version") }));
    let me = auth::accept_regulation(app, signed_in, origin, body).await?;
    if me.pending_steps.is_empty() {
        Ok(Reply::done("/", "Положение принято. Добро пожаловать в личный кабинет."))
    } else {
        Ok(Reply::to("/welcome"))
    }
}

/// Changes the password through the API after checking that both entries agree.
async fn change(app: &App, signed_in: SignedIn, origin: ClientOrigin, form: &Posted) -> Result<(), PageError> {
    if form.get("new_password") != form.get("new_password_repeat") {
        return Err(mismatch().into());
    }
    let body = Body::of(&json!({
        "current_password": form.get("current_password"), "new_password": form.get("new_password"),
    }));
    auth::change_password(app.into(), signed_in, origin, body).await?;
    Ok(())
}

#[get("/account/password")]
async fn password_form(app: &State<App>, visitor: Visitor) -> PageResult {
    visitor.staff()?;
    let chrome = visitor.chrome(app, "Смена пароля", "").await?;
    app.pages.render("password", &json!({ "chrome": chrome, "form": Inputs::new(new_password_inputs(false)) }))
}

#[post("/account/password", data = "<form>")]
async fn password(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    match change(app, SignedIn(staff.0), origin, &form).await {
        Ok(()) => Ok(Reply::done("/", "Пароль изменён. Другие сеансы входа завершены.")),
        Err(PageError::Api(e)) if e.status.code < 500 => {
            let chrome = visitor.chrome(app, "Смена пароля", "").await?;
            let form = Inputs::with_error(new_password_inputs(false), &e);
            app.pages.render_as(e.status, "password", &json!({ "chrome": chrome, "form": form }))
        }
        Err(e) => Err(e),
    }
}
