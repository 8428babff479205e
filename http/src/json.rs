//! The JSON body guard: content type, size limit and field-accurate errors.
//!
//! Rocket's own `Json` only reports a status; this guard says which field is wrong, in Russian,
//! and keeps the envelope: wrong content type → 415, too large → 413, not JSON → 400, a field
//! of the wrong shape or unknown → 422 with its path.

use std::marker::PhantomData;

use rocket::data::{self, Data, FromData, ToByteUnit};
use rocket::http::Status;
use rocket::request::Request;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::error::{ApiError, stash};

/// Request bodies are small JSON documents; uploads have their own limits.
pub const JSON_LIMIT_KIB: u64 = 64;

/// A JSON body of type `T`, read but not yet parsed: the guard enforces the content type and the
/// size, and the handler calls [`Body::parse`] after it has asked the policy, so that a caller
/// without the right is told so rather than how the body should look.
pub struct Body<T> {
    bytes: Vec<u8>,
    _shape: PhantomData<T>,
}

impl<T: DeserializeOwned> Body<T> {
    pub fn parse(&self) -> Result<T, ApiError> {
        parse(&self.bytes)
    }
}

impl<T> Body<T> {
    /// The body a page sends on a person's behalf: the page's form as the API's JSON, so that
    /// it is read by the same rules and refused with the same messages.
    pub fn of(value: &serde_json::Value) -> Self {
        Body { bytes: value.to_string().into_bytes(), _shape: PhantomData }
    }
}

#[rocket::async_trait]
impl<'r, T: DeserializeOwned> FromData<'r> for Body<T> {
    type Error = ApiError;

    async fn from_data(request: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        match read(request, data).await {
            Ok(bytes) => data::Outcome::Success(Body { bytes, _shape: PhantomData }),
            Err(e) => data::Outcome::Error((e.status, stash(request, e))),
        }
    }
}

/// Large JSON documents — a form plugin, a report with its tables — read whole, up to
/// [`LARGE_LIMIT_KIB`]; the handler applies the configured, smaller bounds with messages of its own.
pub struct LargeBody(pub Vec<u8>);

pub const LARGE_LIMIT_KIB: u64 = 4096;

impl LargeBody {
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        parse(&self.0)
    }
}

#[rocket::async_trait]
impl<'r> FromData<'r> for LargeBody {
    type Error = ApiError;

    async fn from_data(request: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        match read_up_to(request, data, LARGE_LIMIT_KIB.kibibytes()).await {
            Ok(bytes) => data::Outcome::Success(LargeBody(bytes)),
            Err(e) => data::Outcome::Error((e.status, stash(request, e))),
        }
    }
}

async fn read(request: &Request<'_>, data: Data<'_>) -> Result<Vec<u8>, ApiError> {
    let limit = request.limits().get("json").unwrap_or(JSON_LIMIT_KIB.kibibytes());
    read_up_to(request, data, limit).await
}

async fn read_up_to(request: &Request<'_>, data: Data<'_>, limit: rocket::data::ByteUnit) -> Result<Vec<u8>, ApiError> {
    if !request.content_type().is_some_and(|ct| ct.is_json()) {
        return Err(ApiError::new(
            Status::UnsupportedMediaType,
            "unsupported_media_type",
            "Тело запроса должно быть в формате JSON с заголовком Content-Type: application/json.",
        ));
    }
    let bytes = data
        .open(limit)
        .into_bytes()
        .await
        .map_err(|_| ApiError::bad_request("unreadable_body", "Не удалось прочитать тело запроса."))?;
    if !bytes.is_complete() {
        return Err(ApiError::new(
            Status::PayloadTooLarge,
            "payload_too_large",
            format!("Тело запроса слишком большое: не больше {} КиБ.", limit.as_u64() / 1024),
        ));
    }
    Ok(bytes.into_inner())
}

/// Parses a JSON body into `T`, naming the failing field.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => field_error(&path, &inner.to_string()),
            _ => malformed(&inner),
        }
    })?;
    de.end().map_err(|e| malformed(&e))?;
    Ok(value)
}

/// Reads an already parsed document into `T`, naming the failing field like [`parse`].
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        field_error(&path, &error.into_inner().to_string())
    })
}

fn malformed(e: &serde_json::Error) -> ApiError {
    ApiError::bad_request(
        "malformed_json",
        format!("Тело запроса не является корректным JSON (строка {}, позиция {}).", e.line(), e.column()),
    )
    .with_details(json!({ "line": e.line(), "column": e.column() }))
}

fn field_error(path: &str, serde_message: &str) -> ApiError {
    let quoted = |s: &str| s.split('`').nth(1).map(str::to_owned);
    let (field, code, message) = if let Some(rest) = serde_message.strip_prefix("unknown field") {
        // The path already ends with the unknown field's name.
        let name = quoted(rest).unwrap_or_default();
        (path.to_owned(), "unknown_field", format!("Неизвестное поле «{name}»."))
    } else if let Some(rest) = serde_message.strip_prefix("missing field") {
        let name = quoted(rest).unwrap_or_default();
        let field = if path == "." || path.is_empty() { name.clone() } else { format!("{path}.{name}") };
        (field, "missing_field", format!("Не заполнено обязательное поле «{name}»."))
    } else {
        let detail = serde_message.split(" at line").next().unwrap_or(serde_message);
        (path.to_owned(), "invalid_type", format!("Поле «{path}» имеет неверный формат ({detail})."))
    };
    ApiError::new(Status::UnprocessableEntity, "invalid_input", message)
        .with_details(json!({ "fields": [{ "field": field, "code": code }] }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Login {
        email: String,
        remember: Option<bool>,
    }

    #[test]
    fn names_the_field_that_is_wrong() {
        let e = parse::<Login>(br#"{"email":"a@b.ru","pasword":"x"}"#).unwrap_err();
        assert_eq!((e.status, e.code), (Status::UnprocessableEntity, "invalid_input"));
        assert_eq!(e.details["fields"][0]["field"], "pasword");
        assert_eq!(e.details["fields"][0]["code"], "unknown_field");

        let e = parse::<Login>(br#"{}"#).unwrap_err();
        assert_eq!(e.details["fields"][0]["field"], "email");
        assert_eq!(e.details["fields"][0]["code"], "missing_field");

        let e = parse::<Login>(br#"{"email":"a@b.ru","remember":"yes"}"#).unwrap_err();
        assert_eq!(e.details["fields"][0]["field"], "remember");
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        for body in [&b"{"[..], b"not json", b"{\"email\":\"a\"} trailing", b""] {
            let e = parse::<Login>(body).unwrap_err();
            assert_eq!((e.status, e.code), (Status::BadRequest, "malformed_json"), "{body:?}");
        }
    }
}
