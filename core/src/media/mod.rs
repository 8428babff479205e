//! Rules for uploaded media: photos (§5.5) and documents (§4.2), checked from their bytes.
//!
//! Everything here works on `&[u8]` and performs no I/O. A photo is judged from its JPEG
//! markers alone; only the optional downscale decodes pixels. A document's type is read from its
//! content, never from its name, and containers are read with bounded work.

mod deflate_measure;
mod document;
mod document_name;
mod document_name_words;
mod document_refusal;
mod downscale;
mod inflate;
mod jpeg;
mod office_ole;
mod office_zip;
mod pdf;
mod pdf_syntax;
mod photo;
mod photo_name;
mod photo_refusal;
mod sniff;
mod strip;
mod zip_entries;
mod zip_limits;

#[cfg(test)]
mod document_name_tests;
#[cfg(test)]
mod document_tests;
#[cfg(test)]
mod pdf_fixtures;
#[cfg(test)]
mod pdf_tests;
#[cfg(test)]
mod photo_tests;
#[cfg(test)]
mod test_jpeg;
#[cfg(test)]
mod zip_bomb_tests;

pub use document::{AcceptedDocument, DEFAULT_DOCUMENT_MAX_BYTES, DocumentKind, check_document};
pub use document_name::{DocumentName, DocumentNameProblem, MAX_DOCUMENT_NAME_CHARS};
pub use document_refusal::{DocumentRefusal, UncheckedPdf, ZipHeaderField};
pub use jpeg::{Malformed, Unsupported};
pub use photo::{
    AcceptedPhoto, DEFAULT_PHOTO_MAX_BYTES, MAX_LANDSCAPE_WIDTH, MAX_PHOTO_PIXELS, MAX_PORTRAIT_HEIGHT, PhotoOptions,
    check_photo,
};
pub use photo_name::{NameProblem, PhotoName, suggest_name};
pub use photo_refusal::PhotoRefusal;

/// «2,4 МБ», «15 МБ», «640 КБ» — a byte count for a person.
fn megabytes(bytes: usize) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    #[allow(clippy::cast_precision_loss)] // display only
    let value = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} Б")
    } else if value < MIB {
        format!("{} КБ", decimal((value / 1024.0).ceil()))
    } else {
        format!("{} МБ", decimal(value / MIB))
    }
}

/// «1 символ», «3 символа», «300 символов».
fn characters(n: usize) -> String {
    let word = match (n % 10, n % 100) {
        (1, 1..=10 | 12..) => "символ",
        (2..=4, 1..=11 | 15..) => "символа",
        _ => "символов",
    };
    format!("{n} {word}")
}

/// «400 Мп», «12,2 Мп».
fn megapixels(pixels: u64) -> String {
    #[allow(clippy::cast_precision_loss)] // display only
    let mp = pixels as f64 / 1_000_000.0;
    format!("{} Мп", decimal(mp))
}

/// One decimal with a Russian comma, none when the number is whole.
fn decimal(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded:.1}").replace('.', ",") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally_in_russian() {
        assert_eq!(megabytes(15 * 1024 * 1024), "15 МБ");
        assert_eq!(megabytes(2_500_000), "2,4 МБ");
        assert_eq!(megabytes(1000), "1000 Б");
        assert_eq!(megabytes(1500), "2 КБ");
        assert_eq!(megapixels(400_000_000), "400 Мп");
        assert_eq!(megapixels(12_192_768), "12,2 Мп");
    }

    #[test]
    fn character_counts_agree_with_the_number() {
        let said = [1, 2, 5, 11, 12, 14, 21, 22, 25, 111, 121, 300].map(characters).join(", ");
        assert_eq!(
            said,
            "1 символ, 2 символа, 5 символов, 11 символов, 12 символов, 14 символов, 21 символ, 22 символа, \
             25 символов, 111 символов, 121 символ, 300 символов"
        );
    }
}
