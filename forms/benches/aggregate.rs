//! Time to build the aggregated table of one form over 10 000 organizations from their stored
//! facts, and to export it. Prints its figures; no harness. The database read is measured by
//! storage's benchmark; this is the part after it.
//!
//! Run with `cargo bench -p cabinet-forms --bench aggregate`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cabinet_forms::table::{self, Reporter};
use cabinet_forms::{Form, Limits, export, load};
use serde_json::json;

const ORGANIZATIONS: usize = 10_000;
const ROWS: usize = 3;

fn main() {
    let form = load(include_bytes!("../../plugins/forms/kdk-2.json"), &Limits::default()).expect("kdk-2");
    let stored: Vec<Reporter> = (0..ORGANIZATIONS).map(|i| reporter(&form, i)).collect();
    let facts: usize = stored.iter().map(|r| r.facts.len()).sum();
    let built = best(|| {
        let input = stored.clone();
        let start = Instant::now();
        black_box(table::build(&form, input, None));
        start.elapsed()
    });
    println!("КДК-2 table of {ORGANIZATIONS} organizations, {ROWS} agreements each ({facts} facts): {built:?}");
    let regions = ["Регион 7".to_owned()];
    let filtered = best(|| {
        let input = stored.clone();
        let start = Instant::now();
        black_box(table::build(&form, input, Some(&regions)));
        start.elapsed()
    });
    println!("  the same filtered to one region of 80: {filtered:?}");
    let table = table::build(&form, stored, None);
    let csv = best(|| timed(|| black_box(export::csv(&table).len())));
    let xlsx = best(|| timed(|| black_box(export::xlsx(&table).map(|b| b.len()).unwrap_or(0))));
    println!("export: CSV {csv:?}, XLSX {xlsx:?}");
}

fn reporter(form: &Form, i: usize) -> Reporter {
    let agreement = |row: usize| {
        json!({"employer": format!("Работодатель {row}"), "sector": "health",
        "workers": 100 + row, "members": 50, "valid_from": "2025-01-01", "valid_to": "2027-12-31", "status": "in_force"})
    };
    let data = json!({
        "totals": {"employers": 3, "workers": 1000 + i, "members": 500, "min_wage_rate": 22440, "average_wage": 60000.5},
        "agreements": (0..ROWS).map(agreement).collect::<Vec<_>>()
    });
    Reporter {
        organization: format!("org-{i}"),
        name: format!("Организация {i}"),
        region: format!("Регион {}", i % 80),
        status: "принят".into(),
        version: 1,
        facts: form.facts(&data),
    }
}

fn timed(f: impl FnOnce() -> usize) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn best(mut f: impl FnMut() -> Duration) -> Duration {
    (0..5).map(|_| f()).min().unwrap_or_default()
}
