//! The cabinet's pages: server-rendered, in Russian, usable without JavaScript.
//!
//! A page handler reads like an API handler — the same guards, the same policy, usually the
//! API handler itself called with the page's form turned into its JSON body — and renders the
//! answer with a handlebars template embedded in the binary (strict mode: a template that names
//! a missing value fails its tests instead of showing an empty place). Every form carries a
//! CSRF token ([`posted`]); every page is laid out by `layout.hbs` with [`visitor::Chrome`].

mod account;
pub mod assets;
mod dashboard;
mod input;
pub mod posted;
pub mod reply;
mod reset;
pub mod visitor;

use handlebars::Handlebars;
use rocket::http::Status;
use serde::Serialize;

use crate::error::ApiError;
pub use reply::{PageError, PageResult, Reply};

pub fn routes() -> Vec<rocket::Route> {
    [reset::routes(), assets::routes(), account::routes(), dashboard::routes()].concat()
}

pub struct Pages {
    registry: Handlebars<'static>,
}

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/pages/", $name, ".hbs")))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = templates![
    "layout",
    "field",
    "form_top",
    "error",
    "message",
    "password_reset",
    "login",
    "forgot",
    "welcome",
    "password",
    "dashboard",
];

impl Pages {
    pub fn new() -> Result<Self, handlebars::TemplateError> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        for (name, text) in TEMPLATES {
            registry.register_template_string(name, text)?;
        }
        Ok(Pages { registry })
    }

    /// The page `name` rendered with `data`, as the answer to a request.
    pub fn render(&self, name: &str, data: &impl Serialize) -> Result<Reply, PageError> {
        self.render_as(Status::Ok, name, data)
    }

    /// The page `name` with another status: a form shown again with its errors is a 422.
    pub fn render_as(&self, status: Status, name: &str, data: &impl Serialize) -> Result<Reply, PageError> {
        Ok(Reply::Html(status, self.render_string(name, data)?))
    }

    pub fn render_string(&self, name: &str, data: &impl Serialize) -> Result<String, ApiError> {
        self.registry.render(name, data).map_err(|e| {
            tracing::error!(error = %e, template = name, "page rendering failed");
            ApiError::internal()
        })
    }
}
