//! Cross-cutting concerns of every request: security headers, a request id, the public cache
//! kept in step after a change, and one log line. Authorization is never done here.
//!
//! They are plain functions called in order from one fairing: Rocket boxes the future of every
//! fairing callback on every request, and on the cached public path that is a measurable share
//! of the work.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::{Data, Request, Response};

use crate::public_cache;

pub struct PerRequest;

#[rocket::async_trait]
impl Fairing for PerRequest {
    fn info(&self) -> Info {
        Info { name: "security headers, request id, public cache, request log", kind: Kind::Request | Kind::Response }
    }

    async fn on_request(&self, request: &mut Request<'_>, _: &mut Data<'_>) {
        request.local_cache(|| Started { at: Instant::now(), id: next_request_id() });
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        security_headers(response);
        public_cache::after_change(request, response.status()).await;
        log(request, response);
    }
}

fn security_headers(response: &mut Response<'_>) {
    response.set_header(Header::new(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'",
    ));
    response.set_header(Header::new("X-Content-Type-Options", "nosniff"));
    response.set_header(Header::new("X-Frame-Options", "DENY"));
    response.set_header(Header::new("Referrer-Policy", "no-referrer"));
    response.set_header(Header::new("Cross-Origin-Opener-Policy", "same-origin"));
    if response.headers().get_one("Cache-Control").is_none() {
        response.set_header(Header::new("Cache-Control", "no-store"));
    }
}

/// A request id unique across instances and restarts without a random draw per request: a
/// random prefix drawn once per process, then a counter (`4f1c2a9b-1a`).
fn next_request_id() -> String {
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let prefix = PREFIX.get_or_init(|| uuid::Uuid::new_v4().as_u128() as u32);
    format!("{prefix:08x}-{:x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

struct Started {
    at: Instant,
    id: String,
}

/// Echoes the request's id as `X-Request-Id` and logs its method, path, status and time.
fn log<'r>(request: &'r Request<'_>, response: &mut Response<'r>) {
    let started = request.local_cache(|| Started { at: Instant::now(), id: String::new() });
    response.set_header(Header::new("X-Request-Id", started.id.as_str()));
    tracing::info!(
        request_id = %started.id,
        method = %request.method(),
        path = %request.uri().path(),
        status = response.status().code,
        micros = started.at.elapsed().as_micros() as u64,
        "request"
    );
}
