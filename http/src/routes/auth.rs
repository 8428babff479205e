//! Signing in and out, the signed-in user's own account, and the regulation (§2.6, §3.4, §3.12).

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::Principal;
use cabinet_core::{Email, Password};
use cabinet_storage::audit::{self, Entry, Stamp};
use cabinet_storage::logins::{self, Outcome};
use cabinet_storage::sessions::{self, NewSession};
use cabinet_storage::users;
use cabinet_storage::{now_ms, token_hash, units};
use rocket::http::{Cookie, CookieJar, SameSite, Status};
use rocket::serde::json::Json;
use rocket::{State, get, post, routes};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::App;
use crate::auth::{ClientOrigin, Identity, SESSION_COOKIE, SignedIn, account_blocked, secrets};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::views::{UnitView, UserView};

pub fn routes() -> Vec<rocket::Route> {
    routes![login, logout, me, change_password, regulation, accept_regulation]
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The login: the user's e-mail address.
    pub email: String,
    pub password: String,
}

/// The caller as the cabinet sees them.
#[derive(Serialize, ToSchema)]
pub struct MeView {
    /// `None` for a machine client with an API token.
    pub user: Option<UserView>,
    pub unit: UnitView,
    pub permissions: Vec<String>,
    /// What must be done before working: `change_password`, `accept_regulation`.
    pub pending_steps: Vec<String>,
    /// Send it back in the `X-CSRF-Token` header with every state-changing request made with the
    /// session cookie.
    pub csrf_token: Option<String>,
    /// The version of the regulation in force.
    pub regulation_version: String,
}

pub async fn me_view(app: &App, identity: &Identity) -> ApiResult<MeView> {
    let user = match identity.actor.principal {
        Principal::User(id) => Some(users::own(&app.db, id).await?.into()),
        Principal::Token(_) => None,
    };
    Ok(MeView {
        user,
        unit: units::get(&app.db, identity.actor.unit.id).await?.into(),
        permissions: identity.actor.permissions.iter().map(|p| p.code().to_owned()).collect(),
        pending_steps: identity.pending.iter().map(|s| step_code(*s).to_owned()).collect(),
        csrf_token: identity.session.as_ref().map(|s| s.csrf_token.clone()),
        regulation_version: app.config.regulation.version.clone(),
    })
}

fn step_code(step: cabinet_core::user::PendingStep) -> &'static str {
    match step {
        cabinet_core::user::PendingStep::ChangePassword => "change_password",
        cabinet_core::user::PendingStep::AcceptRegulation => "accept_regulation",
    }
}

fn invalid_credentials() -> ApiError {
    ApiError::new(Status::Unauthorized, "invalid_credentials", "Неверный логин или пароль.")
}

/// Refuses to try another password while a login or an address has failed too often lately.
/// The refusal is recorded under the account (outcome `throttled`) but is not itself a failure:
/// see [`logins`].
pub async fn check_throttle(app: &App, email: &str, origin: &ClientOrigin) -> ApiResult<()> {
    let auth = &app.config.auth;
    let window_ms = auth.throttle_window_minutes * 60_000;
    let (by_account, by_ip) =
        logins::recent_failures(&app.db, email, origin.0.ip.as_deref(), now_ms() - window_ms).await?;
    if by_account < auth.max_failures_per_account && by_ip < auth.max_failures_per_ip {
        return Ok(());
    }
    logins::refuse(&app.db, email, Outcome::Throttled, &origin.0).await?;
    let mut error = ApiError::new(
        Status::TooManyRequests,
        "too_many_attempts",
        format!(
            "Слишком много неудачных попыток входа. Повторите через {} мин. или восстановите пароль по электронной почте.",
            auth.throttle_window_minutes
        ),
    );
    error.retry_after = Some(auth.throttle_window_minutes * 60);
    Err(error)
}

/// Signs in with login and password and starts a session (cookie `cabinet_session`).
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = MeView), (status = 401, description = "Неверный логин или пароль"),
              (status = 403, description = "Доступ заблокирован"), (status = 429, description = "Слишком много попыток")))]
