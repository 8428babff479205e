//! Benchmark: the public API that sites hammer, against the framework's ceiling.
//!
//! Seeds 100 organizations and 100 000 published news items (2–4 KB Cyrillic bodies; kept
//! between runs), starts the real `cabinet` binary on it, and loads it with `wrk` at 64
//! connections on loopback: the newest page of 20, one organization's page 50 deep, and one
//! item. Beside each, a bare Rocket handler serves the very same bytes from memory, in the same
//! run, on as many workers: the ceiling, as the issue defines it (Rocket's default responder,
//! which sends a body in chunks of 4 KiB). A second bare handler sends them in one chunk, as our
//! cached answers are sent: the best Rocket does, printed beside it so that the first ratio is
//! not read as more than it is. The three are loaded in turn, `--rounds` times `--seconds` each
//! (3 × 4 s), and the medians are printed. Also prints the cold start to ready and the resident
//! memory idle and after the load.
//!
//!     cargo bench --bench public_api                          # SQLite, 100 000 news
//!     cargo bench --bench public_api -- --news 1000000
//!     CABINET_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1/postgres \
//!         cargo bench --bench public_api -- --backend postgres
//!
//! Needs `wrk` on the PATH (Debian: `apt-get install wrk`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::zombie_processes)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod seed;

use seed::{ORGS, seeded};

const CONNECTIONS: u32 = 64;
const WORKERS: u32 = 4;

struct Options {
    news: usize,
    backends: Vec<String>,
    seconds: u32,
    rounds: u32,
}

fn options() -> Options {
    let mut o = Options { news: 100_000, backends: vec!["sqlite".into()], seconds: 4, rounds: 3 };
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--news" => o.news = value.parse().expect("--news N"),
            "--seconds" => o.seconds = value.parse().expect("--seconds N"),
            "--rounds" => o.rounds = value.parse().expect("--rounds N"),
            "--backend" => {
                o.backends = match value.as_str() {
                    "both" => vec!["sqlite".into(), "postgres".into()],
                    other => vec![other.to_owned()],
                }
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
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("wrk is not installed: apt-get install wrk");
        std::process::exit(2);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    for backend in &o.backends {
        let url = runtime.block_on(seeded(backend, o.news));
        measure(backend, &url, &o);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A plain HTTP/1.1 GET: status and body.
fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response") + 4;
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, raw[split..].to_vec())
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The server binary on `url`, and how long it took to answer `/ready`.
fn start(url: &str, port: u16, dir: &PathBuf) -> (Child, Duration) {
    let log = std::fs::File::create(dir.join("server.log")).unwrap();
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_cabinet"))
        .current_dir(dir)
        .env("CABINET_DATABASE__URL", url)
        .env("CABINET_STORAGE__PATH", dir.join("media"))
        .env("CABINET_MAIL__OUTBOX", dir.join("outbox"))
        .env("CABINET_PORT", port.to_string())
        .env("CABINET_ADDRESS", "127.0.0.1")
        .env("CABINET_WORKERS", WORKERS.to_string())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("the cabinet binary");
    loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() && get(port, "/ready").0 == 200 {
            return (child, started.elapsed());
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not become ready");
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[derive(Clone, Copy)]
struct Load {
    rps: f64,
    /// Latencies in microseconds.
    p50: f64,
    p99: f64,
}

/// A latency as `wrk` prints it (`711.00us`, `1.43ms`, `1.01s`), in microseconds.
fn micros(text: &str) -> f64 {
    let (number, scale) = if let Some(n) = text.strip_suffix("us") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1e3)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1e6)
    } else {
        (text, f64::NAN)
    };
    number.parse::<f64>().map_or(f64::NAN, |n| n * scale)
}

fn latency(us: f64) -> String {
    if us >= 1000.0 { format!("{:.2}ms", us / 1000.0) } else { format!("{us:.0}us") }
}

/// The middle one of an odd number of figures.
fn middle<T: Ord + Copy>(figures: &[T]) -> T {
    let mut sorted = figures.to_vec();
    sorted.sort_unstable();
    sorted[sorted.len() / 2]
}

/// The median of each figure over rounds.
fn median(loads: &[Load]) -> Load {
    let mid = |f: fn(&Load) -> f64| {
        let mut v: Vec<f64> = loads.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Load { rps: mid(|l| l.rps), p50: mid(|l| l.p50), p99: mid(|l| l.p99) }
}

/// `wrk` at 64 connections for `seconds` on `path`.
fn load(port: u16, path: &str, seconds: u32) -> Load {
    let out = Command::new("wrk")
        .args(["-t2", &format!("-c{CONNECTIONS}"), &format!("-d{seconds}s"), "--latency"])
        .arg(format!("http://127.0.0.1:{port}{path}"))
        .output()
        .expect("wrk");
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |prefix: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(prefix))
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or("?")
            .to_owned()
    };
    if text.contains("Non-2xx") {
        panic!("wrk saw errors on {path}:\n{text}");
    }
    Load { rps: field("Requests/sec:").parse().unwrap_or(0.0), p50: micros(&field("50%")), p99: micros(&field("99%")) }
}

