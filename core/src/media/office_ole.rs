//! OLE2 compound files (Word 97–2003 `.doc`, Excel 97–2003 `.xls`): which one by their streams,
//! and whether they carry macros or a password.
//!
//! Streams are looked at by name; only the first bytes of `WordDocument` and at most
//! [`MAX_STREAM_READ`] bytes of `Workbook` are read.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use cfb::CompoundFile;

use super::document::DocumentKind;
use super::document_refusal::DocumentRefusal;

/// More directory entries than any real document has.
const MAX_ENTRIES: usize = 20_000;
/// The most bytes read from the workbook stream when looking for a password or macro sheets.
const MAX_STREAM_READ: u64 = 256 * 1024;

/// What the directory of the compound file says.
#[derive(Default)]
struct Directory {
    word: bool,
    workbook: Option<PathBuf>,
    powerpoint: bool,
    /// `EncryptedPackage`: an Office Open XML document protected by a password.
    encrypted_package: bool,
    /// `Macros` (Word), `_VBA_PROJECT_CUR` (Excel) or `VBA` storages.
    vba: bool,
}

/// What a file that starts like an OLE2 compound file really holds.
pub(super) fn inspect(bytes: &[u8]) -> Result<DocumentKind, DocumentRefusal> {
    let mut file = CompoundFile::open(Cursor::new(bytes)).map_err(|_| DocumentRefusal::Corrupt { kind: None })?;
    let directory = read_directory(&file)?;
    if directory.encrypted_package {
        return Err(DocumentRefusal::Encrypted { kind: None });
    }
    if directory.word {
        let kind = DocumentKind::Doc;
        if directory.vba {
            return Err(DocumentRefusal::Macros { kind });
        }
        if word_is_encrypted(&mut file)? {
            return Err(DocumentRefusal::Encrypted { kind: Some(kind) });
        }
        return Ok(kind);
    }
    if let Some(workbook) = directory.workbook {
        let kind = DocumentKind::Xls;
        if directory.vba {
            return Err(DocumentRefusal::Macros { kind });
        }
        let globals = read_prefix(&mut file, &workbook, MAX_STREAM_READ, kind)?;
        return match scan_workbook_globals(&globals) {
            Workbook::Encrypted => Err(DocumentRefusal::Encrypted { kind: Some(kind) }),
            Workbook::MacroSheet => Err(DocumentRefusal::Macros { kind }),
            Workbook::Plain => Ok(kind),
        };
    }
    let detected = if directory.powerpoint {
        "PowerPoint (PPT)"
    } else {
        "Microsoft Office (другой вид документа)"
    };
    Err(DocumentRefusal::UnknownType { detected: Some(detected) })
}

fn read_directory(file: &CompoundFile<Cursor<&[u8]>>) -> Result<Directory, DocumentRefusal> {
    let mut directory = Directory::default();
    for (count, entry) in file.walk().enumerate() {
        if count > MAX_ENTRIES {
            return Err(DocumentRefusal::Corrupt { kind: None });
        }
        let name = entry.name();
        let top_level = entry.path().parent() == Some(Path::new("/"));
        if entry.is_storage() && ["Macros", "_VBA_PROJECT_CUR", "VBA"].iter().any(|m| name.eq_ignore_ascii_case(m)) {
            directory.vba = true;
        }
        if !top_level || !entry.is_stream() {
            continue;
        }
        match name {
            "WordDocument" => directory.word = true,
            "Workbook" | "Book" => directory.workbook = Some(entry.path().to_path_buf()),
            "PowerPoint Document" => directory.powerpoint = true,
            "EncryptedPackage" => directory.encrypted_package = true,
            _ => {}
        }
    }
    Ok(directory)
}

/// The `fEncrypted` and `fObfuscated` flags of the Word file information block.
fn word_is_encrypted(file: &mut CompoundFile<Cursor<&[u8]>>) -> Result<bool, DocumentRefusal> {
    let fib = read_prefix(file, Path::new("/WordDocument"), 12, DocumentKind::Doc)?;
    let flags = fib.get(10..12).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let flags = flags.ok_or(DocumentRefusal::Corrupt { kind: Some(DocumentKind::Doc) })?;
    Ok(flags & 0x0100 != 0 || flags & 0x8000 != 0)
}

fn read_prefix(
    file: &mut CompoundFile<Cursor<&[u8]>>,
    path: &Path,
    limit: u64,
    kind: DocumentKind,
) -> Result<Vec<u8>, DocumentRefusal> {
    let corrupt = || DocumentRefusal::Corrupt { kind: Some(kind) };
    let stream = file.open_stream(path).map_err(|_| corrupt())?;
    let mut prefix = Vec::new();
    stream.take(limit).read_to_end(&mut prefix).map_err(|_| corrupt())?;
    Ok(prefix)
}

enum Workbook {
    Plain,
    Encrypted,
    MacroSheet,
}

/// Walks the BIFF records of the workbook globals up to their EOF record: a FILEPASS record
/// means a password; a BOUNDSHEET of type "macro sheet" or "VBA module" means macros.
fn scan_workbook_globals(stream: &[u8]) -> Workbook {
    const EOF: u16 = 0x000A;
    const FILEPASS: u16 = 0x002F;
    const BOUNDSHEET: u16 = 0x0085;
    let mut pos = 0;
    while let Some(header) = stream.get(pos..pos + 4) {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let body = stream.get(pos + 4..pos + 4 + len).unwrap_or_default();
        match kind {
            FILEPASS => return Workbook::Encrypted,
            BOUNDSHEET if matches!(body.get(5), Some(0x01 | 0x06)) => return Workbook::MacroSheet,
            EOF => break,
            _ => {}
        }
        pos += 4 + len;
    }
    Workbook::Plain
}
