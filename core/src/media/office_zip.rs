//! ZIP-based documents: OpenDocument (ODT, ODS) by its `mimetype` member and Office Open XML
//! (DOCX, XLSX) by `[Content_Types].xml`, with their macros and encryption.
//!
//! The whole package is judged before its kind: every member's headers ([`zip_entries`]) and
//! every member's stream, measured without being inflated ([`zip_limits`]). Only the members
//! that decide the kind are inflated, all of them together within one [`Budget`]: a zip bomb
//! costs no more than an honest file.

use miniz_oxide::DataFormat;
use rawzip::{CompressionMethod, ZipArchive};

use super::document::DocumentKind;
use super::document_refusal::DocumentRefusal;
use super::inflate::{Budget, INFLATE_BUDGET, inflate_bounded};
use super::zip_entries::{self, Entry};
use super::zip_limits;

/// The most bytes of a deciding member that are read as text.
const MAX_TEXT: usize = 256 * 1024;

const ODF_TEXT: &str = "application/vnd.oasis.opendocument.text";
const ODF_SPREADSHEET: &str = "application/vnd.oasis.opendocument.spreadsheet";
const OOXML_DOCUMENT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const OOXML_SHEET: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
/// Main parts of `.docm` and `.xlsm`: documents of the accepted kinds, with macros.
const WORD_MACRO_ENABLED: &str = "application/vnd.ms-word.document.macroenabled.main+xml";
const EXCEL_MACRO_ENABLED: &str = "application/vnd.ms-excel.sheet.macroenabled.main+xml";
/// Content types that mean a VBA project, an Excel 4.0 macro sheet, or a macro-enabled main part.
const OOXML_MACRO_MARKERS: [&str; 3] = ["macroenabled", "vbaproject", "macrosheet"];

/// The members that decide what the archive is.
#[derive(Default)]
struct Members<'a> {
    mimetype: Option<Entry<'a>>,
    content_types: Option<Entry<'a>>,
    manifest: Option<Entry<'a>>,
    vba_project: bool,
    odf_scripts: bool,
    encrypted_member: bool,
}

/// What an archive that starts like a ZIP really holds.
pub(super) fn inspect(bytes: &[u8]) -> Result<DocumentKind, DocumentRefusal> {
    inspect_within(bytes, &mut Budget::new(INFLATE_BUDGET))
}

/// [`inspect`], inflating only what `budget` allows; tests read what was spent.
pub(super) fn inspect_within(bytes: &[u8], budget: &mut Budget) -> Result<DocumentKind, DocumentRefusal> {
    let archive = ZipArchive::from_slice(bytes).map_err(|_| DocumentRefusal::Corrupt { kind: None })?;
    let entries = zip_entries::entries(&archive)?;
    zip_limits::check(&entries)?;
    let members = deciding_members(&entries)?;
    if let Some(mimetype) = members.mimetype {
        return inspect_odf(mimetype, &members, budget);
    }
    if let Some(content_types) = members.content_types {
        return inspect_ooxml(content_types, &members, budget);
    }
    Err(DocumentRefusal::UnknownType { detected: Some("ZIP") })
}

fn deciding_members<'a>(entries: &[Entry<'a>]) -> Result<Members<'a>, DocumentRefusal> {
    let mut members = Members::default();
    for entry in entries {
        let name = entry.name;
        members.encrypted_member |= entry.encrypted;
        let slot = if name == b"mimetype" {
            &mut members.mimetype
        } else if name.eq_ignore_ascii_case(b"[Content_Types].xml") {
            &mut members.content_types
        } else if name == b"META-INF/manifest.xml" {
            &mut members.manifest
        } else {
            members.vba_project |= name.to_ascii_lowercase().ends_with(b"vbaproject.bin");
            members.odf_scripts |= name.starts_with(b"Basic/") || name.starts_with(b"Scripts/");
            continue;
        };
        // Readers differ on which of two same-named members wins; we cannot judge the one
        // they will use.
        if slot.replace(*entry).is_some() {
            return Err(DocumentRefusal::Corrupt { kind: None });
        }
    }
    Ok(members)
}

