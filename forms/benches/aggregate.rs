//! Time to build the aggregated table of one form over 10 000 organizations from their stored
//! facts, and to export it. Prints its figures; no harness. The database read is measured by
//! storage's benchmark; this is the part after it.
//!
//! Run with `cargo bench -p cabinet-forms --bench aggregate`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cabinet_forms::export;
use cabinet_forms::field::{Fact, FactValue, Field, FieldKind};
use cabinet_forms::plugin::{Aggregate, Plugin};
use cabinet_forms::table::{self, Reporter};

const ORGANIZATIONS: usize = 10_000;
const FIELDS: usize = 20;
const ROWS: u32 = 3;

fn main() {
    let plugin: Plugin = serde_json::from_str(include_str!("../../plugins/forms/kdk-2.json")).expect("kdk-2");
    let mut fields: Vec<Field> = (0..FIELDS).map(|i| field(format!("/main/f{i}"), None)).collect();
    fields.push(field("/agreements/*/workers".into(), Some("/agreements")));
    fields.push(field("/agreements/*/employer".into(), Some("/agreements")));
    let reporters = || (0..ORGANIZATIONS).map(|i| reporter(i, &fields)).collect::<Vec<_>>();

    let built = best(|| {
        let input = reporters();
        let start = Instant::now();
        black_box(table::build(&plugin, &fields, input, None));
        start.elapsed()
    });
    println!("table of {ORGANIZATIONS} organizations × {FIELDS} fields + {ROWS} rows each: {built:?}");
    let regions = ["Регион 7".to_owned()];
    let filtered = best(|| {
        let input = reporters();
        let start = Instant::now();
        black_box(table::build(&plugin, &fields, input, Some(&regions)));
        start.elapsed()
    });
    println!("  the same filtered to one region of 80: {filtered:?}");
    let table = table::build(&plugin, &fields, reporters(), None);
    let csv = best(|| timed(|| black_box(export::csv(&table).len())));
    let xlsx = best(|| timed(|| black_box(export::xlsx(&table).map(|b| b.len()).unwrap_or(0))));
    println!("export: CSV {csv:?}, XLSX {xlsx:?}");
}

fn field(pointer: String, table: Option<&str>) -> Field {
    Field {
        pointer,
        title: "Показатель".into(),
        help: String::new(),
        kind: FieldKind::Number { integer: true, minimum: None, maximum: None },
        required: true,
        table: table.map(str::to_owned),
        computed: false,
        aggregate: Aggregate::Sum,
        section: None,
    }
}

fn reporter(i: usize, fields: &[Field]) -> Reporter {
    let mut facts: Vec<Fact> = fields[..FIELDS]
        .iter()
        .map(|f| Fact { field: f.pointer.clone(), row: None, value: FactValue::Number(i as f64) })
        .collect();
    for row in 0..ROWS {
        facts.push(Fact { field: fields[FIELDS].pointer.clone(), row: Some(row), value: FactValue::Number(7.0) });
        let name = FactValue::Text(format!("Работодатель {row}"));
        facts.push(Fact { field: fields[FIELDS + 1].pointer.clone(), row: Some(row), value: name });
    }
    Reporter {
        organization: format!("org-{i}"),
        name: format!("Организация {i}"),
        region: format!("Регион {}", i % 80),
        status: "принят".into(),
        version: 1,
        facts,
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
