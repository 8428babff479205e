//! Files for the media tests, built in memory: JPEGs as a phone leaves them (EXIF date and GPS,
//! XMP, a comment, bytes after the end), a PNG, header bombs, and small DOCX/PDF documents.

use std::io::{Cursor, Write};

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};

/// A baseline JPEG of noise over a gradient, so that it is neither trivial nor degenerate.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut state = u64::from(width) * 7919 + u64::from(height) + 1;
    let image = RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let base = ((x * 255) / width.max(1)) as u8 / 2 + ((y * 255) / height.max(1)) as u8 / 2;
        let n = (state & 0x3F) as u8;
        image::Rgb([base.wrapping_add(n), base / 2 + n, 255 - base])
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(image.as_raw(), width, height, ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A PNG, for a file renamed `.jpg`.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_pixel(width, height, image::Rgb([10, 120, 200]));
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Where the secrets of [`phone_photo`] can be recognised.
pub const SECRETS: &[&[u8]] =
    &[b"Exif", b"PhoneMaker", b"2024:05:01 10:00:00", b"GPSLatitude", b"secret comment", b"TRAILING-SECRET"];

/// A photo as a phone leaves it: EXIF with the camera, the date and a GPS position, XMP with the
/// position again, a comment, and bytes after the end of the image.
pub fn phone_photo(width: u32, height: u32) -> Vec<u8> {
    let segments = [
        segment(0xE1, &[b"Exif\0\0".as_slice(), &exif_with_gps()].concat()),
        segment(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>55,45N</exif:GPSLatitude></x:xmpmeta>",
        ),
        segment(0xFE, b"secret comment"),
    ];
    let plain = jpeg(width, height);
    let mut out = plain[..2].to_vec();
    for s in &segments {
        out.extend_from_slice(s);
    }
    out.extend_from_slice(&plain[2..]);
    out.extend_from_slice(b"TRAILING-SECRET");
    out
}

/// A marker segment with its length.
fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// A little-endian TIFF: IFD0 with make, date and a GPS pointer; a GPS IFD with a latitude.
fn exif_with_gps() -> Vec<u8> {
    fn entry(t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
        for bytes in [&tag.to_le_bytes()[..], &kind.to_le_bytes(), &count.to_le_bytes(), &value.to_le_bytes()] {
            t.extend_from_slice(bytes);
        }
    }
    // header 8, IFD0 (3 entries) 42, GPS IFD (2 entries) 30, then make (11), date (20), latitude (24).
    let (gps, make, date, latitude) = (50u32, 80u32, 91u32, 111u32);
    let mut t = b"II*\0".to_vec();
    t.extend_from_slice(&8u32.to_le_bytes());
    t.extend_from_slice(&3u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, 11, make);
    entry(&mut t, 0x0132, 2, 20, date);
    entry(&mut t, 0x8825, 4, 1, gps);
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes([b'N', 0, 0, 0]));
    entry(&mut t, 0x0002, 5, 3, latitude);
    t.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(t.len(), make as usize);
    t.extend_from_slice(b"PhoneMaker\0");
    t.extend_from_slice(b"2024:05:01 10:00:00\0");
    assert_eq!(t.len(), latitude as usize);
    for value in [55u32, 1, 45, 1, 2112, 100] {
        t.extend_from_slice(&value.to_le_bytes());
    }
    t.extend_from_slice(b"GPSLatitude");
    t
}

/// The same JPEG claiming another size in its frame header: nothing else changes, so only a
/// check that reads the header (and decodes nothing) can tell.
pub fn claiming_size(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let mut pos = 2;
    while !matches!(out[pos + 1], 0xC0..=0xC3) {
        pos += 2 + usize::from(u16::from_be_bytes([out[pos + 2], out[pos + 3]]));
    }
    out[pos + 5..pos + 7].copy_from_slice(&height.to_be_bytes());
    out[pos + 7..pos + 9].copy_from_slice(&width.to_be_bytes());
    out
}

/// From the first start-of-scan to the end of image: the entropy-coded picture.
pub fn scans(jpeg: &[u8]) -> &[u8] {
    let mut start = 2;
    while jpeg[start + 1] != 0xDA {
        start += 2 + usize::from(u16::from_be_bytes([jpeg[start + 2], jpeg[start + 3]]));
    }
    let end = jpeg.windows(2).rposition(|w| w == [0xFF, 0xD9]).unwrap();
    &jpeg[start..end + 2]
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Width and height of a JPEG, decoded.
pub fn decoded_size(jpeg: &[u8]) -> (u32, u32) {
    let image = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).unwrap();
    (image.width(), image.height())
}

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

const WORD_MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const WORD_MACRO_MAIN: &str = "application/vnd.ms-word.document.macroEnabled.main+xml";

/// A minimal Word document, as Word writes its package.
pub fn docx() -> Vec<u8> {
    zip_of(&[("[Content_Types].xml", &content_types(WORD_MAIN)), ("word/document.xml", b"<w:document/>")])
}

/// A Word document carrying a VBA project, whatever it is named.
pub fn docm() -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", &content_types(WORD_MACRO_MAIN)),
        ("word/document.xml", b"<w:document/>"),
        ("word/vbaProject.bin", b"Attribute VB_Name = \"AutoOpen\""),
    ])
}

fn content_types(main: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{main}"/></Types>"#
    )
    .into_bytes()
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in members {
        zip.start_file(*name, SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated))
            .unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Percent-encodes a query value.
pub fn query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
