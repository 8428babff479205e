//! Answers for requests no route handled: the same envelope for every status, JSON for the API
//! and a short Russian page for people.

use rocket::http::Status;
use rocket::request::Request;
use rocket::response::{self, Responder};
use rocket::{Catcher, catch, catchers};

use crate::error::{ApiError, stashed};

pub fn all() -> Vec<Catcher> {
    catchers![default]
}

#[catch(default)]
fn default(status: Status, request: &Request<'_>) -> Caught {
    let error = stashed(request).filter(|e| e.status == status).unwrap_or_else(|| generic(status));
    let wants_html = !request.uri().path().starts_with("/api")
        && request.headers().get_one("Accept").is_some_and(|a| a.contains("text/html"));
    if wants_html { Caught::Page(crate::pages::reply::error_page(request, &error)) } else { Caught::Json(error) }
}

pub enum Caught {
    Json(ApiError),
    Page(crate::pages::Reply),
}

impl<'r> Responder<'r, 'static> for Caught {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        match self {
            Caught::Json(error) => error.respond_to(request),
            Caught::Page(page) => page.respond_to(request),
        }
    }
}

fn generic(status: Status) -> ApiError {
    let (code, message) = match status.code {
        400 => ("bad_request", "Некорректный запрос."),
        401 => ("unauthenticated", "Войдите в личный кабинет, чтобы продолжить."),
        403 => ("forbidden", "Недостаточно прав для этого действия."),
        404 => ("not_found", "Страница или запись не найдена."),
        405 => ("method_not_allowed", "Этот метод не поддерживается по данному адресу."),
        413 => ("payload_too_large", "Слишком большой запрос."),
        415 => ("unsupported_media_type", "Неподдерживаемый тип содержимого запроса."),
        422 => ("unprocessable", "Запрос не удалось разобрать: проверьте параметры адреса и тело запроса."),
        429 => ("too_many_requests", "Слишком много запросов. Повторите позже."),
        500..=599 => ("internal_error", "Внутренняя ошибка сервера. Попробуйте позже."),
        _ => ("error", "Запрос не выполнен."),
    };
    ApiError::new(status, code, message)
}

/// The error as a page of its own, when the site's templates cannot be used.
pub(crate) fn bare_page(error: &ApiError) -> String {
    format!(
        "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{code} — Личный кабинет</title></head>\
         <body><main><h1>Ошибка {code}</h1><p>{message}</p><p><a href=\"/\">На главную</a></p></main></body></html>",
        code = error.status.code,
        message = escape(&error.message),
    )
}

fn escape(text: &str) -> String {
    handlebars::html_escape(text)
}
