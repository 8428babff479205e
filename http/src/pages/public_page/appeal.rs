//! The appeal form of the organization's page (§4.2): a person writes to the organization with
//! their consent to the processing of personal data; the public appeals API takes it.

use cabinet_core::appeals::CONSENT_TEXT;
use cabinet_core::policy::{Public, ReadPublic, authorize};
use cabinet_storage::public::OrgKey;
use rocket::State;
use rocket::http::CookieJar;
use rocket::post;
use serde_json::json;

use super::super::input::{Input, Inputs};
use super::super::posted::Posted;
use super::super::reply::{PageResult, Reply};
use super::super::visitor::Visitor;
use super::{refused, slug};
use crate::App;
use crate::auth::ClientOrigin;
use crate::error::ApiError;
use crate::json::Body;
use crate::routes::appeals::public as appeals;
use crate::routes::public::organizations::find;

/// The form's inputs with the values sent, and `error` at its fields.
pub fn form(sent: Option<&Posted>, error: Option<&ApiError>) -> Inputs {
    let value = |name: &str| sent.map(|f| f.get(name).to_owned()).unwrap_or_default();
    let mut consent = Input::new("checkbox", "consent", CONSENT_TEXT).required();
    consent.checked = sent.is_some_and(|f| f.has("consent"));
    let inputs = vec![
        Input::new("text", "name", "Фамилия, имя, отчество").value(value("name")).required().autocomplete("name"),
        Input::new("email", "email", "Адрес электронной почты")
            .value(value("email"))
            .required()
            .autocomplete("email")
            .help("На него придёт ответ организации."),
        Input::new("tel", "phone", "Телефон").value(value("phone")).autocomplete("tel").help("Необязательно."),
        Input::new("textarea", "text", "Текст обращения").value(value("text")).required(),
        consent,
    ];
    match error {
        Some(e) => Inputs::with_error(inputs, e),
        None => Inputs::new(inputs),
    }
}

#[post("/o/<slug>/appeal", data = "<form>")]
pub async fn send(
    app: &State<App>,
    visitor: Visitor,
    origin: ClientOrigin,
    cookies: &CookieJar<'_>,
    slug: &str,
    form: Posted,
) -> PageResult {
    let slug = self::slug(slug)?;
    let auth = authorize::<ReadPublic>(None, Public)?;
    let org = find(app, &auth, &OrgKey::Slug(slug.clone())).await?;
    let body = Body::of(&json!({
        "name": form.get("name"),
        "email": form.get("email"),
        "phone": form.get("phone"),
        "text": form.get("text"),
        "consent": form.has("consent"),
        "consent_version": form.get("consent_version"),
        "website": form.get("website"),
    }));
    match appeals::send(app, origin, &org.id.to_string(), body).await {
        Ok((_, accepted)) => Ok(Reply::done(format!("/o/{slug}"), accepted.into_inner().message)),
        Err(e) if matches!(e.status.code, 400 | 422 | 429) => {
            refused(app, &visitor, cookies, &slug, self::form(Some(&form), Some(&e)), e.status).await
        }
        Err(e) => Err(e.into()),
    }
}
