//! A gallery as its author writes it: the event, and the photos in order with their captions.

use std::collections::HashMap;

use time::Date;

use crate::Invalid;
use crate::ids::MediaId;
use crate::news::{block, counted, date};
use crate::text::{optional_line, required_line};

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_PLACE_CHARS: usize = 300;
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
pub const MAX_CAPTION_CHARS: usize = 500;
pub const MAX_PHOTOS: usize = 200;

/// One photo of a gallery as sent, nothing checked yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhotoInput {
    /// The id of a photo the unit uploaded.
    pub media_id: String,
    pub caption: String,
}

/// A gallery's fields as a form or the API sent them, nothing checked yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GalleryInput {
    pub title: String,
    /// `YYYY-MM-DD`; empty or `None` when not given.
    pub event_date: Option<String>,
    pub event_place: String,
    /// Plain text; line breaks kept.
    pub description: String,
    /// In the order the gallery shows them.
    pub photos: Vec<PhotoInput>,
}

/// A photo of a gallery within every hard limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GalleryPhoto {
    media_id: MediaId,
    caption: Option<String>,
}

impl GalleryPhoto {
    pub fn media_id(&self) -> MediaId {
        self.media_id
    }

    pub fn caption(&self) -> Option<&str> {
        self.caption.as_deref()
    }
}

/// A gallery within every hard limit. It may still have no photos: a draft is saved as the
/// author goes, and [`super::check`] tells what it lacks before submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GalleryText {
    title: String,
    event_date: Option<Date>,
    event_place: Option<String>,
    description: Option<String>,
    photos: Vec<GalleryPhoto>,
}

/// What storage found behind a photo entry among the media of the gallery's own unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFound {
    Photo,
    /// A document: galleries show photos only.
    Document,
    /// No such item in the unit (another unit's item is not told apart from an unknown id).
    Missing,
}

impl GalleryText {
    /// Parses every field and every photo entry, and reports every problem at once, each under
    /// its path (`photos[3].media_id`).
    pub fn parse(input: &GalleryInput) -> Result<Self, Vec<Invalid>> {
        let mut problems = Vec::new();
        let p = &mut problems;
        let title = keep(required_line(&input.title, "title", MAX_TITLE_CHARS), p);
        let event_date = keep(date(input.event_date.as_deref().unwrap_or(""), "event_date"), p);
        let event_place = keep(optional_line(&input.event_place, "event_place", MAX_PLACE_CHARS), p);
        let description = keep(block(&input.description, "description", MAX_DESCRIPTION_CHARS), p);
        let photos = photos(&input.photos, p);
        match (title, event_date, event_place, description) {
            (Some(title), Some(event_date), Some(event_place), Some(description)) if problems.is_empty() => {
                Ok(Self { title, event_date, event_place, description, photos })
            }
            _ => Err(problems),
        }
    }

    /// Refuses every entry that is not a photo of the gallery's own unit, as `found` says,
    /// naming each entry and what to do.
    pub fn check_photos(&self, found: impl Fn(MediaId) -> PhotoFound) -> Result<(), Vec<Invalid>> {
        let problems: Vec<Invalid> = self
            .photos
            .iter()
            .enumerate()
            .filter_map(|(i, photo)| {
                let field = format!("photos[{i}].media_id");
                match found(photo.media_id) {
                    PhotoFound::Photo => None,
                    PhotoFound::Document => Some(Invalid::new(
                        field,
                        "not_a_photo",
                        "Это документ, а не фотография: в фотогалерею добавляются только фотографии в формате JPEG. \
                         Уберите его из фотогалереи или выберите вместо него фотографию.",
                    )),
                    PhotoFound::Missing => Some(Invalid::new(
                        field,
                        "photo_not_found",
                        "Такой фотографии нет среди фотографий вашей организации. Загрузите снимок в разделе \
                         фотографий организации и выберите его оттуда.",
                    )),
                }
            })
            .collect();
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn event_date(&self) -> Option<Date> {
        self.event_date
    }

    pub fn event_place(&self) -> Option<&str> {
        self.event_place.as_deref()
    }

    /// Plain text, line breaks as `\n`.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// In the order the gallery shows them.
    pub fn photos(&self) -> &[GalleryPhoto] {
        &self.photos
    }
}

/// The value, or `None` with its problem noted.
fn keep<T>(result: Result<T, Invalid>, problems: &mut Vec<Invalid>) -> Option<T> {
    result.map_err(|e| problems.push(e)).ok()
}

/// The entries within their limits; problems go to `problems`, and only good entries come back.
fn photos(input: &[PhotoInput], problems: &mut Vec<Invalid>) -> Vec<GalleryPhoto> {
    if input.len() > MAX_PHOTOS {
        problems.push(Invalid::new(
            "photos",
            "too_many",
            format!(
                "В фотогалерее {}, а допускается не больше {MAX_PHOTOS}. Оставьте лучшие снимки или разделите \
                 их на две фотогалереи.",
                counted(input.len(), "фотография", "фотографии", "фотографий")
            ),
        ));
    }
    let mut first_seen: HashMap<MediaId, usize> = HashMap::new();
    let mut photos = Vec::with_capacity(input.len().min(MAX_PHOTOS));
    for (i, entry) in input.iter().enumerate() {
        let media_id = match entry.media_id.trim().parse::<MediaId>() {
            Ok(id) => match first_seen.get(&id) {
                Some(first) => {
                    problems.push(Invalid::new(
                        format!("photos[{i}].media_id"),
                        "duplicate",
                        format!("Эта фотография уже есть в фотогалерее — на {}-м месте. Уберите повтор.", first + 1),
                    ));
                    None
                }
                None => {
                    first_seen.insert(id, i);
                    Some(id)
                }
            },
            Err(_) => {
                problems.push(Invalid::new(
                    format!("photos[{i}].media_id"),
                    "invalid_id",
                    "Неверный идентификатор фотографии. Выберите фотографию из загруженных фотографий организации.",
                ));
                None
            }
        };
        let caption = keep(optional_line(&entry.caption, &format!("photos[{i}].caption"), MAX_CAPTION_CHARS), problems);
        if let (Some(media_id), Some(caption)) = (media_id, caption) {
            photos.push(GalleryPhoto { media_id, caption });
        }
    }
    photos
}
