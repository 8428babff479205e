//! The cabinet's pages: server-rendered, in Russian, usable without JavaScript.
//!
//! A page handler reads like an API handler — the same guards, the same policy, usually the
//! API handler itself called with the page's form turned into its JSON body — and renders the
//! answer with a handlebars template embedded in the binary (strict mode: a template that names
//! a missing value fails its tests instead of showing an empty place). Every form carries a
//! CSRF token ([`posted`]); every page is laid out by `layout.hbs` with [`visitor::Chrome`].
//!
//! # How a page is written (conventions every page follows)
//!
//! - A page handler reads like an API handler and usually **calls the API handler itself**: API
//!   handlers are plain async fns (`routes::news::items::create(app, staff, origin, unit_id,
//!   body)`); make the ones you call `pub(crate)` (and their modules `pub`) if they are not. Build
//!   the JSON body from the page form with `crate::json::Body::of(&json!({...}))` (or
//!   `LargeBody(bytes)`), so the same rules refuse with the same Russian messages. `app.into()`
//!   turns `&App` into `&State<App>`. A `Staff` is `Staff(identity)`; clone with
//!   `staff.clone()`.
//! - Guards: `visitor: Visitor` (never fails for anonymous; `visitor.staff()?` → a `Staff` or a
//!   redirect to /login or /welcome; `visitor.may(Permission::X)`), `ClientOrigin`, and for every
//!   POST the data guard `form: Posted` (`pages/posted.rs`: urlencoded or multipart;
//!   `form.get(name)`, `form.has(name)`, `form.all(name)`, `form.file(name)` → `PostedFile { field,
//!   file_name, bytes }`). `Posted` checks the CSRF token: every `<form method="post">` must
//!   include `{{> form_top}}` (it writes the hidden `_csrf` field and the error summary). Page
//!   routes must NEVER take `Form<T>`/`Json` — only `Posted`.
//! - Answers: `PageResult = Result<Reply, PageError>`. `app.pages.render("template", &json!({
//!   "chrome": chrome, ... }))` or `render_as(status, …)` (a form shown again with errors is 422 or
//!   the API's status). After an action: `Ok(Reply::done("/where", "Сообщение о том, что
//!   сделано."))` (a 303 with a flash message shown on the next page). Errors: `?` on an `ApiError`
//!   gives an error page in the layout (403/404/409…); 401 redirects to login.
//! - Layout: `let chrome = visitor.chrome(app, "Заголовок страницы", "/menu-href").await?;` (for a
//!   help link: `.with_help("topic")`). Templates: `{{#> layout}} … {{/layout}}`, registered in
//!   `TEMPLATES` in `pages/mod.rs` (file `http/templates/pages/<name>.hbs`), routes added to
//!   `pages::routes()`. Menu entries: `SECTIONS` in `pages/visitor.rs` (href, Russian label,
//!   permission) — add an entry only for a page that exists.
//! - Handlebars runs in **strict mode**: every key a template reads must exist (use `null`, `""`,
//!   `[]` explicitly; `Option` serializes as null). Built-in helpers `eq`, `ne`, `and`, `or`,
//!   `not`, `len` exist.
//! - Forms with errors: build `Vec<Input>` (`pages/input.rs`: `Input::new(kind, name,
//!   label).value(..).required().autocomplete(..).help(..)`; add builder methods you need, e.g.
//!   `options`, `checked`, `accept`, `maxlength` — fields exist already) and `Inputs::new(inputs)`
//!   or, after an API refusal, `Inputs::with_error(inputs, &api_error)` (each
//!   `details.fields[].field` lands at the input of that name, the rest above the form). Render
//!   with `{{#each form.inputs}}{{> field}}{{/each}}` (partial `field.hbs`: label, help,
//!   `field-error` element, `aria-describedby`, `aria-invalid`). Every input has a visible
//!   `<label>`. Never echo a password.
//! - HTML rules (axe-core WCAG 2.1 AA and the Nu Html Checker will be run on every page, and
//!   Chromium screenshots at 375 px must not overflow): semantic HTML, one `<h1>`, headings in
//!   order, tables with `<caption>` and `<th scope>`, every table inside `<div class="table-wrap"
//!   role="region" aria-label="{caption}" tabindex="0">` (it scrolls sideways when too wide, and a
//!   scrolling region must be reachable by keyboard), buttons are `<button>`, links are `<a href>`, no `style=` attributes, no
//!   inline `<script>` or event handlers (CSP forbids them; `/assets/cabinet.js` may grow small
//!   progressive enhancements, e.g. `data-confirm` on buttons exists), no placeholder pages and no
//!   links to pages that do not exist. Styles go into `http/assets/cabinet.css` (append a section
//!   for your pages; reuse `.cards`, `.card`, `.notice`, `.actions`, `.table-wrap`,
//!   `.status-good/.status-bad`, `button.secondary/.danger/.link`, `form.inline`). Russian
//!   everywhere a person reads; dates like «30 ноября 2026 г., 14:05 (МСК)».
//! - Route table (`tests/tests/e2e/route_table.rs`): every page route not listed in
//!   `PUBLIC`/`SELF_SERVICE` (`http/src/routes/mod.rs`) must send an anonymous GET to `/login…`
//!   (303), give a signed-in user without permissions 403 on GET, and refuse a POST without token
//!   (403) and a POST with token but without permission (403). Call the policy (through the API
//!   handler or `authorize`) BEFORE doing anything else. List a page in PUBLIC only if truly
//!   public.
//! - Tests: `tests/tests/e2e/pages/<area>.rs` (add `mod <area>;` in
//!   `tests/tests/e2e/pages/mod.rs`), with `cabinet_tests::pages::Browser`
//!   (`Browser::signed_in(&session)`), `app.page(&mut b, path)`, `app.submit(&mut b, from_page,
//!   action, &fields)` (reads the CSRF token from `from_page`), `app.post_form`,
//!   `app.post_multipart(&mut b, action, &fields_incl_csrf, (field, file_name, bytes))`,
//!   `super::follow(&app, &mut b, resp)` (follow a 303), `cabinet_tests::pages::csrf_of(html)`;
//!   `on_both_backends!(…)` once per module; TestApp helpers `admin()`, `organization()`,
//!   `department()`, `central()`, `staff(&admin,&unit,&["news.write",…])`, `register`. Tests are
//!   named for behaviour and must be able to fail. Run also on Postgres:
//!   `CABINET_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres`.
//! - Green before each commit: `cargo fmt --all`, `cargo clippy --workspace --all-targets -- -D
//!   warnings` (no dead code; no `unwrap` outside tests), your tests plus `route_table` on both
//!   backends. Commit in small green steps on your branch with honest messages.

