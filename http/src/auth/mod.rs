//! Who is calling: the identity guard and the guards built on it.
//!
//! The identity is worked out once per request (cached) from a bearer token or the session
//! cookie. [`Caller`] accepts anybody; [`SignedIn`] needs a session or token but lets a user
//! with pending steps through (to change the starting password and accept the regulation);
//! [`Staff`] needs a user ready to work. None of them decides what the caller may do: that is
//! [`cabinet_core::policy::authorize`], called by every handler with the action it takes.

pub mod passwords;
pub mod secrets;

use cabinet_core::policy::{Actor, Principal};
use cabinet_core::user::{PendingStep, pending_steps};
use cabinet_storage::audit::Origin;
use cabinet_storage::{now_ms, sessions, token_hash, tokens};
use rocket::State;
use rocket::http::{Method, Status};
use rocket::request::{FromRequest, Outcome, Request};
use serde_json::json;

use crate::App;
use crate::error::{ApiError, stash};

pub const SESSION_COOKIE: &str = "cabinet_session";
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// How often a session's or token's last use is written back: not on every request.
const TOUCH_EVERY_MS: i64 = 60_000;

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Identity {
    pub actor: Actor,
    pub session: Option<SessionRef>,
    pub pending: Vec<PendingStep>,
}

#[derive(Debug, Clone)]
pub struct SessionRef {
    pub id: String,
    pub csrf_token: String,
}

impl Identity {
    pub fn email(&self) -> &str {
        &self.actor.label
    }
}

/// Anybody, signed in or not.
pub struct Caller(pub Option<Identity>);

/// A signed-in user or a machine client, possibly with steps still to take.
pub struct SignedIn(pub Identity);

/// A user or machine client ready to work: starting password changed, regulation accepted.
#[derive(Clone)]
pub struct Staff(pub Identity);

impl Staff {
    pub fn actor(&self) -> &Actor {
        &self.0.actor
    }
}

/// Where the request came from, for the audit log and the login history; the address is the
/// one [`crate::proxy::client_ip`] vouches for.
pub struct ClientOrigin(pub Origin);

async fn identify(request: &Request<'_>) -> Result<Option<Identity>, ApiError> {
    let app = request.guard::<&State<App>>().await.succeeded().ok_or_else(ApiError::internal)?;
    if let Some(header) = request.headers().get_one("Authorization") {
        let token = header.strip_prefix("Bearer ").map(str::trim).unwrap_or_default();
        return by_token(app, token).await.map(Some);
    }
    let Some(cookie) = request.cookies().get(SESSION_COOKIE) else { return Ok(None) };
    let idle_ms = app.config.auth.session_idle_minutes * 60_000;
    let session = match sessions::lookup(&app.db, &token_hash(cookie.value()), idle_ms).await? {
        sessions::Lookup::Live(session) => *session,
        sessions::Lookup::Blocked => return Err(account_blocked()),
        sessions::Lookup::Gone => return Ok(None),
    };
    // Pages carry their token in the form body, which only the page's data guard can read:
    // `pages::posted::Posted` checks it there, for every page route that takes a body.
    if !is_safe(request.method()) && request.uri().path().starts_with("/api/") {
        let sent = request.headers().get_one(CSRF_HEADER).unwrap_or_default();
        if !secrets::same(sent, &session.csrf_token) {
            return Err(ApiError::new(
                Status::Forbidden,
                "csrf_failed",
                "Запрос отклонён защитой от подделки: обновите страницу и повторите действие.",
            )
            .with_details(json!({ "header": CSRF_HEADER })));
        }
    }
    if now_ms() - session.last_seen_at > TOUCH_EVERY_MS {
        sessions::touch(&app.db, &session.session_id).await?;
    }
    Ok(Some(Identity::of_session(session, &app.config.regulation.version)))
}

