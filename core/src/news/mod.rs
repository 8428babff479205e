//! News of an organization (§5): the text its author writes, the §5.4 checks run on every save,
//! and the moderation workflow (§5.6–5.8) as one state machine.
//!
//! Hard limits (lengths, a readable date) are [`NewsText::parse`]'s job and come back as
//! [`crate::Invalid`]; the recommended shape of a news item is reported by [`check`] as findings
//! that warn, except an all-capitals headline or an empty text, which block submission.

mod abbreviations;
mod checks;
mod finding;
pub(crate) mod gate;
mod photos;
mod refusal;
mod scan;
mod text;
mod workflow;

#[cfg(test)]
mod abbreviation_tests;
#[cfg(test)]
mod check_tests;
#[cfg(test)]
mod text_tests;
#[cfg(test)]
mod workflow_tests;

pub use abbreviations::{AbbreviationList, Unexplained};
pub(crate) use checks::all_caps_letters;
pub use checks::{Checks, MAX_PARAGRAPHS, MIN_HEADLINE_LETTERS, MIN_PARAGRAPHS, check};
pub use finding::{Field, Finding, Severity};
pub use gate::{Blocker, Gate};
pub use photos::{MAX_CAPTION_CHARS, MAX_PHOTOS, NewsPhoto, NewsPhotos, PhotoInput};
pub use refusal::{Refusal, RefusalKind, Subject};
pub use scan::Position;
pub use text::{MAX_BODY_CHARS, MAX_HEADLINE_CHARS, MAX_LEAD_CHARS, MAX_PLACE_CHARS, NewsInput, NewsText};
pub(crate) use text::{block, date};
pub use workflow::{
    EventKind, MAX_REASON_CHARS, NewsEvent, NewsRoles, NewsState, Photos, Reason, Transition, transition,
};

/// A number with its noun in the right Russian form: «1 абзац», «3 абзаца», «11 абзацев».
pub(crate) fn counted(n: usize, one: &str, few: &str, many: &str) -> String {
    let word = match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    };
    format!("{n} {word}")
}
