//! The publishing norm of §2.2 of the presidium's resolution: how many news items each
//! organization published in a month, for the central committee's moderators, as JSON or as a
//! CSV file that Russian Excel opens as is.

use cabinet_core::Invalid;
use cabinet_core::policy::{Global, ModerateNews, authorize};
use cabinet_core::profile::UNION_OFFSET;
use cabinet_storage::news::{self, MONTHLY_NORM, NormLine};
use rocket::http::{ContentType, Header};
use rocket::serde::json::Json;
use rocket::{Responder, State, get};
use serde::Serialize;
use time::{Month, OffsetDateTime, PrimitiveDateTime, Time};
use utoipa::ToSchema;

use crate::App;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};

/// The month's report.
#[derive(Serialize, ToSchema)]
pub struct NormReport {
    /// `YYYY-MM`, on Moscow time.
    pub month: String,
    /// News items each organization is to publish in a month (§2.2).
    pub norm: i64,
    /// Every organization: those behind the norm first, then by name.
    pub organizations: Vec<NormLineView>,
}

/// One organization's month.
#[derive(Serialize, ToSchema)]
pub struct NormLineView {
    pub id: String,
    pub short_name: String,
    pub region: Option<String>,
    /// Items published within the month (Moscow time) that are still published now; an item
    /// published again counts in the month of its latest publication.
    pub published: i64,
    /// Fewer than `norm` items.
    pub behind: bool,
}

impl From<NormLine> for NormLineView {
    fn from(line: NormLine) -> Self {
        NormLineView {
            id: line.unit_id.to_string(),
            behind: line.behind(),
            short_name: line.short_name,
            region: line.region,
            published: line.published,
        }
    }
}

#[derive(Responder)]
pub enum NormAnswer {
    Json(Json<NormReport>),
    Csv(Vec<u8>, ContentType, Header<'static>),
}

/// News each organization published in the month against the norm of two a month (§2.2 of the
/// presidium's resolution). Counted: items whose publication falls within the month on Moscow
/// time and which are still published now. `format=csv` gives the same as a file for Excel.
#[utoipa::path(get, path = "/api/v1/news/norm", tag = "news",
    params(
        ("month" = Option<String>, Query, pattern = r"^\d{4}-\d{2}$",
            description = "Месяц в формате ГГГГ-ММ; по умолчанию текущий месяц по московскому времени"),
        ("format" = Option<String>, Query, description = "`json` (по умолчанию) или `csv` — файл для Excel: UTF-8 с BOM, разделитель «;»"),
    ),
    responses((status = 200, description = "Выполнение нормы публикаций за месяц",
        content((NormReport = "application/json"), (String = "text/csv")))))]
#[get("/news/norm?<month>&<format>")]
pub async fn report(
    app: &State<App>,
    staff: Staff,
    month: Option<&str>,
    format: Option<&str>,
) -> ApiResult<NormAnswer> {
    let auth = authorize::<ModerateNews>(Some(staff.actor()), Global)?;
    let month = match month.filter(|m| !m.is_empty()) {
        Some(raw) => parse_month(raw).ok_or_else(|| {
            ApiError::from(Invalid::new("month", "invalid_month", "Укажите месяц в формате ГГГГ-ММ, например 2026-11."))
        })?,
        None => {
            let now = OffsetDateTime::now_utc().to_offset(UNION_OFFSET);
            (now.year(), now.month())
        }
    };
    let csv = match format.filter(|f| !f.is_empty()) {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(Invalid::new("format", "invalid_format", "Укажите формат json или csv.").into()),
    };
    let (from, to) = bounds(month)
        .ok_or_else(|| ApiError::from(Invalid::new("month", "invalid_month", "Такой месяц не поддерживается.")))?;
    let lines = news::norm(&app.db, &auth, from, to).await?;
    let label = format!("{:04}-{:02}", month.0, u8::from(month.1));
    if csv {
        let disposition = format!("attachment; filename=\"norm-{label}.csv\"");
        let body = to_csv(&lines);
        return Ok(NormAnswer::Csv(
            body.into_bytes(),
            ContentType::new("text", "csv").with_params(("charset", "utf-8")),
            Header::new("Content-Disposition", disposition),
        ));
    }
    Ok(NormAnswer::Json(Json(NormReport {
        month: label,
        norm: MONTHLY_NORM,
        organizations: lines.into_iter().map(NormLineView::from).collect(),
    })))
}

/// `YYYY-MM`, exactly: four digits of a year from 2000, a dash, a month 01–12.
fn parse_month(raw: &str) -> Option<(i32, Month)> {
    let (year, month) = raw.split_once('-')?;
    if year.len() != 4 || month.len() != 2 || !(year.bytes().chain(month.bytes())).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    (year >= 2000).then_some((year, month))
}

/// The month's first instant and the next month's, on Moscow time, in milliseconds.
fn bounds((year, month): (i32, Month)) -> Option<(i64, i64)> {
    let (next_year, next) = if month == Month::December { (year + 1, Month::January) } else { (year, month.next()) };
    let start = |y: i32, m: Month| -> Option<i64> {
        let date = time::Date::from_calendar_date(y, m, 1).ok()?;
        let at = PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_offset(UNION_OFFSET);
        i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()
    };
    Some((start(year, month)?, start(next_year, next)?))
}

/// The report as CSV for Russian Excel: a BOM so it reads UTF-8, `;` between fields, CRLF lines.
fn to_csv(lines: &[NormLine]) -> String {
    let mut out = String::from("\u{feff}");
    let header = ["Организация", "Регион", "Опубликовано новостей", "Норма", "Отстаёт от нормы", "Идентификатор"];
    push_row(&mut out, header.map(String::from));
    for line in lines {
        push_row(
            &mut out,
            [
                line.short_name.clone(),
                line.region.clone().unwrap_or_default(),
                line.published.to_string(),
                MONTHLY_NORM.to_string(),
                if line.behind() { "да" } else { "нет" }.to_owned(),
                line.unit_id.to_string(),
            ],
        );
    }
    out
}

fn push_row<const N: usize>(out: &mut String, fields: [String; N]) {
    let fields: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&fields.join(";"));
    out.push_str("\r\n");
}

/// One field: quoted when it holds `;`, `"` or a line break, quotes doubled; text that Excel
/// would take for a formula gets a leading apostrophe.
fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) { format!("'{value}") } else { value.to_owned() };
    if value.contains([';', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

#[cfg(test)]
mod tests {
    use time::Month;

    use super::{bounds, field, parse_month};

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(field("Татарская РО"), "Татарская РО");
        assert_eq!(field("РО; Казань"), "\"РО; Казань\"");
        assert_eq!(field("«Медик» \"Север\""), "\"«Медик» \"\"Север\"\"\"");
        assert_eq!(field("строка\nвторая"), "\"строка\nвторая\"");
        assert_eq!(field("строка\r\n"), "\"строка\r\n\"");
        assert_eq!(field("=СУММ(A1)"), "'=СУММ(A1)");
        assert_eq!(field(""), "");
    }

    #[test]
    fn months_are_read_strictly() {
        assert_eq!(parse_month("2026-11"), Some((2026, Month::November)));
        for bad in
            ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", "", "abcd-ef", "+202-11", "1999-12"]
        {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_month_runs_from_moscow_midnight_to_the_next() {
        // 2026-12-01T00:00+03:00 and 2027-01-01T00:00+03:00.
        assert_eq!(bounds((2026, Month::December)), Some((1_796_072_400_000, 1_798_750_800_000)));
    }
}
