//! The one error type of the API and its stable envelope:
//! `{"error": {"code": "stable_english_code", "message": "текст по-русски", "details": …}}`.
//!
//! Domain and storage errors become an [`ApiError`] here and nowhere else. Internal causes are
//! logged with the request and answered with a plain 500 that reveals nothing.

use std::io::Cursor;

use cabinet_core::Invalid;
use cabinet_core::policy::Denied;
use cabinet_storage::StorageError;
use rocket::http::{ContentType, Header, Status};
use rocket::request::Request;
use rocket::response::{self, Responder, Response};
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: Status,
    pub code: &'static str,
    pub message: String,
    /// Boxed: an error travels by value through every `Result`, and a JSON value that keeps its
    /// keys' order is large.
    pub details: Box<Value>,
    /// Seconds to wait before trying again (429).
    pub retry_after: Option<i64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: Status, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into(), details: Box::new(Value::Null), retry_after: None }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Box::new(details);
        self
    }

    pub fn internal() -> Self {
        ApiError::new(Status::InternalServerError, "internal_error", "Внутренняя ошибка сервера. Попробуйте позже.")
    }

    pub fn not_found() -> Self {
        ApiError::new(
            Status::NotFound,
            "not_found",
            "Запись не найдена: её нет или она вам недоступна. Проверьте адрес и идентификатор.",
        )
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(Status::BadRequest, code, message)
    }

    /// 422 naming every field that failed its rule.
    pub fn invalid(errors: Vec<Invalid>) -> Self {
        let message = match errors.as_slice() {
            [one] => format!("Поле «{}»: {}", one.field, one.message),
            _ => "Некоторые поля заполнены неверно.".to_owned(),
        };
        let fields: Vec<Value> =
            errors.iter().map(|e| json!({ "field": e.field, "code": e.code, "message": e.message })).collect();
        ApiError::new(Status::UnprocessableEntity, "invalid_input", message).with_details(json!({ "fields": fields }))
    }

    pub fn body(&self) -> Value {
        json!({ "error": { "code": self.code, "message": self.message, "details": self.details } })
    }
}

impl From<Invalid> for ApiError {
    fn from(e: Invalid) -> Self {
        ApiError::invalid(vec![e])
    }
}

impl From<Denied> for ApiError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::Unauthenticated => {
                ApiError::new(Status::Unauthorized, "unauthenticated", "Войдите в личный кабинет, чтобы продолжить.")
            }
            Denied::MissingPermission(p) => ApiError::new(
                Status::Forbidden,
                "forbidden",
                format!("Недостаточно прав: нужно право «{}». Обратитесь к администратору сайта.", p.label()),
            )
            .with_details(json!({ "permission": p.code() })),
            Denied::OutOfReach => ApiError::new(
                Status::Forbidden,
                "forbidden",
                "Нет доступа: это действие доступно только сотрудникам Центрального комитета.",
            ),
            // Exactly what an unknown id answers: an outsider cannot tell the two apart.
            Denied::Foreign => ApiError::not_found(),
            Denied::Escalation(p) => ApiError::new(
                Status::Forbidden,
                "permission_escalation",
                format!("Нельзя выдать право «{}», которого нет у вас самих.", p.label()),
            )
            .with_details(json!({ "permission": p.code() })),
        }
    }
}

impl From<crate::mail::MailError> for ApiError {
    fn from(e: crate::mail::MailError) -> Self {
        tracing::error!(error = %e, "a letter could not be rendered");
        ApiError::internal()
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound => ApiError::not_found(),
            StorageError::Conflict { what } => ApiError::new(Status::Conflict, "conflict", conflict_message(what))
                .with_details(json!({ "field": what })),
            StorageError::UnknownReference { what } => ApiError::new(
                Status::UnprocessableEntity,
                "unknown_reference",
                format!("Поле «{what}» ссылается на несуществующую запись."),
            )
            .with_details(json!({ "field": what })),
            StorageError::Blob(cause) => {
                tracing::error!(error = %cause, "object store failure");
                ApiError::new(
                    Status::ServiceUnavailable,
                    "storage_unavailable",
                    "Хранилище файлов сейчас недоступно. Попробуйте ещё раз через несколько минут.",
                )
            }
            StorageError::Unavailable(cause) => {
                tracing::error!(error = %cause, "database unavailable");
                ApiError::new(
                    Status::ServiceUnavailable,
                    "database_unavailable",
                    "База данных сейчас недоступна. Попробуйте ещё раз через несколько минут.",
                )
            }
            other => {
                tracing::error!(error = %other, "storage failure");
                ApiError::internal()
            }
        }
    }
}

fn conflict_message(what: &str) -> String {
    match what {
        "email" => "Пользователь с таким адресом электронной почты уже зарегистрирован.".into(),
        "slug" => "Адрес страницы уже занят другой организацией.".into(),
        "name" => "Роль с таким названием уже есть.".into(),
        "users" => "Роль назначена пользователям: сначала снимите её с них.".into(),
        other => format!("Значение поля «{other}» уже занято."),
    }
}

impl<'r> Responder<'r, 'static> for ApiError {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let body = self.body().to_string();
        let mut response = Response::build();
        response.status(self.status).header(ContentType::JSON).sized_body(body.len(), Cursor::new(body));
        if let Some(seconds) = self.retry_after {
            response.header(Header::new("Retry-After", seconds.to_string()));
        }
        if self.status == Status::Unauthorized {
            response.header(Header::new("WWW-Authenticate", "Bearer realm=\"cabinet\""));
        }
        response.ok()
    }
}

/// A refusal decided in a request guard, kept for the catcher that answers the request.
pub struct Stashed(pub Option<ApiError>);

/// Keeps `error` for the catcher (the first stashed error wins) and hands it back.
pub fn stash(request: &Request<'_>, error: ApiError) -> ApiError {
    request.local_cache(|| Stashed(Some(error.clone())));
    error
}

pub fn stashed(request: &Request<'_>) -> Option<ApiError> {
    request.local_cache(|| Stashed(None)).0.clone()
}
