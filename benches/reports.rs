//! Benchmark: aggregating one report form over 10 000 organizations, from the database to the
//! table, and exporting the table as CSV and XLSX.
//!
//! Seeds 10 000 organizations, each with one submitted КДК-2 report (1–5 collective agreements,
//! ~26 typed facts a report) made through the storage layer exactly as a submission is: the
//! shipped plugin defined with `forms::define_shipped`, every report checked by the engine and
//! written by `reports::move_report` with its facts. The seed is kept between runs
//! (`target/bench-data/reports-<n>.db`, or `cabinet_bench_reports_<n>` on the Postgres server).
//!
//! Then, several times, the whole aggregation a department's table needs: the submitted reports
//! with their organizations and packed facts in one query (`reports::facts`), turned into
//! `table::Reporter`s and built into the table with its totals and indicators. Prints the median
//! and the best of each phase and of the whole (target: the whole ≤ 200 ms), then the CSV and
//! XLSX exports of that table.
//!
//!     cargo bench --bench reports                                 # SQLite
//!     CABINET_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!         cargo bench --bench reports -- --backend both
//!     cargo bench --bench reports -- --orgs 1000 --reps 11 --drop
//!
//! `--drop` deletes the seeded database after the run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cabinet_core::ids::UserId;
use cabinet_core::permission::PermissionSet;
use cabinet_core::policy::{
    Actor, Authorized, FillReports, FormOwner, InUnit, Principal, ReviewReports, UnitRef, authorize,
};
use cabinet_core::reports::{Clock, ReportEvent, ReportRoles, transition};
use cabinet_core::{UnitId, UnitKind};
use cabinet_forms::table::{self, Table};
use cabinet_forms::{Form, Limits, export};
use cabinet_storage::audit::Origin;
use cabinet_storage::reports::{self, Access, Content, Key, NewFact};
use cabinet_storage::{Backend, Db, forms, units};
use serde_json::{Value, json};

const PLUGIN: &str = include_str!("../plugins/forms/kdk-2.json");
const PERIOD: &str = "2025";
const TARGET: Duration = Duration::from_millis(200);
/// Ids of the seeded organizations start with it, so the seed is told from anything else.
const ID_PREFIX: u128 = 0x0193_0000_0000_7000_8000_0000_0000_0000;

struct Options {
    orgs: usize,
    backends: Vec<String>,
    reps: usize,
    drop: bool,
}

fn options() -> Options {
    let mut o = Options { orgs: 10_000, backends: vec!["sqlite".into()], reps: 7, drop: false };
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--orgs" => o.orgs = value.parse().expect("--orgs N"),
            "--reps" => o.reps = value.parse::<usize>().expect("--reps N").max(1),
            "--backend" => {
                o.backends = match value.as_str() {
                    "both" => vec!["sqlite".into(), "postgres".into()],
                    other => vec![other.to_owned()],
                }
            }
            "--drop" => {
                o.drop = true;
                i += 1;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

fn main() {
    let o = options();
    let form = Arc::new(cabinet_forms::load(PLUGIN.as_bytes(), &Limits::default()).expect("КДК-2 loads"));
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    for backend in &o.backends {
        runtime.block_on(async {
            let (db, place) = database(backend, o.orgs).await;
            let bench = Bench::prepare(&db, &form, o.orgs).await;
            measure(&bench, backend, &o).await;
            db.close().await;
            if o.drop {
                place.remove().await;
            }
        });
    }
}

/// Where a backend's seed lives, to remove it with `--drop`.
enum Place {
    File(PathBuf),
    Postgres { admin: String, name: String },
}

impl Place {
    async fn remove(self) {
        match self {
            Place::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    std::fs::remove_file(format!("{}{suffix}", path.display())).ok();
                }
                println!("  removed {}", path.display());
            }
            Place::Postgres { admin, name } => {
                let db = Db::connect(&admin, 1).await.unwrap();
                if let Backend::Postgres(pool) = db.backend() {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.unwrap();
                }
                println!("  dropped database {name}");
            }
        }
    }
}

