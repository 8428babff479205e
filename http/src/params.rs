//! Parsing of path and query parameters into domain values, with the envelope on failure.

use std::str::FromStr;

use cabinet_core::Invalid;

use crate::error::ApiError;

/// An id from the path; one that cannot even be parsed names nothing, so it is a 404.
pub fn path_id<T: FromStr>(raw: &str) -> Result<T, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found())
}

/// An optional id from the query string; a malformed one is a 422 naming the parameter.
pub fn query_id<T: FromStr>(raw: Option<&str>, field: &str) -> Result<Option<T>, ApiError> {
    raw.filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| Invalid::new(field, "invalid_id", "Неверный идентификатор.").into()))
        .transpose()
}

/// A page size between 1 and `max`, `default` when absent.
pub fn limit(raw: Option<&str>, default: i64, max: i64) -> Result<i64, ApiError> {
    match raw.filter(|s| !s.is_empty()).map(str::parse::<i64>) {
        None => Ok(default),
        Some(Ok(n)) if (1..=max).contains(&n) => Ok(n),
        Some(_) => Err(Invalid::new("limit", "out_of_range", format!("Укажите число от 1 до {max}.")).into()),
    }
}

pub fn offset(raw: Option<&str>) -> Result<i64, ApiError> {
    match raw.filter(|s| !s.is_empty()).map(str::parse::<i64>) {
        None => Ok(0),
        Some(Ok(n)) if n >= 0 => Ok(n),
        Some(_) => Err(Invalid::new("offset", "out_of_range", "Смещение — целое неотрицательное число.").into()),
    }
}

/// An RFC 3339 time from the query string, as milliseconds since the epoch.
pub fn query_time(raw: Option<&str>, field: &str) -> Result<Option<i64>, ApiError> {
    raw.filter(|s| !s.is_empty())
        .map(|s| {
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                .map(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX))
                .map_err(|_| {
                    Invalid::new(
                        field,
                        "invalid_time",
                        "Укажите время в формате RFC 3339, например 2026-01-31T09:00:00Z.",
                    )
                    .into()
                })
        })
        .transpose()
}
