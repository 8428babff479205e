//! Cross-cutting response concerns: security headers, a request id and one log line per request.
//! Authorization is never done here.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::{Data, Request, Response};

pub struct SecurityHeaders;

#[rocket::async_trait]
impl Fairing for SecurityHeaders {
    fn info(&self) -> Info {
        Info { name: "security headers", kind: Kind::Response }
    }

    async fn on_response<'r>(&self, _: &'r Request<'_>, response: &mut Response<'r>) {
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
}

/// A request id unique across instances and restarts without a random draw per request: a
/// random prefix drawn once per process, then a counter (`4f1c2a9b-1a`).
fn next_request_id() -> String {
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let prefix = PREFIX.get_or_init(|| uuid::Uuid::new_v4().as_u128() as u32);
    format!("{prefix:08x}-{:x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Gives each request an id (echoed as `X-Request-Id`) and logs its method, path, status and time.
pub struct RequestLog;

struct Started {
    at: Instant,
    id: String,
}

#[rocket::async_trait]
impl Fairing for RequestLog {
    fn info(&self) -> Info {
        Info { name: "request log", kind: Kind::Request | Kind::Response }
    }

    async fn on_request(&self, request: &mut Request<'_>, _: &mut Data<'_>) {
        request.local_cache(|| Started { at: Instant::now(), id: next_request_id() });
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        let started = request.local_cache(|| Started { at: Instant::now(), id: String::new() });
        response.set_header(Header::new("X-Request-Id", started.id.clone()));
        tracing::info!(
            request_id = %started.id,
            method = %request.method(),
            path = %request.uri().path(),
            status = response.status().code,
            micros = started.at.elapsed().as_micros() as u64,
            "request"
        );
    }
}
