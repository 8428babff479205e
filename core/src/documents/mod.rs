//! An organization page's list of documents (§4.2): each entry names an uploaded document of
//! the unit, with a title, an optional date of its own and a category from a fixed list.
//!
//! The organization publishes its list itself (§4.3: it decides what its page carries); there
//! is no moderation. Publishing an entry publishes its file; hiding an entry takes it off the
//! list, but a published file cannot be taken back (readers and caches keep it), so it stays
//! reachable by its address.

mod category;
mod entry;
#[cfg(test)]
mod tests;

pub use category::Category;
pub use entry::{DocumentEntry, DocumentEntryInput, MAX_POSITION, MAX_TITLE_CHARS, MediaFit, unknown_media};
