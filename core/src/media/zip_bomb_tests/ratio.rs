//! Members, or a whole package, that unpack to far more than they take: the plain zip bomb.

use super::*;

#[test]
fn a_member_packed_a_thousandfold_is_refused_for_its_ratio() {
    let bomb = Member::raw("word/media/image1.bmp", 8, zeros_deflated(100 * MIB), 100 * MIB, 0);
    let refusal = assert_refused(&docx_with(&[bomb]), "document_zip_ratio");
    let DocumentRefusal::ZipRatio { member, compressed, uncompressed, max_ratio } = &refusal else { panic!() };
    assert_eq!(member.as_deref(), Some("word/media/image1.bmp"));
    assert_eq!((*uncompressed, *max_ratio), (100 * MIB, 100));
    assert!(*compressed < 200 * 1024, "{compressed}");
    assert!(refusal.message().starts_with("Одна из частей документа сжата в 10"), "{}", refusal.message());
    assert_eq!(refusal.details()["member"], "word/media/image1.bmp");
}

#[test]
fn many_members_each_small_enough_are_refused_together_for_their_ratio() {
    let one = zeros_deflated(MIB);
    let bombs: Vec<Member> =
        (0..400).map(|i| Member::raw(&format!("customXml/item{i}.xml"), 8, one.clone(), MIB, 0)).collect();
    let refusal = assert_refused(&docx_with(&bombs), "document_zip_ratio");
    assert!(matches!(refusal, DocumentRefusal::ZipRatio { member: None, .. }), "{refusal:?}");
    assert!(refusal.message().starts_with("Документ сжат в "), "{}", refusal.message());
}

#[test]
fn a_deciding_member_padded_into_a_bomb_is_refused_before_it_is_read() {
    // 64 MiB of spaces after the content types deflate ~1000 times; once only the first 256 KiB
    // were read and the file passed, now the ratio refuses it before anything is inflated.
    let mut content = b"<Types/>".to_vec();
    content.resize(64 << 20, b' ');
    let mut zip = ZipBuilder::default();
    zip.add(&Member::deflated("[Content_Types].xml", &content));
    let (outcome, inflated) = judge(&zip.finish());
    assert_eq!(outcome.map_err(|r| r.code()), Err("document_zip_ratio"));
    assert_eq!(inflated, 0);
}

#[test]
fn honest_xml_far_below_the_ratio_limit_passes() {
    // Office XML repeats its tags: ~10–30 times smaller deflated, well below 100.
    let mut rng = super::super::test_jpeg::Rng::new(7);
    let mut xml = String::from("<w:document><w:body>");
    while xml.len() < 3 << 20 {
        let words: Vec<String> = (0..8).map(|_| format!("слово{}", rng.below(5000))).collect();
        xml.push_str(&format!("<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r></w:p>", words.join(" ")));
    }
    xml.push_str("</w:body></w:document>");
    let member = Member::deflated("word/document2.xml", xml.as_bytes());
    let ratio = member.uncompressed / member.compressed;
    assert!((3..100).contains(&ratio), "ratio {ratio}");
    let (outcome, inflated) = judge(&docx_with(&[member]));
    assert_eq!(outcome, Ok(DocumentKind::Docx));
    assert!(inflated <= INFLATED_BOUND, "{inflated}");
}
