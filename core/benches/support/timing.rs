//! Timing helpers shared by the benchmarks (included with `#[path]`: benches are separate crates).

use std::time::{Duration, Instant};

/// Runs `f` at least three times and until `budget` has passed; returns the runs and their time.
pub fn repeat(budget: Duration, mut f: impl FnMut()) -> (usize, Duration) {
    f(); // warm-up
    let started = Instant::now();
    let mut runs = 0;
    while runs < 3 || started.elapsed() < budget {
        f();
        runs += 1;
    }
    (runs, started.elapsed())
}

/// Decimal megabytes, for throughput figures.
pub fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}