/// The backend's database, migrated: a file under `target/bench-data`, or a database of its own
/// on the Postgres server of `CABINET_BENCH_POSTGRES_URL`.
async fn database(backend: &str, orgs: usize) -> (Db, Place) {
    let (url, place) = match backend {
        "sqlite" => {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("reports-{orgs}.db"));
            (format!("sqlite://{}", path.display()), Place::File(path))
        }
        "postgres" => {
            let admin = std::env::var("CABINET_BENCH_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
            let name = format!("cabinet_bench_reports_{orgs}");
            let db = Db::connect(&admin, 1).await.expect("CABINET_BENCH_POSTGRES_URL");
            if let Backend::Postgres(pool) = db.backend() {
                let exists: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1")
                    .bind(&name)
                    .fetch_optional(pool)
                    .await
                    .unwrap();
                if exists.is_none() {
                    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(pool).await.unwrap();
                }
            }
            db.close().await;
            let (base, _) = admin.rsplit_once('/').expect("a database in the URL");
            (format!("{base}/{name}"), Place::Postgres { admin, name })
        }
        other => panic!("unknown backend {other}: sqlite, postgres or both"),
    };
    let db = Db::connect(&url, 4).await.expect("connect");
    db.migrate().await.expect("migrate");
    (db, place)
}

/// The seeded database with what the department's aggregation needs.
struct Bench {
    db: Db,
    form: Arc<Form>,
    review: Authorized<ReviewReports>,
    key: Key,
}

impl Bench {
    async fn prepare(db: &Db, form: &Arc<Form>, orgs: usize) -> Self {
        let central = units::ensure_central(db).await.unwrap();
        let actor = Actor {
            principal: Principal::User(UserId::new()),
            label: "benchmark@cabinet".into(),
            unit: UnitRef { id: central.id, kind: UnitKind::Central },
            permissions: PermissionSet::all(),
        };
        let department = department(db, &form.plugin().department).await;
        let review = authorize::<ReviewReports>(Some(&actor), FormOwner { department }).unwrap();
        let key = Key { form_id: form.plugin().id.clone(), period: PERIOD.into() };
        let plugin = form.plugin();
        let definition = forms::Definition {
            id: &plugin.id,
            version: plugin.version,
            title: &plugin.title,
            department_slug: &plugin.department,
            plugin: PLUGIN,
        };
        forms::define_shipped(db, &definition).await.unwrap();
        let bench = Bench { db: db.clone(), form: Arc::clone(form), review, key };
        let have = reports::of_period(db, &bench.review, &bench.key).await.unwrap().len();
        if have == orgs {
            println!("{}: {orgs} organizations with a submitted КДК-2 report already seeded", db.kind());
        } else {
            assert_eq!(have, 0, "a partial seed: remove it (--drop, or delete the database) and run again");
            let started = Instant::now();
            bench.seed(&actor, orgs).await;
            println!("{}: seeded {orgs} organizations and their КДК-2 reports in {:.1?}", db.kind(), started.elapsed());
        }
        bench
    }

