//! Photo galleries of an organization (§5.5): the album of an event — its title, date and place,
//! photos with captions in the author's order — moderated like news.
//!
//! A gallery lives the life of a news item: the same states, events, roles and refusals, decided
//! by [`crate::news::transition`] and worded for a gallery ([`crate::news::Subject::Gallery`]).
//! Hard limits are [`GalleryText::parse`]'s job; that every photo is a photo of the gallery's
//! own unit is [`GalleryText::check_photos`]'s, once storage has looked them up; what stops
//! submission — a title in capitals only (the news headline rule) or no photos — is [`check`]'s.

mod checks;
mod finding;
mod text;

#[cfg(test)]
mod check_tests;
#[cfg(test)]
mod text_tests;
#[cfg(test)]
mod workflow_tests;

pub use checks::{GalleryChecks, check};
pub use finding::GalleryFinding;
pub use text::{
    GalleryInput, GalleryPhoto, GalleryText, MAX_CAPTION_CHARS, MAX_DESCRIPTION_CHARS, MAX_PHOTOS, MAX_PLACE_CHARS,
    MAX_TITLE_CHARS, PhotoFound, PhotoInput,
};