mod access;
mod account;
mod admin;
pub mod assets;
mod dashboard;
mod help;
mod helpers;
mod input;
mod news;
pub mod posted;
mod profile;
mod public_page;
pub mod reply;
mod reports;
mod reset;
pub mod visitor;
pub(crate) mod when;

use handlebars::Handlebars;
use rocket::http::Status;
use serde::Serialize;

use crate::error::ApiError;
pub use reply::{PageError, PageResult, Reply};

pub fn routes() -> Vec<rocket::Route> {
    [
        reset::routes(),
        assets::routes(),
        account::routes(),
        dashboard::routes(),
        reports::routes(),
        help::routes(),
        access::routes(),
        admin::routes(),
        profile::routes(),
        news::routes(),
        public_page::routes(),
    ]
    .concat()
}

pub struct Pages {
    /// Compiled on the first page rendered: a server that only answers the API (or a worker)
    /// never holds them. They are embedded, so a test that compiles them all
    /// (`every_page_template_compiles`) tells whether they compile in any build.
    registry: std::sync::OnceLock<Result<Handlebars<'static>, String>>,
    /// `"{public_url}/media/`: the API writes file addresses in full, for other sites; the
    /// cabinet's own pages link to its files by path (see [`Pages::render_string`]).
    media_in_full: String,
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
    "reports",
    "report_form",
    "forms",
    "completeness",
    "review",
    "report_table",
    "chart_table",
    "help",
    "access_requests",
    "access_queue",
    "access_request",
    "admin_checks",
    "admin_units",
    "admin_unit_form",
    "admin_users",
    "admin_user_new",
    "admin_user",
    "admin_password_issued",
    "admin_roles",
    "admin_role_form",
    "admin_norm",
    "admin_profiles",
    "admin_audit",
    "admin_tokens",
    "admin_token_issued",
    "admin_operations",
    "profile",
    "profile_history",
    "news_list",
    "news_edit",
    "news_article",
    "news_findings",
    "news_history",
    "moderation",
    "moderation_item",
    "public_layout",
    "org_page",
    "org_news",
];

impl Pages {
    /// The templates, for pages of the instance at `public_url`.
    pub fn new(public_url: &str) -> Self {
        Pages {
            registry: std::sync::OnceLock::new(),
            media_in_full: format!("\"{}/media/", public_url.trim_end_matches('/')),
        }
    }

    /// Every page template, compiled.
    fn compile() -> Result<Handlebars<'static>, handlebars::TemplateError> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        helpers::register(&mut registry);
        for (name, text) in TEMPLATES {
            registry.register_template_string(name, text)?;
        }
        Ok(registry)
    }

    /// The page `name` rendered with `data`, as the answer to a request.
    pub fn render(&self, name: &str, data: &impl Serialize) -> Result<Reply, PageError> {
        self.render_as(Status::Ok, name, data)
    }

    /// The page `name` with another status: a form shown again with its errors is a 422.
    pub fn render_as(&self, status: Status, name: &str, data: &impl Serialize) -> Result<Reply, PageError> {
        Ok(Reply::Html(status, self.render_string(name, data)?))
    }

    /// The page `name` rendered with `data`. Files are linked by path (`src="/media/…"`), not at
    /// the configured public address the API views carry: a page then shows its photos at
    /// whatever address the visitor reached the cabinet by (an internal name, a proxy, a test).
    pub fn render_string(&self, name: &str, data: &impl Serialize) -> Result<String, ApiError> {
        let registry =
            self.registry.get_or_init(|| Self::compile().map_err(|e| e.to_string())).as_ref().map_err(|e| {
                tracing::error!(error = %e, "page templates do not compile");
                ApiError::internal()
            })?;
        let html = registry.render(name, data).map_err(|e| {
            tracing::error!(error = %e, template = name, "page rendering failed");
            ApiError::internal()
        })?;
        Ok(if html.contains(&self.media_in_full) { html.replace(&self.media_in_full, "\"/media/") } else { html })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_page_template_compiles() {
        let registry = super::Pages::compile().unwrap();
        for (name, _) in super::TEMPLATES {
            assert!(registry.has_template(name), "{name}");
        }
    }
}
