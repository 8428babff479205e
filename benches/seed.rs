//! The seed the benchmarks share: 100 organizations and N published news items (2–4 KB
//! Cyrillic bodies), made once and kept between runs (`target/bench-data/public-<n>.db`, or
//! `cabinet_bench_<n>` on the Postgres server).
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Instant;

use cabinet_storage::{Backend, Db};

pub const ORGS: usize = 100;

/// A database with the seed, made once and kept: `target/bench-data/public-<n>.db`, or
/// `cabinet_bench_<n>` on the Postgres server.
pub async fn seeded(backend: &str, news: usize) -> String {
    let url = match backend {
        "sqlite" => {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
            std::fs::create_dir_all(&dir).unwrap();
            format!("sqlite://{}", dir.join(format!("public-{news}.db")).display())
        }
        "postgres" => {
            let admin = std::env::var("CABINET_BENCH_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
            let name = format!("cabinet_bench_{news}");
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
            let (base, _) = admin.rsplit_once('/').expect("a database in the URL");
            format!("{base}/{name}")
        }
        other => panic!("unknown backend {other}: sqlite, postgres or both"),
    };
    let db = Db::connect(&url, 2).await.expect("connect");
    db.migrate().await.expect("migrate");
    let have = count(&db).await;
    if have == news as i64 {
        println!("{backend}: {news} published news already seeded ({url})");
    } else {
        let started = Instant::now();
        seed(&db, news).await;
        println!("{backend}: seeded {ORGS} organizations and {news} news in {:.1?}", started.elapsed());
    }
    url
}

pub async fn count(db: &Db) -> i64 {
    let sql = "SELECT COUNT(*) FROM news WHERE state = 'published'";
    match db.backend() {
        Backend::Sqlite(pool) => sqlx::query_as::<_, (i64,)>(sql).fetch_one(pool).await.unwrap().0,
        Backend::Postgres(pool) => sqlx::query_as::<_, (i64,)>(sql).fetch_one(pool).await.unwrap().0,
    }
}

const WORDS: &[&str] = &[
    "профсоюз",
    "организация",
    "работников",
    "здравоохранения",
    "семинар",
    "охрана",
    "труда",
    "председатель",
    "коллективный",
    "договор",
    "заработная",
    "плата",
    "медицинских",
    "сотрудников",
    "региональной",
    "встреча",
    "уполномоченных",
    "областной",
    "больницы",
    "вопросы",
    "социальной",
    "защиты",
    "участники",
    "обсудили",
];

/// A small deterministic generator: the same seed gives the same texts on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn words(&mut self, bytes: usize) -> String {
        let mut out = String::with_capacity(bytes + 32);
        while out.len() < bytes {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(WORDS[(self.next() % WORDS.len() as u64) as usize]);
        }
        out
    }

    /// 2–4 KB of Markdown in 3–7 paragraphs.
    fn body(&mut self) -> String {
        let size = 2048 + (self.next() % 2048) as usize;
        let paragraphs = 3 + (self.next() % 5) as usize;
        (0..paragraphs).map(|_| format!("{}.", self.words(size / paragraphs))).collect::<Vec<_>>().join("\n\n")
    }
}

/// Replaces whatever was there with the seed, in transactions of a few thousand rows.
pub async fn seed(db: &Db, news: usize) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    let units: Vec<String> = (0..ORGS)
        .map(|i| uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 + i as u128).to_string())
        .collect();
    let mut statements = vec![
        "DELETE FROM news_photos".to_owned(),
        "DELETE FROM news_transitions".to_owned(),
        "DELETE FROM news".to_owned(),
        "DELETE FROM profiles WHERE unit_id LIKE '01900000-%'".to_owned(),
        "DELETE FROM units WHERE id LIKE '01900000-%'".to_owned(),
    ];
    for (i, id) in units.iter().enumerate() {
        statements.push(format!(
            "INSERT INTO units (id, kind, slug, full_name, short_name, org_kind, region, created_at, updated_at) \
             VALUES ('{id}', 'organization', 'org-{i:03}', 'Региональная организация Профсоюза № {i}', \
             'Организация {i:03}', 'regional', 'Регион {}', {now}, {now})",
            i % 10
        ));
    }
    run(db, &statements).await;
    let batch = 500;
    let mut done = 0;
    while done < news {
        let n = batch.min(news - done);
        let mut values = Vec::with_capacity(n);
        for k in done..done + n {
            // Oldest first, a minute apart; ids are UUIDv7 of the same instant, as the server makes them.
            let at = now - ((news - k) as i64) * 60_000;
            let ts = uuid::Timestamp::from_unix(uuid::NoContext, (at / 1000) as u64, ((at % 1000) * 1_000_000) as u32);
            let mut bytes = *uuid::Uuid::new_v7(ts).as_bytes();
            bytes[8..16].copy_from_slice(&(k as u64 | 0x8000_0000_0000_0000).to_be_bytes());
            let id = uuid::Uuid::from_bytes(bytes);
            let unit = &units[k % ORGS];
            let headline = format!("Новость {k}: {}", rng.words(60));
            let lead = rng.words(200);
            let body = rng.body();
            values.push(format!(
                "('{id}', '{unit}', 'published', '{headline}', '{lead}', '{body}', 'bench', {at}, {at}, {at}, {at}, 'bench')"
            ));
        }
        let sql = format!(
            "INSERT INTO news (id, unit_id, state, headline, lead, body, author_label, created_at, updated_at, \
             submitted_at, published_at, published_by) VALUES {}",
            values.join(", ")
        );
        run(db, &[sql]).await;
        done += n;
        if done % 100_000 == 0 {
            println!("  … {done} news");
        }
    }
    run(db, &["UPDATE public_version SET version = version + 1".to_owned()]).await;
    if let Backend::Postgres(pool) = db.backend() {
        sqlx::query("ANALYZE").execute(pool).await.unwrap();
    }
    if let Backend::Sqlite(pool) = db.backend() {
        sqlx::query("ANALYZE").execute(pool).await.unwrap();
    }
}

pub async fn run(db: &Db, statements: &[String]) {
    match db.backend() {
        Backend::Sqlite(pool) => {
            let mut tx = pool.begin().await.unwrap();
            for s in statements {
                sqlx::query(sqlx::AssertSqlSafe(s.as_str())).execute(&mut *tx).await.unwrap();
            }
            tx.commit().await.unwrap();
        }
        Backend::Postgres(pool) => {
            let mut tx = pool.begin().await.unwrap();
            for s in statements {
                sqlx::query(sqlx::AssertSqlSafe(s.as_str())).execute(&mut *tx).await.unwrap();
            }
            tx.commit().await.unwrap();
        }
    }
}
