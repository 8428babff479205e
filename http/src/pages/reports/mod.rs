//! Report pages (§7): an organization's reports to fill, each rendered from its form's plugin
//! with no template written for it; a department's forms, their completeness, the review of a
//! submission, and the aggregated table with its charts.

mod fill;
mod html;
mod page;
mod review;
mod table;

pub fn routes() -> Vec<rocket::Route> {
    [fill::routes(), review::routes(), table::routes()].concat()
}
