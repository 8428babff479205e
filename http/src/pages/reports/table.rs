//! The department's aggregated table of a form and period — organizations × fields, totals and
//! indicators — with its CSV and XLSX downloads, and the indicators drawn on the server as SVG
//! charts (across organizations for the period, and the union's value across recent periods),
//! each with a table beside it for screen readers.

use cabinet_forms::chart::{self, Bar, BarChart, LineChart, Series, format_number};
use cabinet_forms::table::Table;
use cabinet_forms::{FactValue, Field, workbook};
use rocket::State;
use rocket::{get, routes};
use serde_json::{Value, json};

use crate::App;
use crate::auth::Staff;
use crate::pages::reply::PageResult;
use crate::pages::visitor::Visitor;
use crate::routes::reports::table::build;

pub fn routes() -> Vec<rocket::Route> {
    routes![summary]
}

/// How many periods the charts across periods look back, the current one included.
const PERIODS_BACK: usize = 4;

/// A value as a person reads it: a choice by its label, as in the downloads.
fn cell(column: Option<&Field>, value: Option<&FactValue>) -> String {
    if let (Some(column), Some(value)) = (column, value)
        && let Some(label) = workbook::label(&column.kind, value)
    {
        return label;
    }
    match value {
        None => "—".to_owned(),
        Some(FactValue::Number(n)) => format_number(*n, if n.fract() == 0.0 { 0 } else { 2 }, ""),
        Some(FactValue::Text(t)) => t.clone(),
        Some(FactValue::Bool(true)) => "да".to_owned(),
        Some(FactValue::Bool(false)) => "нет".to_owned(),
    }
}

/// The table as the template shows it: every value already written for a person.
fn shown(table: &Table) -> Value {
    let columns: Vec<&str> = table.columns.iter().map(|c| c.title.as_str()).collect();
    let rows: Vec<Value> = table
        .rows
        .iter()
        .map(|r| {
            json!({
                "name": r.name, "region": r.region, "status": r.status,
                "values": r.values.iter().zip(&table.columns).map(|(v, c)| cell(Some(c), v.as_ref())).collect::<Vec<_>>(),
            })
        })
        .collect();
    let totals: Vec<String> = table.totals.iter().map(|t| cell(None, t.map(FactValue::Number).as_ref())).collect();
    json!({ "columns": columns, "rows": rows, "totals": totals })
}

#[get("/forms/<form_id>/<period>/table?<region>")]
async fn summary(app: &State<App>, visitor: Visitor, form_id: &str, period: &str, region: Option<&str>) -> PageResult {
    let staff = visitor.staff()?;
    let (key, table) = build(app, &staff, form_id, period, region).await?;
    let (_, form) = crate::routes::reports::form(app, form_id, None).await?;
    let charts = charts(app, &staff, form_id, &key.period, region, &table).await?;
    let title = format!("Сводная таблица: {}, {}", form.plugin().title, crate::pages::when::period(&key.period));
    let chrome = visitor.chrome(app, &title, "/forms").await?.with_help("table");
    let api = format!("/api/v1/forms/{form_id}/periods/{}", key.period);
    let query = region.filter(|r| !r.is_empty()).map(|r| format!("?region={}", urlencode(r))).unwrap_or_default();
    let mut regions: Vec<&str> = table.rows.iter().map(|r| r.region.as_str()).filter(|r| !r.is_empty()).collect();
    regions.sort_unstable();
    regions.dedup();
    app.pages.render(
        "report_table",
        &json!({
            "chrome": chrome,
            "form_title": form.plugin().title,
            "form_id": form_id,
            "period": key.period,
            "table": shown(&table),
            "charts": charts,
            "csv": format!("{api}/export.csv{query}"),
            "xlsx": format!("{api}/export.xlsx{query}"),
            "regions": regions,
            "region": region.unwrap_or_default(),
            "repeated": !table.repeated.is_empty(),
        }),
    )
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// For each indicator: bars across the organizations of this table, with the union's value
/// highlighted, and a line of the union's value across the periods before.
async fn charts(
    app: &App,
    staff: &Staff,
    form_id: &str,
    period: &str,
    region: Option<&str>,
    table: &Table,
) -> Result<Vec<Value>, crate::pages::PageError> {
    if table.indicators.is_empty() {
        return Ok(Vec::new());
    }
    let mut periods = vec![(period.to_owned(), table.indicators.iter().map(|i| i.value).collect::<Vec<_>>())];
    let mut at = cabinet_forms::PeriodId::parse(period).ok();
    while periods.len() < PERIODS_BACK {
        let Some(previous) = at.as_ref().and_then(cabinet_forms::PeriodId::previous) else { break };
        let (_, earlier) = match build(app, staff, form_id, &previous.to_string(), region).await {
            Ok(found) => found,
            // A period before the form's first one: nothing further back.
            Err(e) if e.status.code == 404 => break,
            Err(e) => return Err(e.into()),
        };
        periods.push((previous.to_string(), earlier.indicators.iter().map(|i| i.value).collect()));
        at = Some(previous);
    }
    periods.reverse();
    let mut out = Vec::new();
    for (i, indicator) in table.indicators.iter().enumerate() {
        let mut bars: Vec<Bar> = table
            .rows
            .iter()
            .map(|r| Bar { label: r.name.clone(), value: r.indicators.get(i).copied().flatten(), highlight: false })
            .collect();
        bars.push(Bar {
            label: "Итого по Профсоюзу".to_owned(), value: indicator.value, highlight: true
        });
        let across = BarChart {
            id: format!("ind-{}-orgs", indicator.id),
            title: format!("{} по организациям, {period}", indicator.title),
            unit: String::new(),
            places: indicator.places,
            bars,
        };
        let over_time = LineChart {
            id: format!("ind-{}-periods", indicator.id),
            title: format!("{}: итого по Профсоюзу по периодам", indicator.title),
            unit: String::new(),
            places: indicator.places,
            periods: periods.iter().map(|(p, _)| p.clone()).collect(),
            series: vec![Series {
                name: "Итого по Профсоюзу".to_owned(),
                values: periods.iter().map(|(_, values)| values.get(i).copied().flatten()).collect(),
            }],
        };
        out.push(json!({
            "title": indicator.title,
            "bars": { "svg": chart::bars(&across), "table": chart::bars_table(&across) },
            "lines": { "svg": chart::lines(&over_time), "table": chart::lines_table(&over_time) },
        }));
    }
    Ok(out)
}
