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
    /// A ZIP member compressed otherwise than stored or deflate, as no office program writes.
    ZipMethod {
        member: String,
        method: u16,
    },
    /// More ZIP members than any real document has.
    ZipTooManyMembers {
        max: usize,
    },
    /// One member declares more unpacked bytes than the limit.
    ZipMemberTooLarge {
        member: String,
        declared: u64,
        max: u64,
    },
    /// All members together declare more unpacked bytes than the limit.
    ZipTotalTooLarge {
        declared: u64,
        max: u64,
    },
    /// A member (or, with `member: None`, the whole package) unpacks to far more than it takes.
    ZipRatio {
        member: Option<String>,
        compressed: u64,
        uncompressed: u64,
        max_ratio: u64,
    },
    /// Two members share bytes: one local header, or overlapping data.
    ZipOverlap {
        first: String,
        second: String,
        offset: u64,
    },
    /// A member's header or data reaches past the members' area (`limit`, the central directory).
    ZipOutOfBounds {
        member: String,
        end: u64,
        limit: u64,
    },
    /// A member unpacks to more bytes than it declares.
    ZipSizeMismatch {
        member: String,
        declared: u64,
        actual_at_least: u64,
    },
    /// The member's local header disagrees with the central directory about `field`.
    ZipHeaderMismatch {
        member: String,
        field: ZipHeaderField,
    },
    /// A PDF that runs JavaScript or launches programs; `found` is the PDF name that says so.
    PdfActiveContent {
        found: &'static str,
    },
    /// A PDF whose compressed objects cannot be searched for active content.
    PdfUncheckable {
        reason: UncheckedPdf,
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

/// What a ZIP member's local header and central directory record disagree about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipHeaderField {
    Name,
    Method,
    Sizes,
}

impl ZipHeaderField {
    fn code(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Method => "method",
            Self::Sizes => "sizes",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Name => "имя",
            Self::Method => "способ сжатия",
            Self::Sizes => "размеры",
        }
    }
}

/// Why a PDF's compressed objects could not be searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UncheckedPdf {
    /// Encrypted: object streams cannot be read without the key.
    Encrypted,
    /// An object stream with a filter other than FlateDecode, which PDF writers do not use.
    UnusualFilter,
    /// Object streams that unpack to more than `max` bytes in all.
    TooMuchToInflate { max: u64 },
}

impl UncheckedPdf {
    fn code(self) -> &'static str {
        match self {
            Self::Encrypted => "encrypted",
            Self::UnusualFilter => "unusual_filter",
            Self::TooMuchToInflate { .. } => "too_much_to_inflate",
        }
    }
}

const ACCEPTED: &str = "Принимаются документы PDF, DOC, DOCX, XLS, XLSX, ODT и ODS.";
const RESAVE: &str = "Откройте документ в Word, Excel или LibreOffice, сохраните его заново и загрузите снова.";
const SHRINK: &str = "Уменьшите документ (например, сожмите изображения в нём или разделите его на части) \
                      и загрузите снова.";
const PDF_RESAVE: &str = "Сохраните документ заново как обычный PDF (например, «Печать в PDF») и загрузите снова.";

/// «102 раза», «105 раз».
fn times(n: u64) -> String {
    let word = if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) { "раза" } else { "раз" };
    format!("{n} {word}")
}

