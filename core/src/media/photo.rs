//! The photo rules of §5.5: a real JPEG, a Latin file name, at most 1290 px wide (landscape) or
//! 600 px high (portrait) as the reader sees it, stored without metadata.
//!
//! Validation reads only the JPEG markers ([`super::jpeg::parse`]); pixels are decoded only when
//! the caller asks for an oversized photo to be downscaled ([`super::downscale`]).

use super::document_name::quoted;
use super::jpeg::{self, Layout};
use super::photo_name::{PhotoName, suggest_name};
use super::photo_refusal::PhotoRefusal;
use super::{downscale, sniff, strip};

/// Widest landscape (or square) photo, in pixels as displayed.
pub const MAX_LANDSCAPE_WIDTH: u32 = 1290;
/// Tallest portrait photo, in pixels as displayed.
pub const MAX_PORTRAIT_HEIGHT: u32 = 600;
/// No photo with more pixels is ever decoded, not even to downscale it: 60 megapixels.
pub const MAX_PHOTO_PIXELS: u64 = 60_000_000;
/// Largest upload accepted by default: 15 MiB.
pub const DEFAULT_PHOTO_MAX_BYTES: usize = 15 * 1024 * 1024;

/// How a photo upload is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoOptions {
    /// Shrink an oversized photo to fit instead of refusing it (decodes and re-encodes it).
    pub downscale: bool,
    /// Largest accepted file, in bytes.
    pub max_bytes: usize,
}

impl Default for PhotoOptions {
    fn default() -> Self {
        Self { downscale: false, max_bytes: DEFAULT_PHOTO_MAX_BYTES }
    }
}

/// A photo that satisfies §5.5, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedPhoto {
    /// The JPEG without metadata (only an orientation tag may remain).
    pub bytes: Vec<u8>,
    /// Size as displayed, after the EXIF orientation is applied.
    pub width: u32,
    pub height: u32,
    /// Whether the photo was shrunk and re-encoded to fit.
    pub downscaled: bool,
    pub file_name: String,
}

/// Checks an uploaded photo against §5.5 and returns it stripped of metadata, or says why not.
pub fn check_photo(file_name: &str, bytes: &[u8], options: PhotoOptions) -> Result<AcceptedPhoto, PhotoRefusal> {
    if bytes.is_empty() {
        return Err(PhotoRefusal::Empty);
    }
    if bytes.len() > options.max_bytes {
        return Err(PhotoRefusal::TooLarge { size: bytes.len(), max: options.max_bytes });
    }
    if !jpeg::looks_like_jpeg(bytes) {
        return Err(PhotoRefusal::NotJpeg { detected: sniff::format_name(bytes) });
    }
    let layout = jpeg::parse(bytes).map_err(|problem| PhotoRefusal::Corrupt { problem })?;
    if let Some(coding) = layout.unsupported() {
        return Err(PhotoRefusal::UnsupportedCoding { coding });
    }
    let name = PhotoName::parse(file_name).map_err(|problem| PhotoRefusal::BadName {
        name: quoted(file_name),
        name_chars: file_name.chars().count(),
        problem,
        suggestion: suggest_name(file_name),
    })?;

    let orientation = strip::orientation(&layout);
    let rotated = strip::swaps_axes(orientation);
    let (width, height) = displayed_size(&layout, rotated);
    let max_pixels = MAX_PHOTO_PIXELS;
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(PhotoRefusal::TooManyPixels { width, height, max_pixels });
    }

    match fit(width, height) {
        None => Ok(AcceptedPhoto {
            bytes: strip::strip(&layout, orientation, bytes.len()),
            width,
            height,
            downscaled: false,
            file_name: name.into_string(),
        }),
        Some((new_width, new_height)) if options.downscale => {
            let bytes = downscale::downscale(bytes, &layout, orientation, new_width, new_height)?;
            Ok(AcceptedPhoto {
                bytes,
                width: new_width,
                height: new_height,
                downscaled: true,
                file_name: name.into_string(),
            })
        }
        Some(_) => Err(too_big(width, height, rotated)),
    }
}

fn displayed_size(layout: &Layout<'_>, rotated: bool) -> (u32, u32) {
    let (w, h) = (u32::from(layout.frame.width), u32::from(layout.frame.height));
    if rotated { (h, w) } else { (w, h) }
}

/// The size a photo must be shrunk to, or `None` when it already fits.
/// Width ≥ height counts as landscape, so a square photo may be up to 1290 px.
pub(super) fn fit(width: u32, height: u32) -> Option<(u32, u32)> {
    if width >= height {
        (width > MAX_LANDSCAPE_WIDTH).then(|| (MAX_LANDSCAPE_WIDTH, scaled(height, MAX_LANDSCAPE_WIDTH, width)))
    } else {
        (height > MAX_PORTRAIT_HEIGHT).then(|| (scaled(width, MAX_PORTRAIT_HEIGHT, height), MAX_PORTRAIT_HEIGHT))
    }
}

/// `side × target / reference`, rounded, at least one pixel.
fn scaled(side: u32, target: u32, reference: u32) -> u32 {
    let value = (u64::from(side) * u64::from(target) + u64::from(reference) / 2) / u64::from(reference.max(1));
    u32::try_from(value).unwrap_or(u32::MAX).max(1)
}

fn too_big(width: u32, height: u32, rotated: bool) -> PhotoRefusal {
    if width >= height {
        PhotoRefusal::TooWide { width, height, max_width: MAX_LANDSCAPE_WIDTH, rotated }
    } else {
        PhotoRefusal::TooTall { width, height, max_height: MAX_PORTRAIT_HEIGHT, rotated }
    }
}
