//! Cross-cutting response concerns: security headers, a request id and one log line per request.
//! Authorization is never done here.

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
        request.local_cache(|| Started { at: Instant::now(), id: uuid::Uuid::new_v4().simple().to_string() });
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
