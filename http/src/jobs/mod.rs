//! The job runner: letters from the outbox, recurring work (reminders, purges, backups) and
//! queued jobs, in every server instance (or alone, in `cabinet worker`).
//!
//! Every piece of work is a row first ([`cabinet_storage::jobs`], [`cabinet_storage::outbox`]),
//! so nothing is lost when a process dies: a row it had claimed is taken over by any instance
//! once the lease passes. The runner wakes every `jobs.poll_ms`, and at once when this instance
//! has just queued a letter ([`Jobs::wake`]). On shutdown it finishes the batch in hand and
//! stops.

mod backups;
mod letters;
mod reminders;
mod retention;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use cabinet_storage::{Db, jobs, now_ms};
use tokio::sync::Notify;

use crate::config::Config;
use crate::form_registry::FormRegistry;
use crate::mail::Mailer;

/// This instance's handle on the runner: its name in the job table and the bell that wakes it.
pub struct Jobs {
    /// Who holds a claimed row: unique per process, readable in the table.
    pub instance: String,
    bell: Notify,
}

impl Jobs {
    pub fn new() -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "cabinet".to_owned());
        let instance = format!("{host}:{}:{}", std::process::id(), &uuid::Uuid::new_v4().simple().to_string()[..8]);
        Jobs { instance, bell: Notify::new() }
    }

    /// Wakes the runner now: a letter has just been queued.
    pub fn wake(&self) {
        self.bell.notify_one();
    }
}

impl Default for Jobs {
    fn default() -> Self {
        Self::new()
    }
}

/// What the runner needs, cloned out of the application so that it lives on its own task.
#[derive(Clone)]
pub struct Runner {
    pub db: Db,
    pub config: Config,
    pub mailer: Arc<Mailer>,
    pub forms: Arc<FormRegistry>,
    pub jobs: Arc<Jobs>,
    pub blobs: cabinet_storage::blobs::BlobStore,
}

/// A recurring job: its schedule's name (the job kind it enqueues), how often, and whether a
/// schedule seen for the first time runs at once or waits for its first boundary.
struct Recurring {
    name: &'static str,
    every_ms: i64,
    at_once: bool,
}

const HOUR_MS: i64 = 3_600_000;

/// Jobs claimed at once.
const JOBS_PER_ROUND: i64 = 4;

impl Runner {
    pub fn of(app: &crate::App) -> Self {
        Runner {
            db: app.db.clone(),
            config: app.config.clone(),
            mailer: app.mailer.clone(),
            forms: app.forms.clone(),
            jobs: app.jobs.clone(),
            blobs: app.blobs.clone(),
        }
    }

    /// Runs until `stop` resolves; the batch in hand is finished first.
    pub async fn run(self, stop: impl std::future::Future<Output = ()>) {
        let poll = Duration::from_millis(self.config.jobs.poll_ms.max(10));
        tokio::pin!(stop);
        let mut failing = false;
        // When this runner next looks at each schedule: its next boundary, the same one every
        // instance computes, so the schedules are not written to on every round.
        let mut ticks = HashMap::new();
        loop {
            let busy = match self.round(&mut ticks).await {
                Ok(busy) => {
                    if failing {
                        tracing::info!("job runner: the database answers again");
                    }
                    failing = false;
                    busy
                }
                Err(e) => {
                    if !failing {
                        tracing::warn!(error = %e, "job runner: a round failed; trying again");
                    }
                    failing = true;
                    false
                }
            };
            tokio::select! {
                biased;
                _ = &mut stop => break,
                // A full batch: more may be waiting, go again at once.
                _ = std::future::ready(()), if busy => {}
                _ = self.jobs.bell.notified() => {}
                _ = tokio::time::sleep(poll) => {}
            }
        }
        tracing::debug!(instance = %self.jobs.instance, "job runner stopped");
    }

    /// One round: recurring schedules, due jobs, due letters. `true` when a batch was full, so
    /// more may be waiting.
    async fn round(&self, ticks: &mut HashMap<&'static str, i64>) -> cabinet_storage::StorageResult<bool> {
        if self.config.jobs.recurring {
            self.schedule(ticks).await?;
        }
        let lease = i64::try_from(self.config.jobs.lease_seconds).unwrap_or(120) * 1000;
        let claimed = jobs::claim(&self.db, &self.jobs.instance, lease, JOBS_PER_ROUND).await?;
        for job in &claimed {
            self.run_job(job).await?;
        }
        let sent = letters::send_due(self, lease).await?;
        Ok(i64::try_from(claimed.len()).unwrap_or(0) == JOBS_PER_ROUND || sent)
    }

