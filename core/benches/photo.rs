//! Throughput of the photo rules (§5.5) on ordinary uploads: validation with metadata stripping,
//! and the optional downscale of a 4000×3000 phone photo. Prints its figures; no harness.
//!
//! Run with `cargo bench -p cabinet-core --bench photo`.

#[path = "support/timing.rs"]
mod timing;

use std::error::Error;
use std::hint::black_box;
use std::time::Duration;

use timing::{mb, repeat};

use cabinet_core::media::{PhotoOptions, check_photo};
use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn main() -> Result<()> {
    let thumbnail = jpeg(&image(160, 120, 255, 1), 80)?;
    let photos = [
        ("landscape 1290×860", phone_photo(&jpeg(&image(1290, 860, 255, 2), 100)?, 1, &thumbnail)),
        ("square 1290×1290", phone_photo(&jpeg(&image(1290, 1290, 255, 3), 100)?, 1, &thumbnail)),
        // Stored 600×450 and turned by EXIF 6: a 450×600 portrait, its orientation written back.
        ("portrait 450×600", phone_photo(&jpeg(&image(600, 450, 255, 4), 100)?, 6, &thumbnail)),
    ];
    println!("validation + stripping (no pixels decoded):");
    let mut total_bytes = 0usize;
    let mut total_time = Duration::ZERO;
    for (label, photo) in &photos {
        let stored = check_photo("photo.jpg", photo, PhotoOptions::default())?;
        let (runs, elapsed) = repeat(Duration::from_secs(1), || {
            black_box(check_photo("photo.jpg", black_box(photo), PhotoOptions::default()).is_ok());
        });
        total_bytes += photo.len() * runs;
        total_time += elapsed;
        println!(
            "  {label:<20} {:>5.2} MB → {:>5.2} MB stored   {:>8.0} µs/photo   {:>7.0} MB/s",
            mb(photo.len()),
            mb(stored.bytes.len()),
            elapsed.as_secs_f64() * 1e6 / runs as f64,
            mb(photo.len() * runs) / elapsed.as_secs_f64(),
        );
    }
    println!("  overall {:.0} MB/s", mb(total_bytes) / total_time.as_secs_f64());

    // Phone photos: smooth content with some noise, as a camera produces it; one turned by EXIF.
    println!("downscale (decode, Lanczos3, orient, encode q90):");
    for (label, orientation) in [("4000×3000", 1), ("4000×3000 EXIF 6", 6)] {
        let big = phone_photo(&jpeg(&image(4000, 3000, 24, 5), 92)?, orientation, &thumbnail);
        let options = PhotoOptions { downscale: true, ..PhotoOptions::default() };
        let result = check_photo("big.jpg", &big, options)?;
        let (runs, elapsed) = repeat(Duration::from_secs(3), || {
            black_box(check_photo("big.jpg", black_box(&big), options).is_ok());
        });
        let per_photo = elapsed.as_secs_f64() / runs as f64;
        println!(
            "  {label:<17} {:.2} MB → {}×{} {:.2} MB   {:.0} ms/photo   {:.1} MB/s   {:.1} photos/s",
            mb(big.len()),
            result.width,
            result.height,
            mb(result.bytes.len()),
            per_photo * 1e3,
            mb(big.len()) / per_photo,
            1.0 / per_photo,
        );
    }
    Ok(())
}

/// A gradient with noise of the given amplitude (255: pure noise, the worst case for JPEG).
fn image(width: u32, height: u32, noise: u8, seed: u64) -> RgbImage {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut random = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state.to_le_bytes()
    };
    RgbImage::from_fn(width, height, |x, y| {
        let r = random();
        let base = [(x * 200 / width) as u8, (y * 200 / height) as u8, ((x + y) * 100 / (width + height)) as u8];
        let noisy = |i: usize| base[i].wrapping_add(r[i] % noise.max(1));
        image::Rgb([noisy(0), noisy(1), noisy(2)])
    })
}

fn jpeg(image: &RgbImage, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality).write_image(
        image.as_raw(),
        image.width(),
        image.height(),
        ExtendedColorType::Rgb8,
    )?;
    Ok(out)
}

/// The photo with what a phone and an editor add: a fat EXIF (date, GPS, a thumbnail, a maker
/// note), XMP, a comment, and a second picture after the end of image.
fn phone_photo(jpeg: &[u8], orientation: u32, thumbnail: &[u8]) -> Vec<u8> {
    let mut exif = b"Exif\0\0II*\0\x08\0\0\0".to_vec();
    let entries: [(u16, u16, u32, u32); 4] =
        [(0x0112, 3, 1, orientation), (0x0132, 2, 20, 0), (0x8825, 4, 1, 0), (0x927C, 7, 30_000, 0)];
    exif.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (tag, kind, count, value) in entries {
        for part in [&tag.to_le_bytes()[..], &kind.to_le_bytes(), &count.to_le_bytes(), &value.to_le_bytes()] {
            exif.extend_from_slice(part);
        }
    }
    exif.extend_from_slice(&0u32.to_le_bytes());
    exif.extend_from_slice(b"2024:05:01 10:00:00\0N\0\x37\0\0\0\x01\0\0\0");
    exif.extend(std::iter::repeat_n(0xAB, 30_000)); // maker note
    exif.extend_from_slice(&thumbnail[..thumbnail.len().min(30_000)]);
    let xmp = [&b"http://ns.adobe.com/xap/1.0/\0"[..], &[b' '; 8000]].concat();
    let mut out = jpeg[..2].to_vec();
    for (marker, payload) in [(0xE1, &exif), (0xE1, &xmp), (0xFE, &b"Comment".to_vec())] {
        out.extend_from_slice(&[0xFF, marker]);
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(payload);
    }
    out.extend_from_slice(&jpeg[2..]);
    out.extend_from_slice(thumbnail);
    out
}
