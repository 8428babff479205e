//! The publishing norm for moderators (§2.2 of the presidium's resolution): a month's news of
//! every organization, those behind first, with the same report as a CSV file for Excel.

use cabinet_forms::PeriodId;
use cabinet_forms::period::MONTH_NAMES as MONTHS;
use rocket::http::Status;
use rocket::{State, get, routes};
use serde::Serialize;
use serde_json::json;

use super::{dates_as_text, with_query};
use crate::App;
use crate::error::ApiError;
use crate::pages::input::{Input, Inputs};
use crate::pages::reply::PageResult;
use crate::pages::visitor::Visitor;
use crate::routes::news::norm::{self, NormAnswer, NormReport};

const SECTION: &str = "/admin/news-norm";

pub fn routes() -> Vec<rocket::Route> {
    routes![report]
}

/// `YYYY-MM` as «ноябрь 2026», and the months before and after it.
fn month_words(month: &str) -> Option<(String, String, String)> {
    let PeriodId::Month(year, m) = PeriodId::parse(month).ok()? else { return None };
    let name = MONTHS.get(usize::from(m).checked_sub(1)?)?;
    let (previous, next) = (PeriodId::Month(year, m).previous()?, PeriodId::Month(year, m).next()?);
    Some((format!("{name} {year}"), previous.to_string(), next.to_string()))
}

#[derive(Serialize)]
struct Row {
    short_name: String,
    region: String,
    published: i64,
    behind: bool,
}

fn month_input(value: &str) -> Input {
    Input::new("month", "month", "Месяц").value(value).help("Например, 2026-11 (год и месяц).")
}

#[get("/admin/news-norm?<month>")]
async fn report(app: &State<App>, visitor: Visitor, month: Option<&str>) -> PageResult {
    let staff = visitor.staff()?;
    let report = match norm::report(app, staff, month, None).await {
        Ok(NormAnswer::Json(report)) => report.into_inner(),
        Ok(NormAnswer::Csv(..)) => return Err(ApiError::internal().into()),
        Err(e) if e.status == Status::UnprocessableEntity => {
            let form = dates_as_text(Inputs::with_error(vec![month_input(month.unwrap_or_default())], &e));
            let chrome = visitor.chrome(app, "Норма публикаций", SECTION).await?;
            return app.pages.render_as(
                e.status,
                "admin_norm",
                &json!({ "chrome": chrome, "form": form, "report": null }),
            );
        }
        Err(e) => return Err(e.into()),
    };
    let chrome = visitor.chrome(app, "Норма публикаций", SECTION).await?;
    let form = Inputs::new(vec![month_input(&report.month)]);
    app.pages.render("admin_norm", &json!({ "chrome": chrome, "form": form, "report": view(&report) }))
}

fn view(report: &NormReport) -> serde_json::Value {
    let (words, previous, next) =
        month_words(&report.month).unwrap_or_else(|| (report.month.clone(), String::new(), String::new()));
    let rows: Vec<Row> = report
        .organizations
        .iter()
        .map(|o| Row {
            short_name: o.short_name.clone(),
            region: o.region.clone().unwrap_or_default(),
            published: o.published,
            behind: o.behind,
        })
        .collect();
    json!({
        "month": words, "norm": report.norm, "behind": rows.iter().filter(|r| r.behind).count(), "rows": rows,
        "csv": with_query("/api/v1/news/norm", &[("month", &report.month), ("format", "csv")]),
        "previous": with_query(SECTION, &[("month", &previous)]), "next": with_query(SECTION, &[("month", &next)]),
    })
}

#[cfg(test)]
mod tests {
    use super::month_words;

    #[test]
    fn months_are_named_and_neighbours_cross_years() {
        let words = |m: &str| month_words(m).unwrap();
        assert_eq!(words("2026-11"), ("ноябрь 2026".to_owned(), "2026-10".to_owned(), "2026-12".to_owned()));
        assert_eq!(words("2027-01").1, "2026-12");
        assert_eq!(words("2026-12").2, "2027-01");
        assert_eq!(month_words("2026-13"), None);
    }
}
