//! The administrator's pages, driven without JavaScript: organizations and departments, users
//! with their roles and blocking, the roles editor, the norm and profile reports, the audit log
//! and API tokens — and each page closed to those without its permission.

mod oversight;
mod roles;
mod tokens;
mod units;
mod users;

use cabinet_tests::pages::Browser;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

/// The value of the form control whose label or option text is `text`: the nearest
/// `value="…"` before it.
pub fn value_before(html: &str, text: &str) -> String {
    let at = html.find(text).unwrap_or_else(|| panic!("«{text}» is on the page: {html}"));
    let start = html[..at].rfind("value=\"").expect("a value before it") + "value=\"".len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// Where the link with this text leads.
pub fn href_of(html: &str, text: &str) -> String {
    let at = html.find(&format!("\">{text}</a>")).unwrap_or_else(|| panic!("a link «{text}»: {html}"));
    let start = html[..at].rfind("href=\"").expect("its address") + "href=\"".len();
    html[start..at].replace("&#x3D;", "=").replace("&amp;", "&")
}

/// The text of the element with this id.
pub fn text_of(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = html.find(&marker).unwrap_or_else(|| panic!("#{id} on the page: {html}")) + marker.len();
    html[start..].split('<').next().unwrap().to_owned()
}

/// A unique e-mail: the real SMTP server of CI is shared by every test of the run.
pub fn email(who: &str) -> String {
    format!("{who}-{}@example.ru", uuid::Uuid::new_v4().simple())
}

/// Each page and the permission that opens it.
const PAGES: &[(&str, &str)] = &[
    ("/admin/units", "units.manage"),
    ("/admin/units/new?kind=department", "units.manage"),
    ("/admin/users", "users.manage"),
    ("/admin/users/new", "users.manage"),
    ("/admin/roles", "roles.manage"),
    ("/admin/roles/new", "roles.manage"),
    ("/admin/news-norm", "news.moderate"),
    ("/admin/profiles", "units.manage"),
    ("/admin/audit", "audit.read"),
    ("/admin/tokens", "tokens.manage"),
];

async fn each_page_opens_with_its_permission_and_refuses_without_it(app: TestApp) {
    let admin = app.admin().await;
    let central = app.central(&admin).await;
    let everything_else =
        |needed: &str| -> Vec<&str> { PAGES.iter().map(|(_, p)| *p).filter(|p| *p != needed).collect() };
    for (path, permission) in PAGES {
        let (_, with) = app.staff(&admin, &central, &[permission]).await;
        let mut browser = Browser::signed_in(&with);
        let page = app.page(&mut browser, path).await.expect(Status::Ok);
        let section = path.split('?').next().unwrap().trim_end_matches("/new");
        assert!(
            page.text.contains(&format!("<a href=\"{section}\"")),
            "{path}: the menu leads to the section: {}",
            page.text
        );
        let mut others = everything_else(permission);
        others.sort_unstable();
        others.dedup();
        let (_, without) = app.staff(&admin, &central, &others).await;
        let resp = app.page(&mut Browser::signed_in(&without), path).await;
        assert_eq!(resp.status, Status::Forbidden, "{path} without {permission}: {}", resp.text);
        assert!(resp.text.contains("Нет доступа"), "{path}: a page that says so: {}", resp.text);
    }
}

on_both_backends!(each_page_opens_with_its_permission_and_refuses_without_it);
