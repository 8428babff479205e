//! Every mounted route refuses an anonymous caller (401) and a user whose role has no
//! permissions (403), except the explicit public and self-service lists — so a new route
//! cannot forget the policy. Pages answer a person: an anonymous visitor is sent to the login
//! page instead of a 401, and every form a page posts is refused without its CSRF token.

use cabinet_http::routes::{PUBLIC, SELF_SERVICE};
use cabinet_tests::pages::Browser;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::{ContentType, Method, Status};

/// The route's path with its parameters filled: the caller's own unit for `<unit_id>` (another
/// unit's data answers 404, as unknown ids do, whatever the caller's permissions), a fresh id
/// for the rest.
fn concrete(uri: &str, own_unit: &str) -> String {
    let path = uri.split('?').next().unwrap_or(uri);
    path.split('/')
        .map(|seg| match seg {
            "<unit_id>" => own_unit.to_owned(),
            seg if seg.starts_with('<') => uuid::Uuid::now_v7().to_string(),
            seg => seg.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn listed(list: &[(&str, &str)], method: Method, uri: &str) -> bool {
    list.iter().any(|(m, u)| *m == method.as_str() && *u == uri)
}

async fn every_route_refuses_anonymous_and_the_weakest_role(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "weakest").await;
    let (_, weakest) = app.staff(&admin, &org, &[]).await;
    let routes: Vec<(Method, String)> = app.client.rocket().routes().map(|r| (r.method, r.uri.to_string())).collect();
    assert!(routes.len() > 25, "the table must see every route: {routes:?}");
    for (m, u) in PUBLIC.iter().chain(SELF_SERVICE) {
        assert!(routes.iter().any(|(method, uri)| method.as_str() == *m && uri == u), "stale list entry {m} {u}");
    }
    let mut checked = 0;
    for (method, uri) in &routes {
        if is_page(uri) {
            checked += page_refuses(&app, &weakest, *method, uri, &org).await;
            continue;
        }
        if listed(PUBLIC, *method, uri) {
            continue;
        }
        let path = concrete(uri, &org);
        let body = (!matches!(method, Method::Get | Method::Delete)).then_some("{}");
        let anonymous = app.raw(*method, &path, body, Some(ContentType::JSON), None, &[]).await;
        assert_eq!(anonymous.status, Status::Unauthorized, "{method} {uri} anonymously: {}", anonymous.text);
        assert!(!anonymous.code().is_empty(), "{method} {uri}: error envelope");
        if listed(SELF_SERVICE, *method, uri) {
            continue;
        }
        let weak = app.raw(*method, &path, body, Some(ContentType::JSON), Some(&weakest), &[]).await;
        assert_eq!(weak.status, Status::Forbidden, "{method} {uri} with no permissions: {}", weak.text);
        checked += 1;
    }
    assert!(checked > 20, "only {checked} guarded routes checked");
}

/// A page of the cabinet rather than the API, a file or a health check.
fn is_page(uri: &str) -> bool {
    !(uri.starts_with("/api/") || uri.starts_with("/media/") || uri == "/health" || uri == "/ready")
}

/// A page refuses like a route, in a person's terms: an anonymous visitor goes to the login
/// page; a form is refused without its CSRF token, even from a signed-in session; with the
/// token, a visitor without the permission sees 403. Counts the checks made with the weakest role.
async fn page_refuses(app: &TestApp, weakest: &cabinet_tests::Session, method: Method, uri: &str, org: &str) -> usize {
    let path = concrete(uri, org);
    let public = listed(PUBLIC, method, uri);
    let mut anonymous = Browser::default();
    let mut weak = Browser::signed_in(weakest);
    if method == Method::Get {
        if public {
            return 0;
        }
        let resp = app.page(&mut anonymous, &path).await;
        assert_eq!(resp.status, Status::SeeOther, "{method} {uri} anonymously: {}", resp.text);
        assert!(
            resp.header("Location").is_some_and(|l| l.starts_with("/login")),
            "{uri}: {:?}",
            resp.header("Location")
        );
        if listed(SELF_SERVICE, method, uri) {
            return 0;
        }
        let resp = app.page(&mut weak, &path).await;
        assert_eq!(resp.status, Status::Forbidden, "{method} {uri} with no permissions: {}", resp.text);
        return 1;
    }
    let resp = app.post_form(&mut anonymous, &path, &[("anything", "1")]).await;
    assert_eq!(resp.status, Status::Forbidden, "{method} {uri} without a token, anonymously: {}", resp.text);
    let resp = app.post_form(&mut weak, &path, &[("anything", "1")]).await;
    assert_eq!(resp.status, Status::Forbidden, "{method} {uri} without a token, signed in: {}", resp.text);
    assert!(resp.text.contains("Форма устарела"), "{uri}: the refusal says why: {}", resp.text);
    if public || listed(SELF_SERVICE, method, uri) {
        return 0;
    }
    let csrf = weakest.csrf.clone().unwrap_or_default();
    let resp = app.post_form(&mut weak, &path, &[("_csrf", &csrf)]).await;
    assert_eq!(resp.status, Status::Forbidden, "{method} {uri} with no permissions: {}", resp.text);
    1
}

on_both_backends!(every_route_refuses_anonymous_and_the_weakest_role);
