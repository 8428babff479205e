//! Members whose data unpacks to other than they declare: a bomb inside honest-looking sizes.

use super::*;

#[test]
fn a_member_inflating_far_past_its_declared_size_is_caught_without_inflating_it() {
    // Declared 100 MiB from ~1 MiB: within the size and ratio limits, yet the stream holds
    // 1 GiB. Its symbols are counted, not inflated, and counting stops past the declaration.
    let liar = Member::raw("word/media/image1.png", 8, zeros_deflated(1024 * MIB), 100 * MIB, 0);
    let refusal = assert_refused(&docx_with(&[liar]), "document_zip_size_mismatch");
    let DocumentRefusal::ZipSizeMismatch { member, declared, actual_at_least } = &refusal else { panic!() };
    assert_eq!((member.as_str(), *declared), ("word/media/image1.png", 100 * MIB));
    assert!(*actual_at_least > 100 * MIB && *actual_at_least <= 100 * MIB + 258);
}

#[test]
fn a_stored_member_longer_than_declared_is_refused() {
    let mut liar = Member::stored("word/media/image1.png", &[7; 5000]);
    liar.uncompressed = 100;
    assert_refused(&docx_with(&[liar]), "document_zip_size_mismatch");
}

#[test]
fn a_member_shorter_than_declared_is_corrupt() {
    let mut short = Member::deflated("word/styles.xml", &[b'x'; 5000]);
    short.uncompressed = 6000;
    let (outcome, _) = judge(&docx_with(&[short]));
    assert_eq!(outcome, Err(DocumentRefusal::Corrupt { kind: None }));
}

#[test]
fn a_deciding_member_with_a_wrong_crc_is_corrupt() {
    let mut members = docx_members();
    members[0].crc ^= 1;
    let zip = ZipBuilder::of(&members);
    let (outcome, inflated) = judge(&zip.finish());
    assert_eq!(outcome, Err(DocumentRefusal::Corrupt { kind: None }));
    assert!(inflated <= INFLATED_BOUND);
}

#[test]
fn a_stream_that_is_not_deflate_is_corrupt() {
    let garbage = Member::raw("word/styles.xml", 8, vec![0xFF; 300], 1000, 0);
    let (outcome, _) = judge(&docx_with(&[garbage]));
    assert_eq!(outcome, Err(DocumentRefusal::Corrupt { kind: None }));
}