    /// Organizations in one statement per thousand; reports one by one through storage, as the
    /// submit route writes them (several writers at once on Postgres).
    async fn seed(&self, actor: &Actor, orgs: usize) {
        let now = cabinet_storage::now_ms();
        let ids: Vec<UnitId> =
            (0..orgs).map(|i| uuid::Uuid::from_u128(ID_PREFIX + i as u128).to_string().parse().unwrap()).collect();
        for (n, chunk) in ids.chunks(1000).enumerate() {
            let values: Vec<String> = chunk
                .iter()
                .enumerate()
                .map(|(k, id)| {
                    let i = n * 1000 + k;
                    format!(
                        "('{id}', 'organization', 'bench-org-{i:05}', 'Региональная организация Профсоюза № {i}', \
                         'Организация {i:05}', 'regional', 'Регион {}', {now}, {now})",
                        i % 85
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO units (id, kind, slug, full_name, short_name, org_kind, region, created_at, updated_at) VALUES {}",
                values.join(", ")
            );
            execute(&self.db, &sql).await;
        }
        let writers = if matches!(self.db.backend(), Backend::Postgres(_)) { 4 } else { 1 };
        let ids = Arc::new(ids);
        let mut tasks = tokio::task::JoinSet::new();
        for w in 0..writers {
            let (db, form, key, actor, ids) =
                (self.db.clone(), Arc::clone(&self.form), self.key.clone(), actor.clone(), Arc::clone(&ids));
            tasks.spawn(async move {
                for i in (w..ids.len()).step_by(writers) {
                    submit(&db, &form, &key, &actor, ids[i], i).await;
                }
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap();
        }
        analyze(&self.db).await;
    }
}

/// The department the form names, created when missing.
async fn department(db: &Db, slug: &str) -> UnitId {
    if let Some(id) = forms::department(db, slug).await.unwrap() {
        return id;
    }
    let id = UnitId::new();
    let now = cabinet_storage::now_ms();
    execute(
        db,
        &format!(
            "INSERT INTO units (id, kind, slug, full_name, short_name, created_at, updated_at) VALUES \
             ('{id}', 'department', '{slug}', 'Социально-экономическое управление', 'СЭУ', {now}, {now})"
        ),
    )
    .await;
    id
}

/// One organization submits its report: checked by the engine, written with its facts.
async fn submit(db: &Db, form: &Form, key: &Key, actor: &Actor, unit: UnitId, i: usize) {
    let checked = form.check(&report(i), None);
    assert!(checked.is_ok(), "the generated report passes: {:?}", checked.errors);
    let facts: Vec<NewFact> =
        form.facts(&checked.data).into_iter().map(cabinet_http::routes::reports::table::stored).collect();
    let fill = authorize::<FillReports>(Some(actor), InUnit(unit)).unwrap();
    let clock = Clock {
        now: 1,
        opens: 0,
        due: i64::MAX,
        locks: i64::MAX,
        extension_until: None,
        opens_label: String::new(),
        locks_label: String::new(),
    };
    let step = transition(None, ReportEvent::Submit, ReportRoles { filler: true, reviewer: false }, &clock).unwrap();
    let content = Content {
        form_version: form.plugin().version,
        data: &checked.data,
        explanations: &BTreeMap::new(),
        facts: Some(&facts),
    };
    reports::move_report(db, &Access::filler(&fill), key, None, &step, &content, &Origin::default()).await.unwrap();
}

/// A КДК-2 report of organization `i`: 1 to 5 agreements, numbers that vary.
fn report(i: usize) -> Value {
    const SECTORS: [&str; 4] = ["health", "education", "public", "services"];
    let rows = 1 + i % 5;
    let agreements: Vec<Value> = (0..rows)
        .map(|r| {
            json!({
                "employer": format!("ГБУЗ «Больница № {}» ({i})", r + 1),
                "sector": SECTORS[(i + r) % SECTORS.len()],
                "workers": 150 + (i * 7 + r * 13) % 400,
                "members": 60 + (i * 3 + r * 5) % 90,
                "valid_from": "2024-01-01",
                "valid_to": "2026-12-31",
                "status": if r % 4 == 3 { "negotiating" } else { "in_force" }
            })
        })
        .collect();
    json!({
        "totals": {
            "employers": rows + i % 3,
            "workers": 3000 + (i * 37) % 5000,
            "members": 1500 + (i * 11) % 1400,
            "min_wage_rate": 19242 + (i % 50) * 100,
            "average_wage": 55000.0 + (i % 700) as f64 * 31.5
        },
        "agreements": agreements
    })
}

/// As the submit route converts an engine fact for storage.
async fn execute(db: &Db, sql: &str) {
    match db.backend() {
        Backend::Sqlite(pool) => drop(sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.unwrap()),
        Backend::Postgres(pool) => drop(sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.unwrap()),
    }
}

async fn analyze(db: &Db) {
    execute(db, "ANALYZE").await;
}

/// The time of each phase of one aggregation.
#[derive(Clone, Copy, Default)]
struct Phases {
    facts: Duration,
    convert: Duration,
    build: Duration,
}

impl Phases {
    fn whole(&self) -> Duration {
        self.facts + self.convert + self.build
    }
}

/// The department's table of the form and period, from the database.
async fn aggregate(b: &Bench) -> (Table, Phases, usize) {
    let mut phases = Phases::default();
    let start = Instant::now();
    let facts = reports::facts(&b.db, &b.review, &b.key).await.unwrap();
    phases.facts = start.elapsed();
    let rows = facts.iter().map(|r| r.facts.len()).sum();
    let start = Instant::now();
    let reporters = cabinet_http::routes::reports::table::reporters(facts);
    phases.convert = start.elapsed();
    let start = Instant::now();
    let table = table::build(&b.form, reporters, None);
    phases.build = start.elapsed();
    (table, phases, rows)
}

async fn measure(b: &Bench, backend: &str, o: &Options) {
    // One run to warm the caches and the pool, not counted.
    let (table, _, rows) = aggregate(b).await;
    let agreements: usize = table.repeated.iter().map(|r| r.rows.len()).sum();
    println!(
        "{backend}: aggregating КДК-2 for {PERIOD}: {} organizations, {agreements} agreement rows, {rows} stored facts; {} runs",
        table.rows.len(),
        o.reps
    );
    let mut runs = Vec::with_capacity(o.reps);
    for _ in 0..o.reps {
        let (table, phases, _) = aggregate(b).await;
        black_box(&table);
        runs.push(phases);
    }
    let line = |what: &str, pick: &dyn Fn(&Phases) -> Duration| {
        let (median, best) = stats(runs.iter().map(pick).collect());
        println!("  {what:<44} median {:>9.1?}   best {:>9.1?}", median, best);
        median
    };
    line("read reports, organizations, facts", &|p| p.facts);
    line("facts → table::Reporter", &|p| p.convert);
    line("table::build (totals, indicators)", &|p| p.build);
    let whole = line("whole aggregation", &Phases::whole);
    let verdict = if whole <= TARGET { "within" } else { "OVER" };
    println!("  {verdict} the {TARGET:?} target (median)");
    for indicator in &table.indicators {
        println!("    {}: {:?}", indicator.title, indicator.value.map(|v| (v * 10.0).round() / 10.0));
    }
    let csv = stats(
        (0..o.reps)
            .map(|_| {
                let start = Instant::now();
                let mut bytes = export::csv(&table).len();
                for at in 0..table.repeated.len() {
                    bytes += export::csv_repeated(&table, at).map_or(0, |c| c.len());
                }
                black_box(bytes);
                start.elapsed()
            })
            .collect(),
    );
    let xlsx_bytes = export::xlsx(&table).unwrap().len();
    let xlsx = stats(
        (0..o.reps.min(5))
            .map(|_| {
                let start = Instant::now();
                black_box(export::xlsx(&table).unwrap().len());
                start.elapsed()
            })
            .collect(),
    );
    println!("  {:<44} median {:>9.1?}   best {:>9.1?}", "CSV export (organizations + agreements)", csv.0, csv.1);
    println!(
        "  {:<44} median {:>9.1?}   best {:>9.1?}",
        format!("XLSX export ({} KB)", xlsx_bytes / 1024),
        xlsx.0,
        xlsx.1
    );
}

/// Median and best.
fn stats(mut runs: Vec<Duration>) -> (Duration, Duration) {
    runs.sort();
    (runs[runs.len() / 2], runs[0])
}
