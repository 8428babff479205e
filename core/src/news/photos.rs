//! The photos of a news item (§5.5): uploaded photos of its own organization, in the author's
//! order, each with an optional caption, one of them the cover that leads the item on lists.
//!
//! Parsing checks the list as sent; whether each id is a photo of the item's unit is storage's
//! question, answered with the same field paths (`photos[2].media_id`).

use std::collections::HashSet;

use crate::Invalid;
use crate::ids::MediaId;
use crate::text::optional_line;

/// At most this many photos per item: a news item is illustrated, an album is a gallery.
pub const MAX_PHOTOS: usize = 30;
pub const MAX_CAPTION_CHARS: usize = 300;

/// One photo as a form or the API sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhotoInput {
    pub media_id: String,
    pub caption: String,
}

/// One checked photo of the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsPhoto {
    pub media_id: MediaId,
    pub caption: Option<String>,
}

/// The item's photos in order, and which of them is the cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewsPhotos {
    photos: Vec<NewsPhoto>,
    cover: Option<MediaId>,
}

impl NewsPhotos {
    /// Parses the list and the cover, every entry's problem at once. Without a named cover the
    /// first photo is the cover; a named one must be in the list.
    pub fn parse(list: &[PhotoInput], cover: Option<&str>) -> Result<Self, Vec<Invalid>> {
        let mut errors = Vec::new();
        if list.len() > MAX_PHOTOS {
            errors.push(Invalid::new(
                "photos",
                "too_many_photos",
                format!(
                    "К новости прикреплено фотографий: {}, а допускается не больше {MAX_PHOTOS}. \
                     Оставьте лучшие, а остальные соберите в фотогалерею мероприятия.",
                    list.len()
                ),
            ));
            return Err(errors);
        }
        let mut seen = HashSet::with_capacity(list.len());
        let mut photos = Vec::with_capacity(list.len());
        for (i, input) in list.iter().enumerate() {
            let media_id = match input.media_id.trim().parse::<MediaId>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push(Invalid::new(
                        format!("photos[{i}].media_id"),
                        "invalid_id",
                        "Идентификатор фотографии указан неверно. Выберите фотографию из загруженных.",
                    ));
                    None
                }
            };
            if let Some(id) = media_id
                && !seen.insert(id)
            {
                errors.push(Invalid::new(
                    format!("photos[{i}].media_id"),
                    "duplicate_photo",
                    "Эта фотография уже есть в списке выше. Уберите повтор.",
                ));
            }
            let caption = optional_line(&input.caption, &format!("photos[{i}].caption"), MAX_CAPTION_CHARS)
                .map_err(|e| errors.push(e))
                .ok()
                .flatten();
            if let Some(media_id) = media_id {
                photos.push(NewsPhoto { media_id, caption });
            }
        }
        let cover = match cover.map(str::trim).filter(|c| !c.is_empty()) {
            None => photos.first().map(|p| p.media_id),
            Some(text) => match text.parse::<MediaId>() {
                Ok(id) if seen.contains(&id) => Some(id),
                _ => {
                    errors.push(Invalid::new(
                        "cover_photo_id",
                        "cover_not_in_photos",
                        "Обложкой может быть только одна из фотографий этой новости. \
                         Добавьте фотографию в список или выберите другую обложку.",
                    ));
                    None
                }
            },
        };
        if errors.is_empty() { Ok(Self { photos, cover }) } else { Err(errors) }
    }

    /// Photos as stored, in order; the cover is the one flagged.
    pub fn from_stored(photos: Vec<NewsPhoto>, cover: Option<MediaId>) -> Self {
        Self { photos, cover }
    }

    pub fn photos(&self) -> &[NewsPhoto] {
        &self.photos
    }

    pub fn cover(&self) -> Option<MediaId> {
        self.cover
    }

    pub fn ids(&self) -> impl Iterator<Item = MediaId> + '_ {
        self.photos.iter().map(|p| p.media_id)
    }

    pub fn is_empty(&self) -> bool {
        self.photos.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(id: &str, caption: &str) -> PhotoInput {
        PhotoInput { media_id: id.to_owned(), caption: caption.to_owned() }
    }

    const A: &str = "0193a000-0000-7000-8000-000000000001";
    const B: &str = "0193a000-0000-7000-8000-000000000002";

    #[test]
    fn the_first_photo_is_the_cover_unless_one_is_named() {
        let photos = NewsPhotos::parse(&[input(A, "Митинг"), input(B, "")], None).unwrap();
        assert_eq!(photos.cover(), Some(A.parse().unwrap()));
        assert_eq!(photos.photos()[0].caption.as_deref(), Some("Митинг"));
        assert_eq!(photos.photos()[1].caption, None);
        let photos = NewsPhotos::parse(&[input(A, ""), input(B, "")], Some(B)).unwrap();
        assert_eq!(photos.cover(), Some(B.parse().unwrap()));
        assert_eq!(NewsPhotos::parse(&[], None).unwrap().cover(), None);
    }

    #[test]
    fn every_entry_is_reported_by_its_path() {
        let errors =
            NewsPhotos::parse(&[input("nope", ""), input(A, ""), input(A, &"к".repeat(301))], Some(B)).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("photos[0].media_id", "invalid_id"),
                ("photos[2].media_id", "duplicate_photo"),
                ("photos[2].caption", "too_long"),
                ("cover_photo_id", "cover_not_in_photos"),
            ]
        );
    }

    #[test]
    fn too_many_photos_are_refused_with_the_count() {
        let list: Vec<_> = (0..31).map(|i| input(&format!("0193a000-0000-7000-8000-{i:012}"), "")).collect();
        let errors = NewsPhotos::parse(&list, None).unwrap_err();
        assert_eq!(errors[0].code, "too_many_photos");
        assert!(errors[0].message.contains("31"), "{}", errors[0].message);
    }
}
