//! Members compressed with methods no office program writes, in any member.

use super::*;

#[test]
fn members_compressed_other_than_stored_or_deflate_are_refused() {
    // The method ids are all it takes: no bzip2 or zstd encoder is needed to forge them.
    for (method, name) in [(9, "DEFLATE64"), (12, "BZIP2"), (14, "LZMA"), (93, "ZSTD"), (95, "XZ"), (1234, "")] {
        let part = Member::raw("word/media/image1.png", method, vec![0; 500], 1000, 0);
        let refusal = assert_refused(&docx_with(&[part]), "document_zip_method");
        assert_eq!(refusal.details()["method"], method);
        assert!(refusal.message().contains(&format!("(код {method})")), "{}", refusal.message());
        if !name.is_empty() {
            assert!(refusal.message().contains(name), "{}", refusal.message());
        }
    }
}

#[test]
fn a_deciding_member_with_another_method_is_refused_too() {
    let mut members = docx_members();
    members[0].method = 12;
    let zip = ZipBuilder::of(&members);
    assert_refused(&zip.finish(), "document_zip_method");
}
