//! More members than any document has: each costs a header check, so their number is bounded.

use super::*;

fn with_members(count: usize) -> Vec<u8> {
    let mut zip = ZipBuilder::of(&docx_members());
    for i in 3..count {
        zip.add(&Member::stored(&format!("{i}"), b""));
    }
    zip.finish()
}

#[test]
fn an_archive_with_too_many_members_is_refused() {
    let refusal = assert_refused(&with_members(20_001), "document_zip_too_many_members");
    assert_eq!(refusal, DocumentRefusal::ZipTooManyMembers { max: 20_000 });
    assert!(refusal.message().starts_with("Внутри документа больше 20000 частей"));
}

#[test]
fn an_archive_at_the_member_limit_is_judged_on_its_content() {
    let (outcome, _, took) = judge(&with_members(20_000));
    assert_eq!(outcome, Ok(DocumentKind::Docx));
    assert!(took < TIME_BOUND, "{took:?}");
}
