//! Honest documents, written by a real ZIP writer and by the builder the benchmark uses, pass the
//! whole-package checks at a cost of their few small deciding members.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::super::test_jpeg::Rng;
use super::*;

fn write_zip(parts: &[(&str, Vec<u8>, bool)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content, deflate) in parts {
        let method = if *deflate { CompressionMethod::Deflated } else { CompressionMethod::Stored };
        zip.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn honest_documents_of_each_zip_kind_pass_within_bounds() {
    let mut rng = Rng::new(3);
    let kinds = [DocumentKind::Docx, DocumentKind::Xlsx, DocumentKind::Odt];
    for ((label, parts), kind) in honest_parts(|| rng.next_u64()).into_iter().zip(kinds) {
        for bytes in [write_zip(&parts), zip_of(&parts)] {
            let (outcome, inflated) = judge(&bytes);
            assert_eq!(outcome, Ok(kind), "{label}");
            assert!(inflated <= INFLATED_BOUND, "{label} inflated {inflated}");
            assert_eq!(check_document("d", &bytes, DEFAULT_DOCUMENT_MAX_BYTES).map(|d| d.kind), Ok(kind));
        }
    }
}
