//! What a page's form sends: its fields and files, read whole within a limit, and accepted only
//! with the form's CSRF token.
//!
//! A signed-in visitor's token is the session's own (the same one the API wants in its header);
//! an anonymous form (login, password recovery) is checked against the `cabinet_form` cookie
//! set when the page was shown. Every page route that takes a body takes a [`Posted`], and the
//! route-table test posts to each one without a token: the identity guard leaves the check of
//! page bodies to this guard alone.

use rocket::data::{ByteUnit, Data, FromData, Outcome, ToByteUnit};
use rocket::http::{ContentType, Cookie, CookieJar, SameSite, Status};
use rocket::request::Request;

use crate::App;
use crate::auth::{Caller, secrets};
use crate::error::{ApiError, stash};

/// The hidden field every page form carries.
pub const CSRF_FIELD: &str = "_csrf";
/// The token of anonymous forms, set when such a form is shown.
pub const FORM_COOKIE: &str = "cabinet_form";

/// A page's form without its files: a report form with its tables is the largest.
pub const FORM_LIMIT_KIB: u64 = 1024;

/// A file sent with a multipart form.
pub struct PostedFile {
    pub field: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The fields of a posted form, in the order sent, and its files.
pub struct Posted {
    pub fields: Vec<(String, String)>,
    pub files: Vec<PostedFile>,
}

impl Posted {
    /// The first value of a field; an absent field reads as empty.
    pub fn get(&self, name: &str) -> &str {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or_default()
    }

    /// Whether a field was sent at all (a checked checkbox, a pressed button).
    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(n, _)| n == name)
    }

    /// Every value of a field sent several times (checkboxes of one name).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The file sent under `name`, if one was chosen.
    pub fn file(&self, name: &str) -> Option<&PostedFile> {
        self.files.iter().find(|f| f.field == name && !(f.bytes.is_empty() && f.file_name.is_empty()))
    }
}

/// The token an anonymous form carries: the visitor's `cabinet_form` cookie, set now if absent.
pub fn anonymous_token(cookies: &CookieJar<'_>, secure: bool) -> String {
    if let Some(cookie) = cookies.get(FORM_COOKIE) {
        return cookie.value().to_owned();
    }
    let token = secrets::token();
    cookies.add(
        Cookie::build((FORM_COOKIE, token.clone()))
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(secure)
            .path("/"),
    );
    token
}

fn csrf_failed() -> ApiError {
    ApiError::new(
        Status::Forbidden,
        "csrf_failed",
        "Форма устарела или отправлена с другого сайта. Обновите страницу и повторите действие.",
    )
}

fn too_large(limit: ByteUnit) -> ApiError {
    ApiError::new(
        Status::PayloadTooLarge,
        "payload_too_large",
        format!("Форма слишком большая: не больше {} КиБ вместе с файлами.", limit.as_u64() / 1024),
    )
}

#[rocket::async_trait]
impl<'r> FromData<'r> for Posted {
    type Error = ApiError;

    async fn from_data(request: &'r Request<'_>, data: Data<'r>) -> Outcome<'r, Self> {
        let posted = match read(request, data).await {
            Ok(posted) => checked(request, posted).await,
            Err(e) => Err(e),
        };
        match posted {
            Ok(posted) => Outcome::Success(posted),
            Err(e) => Outcome::Error((e.status, stash(request, e))),
        }
    }
}

async fn read(request: &Request<'_>, data: Data<'_>) -> Result<Posted, ApiError> {
    let form_limit = FORM_LIMIT_KIB.kibibytes();
    match request.content_type() {
        Some(ct) if ct.is_form() => {
            let bytes = data.open(form_limit).into_bytes().await.map_err(|_| unreadable())?;
            if !bytes.is_complete() {
                return Err(too_large(form_limit));
            }
            let fields = form_urlencoded::parse(&bytes).map(|(n, v)| (n.into_owned(), v.into_owned())).collect();
            Ok(Posted { fields, files: Vec::new() })
        }
        Some(ct) if ct.is_form_data() => multipart(request, ct, data, form_limit).await,
        _ => Err(ApiError::new(
            Status::UnsupportedMediaType,
            "unsupported_media_type",
            "Форма отправлена в неизвестном формате. Обновите страницу и отправьте её снова.",
        )),
    }
}

async fn multipart(
    request: &Request<'_>,
    ct: &ContentType,
    data: Data<'_>,
    form_limit: ByteUnit,
) -> Result<Posted, ApiError> {
    let app = request.rocket().state::<App>().ok_or_else(ApiError::internal)?;
    let storage = &app.config.storage;
    let limit = form_limit + storage.max_photo_size.max(storage.max_document_size);
    let boundary = ct.param("boundary").ok_or_else(unreadable)?;
    let mut parts = multer::Multipart::with_reader(data.open(limit), boundary);
    let mut posted = Posted { fields: Vec::new(), files: Vec::new() };
    let mut total = 0u64;
    while let Some(mut part) = parts.next_field().await.map_err(|_| unreadable())? {
        let field = part.name().unwrap_or_default().to_owned();
        let file_name = part.file_name().map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = part.chunk().await.map_err(|_| unreadable())? {
            total += chunk.len() as u64;
            if total >= limit.as_u64() {
                return Err(too_large(limit));
            }
            bytes.extend_from_slice(&chunk);
        }
        match file_name {
            Some(file_name) => posted.files.push(PostedFile { field, file_name, bytes }),
            None => posted.fields.push((field, String::from_utf8(bytes).map_err(|_| unreadable())?)),
        }
    }
    Ok(posted)
}

fn unreadable() -> ApiError {
    ApiError::bad_request("unreadable_body", "Не удалось прочитать отправленную форму: повторите отправку.")
}

/// Accepts the form only with the token of the visitor's session, or of the anonymous form.
async fn checked(request: &Request<'_>, posted: Posted) -> Result<Posted, ApiError> {
    let identity = match request.guard::<Caller>().await {
        rocket::request::Outcome::Success(Caller(identity)) => identity,
        rocket::request::Outcome::Error((_, e)) => return Err(e),
        rocket::request::Outcome::Forward(_) => None,
    };
    let sent = posted.get(CSRF_FIELD);
    let ok = match identity.as_ref().and_then(|i| i.session.as_ref()) {
        Some(session) => secrets::same(sent, &session.csrf_token),
        None => request.cookies().get(FORM_COOKIE).is_some_and(|c| !sent.is_empty() && secrets::same(sent, c.value())),
    };
    if ok { Ok(posted) } else { Err(csrf_failed()) }
}
