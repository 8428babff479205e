//! One finding of a gallery's checks, told three ways: a stable code, a Russian message, the numbers.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use serde_json::{Value, json};

use crate::news::{MIN_HEADLINE_LETTERS, Severity};

/// Something in a gallery that stops it from going to moderation and to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GalleryFinding {
    /// Every letter of the title is a capital: such titles are not published.
    TitleAllCaps { letters: usize },
    /// Not a single photo yet.
    PhotosMissing,
}

impl GalleryFinding {
    /// Stable English code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TitleAllCaps { .. } => "title_all_caps",
            Self::PhotosMissing => "photos_missing",
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            Self::TitleAllCaps { .. } | Self::PhotosMissing => Severity::Blocking,
        }
    }

    /// The input path the finding is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::TitleAllCaps { .. } => "title",
            Self::PhotosMissing => "photos",
        }
    }

    /// What is wrong and how to fix it, in Russian, for the author and the moderator.
    pub fn message(&self) -> String {
        match self {
            Self::TitleAllCaps { .. } => "Название фотогалереи набрано одними заглавными буквами, а такие заголовки \
                 не публикуются (п. 5.4 Положения). Наберите его как обычное предложение: с заглавной буквы — \
                 только первое слово, имена собственные и аббревиатуры."
                .to_owned(),
            Self::PhotosMissing => "В фотогалерее нет ни одной фотографии. Загрузите снимки с мероприятия \
                 в разделе фотографий организации и добавьте их в фотогалерею."
                .to_owned(),
        }
    }

    /// The numbers behind the message, for the API's `details`.
    pub fn details(&self) -> Value {
        match self {
            Self::TitleAllCaps { letters } => json!({ "letters": letters, "min_letters": MIN_HEADLINE_LETTERS }),
            Self::PhotosMissing => json!({}),
        }
    }
}

/// `{code, severity, field, message, details}`, the shape the API shows the author.
impl Serialize for GalleryFinding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("GalleryFinding", 5)?;
        out.serialize_field("code", self.code())?;
        out.serialize_field("severity", &self.severity())?;
        out.serialize_field("field", self.field())?;
        out.serialize_field("message", &self.message())?;
        out.serialize_field("details", &self.details())?;
        out.end()
    }
}
