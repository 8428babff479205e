//! Members sharing bytes: the "better zip bomb" (David Fifield, 2019) lets many central
//! records point into one kernel of compressed data, so a few kilobytes count many times over.

use super::*;

#[test]
fn two_records_sharing_one_local_header_are_refused() {
    let part = Member::deflated("word/media/image1.png", &[1; 4000]);
    let mut zip = ZipBuilder::of(&docx_members());
    let shared = zip.local(&part);
    zip.central(&part, shared).central(&part, shared);
    let refusal = assert_refused(&zip.finish(), "document_zip_overlap");
    assert_eq!(refusal.details()["offset"], shared);
}

#[test]
fn a_member_whose_data_contains_the_next_member_is_refused() {
    // Fifield's quoting: the outer member's stored data is the inner member's whole local record.
    let inner = Member::deflated("word/media/image2.png", &[2; 4000]);
    let outer = Member::stored("word/media/image1.png", &inner.local_record());
    let mut zip = ZipBuilder::of(&docx_members());
    let at = zip.local(&outer);
    zip.central(&outer, at).central(&inner, at + 30 + outer.name.len() as u64);
    let refusal = assert_refused(&zip.finish(), "document_zip_overlap");
    assert_eq!(refusal.details()["members"][1], "word/media/image2.png");
}

#[test]
fn a_local_header_with_a_long_extra_field_pushes_its_data_into_the_next_member() {
    // The central record says the data is short, but where it starts depends on the local
    // header's own name and extra lengths: here the data runs on into the next record.
    let first = Member::stored("a.xml", &[3; 100]);
    let second = Member::stored("b.xml", &[4; 100]);
    let mut zip = ZipBuilder::of(&docx_members());
    let at = zip.local(&first);
    let next = zip.local(&second);
    zip.central(&first, at).central(&second, next);
    let mut bytes = zip.finish();
    let extra_len = at as usize + 28;
    bytes[extra_len] = 40; // 40 bytes of "extra field" taken from the data and beyond
    assert_refused(&bytes, "document_zip_overlap");
}
