//! How a long backup or restore tells its caller how far it is: the CLI draws progress bars,
//! the scheduler keeps quiet.

/// Called as the work goes: a stage (one table's rows, or the blobs) starts, advances, ends.
pub trait Progress: Send + Sync {
    /// A stage begins; `total` is known when a manifest says it.
    fn start(&self, _stage: &str, _total: Option<u64>) {}
    /// `n` more rows or blobs of the current stage are done.
    fn advance(&self, _n: u64) {}
    /// The stage is over after `count` rows or blobs.
    fn done(&self, _stage: &str, _count: u64) {}
}

/// Reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {}

/// The stage name of the blobs, for a progress bar.
pub(crate) const BLOBS: &str = "файлы";

/// Rows between two calls of [`Progress::advance`].
pub(crate) const STEP: u64 = 1000;
