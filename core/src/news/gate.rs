//! What the moderation workflow asks of an item's content: does anything in it stop the item
//! going to moderation or to the site? News answers with its §5.4 [`Checks`]; a photo gallery
//! with [`crate::galleries::GalleryChecks`]. One [`super::transition`] moves both.
//!
//! The trait is sealed: only the checks of this crate implement it, so the workflow always
//! judges content that was really checked.

use super::checks::Checks;
use super::finding::Finding;

/// Something in an item's content that stops submission and publication, as a refusal names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    /// The finding's stable code: `headline_all_caps`, `photos_missing`.
    pub code: &'static str,
    /// What is wrong and how to fix it, in Russian.
    pub message: String,
}

/// The checks of an item's present content, as the workflow reads them.
pub trait Gate: sealed::Sealed {
    /// Everything that stops submission and publication; empty when nothing does.
    fn blockers(&self) -> Vec<Blocker>;
}

impl Gate for Checks {
    fn blockers(&self) -> Vec<Blocker> {
        self.blocking().map(Blocker::from).collect()
    }
}

impl From<&Finding> for Blocker {
    fn from(f: &Finding) -> Self {
        Blocker { code: f.code(), message: f.message() }
    }
}

pub(crate) mod sealed {
    /// Implemented by the checks of this crate only.
    pub trait Sealed {}

    impl Sealed for super::Checks {}
}
