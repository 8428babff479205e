//! News bodies: Markdown rendered to sanitized HTML, with plain text for feeds and search.
//!
//! Two layers, so that a mistake in one is caught by the other:
//! 1. [`events`] rewrites the Markdown events before any HTML exists: raw HTML becomes visible
//!    text, links keep only `http`, `https` and `mailto` targets, images survive only when they
//!    are one of the item's own photos ([`PhotoResolver`]), headings are held to `h2`–`h4`.
//! 2. [`sanitize`] passes the HTML through ammonia with an allow-list of the tags and attributes
//!    that step 1 can produce and nothing more; an `<img>` must point at an allowed photo URL.
//!
//! Nothing here refuses input: hostile or enormous Markdown renders to harmless HTML. Both
//! pulldown-cmark and ammonia walk their trees without recursion, so nesting thousands deep costs
//! time in proportion to its size, not stack.

mod events;
mod photos;
mod plain_text;
mod sanitize;

#[cfg(test)]
mod deep_tests;
#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
mod tests;

use pulldown_cmark::{Options, Parser};

pub use photos::{Photo, PhotoResolver};

/// A news body ready to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitized HTML fragment, safe to embed in a page or hand to a headless client as is.
    pub html: String,
    /// The readable text without markup, blocks separated by blank lines: for feeds and search.
    pub text: String,
    /// Paragraphs at the top level of the body (not those inside quotes, lists or tables).
    pub paragraphs: usize,
}

/// Renders a Markdown news body; `photos` lists the item's own photos, the only images shown.
///
/// Images that are not the item's photos are replaced by their alt text: a foreign image would
/// let its host track readers and could change after moderation, while the alt text keeps the
/// author's words. Raw HTML is shown as literal text rather than dropped, so the moderator sees
/// what was written and no word silently disappears. A single newline stays a soft break
/// (CommonMark); a hard break needs two trailing spaces or a backslash.
pub fn render(source: &str, photos: &PhotoResolver) -> Rendered {
    // Tables and strikethrough only: task lists would emit `<input>`, footnotes and heading
    // attributes emit ids and classes we do not allow.
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut rewrite = events::Rewrite::new(photos);
    for event in Parser::new_ext(source, options) {
        rewrite.push(event);
    }
    let (events, text, paragraphs) = rewrite.finish();
    let mut raw = String::with_capacity(source.len() + source.len() / 2);
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    Rendered { html: sanitize::clean(&raw, photos), text, paragraphs }
}
