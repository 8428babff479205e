//! The cabinet's stylesheet and script, embedded in the binary and served under a name that
//! carries a hash of their content, so browsers may keep them for a year and a new build is
//! never shown with an old stylesheet.

use std::sync::LazyLock;

use rocket::http::{ContentType, Header};
use rocket::{get, routes};
use sha2::{Digest, Sha256};

pub fn routes() -> Vec<rocket::Route> {
    routes![asset]
}

pub struct Asset {
    body: &'static str,
    path: LazyLock<String>,
    content_type: fn() -> ContentType,
}

impl Asset {
    pub fn path(&'static self) -> &'static str {
        self.path.as_str()
    }
}

fn hashed(stem: &str, extension: &str, body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let short: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("/assets/{stem}-{short}.{extension}")
}

const CSS_BODY: &str = include_str!("../../assets/cabinet.css");
const JS_BODY: &str = include_str!("../../assets/cabinet.js");

pub static CSS: Asset = Asset {
    body: CSS_BODY,
    path: LazyLock::new(|| hashed("cabinet", "css", CSS_BODY)),
    content_type: || ContentType::CSS,
};
pub static JS: Asset = Asset {
    body: JS_BODY,
    path: LazyLock::new(|| hashed("cabinet", "js", JS_BODY)),
    content_type: || ContentType::JavaScript,
};

pub struct Served(&'static Asset);

impl<'r> rocket::response::Responder<'r, 'static> for Served {
    fn respond_to(self, _: &'r rocket::Request<'_>) -> rocket::response::Result<'static> {
        let mut response = rocket::Response::build();
        response
            .header((self.0.content_type)())
            .header(Header::new("Cache-Control", "public, max-age=31536000, immutable"));
        crate::body::in_one_chunk(&mut response, self.0.body).ok()
    }
}

#[get("/assets/<name>")]
fn asset(name: &str) -> Option<Served> {
    [&CSS, &JS].into_iter().find(|a| a.path().strip_prefix("/assets/") == Some(name)).map(Served)
}
