//! Local headers that tell another story than the central directory: what a reader walking the
//! local headers would see must be what was judged.

use super::*;

#[test]
fn a_local_header_naming_another_member_is_refused() {
    let listed = Member::deflated("word/styles.xml", b"<w:styles/>");
    let hidden = Member { name: b"word/vbaProject.bin".to_vec(), ..listed.clone() };
    let refusal = assert_refused(&with_local_and_central(&hidden, &listed), "document_zip_header_mismatch");
    assert_eq!(refusal.details()["field"], "name");
}

#[test]
fn a_local_header_with_another_method_or_sizes_is_refused() {
    let listed = Member::deflated("word/styles.xml", b"<w:styles/>");
    let other_method = Member { method: 0, ..listed.clone() };
    let refusal = assert_refused(&with_local_and_central(&other_method, &listed), "document_zip_header_mismatch");
    assert_eq!(refusal.details()["field"], "method");
    let other_size = Member { uncompressed: 1 << 30, ..listed.clone() };
    let refusal = assert_refused(&with_local_and_central(&other_size, &listed), "document_zip_header_mismatch");
    assert_eq!(refusal.details()["field"], "sizes");
}

#[test]
fn a_streamed_member_with_sizes_only_in_the_central_directory_is_accepted() {
    let listed = Member { flags: 0x08, ..Member::deflated("word/styles.xml", b"<w:styles/>") };
    let local = Member { crc: 0, compressed: 0, uncompressed: 0, ..listed.clone() };
    let (outcome, _) = judge(&with_local_and_central(&local, &listed));
    assert_eq!(outcome, Ok(DocumentKind::Docx));
}
