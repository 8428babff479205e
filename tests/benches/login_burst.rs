//! Benchmark: a burst of logins (argon2id, 19 MiB, t=2) must not stall other requests, because
//! hashing runs off the async workers behind a semaphore. Prints the latency of `/health` while
//! idle and during a burst of concurrent logins, and the login throughput.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use cabinet_tests::{Backend, TestApp};

const LOGINS: usize = 64;
const PROBES: usize = 200;

async fn probe(app: &TestApp) -> Vec<Duration> {
    let mut times = Vec::with_capacity(PROBES);
    for _ in 0..PROBES {
        let started = Instant::now();
        let resp = app.get("/health", None).await;
        assert_eq!(resp.status.code, 200);
        times.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    times.sort();
    times
}

fn report(label: &str, times: &[Duration]) {
    let pick = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize];
    println!("{label:<28} p50 {:>8.2?}  p99 {:>8.2?}  max {:>8.2?}", pick(0.5), pick(0.99), pick(1.0));
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap();
    runtime.block_on(async {
        let app = Arc::new(TestApp::spawn(Backend::Sqlite).await);
        let admin = app.admin().await;
        let org = app.organization(&admin, "bench").await;
        let (_, session) = app.staff(&admin, &org, &[]).await;
        let email = app.get("/api/v1/auth/me", Some(&session)).await.body["user"]["email"].as_str().unwrap().to_owned();

        report("/health, idle", &probe(&app).await);

        let started = Instant::now();
        let burst: Vec<_> = (0..LOGINS)
            .map(|_| {
                let (app, email) = (app.clone(), email.clone());
                tokio::spawn(async move { app.login(&email, "НовыйПароль2026").await.0.status.code })
            })
            .collect();
        let during = probe(&app).await;
        let mut ok = 0;
        for login in burst {
            ok += usize::from(login.await.unwrap() == 200);
        }
        let elapsed = started.elapsed();
        report(&format!("/health, {LOGINS} logins racing"), &during);
        println!(
            "{LOGINS} logins ({ok} accepted) in {elapsed:.2?}: {:.1} logins/s with hashing_concurrency = 2",
            LOGINS as f64 / elapsed.as_secs_f64()
        );
    });
}
