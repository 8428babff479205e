//! Hostile ZIP packages, one file per kind of attack. Each is built in memory, byte by byte where
//! no ZIP writer would produce it, and must be refused with its own code, quickly, and with the
//! bytes inflated held to a small bound whatever the package declares or hides.

mod declared_size;
mod header_mismatch;
mod honest;
mod measure;
mod method;
mod out_of_bounds;
mod overlap;
mod ratio;
mod size_lie;
mod too_many_members;

use std::time::{Duration, Instant};

use miniz_oxide::MZFlush;
use miniz_oxide::deflate::core::{CompressorOxide, create_comp_flags_from_zip_params};
use miniz_oxide::deflate::stream::deflate;

use super::inflate::Budget;
use super::office_zip::inspect_within;
use super::{DEFAULT_DOCUMENT_MAX_BYTES, DocumentKind, DocumentRefusal, check_document};

pub(super) const MIB: u64 = 1024 * 1024;
/// The most any package here may cost in inflated bytes: its few small deciding members.
const INFLATED_BOUND: u64 = 64 * 1024;
/// A generous sanity bound on time, unoptimised; the strong bound is on inflated bytes.
const TIME_BOUND: Duration = Duration::from_secs(1);
const WORD_MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

/// A member as it will be written: its data and what its headers declare about it.
#[derive(Clone)]
struct Member {
    name: Vec<u8>,
    method: u16,
    flags: u16,
    crc: u32,
    data: Vec<u8>,
    compressed: u64,
    uncompressed: u64,
}

impl Member {
    fn stored(name: &str, content: &[u8]) -> Self {
        Self::raw(name, 0, content.to_vec(), content.len() as u64, rawzip::crc32(content))
    }

    fn deflated(name: &str, content: &[u8]) -> Self {
        let data = miniz_oxide::deflate::compress_to_vec(content, 6);
        Self::raw(name, 8, data, content.len() as u64, rawzip::crc32(content))
    }

    /// Any data under any declaration; the CRC is only checked for members that get inflated.
    fn raw(name: &str, method: u16, data: Vec<u8>, uncompressed: u64, crc: u32) -> Self {
        let compressed = data.len() as u64;
        Self { name: name.as_bytes().to_vec(), method, flags: 0, crc, data, compressed, uncompressed }
    }

    /// Both sizes as the headers write them: ZIP64 puts large ones in an extra field.
    fn sizes_and_extra(&self) -> (u32, u32, Vec<u8>) {
        if self.compressed < 0xFFFF_FFFF && self.uncompressed < 0xFFFF_FFFF {
            return (self.compressed as u32, self.uncompressed as u32, Vec::new());
        }
        let mut extra = vec![1, 0, 16, 0];
        extra.extend_from_slice(&self.uncompressed.to_le_bytes());
        extra.extend_from_slice(&self.compressed.to_le_bytes());
        (u32::MAX, u32::MAX, extra)
    }

    /// The local header followed by the data.
    fn local_record(&self) -> Vec<u8> {
        let (compressed, uncompressed, extra) = self.sizes_and_extra();
        let mut out = 0x0403_4b50u32.to_le_bytes().to_vec();
        for half in [20, self.flags, self.method, 0, 0x21] {
            out.extend_from_slice(&u16::to_le_bytes(half));
        }
        for word in [self.crc, compressed, uncompressed] {
            out.extend_from_slice(&word.to_le_bytes());
        }
        out.extend_from_slice(&(self.name.len() as u16).to_le_bytes());
        out.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        out.extend_from_slice(&self.name);
        out.extend_from_slice(&extra);
        out.extend_from_slice(&self.data);
        out
    }
}

