//! Who is looking at a page, and the parts of every page around its content: the header with
//! the visitor's unit, the menu of what their permissions reach, the form token and the
//! message left by the previous action.

use cabinet_core::{Permission, UnitKind};
use cabinet_storage::units;
use rocket::http::CookieJar;
use rocket::request::{FlashMessage, FromRequest, Outcome, Request};
use serde::Serialize;

use super::assets;
use super::posted::anonymous_token;
use super::reply::PageError;
use crate::App;
use crate::auth::{Caller, Identity, SignedIn, Staff};
use crate::error::ApiError;

/// The visitor of a page: signed in or not, with the message the previous action left.
pub struct Visitor {
    pub identity: Option<Identity>,
    notice: Option<(String, String)>,
    path: String,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Visitor {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, ApiError> {
        let identity = match request.guard::<Caller>().await {
            Outcome::Success(Caller(identity)) => identity,
            Outcome::Error(e) => return Outcome::Error(e),
            Outcome::Forward(s) => return Outcome::Forward(s),
        };
        let notice = match request.guard::<Option<FlashMessage<'_>>>().await {
            Outcome::Success(Some(flash)) => Some((flash.kind().to_owned(), flash.message().to_owned())),
            _ => None,
        };
        let path = request.uri().to_string();
        Outcome::Success(Visitor { identity, notice, path })
    }
}

impl Visitor {
    /// A person ready to work; otherwise to the login page or to the steps still owed.
    pub fn staff(&self) -> Result<Staff, PageError> {
        let identity = self.identity.clone().ok_or_else(|| PageError::SignIn(self.path.clone()))?;
        if !identity.pending.is_empty() {
            return Err(PageError::Steps);
        }
        Ok(Staff(identity))
    }

    /// A signed-in person, steps owed or not.
    pub fn signed_in(&self) -> Result<SignedIn, PageError> {
        self.identity.clone().map(SignedIn).ok_or_else(|| PageError::SignIn(self.path.clone()))
    }

    pub fn may(&self, permission: Permission) -> bool {
        self.identity.as_ref().is_some_and(|i| i.actor.permissions.contains(permission))
    }

    /// Whether the visitor works in a regional or interregional organization.
    pub fn in_organization(&self) -> bool {
        self.identity.as_ref().is_some_and(|i| i.actor.unit.kind == UnitKind::Organization)
    }

    /// The parts around a page's content, for this visitor.
    pub async fn chrome(&self, app: &App, title: &str, current: &str) -> Result<Chrome, PageError> {
        let mut chrome = Chrome::bare(app, title);
        chrome.notice = self.notice.as_ref().map(|(kind, text)| Notice { kind: kind.clone(), text: text.clone() });
        let Some(identity) = &self.identity else { return Ok(chrome) };
        chrome.csrf = identity.session.as_ref().map(|s| s.csrf_token.clone()).unwrap_or_default();
        if identity.pending.is_empty() {
            let unit = units::get(&app.db, identity.actor.unit.id).await?;
            chrome.menu = menu(self, current);
            chrome.signed_in = Some(SignedInAs { login: identity.email().to_owned(), unit: unit.short_name });
        } else {
            chrome.signed_in = Some(SignedInAs { login: identity.email().to_owned(), unit: String::new() });
        }
        Ok(chrome)
    }

    /// The parts around an anonymous form, with its token.
    pub fn anonymous_chrome(&self, app: &App, title: &str, cookies: &CookieJar<'_>) -> Chrome {
        let mut chrome = Chrome::bare(app, title);
        chrome.notice = self.notice.as_ref().map(|(kind, text)| Notice { kind: kind.clone(), text: text.clone() });
        chrome.csrf = anonymous_token(cookies, app.config.secure_cookies());
        chrome
    }
}

/// What the layout template shows around every page.
#[derive(Serialize)]
pub struct Chrome {
    pub title: String,
    pub css: &'static str,
    pub js: &'static str,
    pub csrf: String,
    pub signed_in: Option<SignedInAs>,
    pub menu: Vec<MenuItem>,
    pub notice: Option<Notice>,
    /// The help topic of this page (`/help#…`), shown as a link beside its heading.
    pub help: Option<String>,
    pub admin_contact: String,
    /// Planned maintenance announced by the administrator (§2.7).
    pub maintenance: Option<String>,
}

#[derive(Serialize)]
pub struct SignedInAs {
    pub login: String,
    pub unit: String,
}

#[derive(Serialize)]
pub struct MenuItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

#[derive(Serialize)]
pub struct Notice {
    pub kind: String,
    pub text: String,
}

impl Chrome {
    /// For a page shown to anybody: no menu, no token.
    pub fn bare(app: &App, title: &str) -> Chrome {
        Chrome {
            title: title.to_owned(),
            css: assets::CSS.path(),
            js: assets::JS.path(),
            csrf: String::new(),
            signed_in: None,
            menu: Vec::new(),
            notice: None,
            help: None,
            admin_contact: app.config.site.admin_contact.clone(),
            maintenance: app.maintenance.text(),
        }
    }

    pub fn with_help(mut self, topic: &str) -> Self {
        self.help = Some(format!("/help#{topic}"));
        self
    }
}

/// The sections of the cabinet, each shown to those whose permissions reach it.
/// The menu: address, name, the permission it needs, and whether it is an organization's own
/// work (its reports, requests, reference info and news), shown only to an organization's staff:
/// the central committee's administrator holds every permission but has none of these to do.
const SECTIONS: &[(&str, &str, Option<Permission>, bool)] = &[
    ("/", "Главная", None, false),
    ("/reports", "Отчёты", Some(Permission::ReportsFill), true),
    ("/forms", "Формы отчётности", Some(Permission::ReportsReview), false),
    ("/access-requests", "Заявки на подключение", Some(Permission::AccessRequest), true),
    ("/admin/access-requests", "Заявки организаций", Some(Permission::UsersManage), false),
    ("/admin/units", "Организации", Some(Permission::UnitsManage), false),
    ("/admin/users", "Пользователи", Some(Permission::UsersManage), false),
    ("/admin/roles", "Роли", Some(Permission::RolesManage), false),
    ("/admin/news-norm", "Норма публикаций", Some(Permission::NewsModerate), false),
    ("/admin/profiles", "Подтверждение сведений", Some(Permission::UnitsManage), false),
    ("/admin/audit", "Журнал аудита", Some(Permission::AuditRead), false),
    ("/admin/tokens", "API-токены", Some(Permission::TokensManage), false),
    ("/admin/operations", "Эксплуатация", Some(Permission::ServiceOperate), false),
    ("/profile", "Справочная информация", Some(Permission::ProfileEdit), true),
    ("/news", "Новости", Some(Permission::NewsWrite), true),
    ("/moderation", "Модерация", Some(Permission::NewsModerate), false),
];

fn menu(visitor: &Visitor, current: &str) -> Vec<MenuItem> {
    SECTIONS
        .iter()
        .filter(|(_, _, needs, own)| needs.is_none_or(|p| visitor.may(p)) && (!own || visitor.in_organization()))
        .map(|(href, label, _, _)| MenuItem { href, label, current: *href == current })
        .collect()
}
