//! PDFs that run JavaScript or launch programs are refused, wherever the action is written:
//! in plain objects, with escaped names, or packed in a compressed object stream.

use miniz_oxide::deflate::compress_to_vec_zlib;

use super::inflate::Budget;
use super::pdf::{PDF_INFLATE_BUDGET, check_within};
use super::pdf_fixtures::*;
use super::zip_bomb_tests::builder::{MIB, zeros_deflated};
use super::*;

/// Checks with a fresh budget: the outcome and the bytes inflated.
fn judge(bytes: &[u8]) -> (Result<DocumentKind, DocumentRefusal>, u64) {
    let mut budget = Budget::new(PDF_INFLATE_BUDGET);
    let outcome = check_within(bytes, &mut budget);
    assert_eq!(check_document("a.pdf", bytes, DEFAULT_DOCUMENT_MAX_BYTES).map(|d| d.kind), outcome);
    (outcome, budget.spent())
}

fn found(bytes: &[u8]) -> Option<&'static str> {
    match judge(bytes).0 {
        Ok(_) => None,
        Err(DocumentRefusal::PdfActiveContent { found }) => Some(found),
        Err(other) => panic!("{other:?}"),
    }
}

#[test]
fn a_plain_pdf_is_accepted_whatever_its_strings_and_images_hold() {
    let mut image = b"\xFF\xD8 binary /JS /Launch ( /JavaScript".to_vec();
    image.extend_from_slice(&[0xAB; 5000]);
    let text = compress_to_vec_zlib(b"BT /F1 12 Tf (/JavaScript and /Launch, as words) Tj ET", 6);
    let bytes = pdf(&[
        catalog("/Names << /Title (about /JS) >> /Note <2F4A53>"),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /JSfoo 1 /Launcher 2 >>".to_vec(),
        stream("/Type /XObject /Subtype /Image /Filter /DCTDecode", &image),
        stream("/Filter /FlateDecode", &text),
    ]);
    assert_eq!(judge(&bytes).0, Ok(DocumentKind::Pdf));
}

#[test]
fn javascript_and_launch_actions_are_refused() {
    let cases = [
        ("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "JavaScript"),
        ("/OpenAction << /JS 5 0 R >>", "JS"),
        ("/OpenAction << /S /Launch /F (cmd.exe) >>", "Launch"),
        ("/OpenAction << /S /J#61vaScript >>", "JavaScript"),
        ("/AA << /O << /S/#4C#61#75#6E#63#68 >> >>", "Launch"),
    ];
    for (action, name) in cases {
        let bytes = pdf(&[catalog(action)]);
        assert_eq!(found(&bytes), Some(name), "{action}");
        let refusal = judge(&bytes).0.unwrap_err();
        assert_eq!(refusal.code(), "document_pdf_active_content");
        assert!(refusal.message().starts_with("Документ PDF содержит JavaScript или запуск программ"));
        assert!(refusal.message().contains("«Печать в PDF»"));
        assert_eq!(refusal.details()["found"], name);
    }
}

#[test]
fn javascript_packed_in_a_compressed_object_stream_is_found() {
    let objects = b"3 0 4 40 << /Type /Page >> << /S /JavaScript /JS (app.launchURL('x')) >>";
    let packed = compress_to_vec_zlib(objects, 9);
    let bytes =
        pdf(&[catalog("/OpenAction 4 0 R"), stream("/Type /ObjStm /N 2 /First 8 /Filter /FlateDecode", &packed)]);
    let (outcome, inflated) = judge(&bytes);
    assert_eq!(outcome, Err(DocumentRefusal::PdfActiveContent { found: "JavaScript" }));
    assert_eq!(inflated, objects.len() as u64);
    let in_page_content = pdf(&[catalog(""), stream("/Filter /FlateDecode", &packed)]);
    assert_eq!(found(&in_page_content), Some("JavaScript"));
}

#[test]
fn object_streams_that_cannot_be_read_are_refused_as_uncheckable() {
    let packed = compress_to_vec_zlib(b"<< /Type /Page >>", 6);
    let ascii85 = pdf(&[catalog(""), stream("/Type /ObjStm /Filter [/ASCII85Decode /FlateDecode]", &packed)]);
    let predicted =
        pdf(&[catalog(""), stream("/Type /ObjStm /Filter /FlateDecode /DecodeParms << /Predictor 12 >>", &packed)]);
    let encrypted =
        pdf_with_trailer(&[catalog(""), stream("/Type /ObjStm /Filter /FlateDecode", &packed)], "/Encrypt 9 0 R ");
    let cases = [
        (ascii85, UncheckedPdf::UnusualFilter),
        (predicted, UncheckedPdf::UnusualFilter),
        (encrypted, UncheckedPdf::Encrypted),
    ];
    for (bytes, reason) in cases {
        let refusal = judge(&bytes).0.unwrap_err();
        assert_eq!(refusal, DocumentRefusal::PdfUncheckable { reason });
        assert_eq!(refusal.code(), "document_pdf_uncheckable");
    }
}

#[test]
fn an_object_stream_bomb_is_refused_within_the_budget() {
    let bytes = object_stream_bomb(&zeros_deflated(1024 * MIB));
    let (outcome, inflated) = judge(&bytes);
    let refusal = outcome.unwrap_err();
    assert_eq!(refusal, DocumentRefusal::PdfUncheckable { reason: UncheckedPdf::TooMuchToInflate { max: 8 * MIB } });
    assert!(refusal.message().contains("больше 8 МБ"), "{}", refusal.message());
    assert!(inflated <= PDF_INFLATE_BUDGET, "{inflated}");
}

#[test]
fn a_damaged_object_stream_is_corrupt_but_a_damaged_page_stream_is_not_our_concern() {
    let objstm = pdf(&[catalog(""), stream("/Type /ObjStm /Filter /FlateDecode", b"\x78\x9C\xFF\xFF\xFF")]);
    assert_eq!(judge(&objstm).0, Err(DocumentRefusal::Corrupt { kind: Some(DocumentKind::Pdf) }));
    let page = pdf(&[catalog(""), stream("/Filter /FlateDecode", b"\x78\x9C\xFF\xFF\xFF")]);
    assert_eq!(judge(&page).0, Ok(DocumentKind::Pdf));
}
