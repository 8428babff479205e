//! One entry of the list as sent, and as parsed into known-good fields.

use time::Date;
use time::macros::format_description;

use super::Category;
use crate::Invalid;
use crate::ids::MediaId;
use crate::text::required_line;

pub const MAX_TITLE_CHARS: usize = 300;
/// Positions are small numbers a person types; the bound keeps them far from integer limits.
pub const MAX_POSITION: i64 = 1_000_000;

/// An entry's fields as a form or the API sent them, nothing checked yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentEntryInput {
    pub title: String,
    /// The document's own date, `YYYY-MM-DD`; empty or `None` when not given.
    pub date: Option<String>,
    /// A [`Category`] code.
    pub category: String,
    /// The uploaded document this entry shows.
    pub media_id: String,
    /// Smaller first; `None` puts a new entry after the others.
    pub position: Option<i64>,
}

/// What the named media item turned out to be, as far as the caller's unit can tell: another
/// unit's item is [`MediaFit::Unknown`], so nothing tells it from an id that does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaFit {
    Document,
    /// A photo: the list carries documents only.
    NotDocument,
    Unknown,
}

/// An entry within every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentEntry {
    title: String,
    date: Option<Date>,
    category: Category,
    media_id: MediaId,
    position: Option<i64>,
}

impl DocumentEntryInput {
    /// The media id, when it is one: the caller looks the item up before [`Self::parse`].
    pub fn media_id(&self) -> Option<MediaId> {
        self.media_id.trim().parse().ok()
    }

    /// Parses every field and reports every field's problem at once; `media` is what the item
    /// named by [`Self::media_id`] turned out to be.
    pub fn parse(&self, media: MediaFit) -> Result<DocumentEntry, Vec<Invalid>> {
        let title = required_line(&self.title, "title", MAX_TITLE_CHARS);
        let date = date(self.date.as_deref().unwrap_or(""), "date");
        let category = Category::parse(&self.category, "category");
        let media_id = self.media(media);
        let position = position(self.position);
        match (title, date, category, media_id, position) {
            (Ok(title), Ok(date), Ok(category), Ok(media_id), Ok(position)) => {
                Ok(DocumentEntry { title, date, category, media_id, position })
            }
            (title, date, category, media_id, position) => {
                Err([title.err(), date.err(), category.err(), media_id.err(), position.err()]
                    .into_iter()
                    .flatten()
                    .collect())
            }
        }
    }

    fn media(&self, fit: MediaFit) -> Result<MediaId, Invalid> {
        const FIELD: &str = "media_id";
        let Some(id) = self.media_id() else {
            return Err(if self.media_id.trim().is_empty() {
                Invalid::new(FIELD, "required", "Выберите загруженный документ.")
            } else {
                Invalid::new(FIELD, "invalid_id", "Идентификатор документа указан неверно.")
            });
        };
        match fit {
            MediaFit::Document => Ok(id),
            MediaFit::NotDocument => Err(Invalid::new(
                FIELD,
                "not_a_document",
                "Это фотография, а в список попадают только документы. Загрузите документ \
                 (PDF, DOC, DOCX, XLS, XLSX, ODT или ODS) и выберите его.",
            )),
            MediaFit::Unknown => Err(unknown_media()),
        }
    }
}

/// The refusal of a file that is not among the unit's own: unknown and foreign alike.
pub fn unknown_media() -> Invalid {
    Invalid::new(
        "media_id",
        "unknown_media",
        "Такого документа среди файлов организации нет. Загрузите его и выберите из списка.",
    )
}

impl DocumentEntry {
    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn date(&self) -> Option<Date> {
        self.date
    }

    pub fn category(&self) -> Category {
        self.category
    }

    pub fn media_id(&self) -> MediaId {
        self.media_id
    }

    pub fn position(&self) -> Option<i64> {
        self.position
    }
}

fn date(input: &str, field: &str) -> Result<Option<Date>, Invalid> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    Date::parse(value, format_description!("[year]-[month]-[day]")).map(Some).map_err(|_| {
        Invalid::new(
            field,
            "invalid_date",
            "Дата документа указана неверно или такого дня нет. Укажите её в виде ГГГГ-ММ-ДД, например 2026-11-05.",
        )
    })
}

fn position(input: Option<i64>) -> Result<Option<i64>, Invalid> {
    match input {
        Some(p) if !(0..=MAX_POSITION).contains(&p) => Err(Invalid::new(
            "position",
            "invalid_position",
            format!("Порядковый номер должен быть целым числом от 0 до {MAX_POSITION}."),
        )),
        other => Ok(other),
    }
}
