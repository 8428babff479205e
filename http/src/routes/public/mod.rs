//! The public API that the union's sites read, under `/api/v1/public`: no sign-in, published
//! content only, every answer served from the instance's [`PublicCache`] with an ETag.
//!
//! A route turns its known parameters into a canonical cache key (unknown parameters such as
//! `status=draft` or `preview=1` are not read at all, so they neither widen what is shown nor
//! split the cache) and renders on a miss. Storage's public functions name the published state
//! themselves: no parameter reaches that condition.
//!
//! [`PublicCache`]: crate::public_cache::PublicCache

pub mod feeds;
pub mod galleries;
pub mod news;
pub mod organizations;
mod views;

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use cabinet_core::policy::{Authorized, Public, ReadPublic, authorize};
use rocket::http::uri::Segments;
use rocket::http::uri::fmt::Path as UriPath;
use rocket::http::{Header, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};
use rocket::{State, options};
use serde::Serialize;

pub use views::*;

use crate::error::{ApiError, ApiResult};
use crate::public_cache::Rendered;
use crate::{App, body};

pub fn routes() -> Vec<rocket::Route> {
    let mut routes = rocket::routes![
        organizations::directory,
        organizations::page_of,
        organizations::news,
        news::list,
        news::item,
        feeds::global,
        feeds::organization,
        galleries::albums,
        galleries::album,
        preflight
    ];
    // Rocket tries a request's routes one by one in the order of their ranks, and sites call
    // these far more often than anything else: they are tried first. Their order among
    // themselves stays as Rocket ranks them, and no other route has a path of theirs.
    for route in &mut routes {
        route.rank -= RANK_AHEAD;
    }
    routes
}

/// How far the public routes are moved ahead: past the best default rank Rocket gives (-12).
const RANK_AHEAD: isize = 20;

const JSON: &str = "application/json";
const CACHE_CONTROL: &str = "public, no-cache";

/// What every public answer needs of the request: the caller's cached tags and, for browsers,
/// the page's origin.
pub struct PublicRequest {
    if_none_match: Option<String>,
    origin: Option<String>,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for PublicRequest {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let headers = request.headers();
        Outcome::Success(PublicRequest {
            if_none_match: headers.get_one("If-None-Match").map(str::to_owned),
            origin: headers.get_one("Origin").map(str::to_owned),
        })
    }
}

/// The anonymous reader's witness: public routes read only through it.
fn reader() -> ApiResult<Authorized<ReadPublic>> {
    Ok(authorize::<ReadPublic>(None, Public)?)
}

impl PublicRequest {
    /// The cached answer for `key`, or `render`'s, kept for the next caller. A refusal (an
    /// unknown organization or item) is an answer too and is kept the same way.
    async fn answer<F, Fut>(self, app: &App, key: String, render: F) -> ApiResult<PublicAnswer>
    where
        F: FnOnce(Authorized<ReadPublic>) -> Fut,
        Fut: Future<Output = ApiResult<(&'static str, Bytes)>>,
    {
        let cache = &app.public;
        let rendered = match cache.get(&key) {
            Some(hit) => hit,
            None => {
                // The version is read before the data: the answer is never newer than its stamp.
                let version = cache.version();
                let rendered = match render(reader()?).await {
                    Ok((content_type, body)) => Rendered::new(version, Status::Ok, content_type, body),
                    Err(e) if e.status == Status::NotFound => {
                        Rendered::new(version, e.status, JSON, Bytes::from(e.body().to_string()))
                    }
                    Err(e) => return Err(e),
                };
                cache.put(key, rendered)
            }
        };
        let not_modified = rendered.status == Status::Ok
            && self.if_none_match.as_deref().is_some_and(|tags| {
                tags.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == rendered.etag)
            });
        let cors = self.origin.and_then(|origin| allowed_origin(app, origin));
        Ok(PublicAnswer { rendered, not_modified, cors })
    }
}

/// The `Access-Control-Allow-Origin` value for a page at `origin`, if the configuration allows it.
fn allowed_origin(app: &App, origin: String) -> Option<String> {
    let allowed = &app.config.public_api.cors_origins;
    if allowed.iter().any(|o| o == "*") {
        Some("*".to_owned())
    } else {
        allowed.iter().any(|o| o.trim_end_matches('/') == origin).then_some(origin)
    }
}

/// JSON of a view, for the cache.
fn json<T: Serialize>(view: &T) -> ApiResult<(&'static str, Bytes)> {
    let body = serde_json::to_vec(view).map_err(|e| {
        tracing::error!(error = %e, "a public answer could not be written as JSON");
        ApiError::internal()
    })?;
    Ok((JSON, Bytes::from(body)))
}

/// A public answer: the cached bytes, or 304 when the caller has them.
pub struct PublicAnswer {
    rendered: Arc<Rendered>,
    not_modified: bool,
    cors: Option<String>,
}

impl<'r> Responder<'r, 'static> for PublicAnswer {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        let r = &self.rendered;
        response.raw_header("ETag", r.etag.clone()).raw_header("Cache-Control", CACHE_CONTROL);
        if let Some(origin) = self.cors {
            response
                .raw_header("Access-Control-Allow-Origin", origin)
                .raw_header("Access-Control-Expose-Headers", "ETag")
                .raw_header("Vary", "Origin");
        }
        if self.not_modified {
            response.status(Status::NotModified);
        } else {
            response.status(r.status).raw_header("Content-Type", r.content_type);
            body::in_one_chunk(&mut response, r.body.clone());
        }
        response.ok()
    }
}

/// The browser's question before a page reads the public API with `If-None-Match`, or sends
/// an appeal as JSON: which methods and headers a configured origin may use.
#[options("/public/<_path..>")]
pub fn preflight(app: &State<App>, request: PublicRequest, _path: Segments<'_, UriPath>) -> Preflight {
    Preflight(request.origin.and_then(|origin| allowed_origin(app, origin)))
}

pub struct Preflight(Option<String>);

impl<'r> Responder<'r, 'static> for Preflight {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response.status(Status::NoContent);
        if let Some(origin) = self.0 {
            response
                .header(Header::new("Access-Control-Allow-Origin", origin))
                .raw_header("Access-Control-Allow-Methods", "GET, HEAD, POST")
                .raw_header("Access-Control-Allow-Headers", "Content-Type, If-None-Match")
                .raw_header("Access-Control-Max-Age", "86400")
                .raw_header("Vary", "Origin");
        }
        response.ok()
    }
}

#[cfg(test)]
mod tests {
    use rocket::local::blocking::Client;

    use super::*;

    #[test]
    fn a_cached_answer_leaves_in_one_chunk() {
        let client = Client::debug_with(vec![]).expect("a bare Rocket");
        let request = client.get("/");
        for size in [15, 11_303, 300_000] {
            let rendered = Arc::new(Rendered::new(0, Status::Ok, JSON, Bytes::from(vec![b' '; size])));
            let answer = PublicAnswer { rendered, not_modified: false, cors: None };
            let response = answer.respond_to(request.inner()).expect("an answer");
            assert_eq!(response.body().preset_size(), Some(size));
            assert!(response.body().max_chunk_size() >= size, "{size} bytes in one chunk");
        }
    }
}
