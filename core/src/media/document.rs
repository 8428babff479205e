//! The document rules of §4.2: the type comes from the content (PDF, Word, Excel, OpenDocument),
//! files with macros are refused, and the original name is kept only for display.

use serde::{Deserialize, Serialize};

use super::document_refusal::DocumentRefusal;
use super::{office_ole, office_zip, pdf, sniff};

/// Largest document accepted by default: 20 MiB.
pub const DEFAULT_DOCUMENT_MAX_BYTES: usize = 20 * 1024 * 1024;

/// Longest display name kept, in characters.
const MAX_DISPLAY_CHARS: usize = 150;

const OLE_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The kinds of documents an organization may attach to its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    Pdf,
    Doc,
    Docx,
    Xls,
    Xlsx,
    Odt,
    Ods,
}

impl DocumentKind {
    pub const ALL: [Self; 7] = [Self::Pdf, Self::Doc, Self::Docx, Self::Xls, Self::Xlsx, Self::Odt, Self::Ods];

    /// The MIME type to serve the document with.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Doc => "application/msword",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xls => "application/vnd.ms-excel",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }

    /// The file extension, without the dot, for the generated stored name.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Doc => "doc",
            Self::Docx => "docx",
            Self::Xls => "xls",
            Self::Xlsx => "xlsx",
            Self::Odt => "odt",
            Self::Ods => "ods",
        }
    }

    /// «DOCX» — how people call the format.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Doc => "DOC",
            Self::Docx => "DOCX",
            Self::Xls => "XLS",
            Self::Xlsx => "XLSX",
            Self::Odt => "ODT",
            Self::Ods => "ODS",
        }
    }
}

/// A document that satisfies §4.2, with what it really is and the name to show for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedDocument {
    pub kind: DocumentKind,
    /// The original file name, without path parts or control characters, of bounded length.
    pub display_name: String,
}

/// Checks an uploaded document against §4.2: its type by content, no macros, not encrypted, no
/// active content, and a container whose work to read is bounded.
pub fn check_document(file_name: &str, bytes: &[u8], max_bytes: usize) -> Result<AcceptedDocument, DocumentRefusal> {
    if bytes.is_empty() {
        return Err(DocumentRefusal::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(DocumentRefusal::TooLarge { size: bytes.len(), max: max_bytes });
    }
    let kind = if bytes.starts_with(b"%PDF-") {
        pdf::check(bytes)?
    } else if bytes.starts_with(OLE_SIGNATURE) {
        office_ole::inspect(bytes)?
    } else if bytes.starts_with(b"PK\x03\x04") {
        office_zip::inspect(bytes)?
    } else {
        return Err(DocumentRefusal::UnknownType { detected: sniff::format_name(bytes) });
    };
    Ok(AcceptedDocument { kind, display_name: display_name(file_name, kind) })
}

/// The name to show: the last path part, without control or text-direction characters,
/// whitespace collapsed, at most [`MAX_DISPLAY_CHARS`] characters with the extension kept.
pub(super) fn display_name(file_name: &str, kind: DocumentKind) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter_map(|c| match c {
            c if c.is_whitespace() => Some(' '),
            c if c.is_control() || is_direction_mark(c) => None,
            c => Some(c),
        })
        .collect();
    let name = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().all(|c| c == '.') {
        return format!("document.{}", kind.extension());
    }
    if name.chars().count() <= MAX_DISPLAY_CHARS {
        return name;
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if (1..=5).contains(&ext.chars().count()) => (stem, format!(".{ext}")),
        _ => (name.as_str(), String::new()),
    };
    let keep = MAX_DISPLAY_CHARS - extension.chars().count() - 1;
    format!("{}…{extension}", stem.chars().take(keep).collect::<String>().trim_end())
}

/// Invisible characters that reorder text (`evil\u{202E}fdp.exe` shows as `evilexe.pdf`).
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}
