//! One finding of the §5.4 checks, told three ways: a stable code, a Russian message, the numbers.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use serde_json::{Value, json};

use super::abbreviations::Unexplained;
use super::checks::{MAX_PARAGRAPHS, MIN_HEADLINE_LETTERS, MIN_PARAGRAPHS};
use super::counted;
use super::scan::Position;

/// Whether a finding stops the item from going to moderation and from being published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Blocking,
    Warning,
}

/// The part of the news item a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Headline,
    Lead,
    Body,
}

impl Field {
    /// The input path, as in [`crate::Invalid::field`].
    pub fn path(self) -> &'static str {
        match self {
            Self::Headline => "headline",
            Self::Lead => "lead",
            Self::Body => "body",
        }
    }
}

/// Something in the text that departs from §5.4.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Every letter of the headline is a capital: such headlines are not published.
    HeadlineAllCaps {
        letters: usize,
    },
    LeadMissing,
    /// Nothing to publish yet.
    BodyEmpty,
    /// Fewer than three or more than seven paragraphs.
    BodyParagraphs {
        count: usize,
    },
    AbbreviationNotSpelledOut(Unexplained),
}

impl Finding {
    /// Stable English code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::HeadlineAllCaps { .. } => "headline_all_caps",
            Self::LeadMissing => "lead_missing",
            Self::BodyEmpty => "body_empty",
            Self::BodyParagraphs { .. } => "body_paragraphs",
            Self::AbbreviationNotSpelledOut(_) => "abbreviation_not_spelled_out",
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            Self::HeadlineAllCaps { .. } | Self::BodyEmpty => Severity::Blocking,
            Self::LeadMissing | Self::BodyParagraphs { .. } | Self::AbbreviationNotSpelledOut(_) => Severity::Warning,
        }
    }

    pub fn field(&self) -> Field {
        match self {
            Self::HeadlineAllCaps { .. } => Field::Headline,
            Self::LeadMissing => Field::Lead,
            Self::BodyEmpty | Self::BodyParagraphs { .. } => Field::Body,
            Self::AbbreviationNotSpelledOut(found) => found.field,
        }
    }

    /// What is wrong and how to fix it, in Russian, for the author and the moderator.
    pub fn message(&self) -> String {
        match self {
            Self::HeadlineAllCaps { .. } => {
                "Заголовок набран одними заглавными буквами, а такие заголовки не публикуются \
                 (п. 5.4 Положения). Наберите его как обычное предложение: с заглавной буквы — только первое слово, \
                 имена собственные и аббревиатуры."
                    .to_owned()
            }
            Self::LeadMissing => "Нет лид-абзаца. Добавьте одно-два предложения, которые раскрывают новостной повод: \
                 кто, что, когда, где, как и почему (п. 5.4 Положения)."
                .to_owned(),
            Self::BodyEmpty => "Текст новости пуст. Напишите сообщение: от главного к подробностям, \
                 3–7 абзацев, разделённых пустой строкой (п. 5.4 Положения)."
                .to_owned(),
            Self::BodyParagraphs { count } => paragraphs_message(*count),
            Self::AbbreviationNotSpelledOut(found) => abbreviation_message(found),
        }
    }

    /// The numbers behind the message, for the API's `details`.
    pub fn details(&self) -> Value {
        match self {
            Self::HeadlineAllCaps { letters } => json!({ "letters": letters, "min_letters": MIN_HEADLINE_LETTERS }),
            Self::LeadMissing | Self::BodyEmpty => json!({}),
            Self::BodyParagraphs { count } => {
                json!({ "paragraphs": count, "min_paragraphs": MIN_PARAGRAPHS, "max_paragraphs": MAX_PARAGRAPHS })
            }
            Self::AbbreviationNotSpelledOut(found) => json!({
                "abbreviation": found.abbreviation,
                "first": place_json(found.field, found.position),
                "spelled_out_at": found.spelled_out_at.map(|(field, position)| place_json(field, position)),
            }),
        }
    }
}

/// `{code, severity, field, message, details}`, the shape the API shows the author.
impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Finding", 5)?;
        out.serialize_field("code", self.code())?;
        out.serialize_field("severity", &self.severity())?;
        out.serialize_field("field", &self.field())?;
        out.serialize_field("message", &self.message())?;
        out.serialize_field("details", &self.details())?;
        out.end()
    }
}

fn paragraphs_message(count: usize) -> String {
    let actual = counted(count, "абзац", "абзаца", "абзацев");
    let advice = if count < MIN_PARAGRAPHS {
        "Раскройте новость подробнее: справочная информация о событии, состав участников, комментарий \
         официального лица. Абзацы разделяйте пустой строкой."
    } else {
        "Сократите текст или объедините близкие по смыслу абзацы: одно событие — одна новость."
    };
    format!("В тексте {actual}, а рекомендуется от {MIN_PARAGRAPHS} до {MAX_PARAGRAPHS} (п. 5.4 Положения). {advice}")
}

fn abbreviation_message(found: &Unexplained) -> String {
    let word = &found.abbreviation;
    let first = place_words(found.field, found.position);
    let example = format!("«Полное название ({word})»");
    match found.spelled_out_at {
        Some((field, position)) => format!(
            "Аббревиатура «{word}» расшифрована только {}, а впервые встречается раньше — {first}. \
             Перенесите расшифровку к первому упоминанию: {example}.",
            place_words(field, position)
        ),
        None => format!(
            "Аббревиатура «{word}» ({first}) не расшифрована, а широкой аудитории она может быть непонятна \
             (п. 5.4 Положения). При первом упоминании напишите полное название и аббревиатуру в скобках: \
             {example}. Если это не аббревиатура, а выделение, наберите слово строчными буквами."
        ),
    }
}

/// «в тексте, строка 3, позиция 15».
fn place_words(field: Field, at: Position) -> String {
    match field {
        Field::Headline => format!("в заголовке, позиция {}", at.offset + 1),
        Field::Lead => format!("в лид-абзаце, позиция {}", at.offset + 1),
        Field::Body => format!("в тексте, строка {}, позиция {}", at.line, at.column),
    }
}

fn place_json(field: Field, at: Position) -> Value {
    json!({ "field": field, "offset": at.offset, "line": at.line, "column": at.column })
}
