//! The item's own photos: which image references in a news body are allowed, and where they point.

use std::collections::HashMap;

use crate::ids::MediaId;

/// One of the item's photos as the page should show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// Absolute `http`/`https` URL the reader's browser loads; anything else is removed by the
    /// sanitizer, which allows no relative URLs.
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// The photos a news body may show, by id, and the site's public URL they may be written under.
///
/// An author refers to a photo as `media:<uuid>` or `{public_url}/media/<uuid>` (what the
/// cabinet's editor inserts and what a copied link looks like), or by the photo's own URL.
#[derive(Debug, Clone, Default)]
pub struct PhotoResolver {
    public_url: String,
    photos: HashMap<MediaId, Photo>,
}

impl PhotoResolver {
    /// No photos yet; `public_url` is the site's base such as `https://cabinet.example.org`.
    pub fn new(public_url: &str) -> Self {
        Self { public_url: public_url.trim_end_matches('/').to_owned(), photos: HashMap::new() }
    }

    /// Allows `id` to be shown as `photo`.
    pub fn with(mut self, id: MediaId, photo: Photo) -> Self {
        self.photos.insert(id, photo);
        self
    }

    /// The photo an image or link target refers to, if it is one of the item's own.
    pub fn resolve(&self, target: &str) -> Option<&Photo> {
        let target = target.trim();
        let id = strip_prefix_ignore_case(target, "media:").or_else(|| self.under_public_url(target));
        match id {
            Some(id) => id.parse::<MediaId>().ok().and_then(|id| self.photos.get(&id)),
            None => self.photos.values().find(|photo| photo.url == target),
        }
    }

    /// Every URL an `<img>` may carry after rendering: the sanitizer's last check.
    pub(super) fn urls(&self) -> impl Iterator<Item = &str> {
        self.photos.values().map(|photo| photo.url.as_str())
    }

    fn under_public_url<'t>(&self, target: &'t str) -> Option<&'t str> {
        if self.public_url.is_empty() {
            return None;
        }
        let rest = strip_prefix_ignore_case(target, &self.public_url)?;
        rest.strip_prefix("/media/")
    }
}

/// `text` without `prefix`, comparing ASCII letters case-insensitively (schemes and hosts are).
fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) { text.get(prefix.len()..) } else { None }
}
