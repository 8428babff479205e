//! Server-rendered pages in Russian, usable without JavaScript. Templates are embedded in the
//! binary and rendered by handlebars in strict mode.

mod reset;

use handlebars::Handlebars;
use rocket::response::content::RawHtml;
use serde::Serialize;

use crate::error::ApiError;

pub fn routes() -> Vec<rocket::Route> {
    reset::routes()
}

pub struct Pages {
    registry: Handlebars<'static>,
}

const TEMPLATES: &[(&str, &str)] = &[
    ("layout", include_str!("../../templates/pages/layout.hbs")),
    ("password_reset", include_str!("../../templates/pages/password_reset.hbs")),
    ("message", include_str!("../../templates/pages/message.hbs")),
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

    pub fn render(&self, name: &str, data: &impl Serialize) -> Result<RawHtml<String>, ApiError> {
        self.registry.render(name, data).map(RawHtml).map_err(|e| {
            tracing::error!(error = %e, template = name, "page rendering failed");
            ApiError::internal()
        })
    }
}