/// Local records first, then central records that may point anywhere, then the end record.
#[derive(Default)]
struct ZipBuilder {
    bytes: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl ZipBuilder {
    /// A builder with these members already written and listed.
    fn of(members: &[Member]) -> Self {
        let mut zip = Self::default();
        for member in members {
            zip.add(member);
        }
        zip
    }

    /// Writes the member's local record; returns its offset.
    fn local(&mut self, member: &Member) -> u64 {
        let offset = self.bytes.len() as u64;
        self.bytes.extend_from_slice(&member.local_record());
        offset
    }

    /// Lists the member in the central directory at `offset`.
    fn central(&mut self, member: &Member, offset: u64) -> &mut Self {
        let (compressed, uncompressed, extra) = member.sizes_and_extra();
        let out = &mut self.central;
        out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for half in [20, 20, member.flags, member.method, 0, 0x21] {
            out.extend_from_slice(&u16::to_le_bytes(half));
        }
        for word in [member.crc, compressed, uncompressed] {
            out.extend_from_slice(&word.to_le_bytes());
        }
        for half in [member.name.len() as u16, extra.len() as u16, 0, 0, 0] {
            out.extend_from_slice(&half.to_le_bytes());
        }
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&u32::try_from(offset).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&member.name);
        out.extend_from_slice(&extra);
        self.count += 1;
        self
    }

    fn add(&mut self, member: &Member) -> &mut Self {
        let offset = self.local(member);
        self.central(member, offset)
    }

    fn finish(&self) -> Vec<u8> {
        let mut out = self.bytes.clone();
        out.extend_from_slice(&self.central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for half in [0, 0, self.count, self.count] {
            out.extend_from_slice(&u16::to_le_bytes(half));
        }
        out.extend_from_slice(&(self.central.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }
}

/// The members of a small, real-looking DOCX.
fn docx_members() -> Vec<Member> {
    let types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>
<Override PartName="/word/document.xml" ContentType="{WORD_MAIN}"/></Types>"#
    );
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let body = r#"<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>Протокол собрания</w:t></w:r></w:p></w:body></w:document>"#;
    vec![
        Member::deflated("[Content_Types].xml", types.as_bytes()),
        Member::deflated("_rels/.rels", rels.as_bytes()),
        Member::deflated("word/document.xml", body.as_bytes()),
    ]
}

/// A real-looking DOCX with `extra` members after its own.
fn docx_with(extra: &[Member]) -> Vec<u8> {
    let mut all = docx_members();
    all.extend_from_slice(extra);
    ZipBuilder::of(&all).finish()
}

/// A raw deflate stream of `total` zero bytes (a multiple of 1 MiB) without ever holding them:
/// one flushed, byte-aligned segment of 1 MiB is repeated, then a final empty block ends it.
pub(super) fn zeros_deflated(total: u64) -> Vec<u8> {
    let zeros = vec![0; MIB as usize];
    let mut compressor = CompressorOxide::new(create_comp_flags_from_zip_params(9, -15, 0));
    let mut segment = vec![0; 64 * 1024];
    let result = deflate(&mut compressor, &zeros, &mut segment, MZFlush::Sync);
    assert_eq!(result.bytes_consumed, zeros.len());
    segment.truncate(result.bytes_written);
    let mut stream = segment.repeat((total / MIB) as usize);
    stream.extend_from_slice(&[0x03, 0x00]); // BFINAL, fixed codes, end of block
    stream
}

/// Inspects a package with a fresh budget: the outcome, bytes inflated, time taken.
fn judge(bytes: &[u8]) -> (Result<DocumentKind, DocumentRefusal>, u64, Duration) {
    let mut budget = Budget::new(super::inflate::INFLATE_BUDGET);
    let started = Instant::now();
    let outcome = inspect_within(bytes, &mut budget);
    (outcome, budget.spent(), started.elapsed())
}

/// The package is refused with `code`, within the inflation and time bounds, and the public
/// check agrees; returns the refusal for closer looks.
fn assert_refused(bytes: &[u8], code: &str) -> DocumentRefusal {
    let (outcome, inflated, took) = judge(bytes);
    let refusal = outcome.expect_err("the package must be refused");
    assert_eq!(refusal.code(), code, "{refusal:?}");
    assert!(inflated <= INFLATED_BOUND, "inflated {inflated} bytes");
    assert!(took < TIME_BOUND, "took {took:?}");
    assert!(refusal.message().ends_with("загрузите снова."), "{}", refusal.message());
    if bytes.len() <= DEFAULT_DOCUMENT_MAX_BYTES {
        assert_eq!(check_document("a.docx", bytes, DEFAULT_DOCUMENT_MAX_BYTES).map(|d| d.kind), Err(refusal.clone()));
    }
    eprintln!("{code}: {} bytes, inflated {inflated} bytes in {took:?}", bytes.len());
    refusal
}
