//! A public page served from the instance's cache of rendered public answers (the one the public
//! API uses, [`crate::public_cache`]): rendered once per version of public content, revalidated
//! by its ETag (`If-None-Match` → 304).
//!
//! A page that carries a form carries the visitor's form token too, so it is cached with a
//! marker in the token's place and the token is put in when it is served: the bytes then differ
//! per visitor, and so do the tag and the `Cache-Control` (`private`).

use std::sync::{Arc, LazyLock};

use bytes::Bytes;
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};
use sha2::{Digest, Sha256};

use crate::public_cache::Rendered;
use crate::{App, body};

const HTML: &str = "text/html; charset=utf-8";

/// Stands for the visitor's form token in a cached page: drawn once per process, as the cache
/// itself lives in one process, so no content can carry it.
pub static TOKEN_MARKER: LazyLock<String> = LazyLock::new(|| format!("form-token-{}", crate::auth::secrets::token()));

/// The tags the browser holds for the page.
pub struct IfNoneMatch(Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for IfNoneMatch {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(IfNoneMatch(request.headers().get_one("If-None-Match").map(str::to_owned)))
    }
}

impl IfNoneMatch {
    fn matches(&self, etag: &str) -> bool {
        self.0
            .as_deref()
            .is_some_and(|tags| tags.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == etag))
    }
}

/// The cached page for `key`, or `render`'s HTML, stamped with the version read before it.
pub async fn page<F, Fut, E>(app: &App, key: String, render: F) -> Result<Arc<Rendered>, E>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<String, E>>,
{
    if let Some(hit) = app.public.get(&key) {
        return Ok(hit);
    }
    let version = app.public.version();
    let html = render().await?;
    Ok(app.public.put(key, Rendered::new(version, Status::Ok, HTML, Bytes::from(html))))
}

/// A cached page as sent.
pub struct Served {
    body: Bytes,
    etag: String,
    cache_control: &'static str,
    not_modified: bool,
}

impl Served {
    /// The same bytes for everybody: shared caches may keep it, and must ask again each time.
    pub fn shared(rendered: &Rendered, tags: &IfNoneMatch) -> Self {
        Served {
            body: rendered.body.clone(),
            etag: rendered.etag.clone(),
            cache_control: "public, no-cache",
            not_modified: tags.matches(&rendered.etag),
        }
    }

    /// A page made for this visitor and this moment alone: never kept.
    pub fn fresh(html: String) -> Self {
        Served { body: Bytes::from(html), etag: String::new(), cache_control: "no-store", not_modified: false }
    }

    /// The page with the visitor's form token: for this browser only.
    pub fn with_token(rendered: &Rendered, token: &str, tags: &IfNoneMatch) -> Self {
        let html = String::from_utf8_lossy(&rendered.body).replace(TOKEN_MARKER.as_str(), token);
        let of_token = Sha256::digest(token.as_bytes());
        let etag = format!(
            "\"{}-{}\"",
            rendered.etag.trim_matches('"'),
            of_token[..6].iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        Served { not_modified: tags.matches(&etag), body: Bytes::from(html), etag, cache_control: "private, no-cache" }
    }
}

impl<'r> Responder<'r, 'static> for Served {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response.raw_header("Cache-Control", self.cache_control);
        if !self.etag.is_empty() {
            response.raw_header("ETag", self.etag);
        }
        if self.not_modified {
            response.status(Status::NotModified);
        } else {
            response.status(Status::Ok).raw_header("Content-Type", HTML);
            body::in_one_chunk(&mut response, self.body);
        }
        response.ok()
    }
}
