//! Members that point outside the members' area: into the central directory or past the file.

use super::*;

#[test]
fn a_local_header_offset_inside_the_central_directory_is_refused() {
    let part = Member::stored("word/media/image1.png", &[1; 100]);
    let mut zip = ZipBuilder::of(&docx_members());
    let directory = zip.bytes.len() as u64;
    zip.central(&part, directory);
    let refusal = assert_refused(&zip.finish(), "document_zip_out_of_bounds");
    assert_eq!(refusal.details()["limit"], directory);
}

#[test]
fn a_local_header_offset_past_the_end_of_the_file_is_refused() {
    let part = Member::stored("word/media/image1.png", &[1; 100]);
    let mut zip = ZipBuilder::of(&docx_members());
    zip.central(&part, 0xFFFF_0000);
    assert_refused(&zip.finish(), "document_zip_out_of_bounds");
}

#[test]
fn data_running_into_the_central_directory_is_refused() {
    let mut part = Member::stored("word/media/image1.png", &[1; 100]);
    part.compressed = 5000;
    part.uncompressed = 5000;
    let refusal = assert_refused(&docx_with(&[part]), "document_zip_out_of_bounds");
    let DocumentRefusal::ZipOutOfBounds { end, limit, .. } = refusal else { panic!() };
    assert!(end > limit, "{end} {limit}");
}
