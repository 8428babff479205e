//! Names a file's real format from its first bytes, to tell a person what they actually uploaded.

use image::ImageFormat;

/// A short, familiar name of the format (`PNG`, `HEIC`, `PDF`…), or `None` when unrecognised.
pub fn format_name(data: &[u8]) -> Option<&'static str> {
    if data.get(4..8) == Some(b"ftyp") {
        return match data.get(8..12)? {
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" => Some("HEIC"),
            b"avif" | b"avis" => Some("AVIF"),
            b"qt  " => Some("QuickTime (видео)"),
            _ => Some("MP4 (видео)"),
        };
    }
    let signatures: [(&[u8], &'static str); 6] = [
        (b"%PDF-", "PDF"),
        (b"PK\x03\x04", "ZIP"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "Microsoft Office (OLE)"),
        (b"{\\rtf", "RTF"),
        (b"8BPS", "Photoshop (PSD)"),
        (b"\xFF\xD8\xFF", "JPEG"),
    ];
    if let Some((_, name)) = signatures.iter().find(|(magic, _)| data.starts_with(magic)) {
        return Some(name);
    }
    match image::guess_format(data).ok()? {
        ImageFormat::Png => Some("PNG"),
        ImageFormat::Gif => Some("GIF"),
        ImageFormat::WebP => Some("WebP"),
        ImageFormat::Tiff => Some("TIFF"),
        ImageFormat::Bmp => Some("BMP"),
        ImageFormat::Ico => Some("ICO"),
        ImageFormat::Avif => Some("AVIF"),
        ImageFormat::OpenExr => Some("OpenEXR"),
        ImageFormat::Qoi => Some("QOI"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_what_people_upload_instead_of_jpeg() {
        assert_eq!(format_name(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("PNG"));
        assert_eq!(format_name(b"GIF89a...."), Some("GIF"));
        assert_eq!(format_name(b"RIFF\0\0\0\0WEBPVP8 "), Some("WebP"));
        assert_eq!(format_name(b"\0\0\0\x18ftypheic\0\0\0\0"), Some("HEIC"));
        assert_eq!(format_name(b"%PDF-1.7"), Some("PDF"));
        assert_eq!(format_name(b"hello"), None);
        assert_eq!(format_name(b""), None);
    }
}