/// A bare Rocket server answering every path with `body` from memory: the framework's ceiling.
/// It runs on a runtime of its own with as many workers as the server under test, as Rocket's
/// own `launch` would make it. `one_chunk` sends the body in one chunk instead of Rocket's
/// default 4 KiB ones.
fn bare(body: Vec<u8>, one_chunk: bool) -> (u16, rocket::Shutdown, std::thread::JoinHandle<()>) {
    use rocket::http::ContentType;
    use rocket::response::{Responder, Response};

    struct OneChunk(Vec<u8>);
    impl<'r> Responder<'r, 'static> for OneChunk {
        fn respond_to(self, _: &'r rocket::Request<'_>) -> rocket::response::Result<'static> {
            let size = self.0.len().max(rocket::response::Body::DEFAULT_MAX_CHUNK);
            Response::build()
                .header(ContentType::JSON)
                .sized_body(self.0.len(), std::io::Cursor::new(self.0))
                .max_chunk_size(size)
                .ok()
        }
    }
    #[rocket::get("/<_path..>")]
    fn all(_path: std::path::PathBuf, body: &rocket::State<Vec<u8>>) -> (ContentType, Vec<u8>) {
        (ContentType::JSON, body.inner().clone())
    }
    #[rocket::get("/<_path..>")]
    fn all_in_one_chunk(_path: std::path::PathBuf, body: &rocket::State<Vec<u8>>) -> OneChunk {
        OneChunk(body.inner().clone())
    }
    let port = free_port();
    let config = rocket::Config {
        port,
        address: std::net::Ipv4Addr::LOCALHOST.into(),
        workers: WORKERS as usize,
        log_level: rocket::config::LogLevel::Off,
        ..rocket::Config::release_default()
    };
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(WORKERS as usize).enable_all().build().unwrap();
    let routes = if one_chunk { rocket::routes![all_in_one_chunk] } else { rocket::routes![all] };
    let rocket = runtime.block_on(rocket::custom(config).manage(body).mount("/", routes).ignite()).unwrap();
    let shutdown = rocket.shutdown();
    let server = std::thread::spawn(move || {
        let _ = runtime.block_on(rocket.launch());
    });
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(5));
    }
    (port, shutdown, server)
}