#[post("/login", data = "<body>")]
pub(crate) async fn login(
    app: &State<App>,
    origin: ClientOrigin,
    cookies: &CookieJar<'_>,
    body: Body<LoginRequest>,
) -> ApiResult<Json<MeView>> {
    let request = body.parse()?;
    let Ok(email) = Email::parse(&request.email) else { return Err(invalid_credentials()) };
    check_throttle(app, email.as_str(), &origin).await?;
    let credentials = users::credentials(&app.db, &email).await?;
    let matches = app.hasher.verify(&request.password, credentials.as_ref().map(|c| c.password_hash.as_str())).await?;
    let credentials = match (credentials, matches) {
        (Some(c), true) => c,
        (Some(_), false) => {
            logins::refuse(&app.db, email.as_str(), Outcome::BadPassword, &origin.0).await?;
            return Err(invalid_credentials());
        }
        (None, _) => {
            logins::refuse(&app.db, email.as_str(), Outcome::UnknownUser, &origin.0).await?;
            return Err(invalid_credentials());
        }
    };
    if credentials.status != cabinet_core::user::UserStatus::Active {
        logins::refuse(&app.db, email.as_str(), Outcome::Blocked, &origin.0).await?;
        return Err(account_blocked());
    }
    let token = secrets::token();
    let csrf = secrets::token();
    let lifetime_ms = app.config.auth.session_absolute_hours * 3_600_000;
    sessions::create(
        &app.db,
        NewSession {
            user_id: credentials.user_id,
            token_hash: &token_hash(&token),
            csrf_token: &csrf,
            expires_at: now_ms() + lifetime_ms,
            ip: origin.0.ip.as_deref(),
            user_agent: origin.0.user_agent.as_deref(),
        },
    )
    .await?;
    logins::record(&app.db, &credentials.email, Some(credentials.user_id), Outcome::Success, &origin.0).await?;
    let entry =
        Entry::new(Stamp::user(credentials.user_id, &credentials.email), AuditAction::LoginSucceeded, &origin.0)
            .target("user", credentials.user_id);
    audit::append(&app.db, &entry).await?;
    cookies.add(
        Cookie::build((SESSION_COOKIE, token.clone()))
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(app.config.secure_cookies())
            .path("/")
            .max_age(rocket::time::Duration::milliseconds(lifetime_ms)),
    );
    let idle_ms = app.config.auth.session_idle_minutes * 60_000;
    let session =
        sessions::lookup(&app.db, &token_hash(&token), idle_ms).await?.live().ok_or_else(ApiError::internal)?;
    let identity = Identity::of_session(session, &app.config.regulation.version);
    Ok(Json(me_view(app, &identity).await?))
}

/// Ends the current session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204), (status = 401)))]
#[post("/logout")]
pub(crate) async fn logout(
    app: &State<App>,
    caller: SignedIn,
    origin: ClientOrigin,
    cookies: &CookieJar<'_>,
) -> ApiResult<Status> {
    if let Some(session) = &caller.0.session {
        sessions::delete(&app.db, &session.id).await?;
        if let Principal::User(id) = caller.0.actor.principal {
            let entry =
                Entry::new(Stamp::user(id, caller.0.email()), AuditAction::Logout, &origin.0).target("user", id);
            audit::append(&app.db, &entry).await?;
        }
    }
    cookies.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok(Status::NoContent)
}

/// The caller: account, unit, permissions and the steps still owed.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", responses((status = 200, body = MeView), (status = 401)))]
#[get("/me")]
async fn me(app: &State<App>, caller: SignedIn) -> ApiResult<Json<MeView>> {
    Ok(Json(me_view(app, &caller.0).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    /// At least 10 characters, letters and digits, not the login.
    pub new_password: String,
}

fn user_only(identity: &Identity) -> ApiResult<cabinet_core::UserId> {
    identity.actor.user_id().ok_or_else(|| {
        ApiError::new(Status::Forbidden, "users_only", "Это действие доступно только пользователю, а не API-токену.")
    })
}

/// Changes the caller's password; every other session of the user ends.
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", request_body = PasswordChange,
    responses((status = 200, body = MeView), (status = 422, description = "Пароль не отвечает правилам")))]
