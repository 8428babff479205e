//! Electronic appeals to an organization (§4.2): the public sends one through a site's form, the
//! organization's staff with «Работа с обращениями граждан» read and mark it answered.
//!
//! Appeals are personal data: staff reach them only through the policy (another organization's
//! appeal answers exactly like an unknown id), and every read is audited by storage.

pub mod public;
pub mod staff;
mod view;

pub use view::{AppealSummary, AppealView, ConsentView};

pub fn routes() -> Vec<rocket::Route> {
    rocket::routes![public::consent, public::send, staff::list, staff::get_one, staff::answered]
}
