//! Sending the outbox: claim due letters, hand each to the mail server, record its answer.
//!
//! A letter the server accepted is marked sent with the answer and never sent again. A
//! temporary failure (the server down, a 4xx answer, a timeout) is tried again later, with a
//! growing pause; a permanent one (a 5xx answer) or the last attempt marks the letter failed for
//! the administrator to see.

use cabinet_storage::{StorageResult, now_ms, outbox};

use super::{Runner, backoff_ms};

/// Letters claimed at once.
const BATCH: i64 = 20;

/// Sends the letters due now; `true` when the batch was full, so more may be waiting.
pub(super) async fn send_due(runner: &Runner, lease_ms: i64) -> StorageResult<bool> {
    let instance = &runner.jobs.instance;
    let claimed = outbox::claim(&runner.db, instance, lease_ms, BATCH).await?;
    let max_attempts = i64::from(runner.config.jobs.max_letter_attempts.max(1));
    for letter in &claimed {
        match runner.mailer.deliver(letter).await {
            Ok(reply) => {
                tracing::info!(letter = %letter.id, kind = %letter.kind, %reply, "letter sent");
                outbox::sent(&runner.db, &letter.id, instance, &reply).await?;
            }
            Err(e) if e.permanent() || letter.attempts >= max_attempts => {
                tracing::error!(letter = %letter.id, kind = %letter.kind, error = %e, attempts = letter.attempts,
                    "letter not sent: given up");
                outbox::failed(&runner.db, &letter.id, instance, &e.to_string()).await?;
            }
            Err(e) => {
                let at = now_ms() + backoff_ms(letter.attempts, runner.retry_ms(), runner.retry_max_ms());
                tracing::warn!(letter = %letter.id, kind = %letter.kind, error = %e, attempts = letter.attempts,
                    "letter not sent: will try again");
                outbox::retry(&runner.db, &letter.id, instance, &e.to_string(), at).await?;
            }
        }
    }
    Ok(i64::try_from(claimed.len()).unwrap_or(0) == BATCH)
}
