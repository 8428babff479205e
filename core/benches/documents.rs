//! Cost of refusing hostile documents (§4.2): one package per kind of ZIP attack and two hostile
//! PDFs, each through the public `check_document`, with honest documents for comparison. The
//! packages are built by the same code as the hostile-document tests. Prints its figures; no
//! harness.
//!
//! Run with `cargo bench -p cabinet-core --bench documents`.

#[path = "../src/media/zip_bomb_tests/builder.rs"]
mod builder;
#[path = "../src/media/pdf_fixtures.rs"]
mod pdf_fixtures;

#[path = "support/timing.rs"]
mod timing;

use std::error::Error;
use std::hint::black_box;
use std::time::Duration;

use timing::{mb, repeat};

use builder::{
    MIB, Member, ZipBuilder, docx_members, docx_with, honest_parts, with_local_and_central, with_members,
    zeros_deflated, zip_of,
};
use cabinet_core::media::{DEFAULT_DOCUMENT_MAX_BYTES, check_document};
use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_fixtures::{catalog, object_stream_bomb, pdf, stream};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn main() -> Result<()> {
    println!("hostile packages, refused (check_document, {} MiB limit):", DEFAULT_DOCUMENT_MAX_BYTES >> 20);
    for (label, name, bytes, code) in hostile() {
        match check_document(name, &bytes, DEFAULT_DOCUMENT_MAX_BYTES) {
            Err(refusal) if refusal.code() == code => {}
            other => return Err(format!("{label}: expected {code}, got {other:?}").into()),
        }
        let per_check = time_check(name, &bytes);
        println!("  {label:<40} {:>9}   {code:<30} {:>9}/check", size(bytes.len()), duration(per_check));
    }

    println!("honest documents, accepted:");
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut random = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut honest: Vec<(&str, Vec<u8>)> =
        honest_parts(&mut random).into_iter().map(|(label, parts)| (label, zip_of(&parts))).collect();
    honest.push(("PDF", honest_pdf(&mut random)));
    for (label, bytes) in &honest {
        let name = &format!("document.{}", label.to_lowercase());
        let accepted = check_document(name, bytes, DEFAULT_DOCUMENT_MAX_BYTES)?;
        let per_check = time_check(name, bytes);
        println!(
            "  {label:<40} {:>9}   accepted as {:<18} {:>9}/check   {:>5.0} MB/s",
            size(bytes.len()),
            format!("{:?}", accepted.kind),
            duration(per_check),
            mb(bytes.len()) / per_check.as_secs_f64(),
        );
    }
    Ok(())
}

/// One package per kind of attack: its label, file name, bytes and the refusal code expected.
fn hostile() -> Vec<(&'static str, &'static str, Vec<u8>, &'static str)> {
    let gib = 1024 * MIB;
    let ratio_member = Member::raw("word/media/image1.bmp", 8, zeros_deflated(100 * MIB), 100 * MIB, 0);
    let one = zeros_deflated(MIB);
    let ratio_package: Vec<Member> =
        (0..400).map(|i| Member::raw(&format!("customXml/item{i}.xml"), 8, one.clone(), MIB, 0)).collect();
    let declared = Member::raw("word/media/image1.png", 8, zeros_deflated(gib), gib, 0);
    let liar = Member::raw("word/media/image1.png", 8, zeros_deflated(gib), 100 * MIB, 0);
    let bzip2 = Member::raw("word/media/image1.png", 12, vec![0; 500], 1000, 0);

    let shared_part = Member::deflated("word/media/image1.png", &[1; 4000]);
    let mut overlap = ZipBuilder::of(&docx_members());
    let shared = overlap.local(&shared_part);
    overlap.central(&shared_part, shared).central(&shared_part, shared);

    let mut out_of_bounds = ZipBuilder::of(&docx_members());
    out_of_bounds.central(&Member::stored("word/media/image1.png", &[1; 100]), 0xFFFF_0000);

    let listed = Member::deflated("word/styles.xml", b"<w:styles/>");
    let hidden = Member { name: b"word/vbaProject.bin".to_vec(), ..listed.clone() };

    let javascript = pdf(&[catalog("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")]);
    vec![
        ("ratio: one member 100 MiB of zeros", "a.docx", docx_with(&[ratio_member]), "document_zip_ratio"),
        ("ratio: 400 members × 1 MiB of zeros", "a.docx", docx_with(&ratio_package), "document_zip_ratio"),
        ("member declared 1 GiB", "a.docx", docx_with(&[declared]), "document_zip_member_too_large"),
        ("size lie: 1 GiB stream declared 100 MiB", "a.docx", docx_with(&[liar]), "document_zip_size_mismatch"),
        ("method: bzip2 (12)", "a.docx", docx_with(&[bzip2]), "document_zip_method"),
        ("overlap: two records, one local header", "a.docx", overlap.finish(), "document_zip_overlap"),
        ("out of bounds: offset past the end", "a.docx", out_of_bounds.finish(), "document_zip_out_of_bounds"),
        ("too many members: 20 001", "a.docx", with_members(20_001), "document_zip_too_many_members"),
        (
            "header mismatch: local names another",
            "a.docx",
            with_local_and_central(&hidden, &listed),
            "document_zip_header_mismatch",
        ),
        ("PDF: /JavaScript open action", "a.pdf", javascript, "document_pdf_active_content"),
        (
            "PDF: object stream of 1 GiB of zeros",
            "a.pdf",
            object_stream_bomb(&zeros_deflated(gib)),
            "document_pdf_uncheckable",
        ),
    ]
}

/// A plain PDF of a few pages: a photo (DCT, as is) and compressed page text on each.
fn honest_pdf(random: &mut impl FnMut() -> u64) -> Vec<u8> {
    let pages = 4;
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 3 + 3 * i)).collect();
    let mut objects =
        vec![catalog(""), format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")).into_bytes()];
    for i in 0..pages {
        let (content, image) = (4 + 3 * i, 5 + 3 * i);
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /Contents {content} 0 R /Resources << /XObject << /Im1 {image} 0 R >> >> >>"
            )
            .into_bytes(),
        );
        let text: String = (0..2000).map(|line| format!("BT /F1 12 Tf 72 {line} Td (Строка {line}) Tj ET\n")).collect();
        objects.push(stream("/Filter /FlateDecode", &compress_to_vec_zlib(text.as_bytes(), 6)));
        let photo: Vec<u8> = (0..1_000_000).map(|_| random().to_le_bytes()[0]).collect();
        objects.push(stream("/Type /XObject /Subtype /Image /Width 1290 /Height 860 /Filter /DCTDecode", &photo));
    }
    pdf(&objects)
}

/// The mean time of one `check_document` of these bytes, over about a second.
fn time_check(name: &str, bytes: &[u8]) -> Duration {
    let (runs, elapsed) = repeat(Duration::from_secs(1), || {
        black_box(check_document(black_box(name), black_box(bytes), DEFAULT_DOCUMENT_MAX_BYTES).is_ok());
    });
    elapsed / u32::try_from(runs).unwrap_or(u32::MAX)
}

/// «310 B», «105.3 KB», «2.73 MB».
fn size(bytes: usize) -> String {
    match bytes {
        0..1000 => format!("{bytes} B"),
        1000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        _ => format!("{:.2} MB", mb(bytes)),
    }
}

/// «12.3 µs», «85.2 ms».
fn duration(d: Duration) -> String {
    let micros = d.as_secs_f64() * 1e6;
    if micros < 1000.0 { format!("{micros:.1} µs") } else { format!("{:.1} ms", micros / 1e3) }
}
