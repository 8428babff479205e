//! Builders of ZIP packages, hostile and honest, shared by the hostile-document tests and by
//! `core/benches/documents.rs`, which includes this file by its path. It depends only on std and
//! on cabinet-core's own dependencies (miniz_oxide, rawzip), never on the crate's items.

use miniz_oxide::MZFlush;
use miniz_oxide::deflate::core::{CompressorOxide, create_comp_flags_from_zip_params};
use miniz_oxide::deflate::stream::deflate;

pub const MIB: u64 = 1024 * 1024;
pub const WORD_MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
pub const SHEET_MAIN: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

/// A member as it will be written: its data and what its headers declare about it.
#[derive(Clone)]
pub struct Member {
    pub name: Vec<u8>,
    pub method: u16,
    pub flags: u16,
    pub crc: u32,
    pub data: Vec<u8>,
    pub compressed: u64,
    pub uncompressed: u64,
}

impl Member {
    pub fn stored(name: &str, content: &[u8]) -> Self {
        Self::raw(name, 0, content.to_vec(), content.len() as u64, rawzip::crc32(content))
    }

    pub fn deflated(name: &str, content: &[u8]) -> Self {
        let data = miniz_oxide::deflate::compress_to_vec(content, 6);
        Self::raw(name, 8, data, content.len() as u64, rawzip::crc32(content))
    }

    /// Any data under any declaration; the CRC is only checked for members that get inflated.
    pub fn raw(name: &str, method: u16, data: Vec<u8>, uncompressed: u64, crc: u32) -> Self {
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
    pub fn local_record(&self) -> Vec<u8> {
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
pub struct ZipBuilder {
    pub bytes: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl ZipBuilder {
    /// A builder with these members already written and listed.
    pub fn of(members: &[Member]) -> Self {
        let mut zip = Self::default();
        for member in members {
            zip.add(member);
        }
        zip
    }

    /// Writes the member's local record; returns its offset.
    pub fn local(&mut self, member: &Member) -> u64 {
        let offset = self.bytes.len() as u64;
        self.bytes.extend_from_slice(&member.local_record());
        offset
    }

    /// Lists the member in the central directory at `offset`.
    pub fn central(&mut self, member: &Member, offset: u64) -> &mut Self {
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

    pub fn add(&mut self, member: &Member) -> &mut Self {
        let offset = self.local(member);
        self.central(member, offset)
    }

    pub fn finish(&self) -> Vec<u8> {
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
pub fn docx_members() -> Vec<Member> {
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
pub fn docx_with(extra: &[Member]) -> Vec<u8> {
    let mut all = docx_members();
    all.extend_from_slice(extra);
    ZipBuilder::of(&all).finish()
}

/// A raw deflate stream of `total` zero bytes (a multiple of 1 MiB) without ever holding them:
/// one flushed, byte-aligned segment of 1 MiB is repeated, then a final empty block ends it.
pub fn zeros_deflated(total: u64) -> Vec<u8> {
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

/// A real-looking DOCX with `count` members in all, the ones after its own empty and stored.
pub fn with_members(count: usize) -> Vec<u8> {
    let mut zip = ZipBuilder::of(&docx_members());
    for i in 3..count {
        zip.add(&Member::stored(&format!("{i}"), b""));
    }
    zip.finish()
}

/// A real-looking DOCX with one more member, whose local header is `local` while the central
/// directory lists it as `central`.
pub fn with_local_and_central(local: &Member, central: &Member) -> Vec<u8> {
    let mut zip = ZipBuilder::of(&docx_members());
    let at = zip.local(local);
    zip.central(central, at);
    zip.finish()
}

/// A package's parts as an office program writes them: name, content, and whether deflated.
pub type Parts = Vec<(&'static str, Vec<u8>, bool)>;

/// The parts of an honest DOCX, XLSX and ODT, each labelled: a few MB of XML and photos, the
/// photos stored as they are. `random` gives the varied numbers and the photos' bytes.
pub fn honest_parts(mut random: impl FnMut() -> u64) -> [(&'static str, Parts); 3] {
    let photo: Vec<u8> = (0..2_000_000).map(|_| random().to_le_bytes()[0]).collect();
    let docx = vec![
        ("[Content_Types].xml", content_types(WORD_MAIN, "/word/document.xml"), true),
        ("word/document.xml", sheet_xml(20_000, &mut random), true),
        ("word/media/image1.jpeg", photo.clone(), false),
        ("word/media/image2.jpeg", photo[..100_000].to_vec(), true),
    ];
    let xlsx = vec![
        ("[Content_Types].xml", content_types(SHEET_MAIN, "/xl/workbook.xml"), true),
        ("xl/workbook.xml", b"<workbook/>".to_vec(), true),
        ("xl/worksheets/sheet1.xml", sheet_xml(100_000, &mut random), true),
    ];
    let odt = vec![
        ("mimetype", b"application/vnd.oasis.opendocument.text".to_vec(), false),
        ("content.xml", sheet_xml(10_000, &mut random), true),
        ("META-INF/manifest.xml", b"<manifest:manifest/>".to_vec(), true),
        ("Pictures/1.png", photo, false),
    ];
    [("DOCX", docx), ("XLSX", xlsx), ("ODT", odt)]
}

/// The parts written as a ZIP package by [`ZipBuilder`]: deflated at level 6 or stored.
pub fn zip_of(parts: &[(&str, Vec<u8>, bool)]) -> Vec<u8> {
    let members: Vec<Member> = parts
        .iter()
        .map(
            |(name, content, deflate)| {
                if *deflate { Member::deflated(name, content) } else { Member::stored(name, content) }
            },
        )
        .collect();
    ZipBuilder::of(&members).finish()
}

/// Rows of a spreadsheet as Excel writes them: varied numbers and references, repeated tags.
fn sheet_xml(rows: usize, random: &mut impl FnMut() -> u64) -> Vec<u8> {
    let mut xml = String::from(r#"<?xml version="1.0"?><worksheet><sheetData>"#);
    for row in 1..=rows {
        xml.push_str(&format!(r#"<row r="{row}">"#));
        for (col, kind) in ["A", "B", "C", "D"].iter().zip([1, 2, 2, 3]) {
            xml.push_str(&format!(r#"<c r="{col}{row}" s="{kind}"><v>{}</v></c>"#, random() % 1_000_000));
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml.into_bytes()
}

fn content_types(main: &str, part: &str) -> Vec<u8> {
    format!(r#"<?xml version="1.0"?><Types><Override PartName="{part}" ContentType="{main}"/></Types>"#).into_bytes()
}
