//! Honest documents, written by a real ZIP writer, pass the whole-package checks at a cost of
//! their few small deciding members.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::super::test_jpeg::Rng;
use super::*;

const SHEET_MAIN: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

/// Rows of a spreadsheet as Excel writes them: varied numbers and references, repeated tags.
fn sheet_xml(rows: usize, rng: &mut Rng) -> Vec<u8> {
    let mut xml = String::from(r#"<?xml version="1.0"?><worksheet><sheetData>"#);
    for row in 1..=rows {
        xml.push_str(&format!(r#"<row r="{row}">"#));
        for (col, kind) in ["A", "B", "C", "D"].iter().zip([1, 2, 2, 3]) {
            xml.push_str(&format!(r#"<c r="{col}{row}" s="{kind}"><v>{}</v></c>"#, rng.below(1_000_000)));
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml.into_bytes()
}

fn write_zip(members: &[(&str, Vec<u8>, bool)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content, deflate) in members {
        let method = if *deflate { CompressionMethod::Deflated } else { CompressionMethod::Stored };
        zip.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn content_types(main: &str, part: &str) -> Vec<u8> {
    format!(r#"<?xml version="1.0"?><Types><Override PartName="{part}" ContentType="{main}"/></Types>"#).into_bytes()
}

#[test]
fn honest_documents_of_each_zip_kind_pass_within_bounds() {
    let mut rng = Rng::new(3);
    let photo: Vec<u8> = (0..2_000_000).map(|_| rng.byte()).collect();
    let docx = write_zip(&[
        ("[Content_Types].xml", content_types(WORD_MAIN, "/word/document.xml"), true),
        ("word/document.xml", sheet_xml(20_000, &mut rng), true),
        ("word/media/image1.jpeg", photo.clone(), false),
        ("word/media/image2.jpeg", photo[..100_000].to_vec(), true),
    ]);
    let xlsx = write_zip(&[
        ("[Content_Types].xml", content_types(SHEET_MAIN, "/xl/workbook.xml"), true),
        ("xl/workbook.xml", b"<workbook/>".to_vec(), true),
        ("xl/worksheets/sheet1.xml", sheet_xml(100_000, &mut rng), true),
    ]);
    let odt = write_zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text".to_vec(), false),
        ("content.xml", sheet_xml(10_000, &mut rng), true),
        ("META-INF/manifest.xml", b"<manifest:manifest/>".to_vec(), true),
        ("Pictures/1.png", photo, false),
    ]);
    for (bytes, kind) in [(docx, DocumentKind::Docx), (xlsx, DocumentKind::Xlsx), (odt, DocumentKind::Odt)] {
        let (outcome, inflated, took) = judge(&bytes);
        assert_eq!(outcome, Ok(kind));
        assert!(inflated <= INFLATED_BOUND, "{kind:?} inflated {inflated}");
        assert!(took < TIME_BOUND, "{kind:?} took {took:?}");
        assert_eq!(check_document("d", &bytes, DEFAULT_DOCUMENT_MAX_BYTES).map(|d| d.kind), Ok(kind));
        eprintln!("honest {kind:?}: {} bytes, inflated {inflated} bytes in {took:?}", bytes.len());
    }
}
