//! Metadata removal: rebuilds a JPEG from the parts that carry pixels, keeping its scans untouched.
//!
//! Kept: quantization and Huffman tables, frame and scan headers with their entropy-coded data
//! (byte for byte), restart intervals, the ICC colour profile, the JFIF header without its
//! thumbnail, and the 12-byte Adobe header that tells how the colour components are coded
//! (dropping it would change the decoded colours). Everything else goes: EXIF with its thumbnail,
//! dates and GPS, XMP, IPTC, comments, other application segments, bytes after the end of image.
//! An orientation other than "upright" is written back as a minimal EXIF segment holding only
//! that tag, so the photo still shows the way it was taken.

use super::jpeg::{APP0, APP1, APP2, APP14, APP15, COM, EOI, Layout, SOI};

const EXIF_SIGNATURE: &[u8] = b"Exif\0\0";
const JFIF_SIGNATURE: &[u8] = b"JFIF\0";
const ICC_SIGNATURE: &[u8] = b"ICC_PROFILE\0";
const ADOBE_SIGNATURE: &[u8] = b"Adobe";

/// The EXIF Orientation value (1–8) of the photo, 1 when it has none or an unreadable one.
pub fn orientation(layout: &Layout<'_>) -> u8 {
    layout
        .app_segment(APP1, EXIF_SIGNATURE)
        .and_then(|exif| image::metadata::Orientation::from_exif_chunk(&exif[EXIF_SIGNATURE.len()..]))
        .map_or(1, image::metadata::Orientation::to_exif)
}

/// Whether an EXIF orientation turns the picture a quarter, so that width and height swap on screen.
pub fn swaps_axes(orientation: u8) -> bool {
    matches!(orientation, 5..=8)
}

/// The ICC profile of the photo, reassembled from its APP2 chunks in their order.
pub fn icc_profile(layout: &Layout<'_>) -> Option<Vec<u8>> {
    let chunks: Vec<&[u8]> = layout
        .segments
        .iter()
        .filter(|s| s.marker == APP2 && s.payload.starts_with(ICC_SIGNATURE))
        .filter_map(|s| s.payload.get(ICC_SIGNATURE.len() + 2..))
        .collect();
    (!chunks.is_empty()).then(|| chunks.concat())
}

/// The file rebuilt without metadata; see the module documentation for what stays.
pub fn strip(layout: &Layout<'_>, orientation: u8, capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    out.extend_from_slice(&[0xFF, SOI]);
    if let Some(jfif) = layout.app_segment(APP0, JFIF_SIGNATURE).filter(|p| p.len() >= 12) {
        // Version, density units and densities; the thumbnail size is set to 0×0.
        write_segment(&mut out, APP0, &[JFIF_SIGNATURE, &jfif[5..12], &[0, 0]].concat());
    }
    if orientation != 1 {
        write_segment(&mut out, APP1, &orientation_exif(orientation));
    }
    for segment in &layout.segments {
        match segment.marker {
            APP2 if segment.payload.starts_with(ICC_SIGNATURE) => out.extend_from_slice(segment.bytes),
            APP14 if segment.payload.starts_with(ADOBE_SIGNATURE) && segment.payload.len() >= 12 => {
                write_segment(&mut out, APP14, &segment.payload[..12]);
            }
            APP0..=APP15 | COM => {}
            // JPGn extensions (0xF0–0xFD) are skipped too, except JPEG-LS frames, which are refused earlier.
            0xF0..=0xF6 | 0xF8..=0xFD => {}
            _ => out.extend_from_slice(segment.bytes),
        }
    }
    out.extend_from_slice(&[0xFF, EOI]);
    out
}

fn write_segment(out: &mut Vec<u8>, marker: u8, payload: &[u8]) {
    // Every payload written here is a few dozen bytes, far below the 65533-byte limit.
    let len = u16::try_from(payload.len() + 2).unwrap_or(u16::MAX);
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
}

/// An EXIF payload whose only entry is the Orientation tag (0x0112), big-endian TIFF.
fn orientation_exif(orientation: u8) -> Vec<u8> {
    let mut exif = EXIF_SIGNATURE.to_vec();
    exif.extend_from_slice(b"MM\0\x2A\0\0\0\x08"); // TIFF header, first IFD at offset 8
    exif.extend_from_slice(&1u16.to_be_bytes()); // one entry
    exif.extend_from_slice(&[0x01, 0x12, 0x00, 0x03]); // Orientation, type SHORT
    exif.extend_from_slice(&1u32.to_be_bytes()); // count 1
    exif.extend_from_slice(&[0, orientation, 0, 0]); // the value, left-justified in 4 bytes
    exif.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    exif
}