impl Identity {
    /// The identity behind a live session, given the regulation version in force.
    pub fn of_session(session: sessions::SessionContext, regulation_version: &str) -> Self {
        let pending =
            pending_steps(session.must_change_password, session.regulation_version.as_deref(), regulation_version);
        Identity {
            actor: Actor {
                principal: Principal::User(session.user_id),
                label: session.email,
                unit: session.unit,
                permissions: session.permissions,
            },
            session: Some(SessionRef { id: session.session_id, csrf_token: session.csrf_token }),
            pending,
        }
    }
}

/// The answer to a user whose access the administrator cut (§2.7), at login and on any request
/// of a session the block revoked: 403, since signing in again would not help.
pub fn account_blocked() -> ApiError {
    ApiError::new(
        Status::Forbidden,
        "account_blocked",
        "Доступ к личному кабинету заблокирован администратором сайта. Чтобы узнать причину или \
         восстановить доступ, обратитесь к администратору сайта.",
    )
}

async fn by_token(app: &App, token: &str) -> Result<Identity, ApiError> {
    let found = if token.is_empty() { None } else { tokens::lookup(&app.db, &token_hash(token)).await? };
    let Some((token, unit)) = found else {
        return Err(ApiError::new(
            Status::Unauthorized,
            "invalid_token",
            "API-токен недействителен: он отозван, истёк или указан неверно.",
        ));
    };
    if token.last_used_at.is_none_or(|at| now_ms() - at > TOUCH_EVERY_MS) {
        tokens::touch(&app.db, token.id).await?;
    }
    Ok(Identity {
        actor: Actor {
            principal: Principal::Token(token.id),
            label: format!("API-токен «{}»", token.name),
            unit,
            permissions: token.permissions,
        },
        session: None,
        pending: Vec::new(),
    })
}

fn is_safe(method: Method) -> bool {
    matches!(method, Method::Get | Method::Head | Method::Options)
}

async fn cached<'r>(request: &'r Request<'_>) -> &'r Result<Option<Identity>, ApiError> {
    request.local_cache_async(identify(request)).await
}

fn fail<T>(request: &Request<'_>, error: ApiError) -> Outcome<T, ApiError> {
    Outcome::Error((error.status, stash(request, error)))
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Caller {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, ApiError> {
        match cached(request).await {
            Ok(identity) => Outcome::Success(Caller(identity.clone())),
            Err(e) => fail(request, e.clone()),
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for SignedIn {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, ApiError> {
        match cached(request).await {
            Ok(Some(identity)) => Outcome::Success(SignedIn(identity.clone())),
            Ok(None) => fail(request, cabinet_core::policy::Denied::Unauthenticated.into()),
            Err(e) => fail(request, e.clone()),
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Staff {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, ApiError> {
        let identity = match request.guard::<SignedIn>().await {
            Outcome::Success(SignedIn(identity)) => identity,
            Outcome::Error(e) => return Outcome::Error(e),
            Outcome::Forward(s) => return Outcome::Forward(s),
        };
        match identity.pending.first() {
            None => Outcome::Success(Staff(identity)),
            Some(PendingStep::ChangePassword) => fail(
                request,
                ApiError::new(
                    Status::Forbidden,
                    "password_change_required",
                    "Смените стартовый пароль, выданный администратором, чтобы продолжить работу.",
                )
                .with_details(json!({ "pending_steps": identity.pending })),
            ),
            Some(PendingStep::AcceptRegulation) => fail(
                request,
                ApiError::new(
                    Status::Forbidden,
                    "regulation_acceptance_required",
                    "Ознакомьтесь с Положением о Системе личных кабинетов и примите его, чтобы продолжить работу.",
                )
                .with_details(json!({ "pending_steps": identity.pending })),
            ),
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ClientOrigin {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let user_agent = request.headers().get_one("User-Agent").map(|ua| ua.chars().take(400).collect());
        let ip = crate::proxy::client_ip(request).map(|ip| ip.to_string());
        Outcome::Success(ClientOrigin(Origin { ip, user_agent }))
    }
}
