//! The document rules of §4.2: the type comes from the content (PDF, Word, Excel, OpenDocument),
//! files with macros are refused, and the original name is kept only for display.

use serde::{Deserialize, Serialize};

use super::document_name::DocumentName;
use super::document_refusal::DocumentRefusal;
use super::{office_ole, office_zip, pdf, sniff};

/// Largest document accepted by default: 20 MiB.
pub const DEFAULT_DOCUMENT_MAX_BYTES: usize = 20 * 1024 * 1024;

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
    /// The original file name, ending with the extension of `kind`.
    pub display_name: DocumentName,
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
    let display_name = DocumentName::parse(file_name, kind)?;
    Ok(AcceptedDocument { kind, display_name })
}
