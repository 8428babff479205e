//! The cabinet's pages driven as a browser without JavaScript does: forms posted with their
//! token, redirects followed with the message they leave. The browser suite (`tests/browser`)
//! walks the same pages in real Chromium.

mod access;
mod account;
mod admin;
mod dashboard;
mod news;
mod profile;
mod public_page;
mod reports;
mod review;

use cabinet_tests::pages::Browser;
use cabinet_tests::{Resp, TestApp};
use rocket::http::Status;

/// Follows a redirect answer, as a browser does, and returns the page it leads to.
pub async fn follow(app: &TestApp, browser: &mut Browser, resp: Resp) -> Resp {
    assert_eq!(resp.status, Status::SeeOther, "a redirect after the action: {}", resp.text);
    let location = resp.header("Location").expect("Location").to_owned();
    app.page(browser, &location).await
}

/// Signs in through the login page.
pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> (Browser, Resp) {
    let mut browser = Browser::default();
    let resp =
        app.submit(&mut browser, "/login", "/login", &[("email", email), ("password", password), ("next", "/")]).await;
    (browser, resp)
}
