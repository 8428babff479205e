//! What stops a gallery from going to moderation and to the site, checked on every save.

use serde::Serialize;

use super::finding::GalleryFinding;
use super::text::GalleryText;
use crate::news::gate::sealed::Sealed;
use crate::news::{Blocker, Gate, Severity, all_caps_letters};

/// Everything [`check`] found, in the order of the form: title, photos.
///
/// Only [`check`] makes one, so the workflow judges a gallery that was really checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct GalleryChecks {
    findings: Vec<GalleryFinding>,
}

impl GalleryChecks {
    pub fn findings(&self) -> &[GalleryFinding] {
        &self.findings
    }

    pub fn blocking(&self) -> impl Iterator<Item = &GalleryFinding> {
        self.findings.iter().filter(|f| f.severity() == Severity::Blocking)
    }

    /// Whether the gallery may not go to moderation or be published as it stands.
    pub fn blocks_submission(&self) -> bool {
        self.blocking().next().is_some()
    }
}

/// Checks a gallery: a title in capitals only is not published, as a news headline is not
/// (§5.4); an album without a single photo has nothing to show.
pub fn check(text: &GalleryText) -> GalleryChecks {
    let mut findings = Vec::new();
    if let Some(letters) = all_caps_letters(text.title()) {
        findings.push(GalleryFinding::TitleAllCaps { letters });
    }
    if text.photos().is_empty() {
        findings.push(GalleryFinding::PhotosMissing);
    }
    GalleryChecks { findings }
}

impl Sealed for GalleryChecks {}

impl Gate for GalleryChecks {
    fn blockers(&self) -> Vec<Blocker> {
        self.blocking().map(|f| Blocker { code: f.code(), message: f.message() }).collect()
    }
}
