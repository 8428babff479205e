//! What a page handler answers: a rendered page, or a redirect carrying the message shown after
//! an action; and how an error becomes a page for a person.

use rocket::http::{Status, uri::Origin};
use rocket::request::Request;
use rocket::response::{self, Flash, Redirect, Responder};
use serde_json::json;

use crate::App;
use crate::error::ApiError;

/// A page handler's answer.
pub enum Reply {
    Html(Status, String),
    /// See other (303) with an optional message for the next page.
    Redirect(String, Option<Notice>),
}

/// The message after an action: `success` or `error`, in Russian.
pub struct Notice {
    pub kind: &'static str,
    pub text: String,
}

impl Reply {
    pub fn to(location: impl Into<String>) -> Self {
        Reply::Redirect(location.into(), None)
    }

    pub fn done(location: impl Into<String>, text: impl Into<String>) -> Self {
        Reply::Redirect(location.into(), Some(Notice { kind: "success", text: text.into() }))
    }
}

/// Why a page could not be shown.
pub enum PageError {
    /// Not signed in: to the login page, then back to `next`.
    SignIn(String),
    /// Signed in with steps owed (starting password, regulation).
    Steps,
    Api(ApiError),
}

pub type PageResult = Result<Reply, PageError>;

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError::Api(e)
    }
}

impl From<cabinet_core::policy::Denied> for PageError {
    fn from(d: cabinet_core::policy::Denied) -> Self {
        PageError::Api(d.into())
    }
}

impl From<cabinet_storage::StorageError> for PageError {
    fn from(e: cabinet_storage::StorageError) -> Self {
        PageError::Api(e.into())
    }
}

impl<'r> Responder<'r, 'static> for Reply {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        match self {
            Reply::Html(status, html) => {
                let mut response = rocket::response::content::RawHtml(html).respond_to(request)?;
                response.set_status(status);
                Ok(response)
            }
            Reply::Redirect(location, None) => Redirect::to(location).respond_to(request),
            Reply::Redirect(location, Some(notice)) => {
                Flash::new(Redirect::to(location), notice.kind, notice.text).respond_to(request)
            }
        }
    }
}

impl<'r> Responder<'r, 'static> for PageError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        match self {
            PageError::SignIn(next) => Redirect::to(sign_in_path(&next)).respond_to(request),
            PageError::Steps => Redirect::to("/welcome").respond_to(request),
            PageError::Api(e) if e.status == Status::Unauthorized => {
                Redirect::to(sign_in_path(request.uri().path().as_str())).respond_to(request)
            }
            PageError::Api(e) => {
                if e.status.code >= 500 {
                    tracing::error!(code = e.code, "page failed");
                }
                error_page(request, &e).respond_to(request)
            }
        }
    }
}

/// The login page, returning to `next` (a local path only) after signing in.
pub fn sign_in_path(next: &str) -> String {
    if next.is_empty() || next == "/" || !is_local_path(next) {
        return "/login".to_owned();
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("next", next);
    format!("/login?{}", query.finish())
}

/// A path on this site, never another host (`//evil`, `/\evil`) or a scheme.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") && Origin::parse(path).is_ok()
}

/// An error as a page in the site's layout; without the application, a bare page.
pub fn error_page(request: &Request<'_>, e: &ApiError) -> Reply {
    let html = request.rocket().state::<App>().and_then(|app| {
        let title = match e.status.code {
            403 => "Нет доступа",
            404 => "Страница не найдена",
            409 => "Действие не выполнено",
            413 => "Слишком большой файл или форма",
            429 => "Слишком много попыток",
            500..=599 => "Ошибка сервера",
            _ => "Запрос не выполнен",
        };
        let context = json!({
            "chrome": super::visitor::Chrome::bare(app, title),
            "title": title, "text": e.message, "status": e.status.code,
        });
        app.pages.render_string("error", &context).ok()
    });
    Reply::Html(e.status, html.unwrap_or_else(|| crate::catchers::bare_page(e)))
}