/// A byte count read from a container, for a person.
fn bytes(count: u64) -> String {
    megabytes(usize::try_from(count).unwrap_or(usize::MAX))
}

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
            Self::ZipMethod { .. } => "document_zip_method",
            Self::ZipTooManyMembers { .. } => "document_zip_too_many_members",
            Self::ZipMemberTooLarge { .. } => "document_zip_member_too_large",
            Self::ZipTotalTooLarge { .. } => "document_zip_total_too_large",
            Self::ZipRatio { .. } => "document_zip_ratio",
            Self::ZipOverlap { .. } => "document_zip_overlap",
            Self::ZipOutOfBounds { .. } => "document_zip_out_of_bounds",
            Self::ZipSizeMismatch { .. } => "document_zip_size_mismatch",
            Self::ZipHeaderMismatch { .. } => "document_zip_header_mismatch",
            Self::PdfActiveContent { .. } => "document_pdf_active_content",
            Self::PdfUncheckable { .. } => "document_pdf_uncheckable",
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
            Self::ZipMethod { method, .. } => format!(
                "Часть документа сжата способом {} (код {method}), а Word, Excel и LibreOffice сжимают \
                 документы только способом Deflate или сохраняют без сжатия. {RESAVE}",
                rawzip::CompressionMethod::new(*method).name().unwrap_or("неизвестным")
            ),
            Self::ZipTooManyMembers { max } => {
                format!("Внутри документа больше {max} частей, а у настоящих документов их намного меньше. {RESAVE}")
            }
            Self::ZipMemberTooLarge { declared, max, .. } => format!(
                "Одна из частей документа после распаковки занимает {}, а допускается не больше {}. {SHRINK}",
                bytes(*declared),
                bytes(*max)
            ),
            Self::ZipTotalTooLarge { declared, max } => format!(
                "После распаковки документ занимает {}, а допускается не больше {}. {SHRINK}",
                bytes(*declared),
                bytes(*max)
            ),
            Self::ZipRatio { member, compressed, uncompressed, max_ratio } => format!(
                "{} в {} (из {} в {}), а обычные документы сжимаются не больше чем в {}: \
                 так устроены «ZIP-бомбы». {RESAVE}",
                if member.is_some() {
                    "Одна из частей документа сжата"
                } else {
                    "Документ сжат"
                },
                times(uncompressed / (*compressed).max(1)),
                bytes(*uncompressed),
                bytes(*compressed),
                times(*max_ratio)
            ),
            Self::ZipOverlap { .. } => format!(
                "Части документа накладываются друг на друга: так устроены «ZIP-бомбы», а офисные программы \
                 таких файлов не создают. {RESAVE}"
            ),
            Self::ZipOutOfBounds { end, limit, .. } => format!(
                "Часть документа ссылается за пределы своей области файла (до байта {end}, а области \
                 заканчиваются на байте {limit}): файл повреждён или подделан. {RESAVE}"
            ),
            Self::ZipSizeMismatch { declared, actual_at_least, .. } => format!(
                "Одна из частей документа после распаковки больше заявленного размера: заявлено {}, а получается \
                 не меньше {}. Так устроены «ZIP-бомбы». {RESAVE}",
                bytes(*declared),
                bytes(*actual_at_least)
            ),
            Self::ZipHeaderMismatch { field, .. } => format!(
                "Сведения об одной из частей документа в двух местах файла не совпадают ({}): файл повреждён \
                 или подделан. {RESAVE}",
                field.label()
            ),
            Self::PdfActiveContent { found } => format!(
                "Документ PDF содержит JavaScript или запуск программ (/{found}), а такие файлы не принимаются: \
                 они могут быть опасны для читателей сайта. {PDF_RESAVE}"
            ),
            Self::PdfUncheckable { reason } => format!(
                "Не удалось проверить документ PDF на JavaScript и запуск программ: {}. {PDF_RESAVE}",
                match reason {
                    UncheckedPdf::Encrypted =>
                        "его служебные данные зашифрованы (стоит пароль или ограничения)".to_owned(),
                    UncheckedPdf::UnusualFilter => "его служебные данные сжаты необычным способом".to_owned(),
                    UncheckedPdf::TooMuchToInflate { max } =>
                        format!("его служебные данные после распаковки занимают больше {}", bytes(*max)),
                }
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
            Self::ZipMethod { member, method } => json!({ "member": member, "method": method }),
            Self::ZipTooManyMembers { max } => json!({ "max_members": max }),
            Self::ZipMemberTooLarge { member, declared, max } => {
                json!({ "member": member, "declared_bytes": declared, "max_bytes": max })
            }
            Self::ZipTotalTooLarge { declared, max } => json!({ "declared_bytes": declared, "max_bytes": max }),
            Self::ZipRatio { member, compressed, uncompressed, max_ratio } => json!({
                "member": member, "compressed_bytes": compressed, "uncompressed_bytes": uncompressed,
                "max_ratio": max_ratio,
            }),
            Self::ZipOverlap { first, second, offset } => json!({ "members": [first, second], "offset": offset }),
            Self::ZipOutOfBounds { member, end, limit } => json!({ "member": member, "end": end, "limit": limit }),
            Self::ZipSizeMismatch { member, declared, actual_at_least } => json!({
                "member": member, "declared_bytes": declared, "actual_bytes_at_least": actual_at_least,
            }),
            Self::ZipHeaderMismatch { member, field } => json!({ "member": member, "field": field.code() }),
            Self::PdfActiveContent { found } => json!({ "kind": DocumentKind::Pdf, "found": found }),
            Self::PdfUncheckable { reason } => json!({
                "kind": DocumentKind::Pdf,
                "reason": reason.code(),
                "max_inflated_bytes": match reason { UncheckedPdf::TooMuchToInflate { max } => Some(*max), _ => None },
            }),
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
