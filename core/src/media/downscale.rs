//! Shrinking an oversized photo on request: the only place where pixels are decoded.
//!
//! The photo is decoded, resized with Lanczos3, turned upright by its EXIF orientation and
//! encoded anew as a quality-90 JPEG with no metadata; its ICC colour profile is carried over
//! when it describes the same colour space, so colours do not shift.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{ExtendedColorType, ImageEncoder, ImageFormat, ImageReader, Limits};

use super::jpeg::Layout;
use super::photo::MAX_PHOTO_PIXELS;
use super::photo_refusal::PhotoRefusal;
use super::strip;

/// JPEG quality of a downscaled photo: visually lossless for news pictures.
const QUALITY: u8 = 90;

/// The photo re-encoded at `width × height` (the displayed size), upright and without metadata.
///
/// The caller has already checked the header: a supported coding and at most
/// [`MAX_PHOTO_PIXELS`], so decoding cannot be asked to allocate more than that.
pub(super) fn downscale(
    bytes: &[u8],
    layout: &Layout<'_>,
    orientation: u8,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, PhotoRefusal> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), ImageFormat::Jpeg);
    let mut limits = Limits::default();
    limits.max_image_width = Some(u32::from(layout.frame.width));
    limits.max_image_height = Some(u32::from(layout.frame.height));
    limits.max_alloc = Some(MAX_PHOTO_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    let image = reader.decode().map_err(|_| PhotoRefusal::Unreadable)?;
    // Resizing first and turning the small result is cheaper than turning 12 megapixels.
    let (stored_width, stored_height) = if strip::swaps_axes(orientation) { (height, width) } else { (width, height) };
    let mut resized = image.resize_exact(stored_width, stored_height, FilterType::Lanczos3);
    if let Some(orientation) = Orientation::from_exif(orientation) {
        resized.apply_orientation(orientation);
    }
    let (pixels, color, icc_space) = if resized.color().has_color() {
        (resized.into_rgb8().into_raw(), ExtendedColorType::Rgb8, b"RGB ")
    } else {
        (resized.into_luma8().into_raw(), ExtendedColorType::L8, b"GRAY")
    };

    let mut out = Vec::with_capacity(pixels.len() / 8);
    let mut encoder = JpegEncoder::new_with_quality(&mut out, QUALITY);
    if let Some(icc) = strip::icc_profile(layout).filter(|icc| icc.get(16..20) == Some(icc_space)) {
        // An encoder that cannot embed the profile still produces a correct, slightly duller photo.
        let _ = encoder.set_icc_profile(icc);
    }
    encoder.write_image(&pixels, width, height, color).map_err(|_| PhotoRefusal::Unreadable)?;
    Ok(out)
}
