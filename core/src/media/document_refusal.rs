//! Why a document is refused, told three ways: a stable code, a Russian message, the numbers.

use std::fmt;

use serde_json::{Value, json};

use super::document::DocumentKind;
use super::document_name::DocumentNameProblem;
use super::{document_name_words, megabytes};

/// A document that does not satisfy §4.2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentRefusal {
    Empty,
    TooLarge {
        size: usize,
        max: usize,
    },
    /// Not one of the accepted kinds; `detected` names what it is when that is known.
    UnknownType {
        detected: Option<&'static str>,
    },
    /// VBA projects, OpenDocument Basic or scripts, Excel 4.0 macro sheets.
    Macros {
        kind: DocumentKind,
    },
    /// Protected by a password; `kind` is unknown for an encrypted Office Open XML package.
    Encrypted {
        kind: Option<DocumentKind>,
    },
    /// The container is damaged or cut short.
    Corrupt {
        kind: Option<DocumentKind>,
    },
    /// The name would hide the type found in the content, or cannot be shown as sent.
    BadName {
        /// The name as sent without path parts, invisible characters escaped, shortened if long.
        name: String,
        /// How many characters the name as sent (without path parts) has.
        name_chars: usize,
        problem: DocumentNameProblem,
        suggestion: String,
        kind: DocumentKind,
    },
}

const ACCEPTED: &str = "Принимаются документы PDF, DOC, DOCX, XLS, XLSX, ODT и ODS.";

impl DocumentRefusal {
    /// Stable English code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "document_empty",
            Self::TooLarge { .. } => "document_too_large",
            Self::UnknownType { .. } => "document_unknown_type",
            Self::Macros { .. } => "document_has_macros",
            Self::Encrypted { .. } => "document_encrypted",
            Self::Corrupt { .. } => "document_corrupt",
            Self::BadName { .. } => "document_bad_name",
        }
    }

    /// What is wrong and how to fix it, in Russian, for the person who uploaded the document.
    pub fn message(&self) -> String {
        match self {
            Self::Empty => format!("Файл пустой. Выберите документ для загрузки. {ACCEPTED}"),
            Self::TooLarge { size, max } => format!(
                "Размер файла {}, а допускается не больше {}. Уменьшите документ (например, сожмите \
                 изображения в нём) или разделите его на части.",
                megabytes(*size),
                megabytes(*max)
            ),
            Self::UnknownType { detected: Some(format) } => {
                format!("Файл в формате {format}, а такие документы не принимаются. {ACCEPTED}")
            }
            Self::UnknownType { detected: None } => {
                format!("Не удалось распознать тип файла: по содержимому это не документ. {ACCEPTED}")
            }
            Self::Macros { kind } => format!(
                "Документ {} содержит макросы, а файлы с макросами не принимаются: они могут быть опасны \
                 для читателей сайта. Удалите макросы или сохраните документ в обычном формате без макросов \
                 и загрузите снова.",
                kind.label()
            ),
            Self::Encrypted { kind } => format!(
                "Документ{} защищён паролем, и читатели сайта не смогут его открыть. Снимите пароль \
                 и загрузите документ снова.",
                kind.map(|k| format!(" {}", k.label())).unwrap_or_default()
            ),
            Self::Corrupt { kind } => format!(
                "Файл{} повреждён или загружен не полностью. Откройте его на компьютере, сохраните заново \
                 и загрузите снова.",
                kind.map(|k| format!(" {}", k.label())).unwrap_or_default()
            ),
            Self::BadName { name, name_chars, problem, suggestion, kind } => {
                document_name_words::message(name, *name_chars, problem, suggestion, *kind)
            }
        }
    }

    /// The facts behind the message, for the API's `details`.
    pub fn details(&self) -> Value {
        let accepted: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.extension()).collect();
        match self {
            Self::Empty => json!({}),
            Self::TooLarge { size, max } => json!({ "size_bytes": size, "max_bytes": max }),
            Self::UnknownType { detected } => json!({ "detected_format": detected, "accepted": accepted }),
            Self::Macros { kind } => json!({ "kind": kind }),
            Self::Encrypted { kind } | Self::Corrupt { kind } => json!({ "kind": kind }),
            Self::BadName { name, name_chars, problem, suggestion, kind } => {
                document_name_words::details(name, *name_chars, problem, suggestion, *kind)
            }
        }
    }
}

impl fmt::Display for DocumentRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for DocumentRefusal {}
