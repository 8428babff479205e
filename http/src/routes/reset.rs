//! Password recovery by e-mail (§3.10): ask for a link, then set a new password with it.
//!
//! The answer to a request is the same whether the address is registered or not, and the
//! letter goes out in the background so the answer's timing tells nothing either.

use cabinet_core::{Email, Password};
use cabinet_storage::audit::Origin;
use cabinet_storage::{now_ms, resets, token_hash, users};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, post, routes};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::App;
use crate::auth::{ClientOrigin, secrets};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::mail::Letter;

pub fn routes() -> Vec<rocket::Route> {
    routes![request, confirm]
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    #[schema(format = Email)]
    pub email: String,
}

#[derive(Serialize, ToSchema)]
pub struct Message {
    pub message: String,
}

pub const REQUESTED: &str = "Если этот адрес зарегистрирован, на него отправлено письмо со ссылкой для восстановления пароля. \
     Ссылка действует один час.";

/// Sends a single-use recovery link to the address, if it belongs to an active user.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth", request_body = ResetRequest,
    responses((status = 202, body = Message), (status = 422)))]
#[post("/password-reset", data = "<body>")]
pub(crate) async fn request(
    app: &State<App>,
    origin: ClientOrigin,
    body: Body<ResetRequest>,
) -> ApiResult<(Status, Json<Message>)> {
    let email = Email::parse(&body.parse()?.email)?;
    start_reset(app, &email, &origin.0).await?;
    Ok((Status::Accepted, Json(Message { message: REQUESTED.to_owned() })))
}

/// Stores a token and mails the link, unless the account is unknown, blocked or has had
/// enough letters this hour. Shared by the API and the page.
pub async fn start_reset(app: &App, email: &Email, origin: &Origin) -> ApiResult<()> {
    let Some(user) = users::credentials(&app.db, email).await? else { return Ok(()) };
    if user.status != cabinet_core::user::UserStatus::Active {
        return Ok(());
    }
    if resets::sent_since(&app.db, user.user_id, now_ms() - 3_600_000).await? >= app.config.auth.max_resets_per_hour {
        tracing::warn!(user = %user.user_id, "password reset letters capped for this hour");
        return Ok(());
    }
    let token = secrets::token();
    let minutes = app.config.auth.reset_token_minutes;
    let link = format!("{}/password-reset?token={token}", app.config.public_url);
    let data = json!({ "email": user.email, "link": link, "minutes": minutes });
    let letter = app.mailer.render(&user.email, Letter::PasswordReset, &data)?;
    let expires_at = now_ms() + minutes * 60_000;
    resets::create(&app.db, user.user_id, &user.email, &token_hash(&token), expires_at, &letter, origin).await?;
    app.jobs.wake();
    Ok(())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetConfirm {
    /// The token from the link in the letter.
    pub token: String,
    /// At least 10 characters, letters and digits, not the login.
    pub new_password: String,
}

pub fn invalid_link() -> ApiError {
    ApiError::bad_request(
        "invalid_reset_token",
        "Ссылка для восстановления пароля недействительна: она уже использована или устарела. Запросите новую.",
    )
}

/// Sets a new password with a recovery token; the token works once, and every session of the
/// user ends.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth", request_body = ResetConfirm,
    responses((status = 200, body = Message), (status = 400, description = "Ссылка недействительна"), (status = 422)))]
#[post("/password-reset/confirm", data = "<body>")]
async fn confirm(app: &State<App>, origin: ClientOrigin, body: Body<ResetConfirm>) -> ApiResult<Json<Message>> {
    let confirm = body.parse()?;
    finish_reset(app, &confirm.token, &confirm.new_password, &origin.0).await?;
    Ok(Json(Message {
        message: "Пароль изменён. Войдите в личный кабинет с новым паролем.".to_owned()
    }))
}

/// Checks the new password against the rules and the login, then spends the token.
pub async fn finish_reset(app: &App, token: &str, new_password: &str, origin: &Origin) -> ApiResult<()> {
    let hash = token_hash(token);
    let Some((_, email)) = resets::peek(&app.db, &hash).await? else { return Err(invalid_link()) };
    let login = Email::parse(&email)?;
    let password = Password::parse(new_password, &login, "new_password")?;
    let password_hash = app.hasher.hash(password.expose()).await?;
    match resets::complete(&app.db, &hash, &password_hash, origin).await? {
        Some(_) => Ok(()),
        None => Err(invalid_link()),
    }
}