fn inspect_odf(mimetype: Entry, members: &Members, budget: &mut Budget) -> Result<DocumentKind, DocumentRefusal> {
    let text = read_text(mimetype, None, budget)?;
    let kind = match text.trim() {
        ODF_TEXT => DocumentKind::Odt,
        ODF_SPREADSHEET => DocumentKind::Ods,
        other if other.starts_with("application/vnd.oasis.opendocument.") => {
            return Err(DocumentRefusal::UnknownType {
                detected: Some("OpenDocument (другой вид документа)")
            });
        }
        _ => return Err(DocumentRefusal::UnknownType { detected: Some("ZIP") }),
    };
    // An encrypted OpenDocument lists its encryption in the manifest; its members are stored encrypted.
    let manifest = members.manifest.map(|m| read_text(m, Some(kind), budget)).transpose()?;
    if members.encrypted_member || manifest.is_some_and(|m| m.contains("encryption-data")) {
        return Err(DocumentRefusal::Encrypted { kind: Some(kind) });
    }
    if members.odf_scripts {
        return Err(DocumentRefusal::Macros { kind });
    }
    Ok(kind)
}

fn inspect_ooxml(
    content_types: Entry,
    members: &Members,
    budget: &mut Budget,
) -> Result<DocumentKind, DocumentRefusal> {
    let types = read_text(content_types, None, budget)?.to_ascii_lowercase();
    let has_macros = members.vba_project || OOXML_MACRO_MARKERS.iter().any(|m| types.contains(m));
    let kind = if types.contains(OOXML_DOCUMENT) || types.contains(WORD_MACRO_ENABLED) {
        DocumentKind::Docx
    } else if types.contains(OOXML_SHEET) || types.contains(EXCEL_MACRO_ENABLED) {
        DocumentKind::Xlsx
    } else if types.contains("presentationml") {
        return Err(DocumentRefusal::UnknownType { detected: Some("PowerPoint (PPTX)") });
    } else {
        return Err(DocumentRefusal::UnknownType {
            detected: Some("Office Open XML (другой вид документа)")
        });
    };
    if members.encrypted_member {
        return Err(DocumentRefusal::Encrypted { kind: Some(kind) });
    }
    if has_macros {
        return Err(DocumentRefusal::Macros { kind });
    }
    Ok(kind)
}

/// The first [`MAX_TEXT`] bytes of a member as text (UTF-8, or UTF-16 with a byte-order mark).
///
/// A member that fits in what is left of the budget is inflated whole, stopping one byte past
/// its declared size, and must match that size and its CRC; a larger one (no honest deciding
/// member is) only has its beginning read.
fn read_text(member: Entry, kind: Option<DocumentKind>, budget: &mut Budget) -> Result<String, DocumentRefusal> {
    if member.encrypted {
        return Err(DocumentRefusal::Encrypted { kind });
    }
    let corrupt = || DocumentRefusal::Corrupt { kind };
    if member.method == CompressionMethod::STORE {
        let head = &member.data[..member.data.len().min(MAX_TEXT)];
        if head.len() == member.data.len() && rawzip::crc32(head) != member.crc {
            return Err(corrupt());
        }
        return Ok(decode_text(head));
    }
    let whole = member.uncompressed < budget.left();
    let cap = if whole { member.uncompressed + 1 } else { MAX_TEXT as u64 };
    let out = inflate_bounded(member.data, DataFormat::Raw, cap, MAX_TEXT, budget).map_err(|_| corrupt())?;
    if whole && out.size > member.uncompressed {
        return Err(DocumentRefusal::ZipSizeMismatch {
            member: member.label(),
            declared: member.uncompressed,
            actual_at_least: out.size,
        });
    }
    if whole && (!out.ended || out.size != member.uncompressed || out.crc != member.crc) {
        return Err(corrupt());
    }
    Ok(decode_text(&out.head))
}

fn decode_text(bytes: &[u8]) -> String {
    let utf16 = |big_endian: bool| {
        let units = bytes[2..]
            .chunks_exact(2)
            .map(|c| if big_endian { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) });
        char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}
