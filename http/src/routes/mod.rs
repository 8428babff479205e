//! Every route, grouped by area and mounted in one place.
//!
//! [`PUBLIC`] and [`SELF_SERVICE`] are the only routes that do not ask the policy for a
//! permission; the route-table test calls every other mounted route anonymously and with a
//! role that has no permissions, and expects 401 and 403.

pub mod access_requests;
pub mod appeals;
pub mod audit;
pub mod auth;
pub mod documents;
pub mod galleries;
pub mod health;
pub mod materials;
pub mod media;
pub mod news;
pub mod operations;
pub mod profiles;
pub mod public;
pub mod reports;
pub mod reset;
pub mod roles;
pub mod tokens;
pub mod units;
pub mod users;

use rocket::Route;

use crate::{openapi, pages};

pub fn all() -> Vec<(&'static str, Vec<Route>)> {
    vec![
        ("/", health::routes()),
        ("/", pages::routes()),
        ("/api/v1", openapi::routes()),
        ("/api/v1/auth", auth::routes()),
        ("/api/v1/auth", reset::routes()),
        ("/api/v1", units::routes()),
        ("/api/v1", profiles::routes()),
        ("/api/v1", users::routes()),
        ("/api/v1", roles::routes()),
        ("/api/v1", tokens::routes()),
        ("/api/v1", audit::routes()),
        ("/api/v1", media::routes()),
        ("/", media::files()),
        ("/api/v1", news::routes()),
        ("/api/v1", galleries::routes()),
        ("/api/v1", documents::routes()),
        ("/api/v1", materials::routes()),
        ("/api/v1", appeals::routes()),
        ("/api/v1", access_requests::routes()),
        ("/api/v1", public::routes()),
        ("/api/v1", reports::routes()),
        ("/api/v1", operations::routes()),
    ]
}

/// Routes anyone may call, signed in or not: (method, path as mounted).
pub const PUBLIC: &[(&str, &str)] = &[
    ("GET", "/health"),
    ("GET", "/ready"),
    ("GET", "/password-reset?<token>"),
    ("POST", "/password-reset"),
    // The cabinet's way in and its stylesheet and script.
    ("GET", "/login?<next>"),
    ("POST", "/login"),
    ("GET", "/forgot-password"),
    ("POST", "/forgot-password"),
    ("GET", "/assets/<name>"),
    ("GET", "/help"),
    ("GET", "/api/v1/openapi.json"),
    ("POST", "/api/v1/auth/login"),
    ("GET", "/api/v1/auth/regulation"),
    ("POST", "/api/v1/auth/password-reset"),
    ("POST", "/api/v1/auth/password-reset/confirm"),
    // Published files to anybody; private ones ask the policy inside (401/403).
    ("GET", "/media/<id>"),
    // Appeals from the public to an organization (§4.2): the consent text, and sending one.
    ("GET", "/api/v1/public/appeals/consent"),
    ("POST", "/api/v1/public/units/<unit_id>/appeals"),
    // What sites read (published content only), and the browsers' CORS preflight for it.
    ("GET", "/api/v1/public/organizations?<region>"),
    ("GET", "/api/v1/public/organizations/<key>"),
    ("GET", "/api/v1/public/organizations/<key>/news?<from>&<to>&<cursor>&<limit>"),
    ("GET", "/api/v1/public/organizations/<key>/news.atom"),
    ("GET", "/api/v1/public/news?<q..>"),
    ("GET", "/api/v1/public/news/<id>"),
    ("GET", "/api/v1/public/news.atom"),
    ("GET", "/api/v1/public/galleries?<q..>"),
    ("GET", "/api/v1/public/galleries/<id>"),
    ("OPTIONS", "/api/v1/public/<_path..>"),
    // The format of report form plugins: a department checks its file before uploading (§7.2).
    ("GET", "/api/v1/forms/meta-schema"),
    // An organization's public page and its published news (§4.1–4.3), and its appeal form.
    ("GET", "/o/<slug>"),
    ("GET", "/o/<slug>/news/<id>"),
    ("POST", "/o/<slug>/appeal"),
];

/// Routes any signed-in caller may call on their own account, whatever their permissions.
pub const SELF_SERVICE: &[(&str, &str)] = &[
    // Pages: the dashboard shows each visitor what their permissions reach; the account's own.
    ("GET", "/"),
    ("POST", "/logout"),
    ("GET", "/welcome"),
    ("POST", "/welcome/password"),
    ("POST", "/welcome/regulation"),
    ("GET", "/account/password"),
    ("POST", "/account/password"),
    ("GET", "/api/v1/auth/me"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/auth/password"),
    ("POST", "/api/v1/auth/regulation"),
    // The report forms themselves (not their reports) are no secret to anybody signed in: an
    // organization reads what it must fill, a department what others collect.
    ("GET", "/api/v1/forms"),
    ("GET", "/api/v1/forms/<form_id>?<version>"),
];
