//! Behaviour of [`check_document`], on documents built here: ZIPs written with the `zip` crate,
//! compound files with `cfb`, PDFs as literals.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::test_jpeg::Rng;
use super::*;

const MAX: usize = DEFAULT_DOCUMENT_MAX_BYTES;
const WORD_MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const SHEET_MAIN: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

fn check(name: &str, bytes: &[u8]) -> Result<DocumentKind, DocumentRefusal> {
    check_document(name, bytes, MAX).map(|d| d.kind)
}

/// A ZIP of `(name, content)` members, `mimetype` stored and the rest deflated, as Office writes.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in members {
        let method = if *name == "mimetype" { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        zip.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn content_types(main: &str, part: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="{part}" ContentType="{main}"/></Types>"#
    )
    .into_bytes()
}

fn docx() -> Vec<u8> {
    zip_of(&[("[Content_Types].xml", &content_types(WORD_MAIN, "/word/document.xml")), ("word/document.xml", b"<w/>")])
}

fn odf(mimetype: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut members: Vec<(&str, &[u8])> = vec![("mimetype", mimetype.as_bytes()), ("content.xml", b"<office/>")];
    members.extend_from_slice(extra);
    zip_of(&members)
}

/// A compound file with the given streams and storages.
fn ole(streams: &[(&str, &[u8])], storages: &[&str]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for storage in storages {
        file.create_storage_all(storage).unwrap();
    }
    for (path, content) in streams {
        file.create_stream(path).unwrap().write_all(content).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn word_fib(flags: u16) -> Vec<u8> {
    let mut fib = vec![0xEC, 0xA5, 0xC1, 0x00, 0, 0, 0x19, 0x04, 0, 0];
    fib.extend_from_slice(&flags.to_le_bytes());
    fib.resize(5000, 0);
    fib
}

fn biff(records: &[(u16, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (kind, body) in [(0x0809, &[0u8; 16][..])].iter().chain(records).chain(&[(0x000A, &[][..])]) {
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&u16::try_from(body.len()).unwrap().to_le_bytes());
        out.extend_from_slice(body);
    }
    out.resize(5000, 0);
    out
}

#[test]
fn each_accepted_kind_is_recognised_by_content_whatever_its_name() {
    let xlsx = zip_of(&[
        ("[Content_Types].xml", &content_types(SHEET_MAIN, "/xl/workbook.xml")),
        ("xl/workbook.xml", b"<x/>"),
    ]);
    let cases = [
        (PDF.to_vec(), DocumentKind::Pdf),
        (docx(), DocumentKind::Docx),
        (xlsx, DocumentKind::Xlsx),
        (odf("application/vnd.oasis.opendocument.text", &[]), DocumentKind::Odt),
        (odf("application/vnd.oasis.opendocument.spreadsheet", &[]), DocumentKind::Ods),
        (ole(&[("/WordDocument", &word_fib(0))], &[]), DocumentKind::Doc),
        (ole(&[("/Workbook", &biff(&[]))], &[]), DocumentKind::Xls),
        (ole(&[("/Book", &biff(&[]))], &[]), DocumentKind::Xls),
    ];
    for (bytes, kind) in cases {
        assert_eq!(check("misleading-name.pdf", &bytes), Ok(kind));
    }
    assert_eq!(DocumentKind::Docx.extension(), "docx");
    assert_eq!(DocumentKind::Ods.content_type(), "application/vnd.oasis.opendocument.spreadsheet");
}

#[test]
fn documents_with_macros_are_refused() {
    let docm = zip_of(&[
        (
            "[Content_Types].xml",
            &content_types("application/vnd.ms-word.document.macroEnabled.main+xml", "/word/document.xml"),
        ),
        ("word/document.xml", b"<w/>"),
        ("word/vbaProject.bin", b"VBA"),
    ]);
    let xlsx_with_vba = zip_of(&[
        ("[Content_Types].xml", &content_types(SHEET_MAIN, "/xl/workbook.xml")),
        ("xl/vbaProject.bin", b"VBA"),
    ]);
    let odt_basic = odf("application/vnd.oasis.opendocument.text", &[("Basic/Standard/Module1.xml", b"<m/>")]);
    let ods_scripts = odf("application/vnd.oasis.opendocument.spreadsheet", &[("Scripts/python/x.py", b"1")]);
    let bound_macro_sheet: &[u8] = &[0, 0, 0, 0, 0, 0x01, 1, 0, b'M'];
    let cases = [
        (docm, DocumentKind::Docx),
        (xlsx_with_vba, DocumentKind::Xlsx),
        (odt_basic, DocumentKind::Odt),
        (ods_scripts, DocumentKind::Ods),
        (ole(&[("/WordDocument", &word_fib(0))], &["/Macros/VBA"]), DocumentKind::Doc),
        (ole(&[("/Workbook", &biff(&[]))], &["/_VBA_PROJECT_CUR/VBA"]), DocumentKind::Xls),
        (ole(&[("/Workbook", &biff(&[(0x0085, bound_macro_sheet)]))], &[]), DocumentKind::Xls),
    ];
    for (bytes, kind) in cases {
        let refusal = check("a.docx", &bytes).unwrap_err();
        assert_eq!(refusal, DocumentRefusal::Macros { kind });
        assert_eq!(refusal.code(), "document_has_macros");
        assert!(refusal.message().contains("содержит макросы"));
    }
}

#[test]
fn password_protected_documents_are_refused() {
    let mut zipcrypto = docx();
    set_zip_encryption_flags(&mut zipcrypto);
    let odt_encrypted = odf(
        "application/vnd.oasis.opendocument.text",
        &[("META-INF/manifest.xml", b"<manifest:file-entry><manifest:encryption-data/></manifest:file-entry>")],
    );
    let cases = [
        (ole(&[("/EncryptionInfo", b"info"), ("/EncryptedPackage", b"data")], &[]), None),
        (ole(&[("/WordDocument", &word_fib(0x0100))], &[]), Some(DocumentKind::Doc)),
        (ole(&[("/Workbook", &biff(&[(0x002F, &[0; 54])]))], &[]), Some(DocumentKind::Xls)),
        (odt_encrypted, Some(DocumentKind::Odt)),
        (zipcrypto, None),
    ];
    for (bytes, kind) in cases {
        let refusal = check("a.doc", &bytes).unwrap_err();
        assert_eq!(refusal, DocumentRefusal::Encrypted { kind });
        assert!(refusal.message().contains("защищён паролем"));
    }
}

/// Sets "encrypted" in every local and central header, as ZipCrypto does.
fn set_zip_encryption_flags(zip: &mut [u8]) {
    for at in 0..zip.len() - 8 {
        match &zip[at..at + 4] {
            b"PK\x03\x04" => zip[at + 6] |= 1,
            b"PK\x01\x02" => zip[at + 8] |= 1,
            _ => {}
        }
    }
}

#[test]
fn other_files_are_refused_saying_what_they_are_and_what_is_accepted() {
    let pptx = zip_of(&[(
        "[Content_Types].xml",
        &content_types(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
            "/ppt/p.xml",
        ),
    )]);
    let cases: [(Vec<u8>, Option<&str>); 6] = [
        (pptx, Some("PowerPoint (PPTX)")),
        (zip_of(&[("notes.txt", b"hi")]), Some("ZIP")),
        (ole(&[("/PowerPoint Document", b"p")], &[]), Some("PowerPoint (PPT)")),
        (b"{\\rtf1\\ansi hello}".to_vec(), Some("RTF")),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), Some("PNG")),
        (b"MZ\x90\0 executable".to_vec(), None),
    ];
    for (bytes, detected) in cases {
        let refusal = check("a.pdf", &bytes).unwrap_err();
        assert_eq!(refusal, DocumentRefusal::UnknownType { detected });
        assert!(refusal.message().ends_with("Принимаются документы PDF, DOC, DOCX, XLS, XLSX, ODT и ODS."));
        assert_eq!(refusal.details()["accepted"][0], "pdf");
    }
}

#[test]
fn empty_oversized_and_damaged_files_are_refused() {
    assert_eq!(check("a.pdf", b"").unwrap_err().code(), "document_empty");
    let refusal = check_document("a.pdf", PDF, 10).unwrap_err();
    assert_eq!(refusal, DocumentRefusal::TooLarge { size: PDF.len(), max: 10 });
    assert!(refusal.message().starts_with(&format!("Размер файла {} Б, а допускается не больше 10 Б.", PDF.len())));
    let cut_pdf = &PDF[..PDF.len() - 8];
    assert_eq!(check("a.pdf", cut_pdf), Err(DocumentRefusal::Corrupt { kind: Some(DocumentKind::Pdf) }));
    let docx = docx();
    assert_eq!(check("a.docx", &docx[..docx.len() - 30]).unwrap_err().code(), "document_corrupt");
    let ole = ole(&[("/WordDocument", &word_fib(0))], &[]);
    assert_eq!(check("a.doc", &ole[..700]).unwrap_err().code(), "document_corrupt");
}

#[test]
fn the_accepted_name_ends_with_the_type_found_in_the_content() {
    let accepted = check_document("/tmp/Протокол №5.doc", &docx(), MAX).unwrap();
    assert_eq!(accepted.display_name.as_str(), "Протокол №5.docx");
    let refusal = check_document("report.pdf.exe", PDF, MAX).unwrap_err();
    assert_eq!((refusal.code(), &refusal.details()["suggested_name"]), ("document_bad_name", &"report.pdf".into()));
}

/// A PDF whose objects sit in a compressed object stream, for the mutation test.
fn pdf_with_object_stream() -> Vec<u8> {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(b"3 0 << /Type /Page /Annots [(x) <41>] >>", 6);
    let mut pdf = format!(
        "%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
        packed.len()
    )
    .into_bytes();
    pdf.extend_from_slice(&packed);
    pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< /Root 3 0 R >>\n%%EOF\n");
    pdf
}

#[test]
fn never_panics_on_mutated_or_truncated_documents() {
    let seeds = [
        docx(),
        odf("application/vnd.oasis.opendocument.text", &[("META-INF/manifest.xml", b"<m/>")]),
        ole(&[("/WordDocument", &word_fib(0))], &["/Macros/VBA"]),
        ole(&[("/Workbook", &biff(&[(0x0085, &[0; 9])]))], &[]),
        PDF.to_vec(),
        pdf_with_object_stream(),
    ];
    let mut rng = Rng::new(42);
    for round in 0..4000 {
        let mut bytes = seeds[round % seeds.len()].clone();
        if rng.below(3) == 0 {
            bytes.truncate(rng.below(bytes.len()));
        } else {
            for _ in 0..=rng.below(16) {
                let at = rng.below(bytes.len());
                bytes[at] = rng.byte();
            }
        }
        let _ = check_document("f", &bytes, MAX);
    }
}
