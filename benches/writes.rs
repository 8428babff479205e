//! Benchmark: what durable commits cost on the embedded default. SQLite runs in WAL mode; with
//! `synchronous = NORMAL` a commit is acknowledged before it reaches the disk (a power cut can
//! lose the last ones), with `FULL` — Cabinet's setting — only once it is there.
//!
//! Each mode gets a fresh database file and the same audited writes the API makes — an
//! organization created with its audit entry in one transaction (`units::create`): first one
//! writer after another, then eight at once. Prints writes per second and the latency
//! percentiles of each.
//!
//!     cargo bench --bench writes
//!     cargo bench --bench writes -- --writes 5000
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cabinet_core::ids::UserId;
use cabinet_core::permission::PermissionSet;
use cabinet_core::policy::{Actor, Global, ManageUnits, Principal, UnitRef, authorize};
use cabinet_core::{Slug, UnitKind};
use cabinet_storage::Db;
use cabinet_storage::audit::Origin;
use cabinet_storage::db::Durability;
use cabinet_storage::units::{self, UnitFields};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let writes: usize = args
        .iter()
        .position(|a| a == "--writes")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    println!("audited writes (an organization and its audit entry), SQLite in WAL mode, {writes} per run");
    for (name, durability) in
        [("synchronous=NORMAL", Durability::Normal), ("synchronous=FULL (Cabinet)", Durability::Full)]
    {
        runtime.block_on(async {
            let dir = std::env::temp_dir().join(format!("cabinet-bench-writes-{}", uuid::Uuid::new_v4().simple()));
            std::fs::create_dir_all(&dir).unwrap();
            let url = format!("sqlite://{}", dir.join("bench.db").display());
            let db = Db::connect_with(&url, 8, durability).await.unwrap();
            db.migrate().await.unwrap();
            let serial = run(&db, writes, 1, "s").await;
            let parallel = run(&db, writes, 8, "p").await;
            println!("{name:>28}: one writer {serial}; eight writers {parallel}");
            db.close().await;
            remove(dir);
        });
    }
}

fn remove(dir: PathBuf) {
    std::fs::remove_dir_all(dir).ok();
}

/// `total` writes from `writers` tasks; a line of throughput and latency.
async fn run(db: &Db, total: usize, writers: usize, tag: &str) -> String {
    let central = units::ensure_central(db).await.unwrap();
    let actor = Arc::new(Actor {
        principal: Principal::User(UserId::new()),
        label: "benchmark@cabinet".into(),
        unit: UnitRef { id: central.id, kind: UnitKind::Central },
        permissions: PermissionSet::all(),
    });
    let started = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let (db, actor, tag) = (db.clone(), actor.clone(), tag.to_owned());
            tokio::spawn(async move {
                let auth = authorize::<ManageUnits>(Some(&actor), Global).unwrap();
                let mut latencies = Vec::new();
                for i in 0..total / writers {
                    let fields = UnitFields {
                        slug: Slug::parse(&format!("{tag}{w}-{i}")).unwrap(),
                        full_name: format!("Организация {w}-{i}"),
                        short_name: format!("{w}-{i}"),
                        org_kind: None,
                        region: Some("Тестовая область".into()),
                    };
                    let t = Instant::now();
                    units::create(&db, &auth, UnitKind::Organization, fields, &Origin::default()).await.unwrap();
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    format!(
        "{:.0} writes/s (p50 {:.2} ms, p99 {:.2} ms)",
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.5).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0
    )
}
