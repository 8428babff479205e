//! ZIP-based documents: OpenDocument (ODT, ODS) by its `mimetype` member and Office Open XML
//! (DOCX, XLSX) by `[Content_Types].xml`, with their macros and encryption.
//!
//! The central directory is read without allocating per member (`rawzip`), at most
//! [`MAX_MEMBERS`] of them, and only three small members are ever inflated, each to at most
//! [`MAX_INFLATED`] bytes: a zip bomb costs no more than an honest file.

use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_with_limit};
use rawzip::{CompressionMethod, ZipArchive, ZipArchiveEntryWayfinder, ZipSliceArchive};

use super::document::DocumentKind;
use super::document_refusal::DocumentRefusal;

/// More members than any real office document has.
const MAX_MEMBERS: usize = 20_000;
/// The most bytes inflated from any one member.
const MAX_INFLATED: usize = 256 * 1024;

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
struct Members {
    mimetype: Option<Member>,
    content_types: Option<Member>,
    manifest: Option<Member>,
    vba_project: bool,
    odf_scripts: bool,
    encrypted_member: bool,
}

#[derive(Clone, Copy)]
struct Member {
    wayfinder: ZipArchiveEntryWayfinder,
    method: CompressionMethod,
    encrypted: bool,
}

/// What an archive that starts like a ZIP really holds.
pub(super) fn inspect(bytes: &[u8]) -> Result<DocumentKind, DocumentRefusal> {
    let corrupt = || DocumentRefusal::Corrupt { kind: None };
    let archive = ZipArchive::from_slice(bytes).map_err(|_| corrupt())?;
    let members = list_members(&archive)?;
    if let Some(mimetype) = members.mimetype {
        return inspect_odf(&archive, mimetype, &members);
    }
    if let Some(content_types) = members.content_types {
        return inspect_ooxml(&archive, content_types, &members);
    }
    Err(DocumentRefusal::UnknownType { detected: Some("ZIP") })
}

fn list_members(archive: &ZipSliceArchive<&[u8]>) -> Result<Members, DocumentRefusal> {
    let corrupt = || DocumentRefusal::Corrupt { kind: None };
    let mut members = Members::default();
    let mut entries = archive.entries();
    let mut count = 0;
    while let Some(entry) = entries.next_entry().map_err(|_| corrupt())? {
        count += 1;
        if count > MAX_MEMBERS {
            return Err(corrupt());
        }
        let path = entry.file_path();
        let name = path.as_bytes();
        let member = Member {
            wayfinder: entry.wayfinder(),
            method: entry.compression_method(),
            encrypted: entry.flags().is_encrypted(),
        };
        members.encrypted_member |= member.encrypted;
        if name == b"mimetype" {
            members.mimetype = Some(member);
        } else if name.eq_ignore_ascii_case(b"[Content_Types].xml") {
            members.content_types = Some(member);
        } else if name == b"META-INF/manifest.xml" {
            members.manifest = Some(member);
        }
        members.vba_project |= name.to_ascii_lowercase().ends_with(b"vbaproject.bin");
        members.odf_scripts |= name.starts_with(b"Basic/") || name.starts_with(b"Scripts/");
    }
    Ok(members)
}

fn inspect_odf(
    archive: &ZipSliceArchive<&[u8]>,
    mimetype: Member,
    members: &Members,
) -> Result<DocumentKind, DocumentRefusal> {
    let text = read_text(archive, mimetype, None)?;
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
    let manifest = members.manifest.map(|m| read_text(archive, m, Some(kind))).transpose()?;
    if members.encrypted_member || manifest.is_some_and(|m| m.contains("encryption-data")) {
        return Err(DocumentRefusal::Encrypted { kind: Some(kind) });
    }
    if members.odf_scripts {
        return Err(DocumentRefusal::Macros { kind });
    }
    Ok(kind)
}

fn inspect_ooxml(
    archive: &ZipSliceArchive<&[u8]>,
    content_types: Member,
    members: &Members,
) -> Result<DocumentKind, DocumentRefusal> {
    let types = read_text(archive, content_types, None)?.to_ascii_lowercase();
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

/// The first [`MAX_INFLATED`] bytes of a member as text (UTF-8, or UTF-16 with a byte-order mark).
fn read_text(
    archive: &ZipSliceArchive<&[u8]>,
    member: Member,
    kind: Option<DocumentKind>,
) -> Result<String, DocumentRefusal> {
    if member.encrypted {
        return Err(DocumentRefusal::Encrypted { kind });
    }
    let corrupt = || DocumentRefusal::Corrupt { kind };
    let data = archive.get_entry(member.wayfinder).map_err(|_| corrupt())?.data();
    let bytes = match member.method {
        CompressionMethod::STORE => data[..data.len().min(MAX_INFLATED)].to_vec(),
        CompressionMethod::DEFLATE => match decompress_to_vec_with_limit(data, MAX_INFLATED) {
            Ok(bytes) => bytes,
            // The limit was reached: the beginning is all we read, by design.
            Err(partial) if partial.status == TINFLStatus::HasMoreOutput => partial.output,
            Err(_) => return Err(corrupt()),
        },
        _ => return Err(corrupt()),
    };
    Ok(decode_text(&bytes))
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
