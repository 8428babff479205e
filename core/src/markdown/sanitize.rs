//! The second layer: ammonia with an allow-list of exactly what the rewritten events can produce.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use ammonia::{Builder, UrlRelative};

use super::photos::PhotoResolver;

const TAGS: [&str; 23] = [
    "p",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
];

/// `nofollow`: links in news are written by many people and moderated for content, not for SEO.
const LINK_REL: &str = "noopener noreferrer nofollow";

/// `html` with every tag, attribute and URL outside the allow-list removed.
pub(super) fn clean(html: &str, photos: &PhotoResolver) -> String {
    let images: HashSet<String> = photos.urls().map(str::to_owned).collect();
    let attributes = HashMap::from([
        ("a", HashSet::from(["href", "title"])),
        ("img", HashSet::from(["src", "alt", "width", "height", "loading"])),
        ("ol", HashSet::from(["start"])),
    ]);
    Builder::empty()
        .tags(HashSet::from(TAGS))
        // Their text is code, not prose: drop it along with the tag.
        .clean_content_tags(HashSet::from(["script", "style"]))
        .generic_attributes(HashSet::new())
        .tag_attributes(attributes)
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(UrlRelative::Deny)
        .link_rel(Some(LINK_REL))
        .strip_comments(true)
        .attribute_filter(move |element, attribute, value| keep(&images, element, attribute, value))
        .clean(html)
        .to_string()
}

/// Values the allow-list of names cannot judge: an image must be one of the item's photos.
fn keep<'v>(images: &HashSet<String>, element: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    let number = || !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    let keep = match (element, attribute) {
        ("img", "src") => images.contains(value),
        ("img", "loading") => value == "lazy",
        ("img", "width" | "height") | ("ol", "start") => number(),
        _ => true,
    };
    keep.then_some(Cow::Borrowed(value))
}