fn measure(backend: &str, url: &str, o: &Options) {
    let dir = std::env::temp_dir().join(format!("cabinet-bench-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    // Three starts: the first, right after seeding, meets the database still busy with the load
    // (a Postgres checkpoint and autovacuum of a million rows); the median is what a restart
    // costs. Each is measured idle a second after it is ready, and the median printed: how much
    // of the binary the kernel maps per page fault varies with how its file sits in the page
    // cache (right after the linker wrote it, up to 6 MiB more). The last start is the one
    // measured under load.
    let (mut starts, mut idles) = (Vec::new(), Vec::new());
    let mut child = loop {
        let (mut child, ready) = start(url, port, &dir);
        starts.push(ready);
        std::thread::sleep(Duration::from_secs(1));
        idles.push(rss_kib(child.id()));
        if starts.len() == 3 {
            break child;
        }
        let _ = child.kill();
        let _ = child.wait();
    };
    let (ready, idle) = (middle(&starts), middle(&idles));
    let idles: Vec<String> = idles.iter().map(|kib| format!("{:.1}", *kib as f64 / 1024.0)).collect();

    // One organization's page 50 deep: follow the cursor from the first page.
    let mut deep = "/api/v1/public/organizations/org-050/news".to_owned();
    for _ in 1..50 {
        let (status, body) = get(port, &deep);
        assert_eq!(status, 200, "{deep}");
        let page: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let cursor = page["next_cursor"].as_str().expect("50 pages of one organization");
        deep = format!("/api/v1/public/organizations/org-050/news?cursor={cursor}");
    }
    let (_, newest) = get(port, "/api/v1/public/news?limit=20");
    let newest: serde_json::Value = serde_json::from_slice(&newest).unwrap();
    let item = format!("/api/v1/public/news/{}", newest["items"][7]["id"].as_str().unwrap());

    println!(
        "\n{backend}, {} published news, {ORGS} organizations, {CONNECTIONS} connections, {WORKERS} workers",
        o.news
    );
    println!(
        "cold start to ready: {ready:.1?} (median of {:.1?}); resident memory idle: {:.1} MiB (median of {} MiB)",
        starts,
        idle as f64 / 1024.0,
        idles.join(", ")
    );
    println!(
        "{:<22} {:>6} {:>11} {:>8} {:>8}  {:>11} {:>8} {:>8} {:>6}  {:>11} {:>8} {:>6}",
        "", "bytes", "cabinet r/s", "p50", "p99", "ceiling r/s", "p50", "p99", "ratio", "1 chunk r/s", "p99", "ratio"
    );
    for (label, path) in [
        ("/health", "/health".to_owned()),
        ("newest page of 20", "/api/v1/public/news?limit=20".to_owned()),
        ("org-050, 50 deep", deep.clone()),
        ("one item", item.clone()),
    ] {
        // The first answer is rendered from the database; every later one comes from the cache.
        let first = Instant::now();
        let (status, body) = get(port, &path);
        let uncached = first.elapsed();
        assert_eq!(status, 200, "{path}");
        // Rounds taken in turn, and the median of each side: a drift of the machine's speed
        // during the run falls on both.
        let (bare_port, shutdown, server) = bare(body.clone(), false);
        let (chunk_port, chunk_shutdown, chunk_server) = bare(body.clone(), true);
        let (mut ours, mut ceiling, mut one_chunk) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..o.rounds.max(1) {
            ours.push(load(port, &path, o.seconds));
            ceiling.push(load(bare_port, &path, o.seconds));
            one_chunk.push(load(chunk_port, &path, o.seconds));
        }
        for (shutdown, server) in [(shutdown, server), (chunk_shutdown, chunk_server)] {
            shutdown.notify();
            server.join().unwrap();
        }
        let (ours, ceiling, one_chunk) = (median(&ours), median(&ceiling), median(&one_chunk));
        println!(
            "{label:<22} {:>6} {:>11.0} {:>8} {:>8}  {:>11.0} {:>8} {:>8} {:>5.2}x  {:>11.0} {:>8} {:>5.2}x  (first, uncached: {uncached:.1?})",
            body.len(),
            ours.rps,
            latency(ours.p50),
            latency(ours.p99),
            ceiling.rps,
            latency(ceiling.p50),
            latency(ceiling.p99),
            ours.rps / ceiling.rps,
            one_chunk.rps,
            latency(one_chunk.p99),
            ours.rps / one_chunk.rps
        );
    }
    let loaded = rss_kib(child.id());
    println!("resident memory after the load: {:.1} MiB", loaded as f64 / 1024.0);
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