#[post("/password", data = "<body>")]
pub(crate) async fn change_password(
    app: &State<App>,
    caller: SignedIn,
    origin: ClientOrigin,
    body: Body<PasswordChange>,
) -> ApiResult<Json<MeView>> {
    let identity = caller.0;
    let user_id = user_only(&identity)?;
    let login = Email::parse(identity.email())?;
    check_throttle(app, login.as_str(), &origin).await?;
    let change = body.parse()?;
    let stored = users::password_hash(&app.db, user_id).await?;
    if !app.hasher.verify(&change.current_password, Some(&stored)).await? {
        logins::record(&app.db, login.as_str(), Some(user_id), Outcome::BadPassword, &origin.0).await?;
        return Err(
            cabinet_core::Invalid::new("current_password", "wrong_password", "Текущий пароль указан неверно.").into()
        );
    }
    let new = Password::parse(&change.new_password, &login, "new_password")?;
    if change.new_password == change.current_password {
        return Err(cabinet_core::Invalid::new(
            "new_password",
            "same_password",
            "Новый пароль должен отличаться от текущего.",
        )
        .into());
    }
    let hash = app.hasher.hash(new.expose()).await?;
    let keep = identity.session.as_ref().map(|s| s.id.as_str());
    users::change_password(&app.db, user_id, login.as_str(), &hash, keep, &origin.0).await?;
    let mut identity = identity;
    identity.pending.retain(|s| *s != cabinet_core::user::PendingStep::ChangePassword);
    Ok(Json(me_view(app, &identity).await?))
}

#[derive(Serialize, ToSchema)]
pub struct RegulationView {
    pub version: String,
    pub title: String,
    /// The text of the regulation, as approved.
    pub text: String,
}

pub const REGULATION_TEXT: &str = include_str!("../../assets/regulation.txt");

/// The regulation of the cabinet system in force (§3.12): its version and text.
#[utoipa::path(get, path = "/api/v1/auth/regulation", tag = "auth", responses((status = 200, body = RegulationView)))]
#[get("/regulation")]
fn regulation(app: &State<App>) -> Json<RegulationView> {
    Json(RegulationView {
        version: app.config.regulation.version.clone(),
        title: "Положение о Системе личных кабинетов региональных и межрегиональных организаций Профсоюза \
                работников здравоохранения РФ на официальном сайте Профсоюза"
            .to_owned(),
        text: REGULATION_TEXT.to_owned(),
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegulationAcceptance {
    /// The version being accepted: must be the one in force.
    pub version: String,
}

/// Accepts the regulation in force; the time and version are recorded (§3.12).
#[utoipa::path(post, path = "/api/v1/auth/regulation", tag = "auth", request_body = RegulationAcceptance,
    responses((status = 200, body = MeView), (status = 409, description = "Версия устарела")))]
#[post("/regulation", data = "<body>")]
pub(crate) async fn accept_regulation(
    app: &State<App>,
    caller: SignedIn,
    origin: ClientOrigin,
    body: Body<RegulationAcceptance>,
) -> ApiResult<Json<MeView>> {
    let mut identity = caller.0;
    let user_id = user_only(&identity)?;
    let current = &app.config.regulation.version;
    if body.parse()?.version != *current {
        return Err(ApiError::new(
            Status::Conflict,
            "regulation_version_mismatch",
            format!("Действует другая редакция Положения: {current}. Ознакомьтесь с ней и примите её."),
        )
        .with_details(json!({ "current_version": current })));
    }
    users::accept_regulation(&app.db, user_id, identity.email(), current, &origin.0).await?;
    identity.pending.retain(|s| *s != cabinet_core::user::PendingStep::AcceptRegulation);
    Ok(Json(me_view(app, &identity).await?))
}
