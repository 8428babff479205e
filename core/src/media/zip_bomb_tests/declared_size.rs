//! Members, or a package, declaring more unpacked bytes than any upload may hold.

use super::*;

#[test]
fn a_docx_hiding_a_gibibyte_of_zeros_is_refused_without_inflating_it() {
    let bomb = Member::raw("word/media/image1.png", 8, zeros_deflated(1024 * MIB), 1024 * MIB, 0);
    let bytes = docx_with(&[bomb]);
    assert!(bytes.len() < 2 * MIB as usize, "{}", bytes.len());
    let refusal = assert_refused(&bytes, "document_zip_member_too_large");
    assert_eq!(
        refusal,
        DocumentRefusal::ZipMemberTooLarge {
            member: "word/media/image1.png".into(),
            declared: 1024 * MIB,
            max: 256 * MIB,
        }
    );
    assert!(refusal.message().starts_with("Одна из частей документа после распаковки занимает 1024 МБ"));
}

#[test]
fn a_zip64_size_is_read_from_its_extra_field() {
    // The headers say 0xFFFFFFFF; the real declaration, 5 GiB, is in the ZIP64 extra field.
    let huge = Member::raw("word/media/video.bin", 8, vec![0; 64], 5 << 30, 0);
    let refusal = assert_refused(&docx_with(&[huge]), "document_zip_member_too_large");
    assert_eq!(refusal.details()["declared_bytes"], 5u64 << 30);
}

#[test]
fn members_adding_up_past_the_total_limit_are_refused() {
    // Each 200 MiB member stays under its own limit and ratio; together they do not.
    let parts: Vec<Member> = (0..3)
        .map(|i| Member::raw(&format!("xl/worksheets/sheet{i}.xml"), 8, vec![0; 2_200_000], 200 * MIB, 0))
        .collect();
    let refusal = assert_refused(&docx_with(&parts), "document_zip_total_too_large");
    let DocumentRefusal::ZipTotalTooLarge { declared, max } = refusal else { panic!() };
    assert!(declared > 600 * MIB && max == 512 * MIB, "{declared}");
}
