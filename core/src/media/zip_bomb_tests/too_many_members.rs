//! More members than any document has: each costs a header check, so their number is bounded.

use super::*;

#[test]
fn an_archive_with_too_many_members_is_refused() {
    let refusal = assert_refused(&with_members(20_001), "document_zip_too_many_members");
    assert_eq!(refusal, DocumentRefusal::ZipTooManyMembers { max: 20_000 });
    assert!(refusal.message().starts_with("Внутри документа больше 20000 частей"));
}

#[test]
fn an_archive_at_the_member_limit_is_judged_on_its_content() {
    let (outcome, inflated) = judge(&with_members(20_000));
    assert_eq!(outcome, Ok(DocumentKind::Docx));
    assert!(inflated <= INFLATED_BOUND, "{inflated}");
}