    /// Enqueues each recurring job whose time has come, once across every instance; a schedule
    /// is looked at on the first round and then at each of its boundaries (`ticks`).
    async fn schedule(&self, ticks: &mut HashMap<&'static str, i64>) -> cabinet_storage::StorageResult<()> {
        let every = |minutes: u64| i64::try_from(minutes).unwrap_or(60).max(1) * 60_000;
        let mut recurring = vec![
            Recurring { name: "reminders", every_ms: every(self.config.jobs.reminders_every_minutes), at_once: true },
            Recurring { name: "retention", every_ms: HOUR_MS, at_once: true },
        ];
        if self.config.backup.every_hours > 0 {
            let every_ms = i64::from(self.config.backup.every_hours) * HOUR_MS;
            recurring.push(Recurring { name: "backup", every_ms, at_once: false });
        }
        let now = now_ms();
        for r in recurring {
            if ticks.get(r.name).is_some_and(|&at| now < at) {
                continue;
            }
            // Aligned to the period's boundaries, so a restart does not move the schedule.
            let next = (now / r.every_ms + 1) * r.every_ms;
            let first = if r.at_once { now } else { next };
            jobs::tick(&self.db, r.name, &self.jobs.instance, first, next, r.name, "{}").await?;
            ticks.insert(r.name, next);
        }
        Ok(())
    }

    /// The longest pause between attempts.
    pub(crate) fn retry_max_ms(&self) -> i64 {
        i64::try_from(self.config.jobs.retry_max_seconds).unwrap_or(6 * 3600).saturating_mul(1000)
    }

    /// The pause after a first failed attempt.
    pub(crate) fn retry_ms(&self) -> i64 {
        i64::try_from(self.config.jobs.retry_seconds).unwrap_or(30).saturating_mul(1000)
    }

    /// Does the work of a job of `kind` now, outside the queue; what it did, in a few words.
    pub async fn perform(&self, kind: &str) -> Result<String, String> {
        match kind {
            "reminders" => reminders::run(self).await.map(|n| format!("{n} letters")),
            "retention" => retention::run(self).await.map(|n| format!("{n} rows")),
            "backup" => backups::run(self).await,
            other => Err(format!("unknown job kind «{other}»")),
        }
    }

    async fn run_job(&self, job: &jobs::Claimed) -> cabinet_storage::StorageResult<()> {
        let instance = &self.jobs.instance;
        // A long job (a backup) keeps its lease while it runs, so no other instance takes it over.
        let lease = i64::try_from(self.config.jobs.lease_seconds).unwrap_or(120).max(3) * 1000;
        let heartbeat = {
            let (db, id, instance) = (self.db.clone(), job.id.clone(), instance.clone());
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(std::time::Duration::from_millis(u64::try_from(lease / 3).unwrap_or(40_000)))
                        .await;
                    if !matches!(jobs::extend(&db, &id, &instance, lease).await, Ok(true)) {
                        break;
                    }
                }
            })
        };
        let outcome = self.perform(&job.kind).await;
        heartbeat.abort();
        match outcome {
            Ok(done) => {
                tracing::info!(job = %job.id, kind = %job.kind, %done, "job done");
                jobs::finish(&self.db, &job.id, instance).await
            }
            Err(e) => {
                let retry = (job.attempts < job.max_attempts)
                    .then(|| now_ms() + backoff_ms(job.attempts, self.retry_ms(), self.retry_max_ms()));
                tracing::warn!(job = %job.id, kind = %job.kind, error = %e, attempt = job.attempts, "job failed");
                jobs::fail(&self.db, &job.id, instance, &e, retry).await
            }
        }
    }
}

/// The wait before attempt `n + 1`: `base_ms`, doubling, at most `max_ms`.
pub(crate) fn backoff_ms(attempts: i64, base_ms: i64, max_ms: i64) -> i64 {
    let doublings = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    base_ms.max(1).saturating_mul(1_i64 << doublings).min(max_ms.max(1))
}

/// Starts the runner on liftoff and stops it with the server.
pub struct Start;

#[rocket::async_trait]
impl rocket::fairing::Fairing for Start {
    fn info(&self) -> rocket::fairing::Info {
        rocket::fairing::Info { name: "job runner", kind: rocket::fairing::Kind::Liftoff }
    }

    async fn on_liftoff(&self, rocket: &rocket::Rocket<rocket::Orbit>) {
        let Some(app) = rocket.state::<crate::App>() else { return };
        if !app.config.jobs.enabled {
            return;
        }
        let runner = Runner::of(app);
        let shutdown = rocket.shutdown();
        tokio::spawn(runner.run(async move {
            shutdown.await;
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_doubles_from_half_a_minute_up_to_six_hours() {
        let six_hours = 6 * 3_600_000;
        assert_eq!(backoff_ms(1, 30_000, six_hours), 30_000);
        assert_eq!(backoff_ms(2, 30_000, six_hours), 60_000);
        assert_eq!(backoff_ms(5, 30_000, six_hours), 480_000);
        assert_eq!(backoff_ms(30, 30_000, six_hours), six_hours);
        assert_eq!(backoff_ms(0, 30_000, six_hours), 30_000);
        assert_eq!(backoff_ms(3, 1_000, 2_000), 2_000);
    }
}
