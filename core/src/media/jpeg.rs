//! JPEG marker structure: walks the segments and scans of a file without decoding a single pixel.
//!
//! The walk covers the whole file — every segment, every scan of a progressive image, the end of
//! image and whatever follows it — so that [`super::strip`] can rebuild the file from exactly the
//! parts it keeps.

/// Start of image.
pub const SOI: u8 = 0xD8;
/// End of image.
pub const EOI: u8 = 0xD9;
/// Start of scan: the segment followed by entropy-coded data.
pub const SOS: u8 = 0xDA;
/// Comment.
pub const COM: u8 = 0xFE;
/// Application segments APP0..APP15.
pub const APP0: u8 = 0xE0;
pub const APP1: u8 = 0xE1;
pub const APP2: u8 = 0xE2;
pub const APP14: u8 = 0xEE;
pub const APP15: u8 = 0xEF;
/// JPEG-LS frame header (ITU T.87), which no browser shows.
const SOF55: u8 = 0xF7;
/// Define hierarchical progression and expand reference components: only in hierarchical files.
const DHP: u8 = 0xDE;
const EXP: u8 = 0xDF;

/// One marker of the file with its bytes, from its `0xFF` to the end of its payload; a start of
/// scan also carries the entropy-coded data that follows it.
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a> {
    pub marker: u8,
    pub bytes: &'a [u8],
    /// The payload after the two length bytes; empty for a standalone marker.
    pub payload: &'a [u8],
}

/// The frame header (SOFn): how the image is coded and how big it says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    pub marker: u8,
    pub precision: u8,
    pub width: u16,
    pub height: u16,
    pub components: u8,
}

/// A structurally valid JPEG, split into its parts.
#[derive(Debug)]
pub struct Layout<'a> {
    pub segments: Vec<Segment<'a>>,
    pub frame: Frame,
    /// More than one frame, or a DHP/EXP marker: a hierarchical JPEG.
    pub hierarchical: bool,
}

/// Why a file that starts like a JPEG is not a usable one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// The file ends in the middle of a segment or of the image data.
    Truncated,
    /// A segment declares a length that cannot be right.
    BadSegment,
    /// No frame header (SOFn) before the image data.
    NoFrame,
    /// The frame header is malformed.
    BadFrame,
    /// The scan header is malformed.
    BadScan,
    /// The file has headers but no image data.
    NoScan,
    /// A second start-of-image marker inside the file.
    NestedImage,
}

impl Malformed {
    pub fn code(self) -> &'static str {
        match self {
            Self::Truncated => "truncated",
            Self::BadSegment => "bad_segment",
            Self::NoFrame => "no_frame_header",
            Self::BadFrame => "bad_frame_header",
            Self::BadScan => "bad_scan_header",
            Self::NoScan => "no_image_data",
            Self::NestedImage => "nested_image",
        }
    }
}

/// A real JPEG variant that browsers and our decoder cannot show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    Precision(u8),
    Arithmetic,
    Lossless,
    Hierarchical,
    JpegLs,
    /// Height 0 in the frame header: the height comes later in a DNL marker.
    HeightLater,
    Components(u8),
}

impl Unsupported {
    pub fn code(self) -> &'static str {
        match self {
            Self::Precision(_) => "precision",
            Self::Arithmetic => "arithmetic_coding",
            Self::Lossless => "lossless",
            Self::Hierarchical => "hierarchical",
            Self::JpegLs => "jpeg_ls",
            Self::HeightLater => "height_in_dnl",
            Self::Components(_) => "components",
        }
    }
}

impl Layout<'_> {
    /// The reason the image could not be decoded, read from its headers alone.
    pub fn unsupported(&self) -> Option<Unsupported> {
        let f = self.frame;
        let unsupported = match f.marker {
            SOF55 => Unsupported::JpegLs,
            0xC5..=0xC7 | 0xCD..=0xCF => Unsupported::Hierarchical,
            0xC9..=0xCB => Unsupported::Arithmetic,
            0xC3 => Unsupported::Lossless,
            _ if self.hierarchical => Unsupported::Hierarchical,
            _ if f.precision != 8 => Unsupported::Precision(f.precision),
            _ if !matches!(f.components, 1 | 3 | 4) => Unsupported::Components(f.components),
            _ if f.height == 0 => Unsupported::HeightLater,
            _ => return None,
        };
        Some(unsupported)
    }

    /// The first application segment of the given kind whose payload starts with `signature`.
    pub fn app_segment(&self, marker: u8, signature: &[u8]) -> Option<&[u8]> {
        self.segments.iter().find(|s| s.marker == marker && s.payload.starts_with(signature)).map(|s| s.payload)
    }
}

/// Whether the bytes begin like a JPEG at all (start of image, then a marker).
pub fn looks_like_jpeg(data: &[u8]) -> bool {
    data.starts_with(&[0xFF, SOI, 0xFF])
}

fn is_frame_marker(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC)) || marker == SOF55
}

/// Walks the whole file. Only headers are interpreted; entropy-coded data is skipped over.
pub fn parse(data: &[u8]) -> Result<Layout<'_>, Malformed> {
    if !looks_like_jpeg(data) {
        return Err(Malformed::NoFrame);
    }
    let mut segments = Vec::with_capacity(16);
    let mut frame: Option<Frame> = None;
    let mut hierarchical = false;
    let mut pos = 2;
    loop {
        // Bytes that are not a marker where one is expected are skipped, as libjpeg does.
        pos = find_ff(data, pos).ok_or(Malformed::Truncated)?;
        while data.get(pos + 1) == Some(&0xFF) {
            pos += 1; // fill bytes before a marker
        }
        let start = pos;
        let marker = *data.get(pos + 1).ok_or(Malformed::Truncated)?;
        pos += 2;
        match marker {
            EOI => break,
            SOI => return Err(Malformed::NestedImage),
            0x00 => continue, // a stray stuffed byte between segments
            0x01 | 0xD0..=0xD7 => {
                segments.push(Segment { marker, bytes: &data[start..pos], payload: &[] });
                continue;
            }
            _ => {}
        }
        let len = usize::from(read_u16(data, pos).ok_or(Malformed::Truncated)?);
        if len < 2 {
            return Err(Malformed::BadSegment);
        }
        let end = pos.checked_add(len).filter(|&end| end <= data.len()).ok_or(Malformed::Truncated)?;
        let payload = &data[pos + 2..end];
        pos = end;
        if is_frame_marker(marker) {
            let parsed = parse_frame(marker, payload)?;
            if frame.is_some() {
                hierarchical = true;
            } else {
                frame = Some(parsed);
            }
        } else if marker == DHP || marker == EXP {
            hierarchical = true;
        } else if marker == SOS {
            let components = frame.ok_or(Malformed::NoFrame)?.components;
            check_scan(payload, components)?;
            pos = skip_entropy(data, pos)?;
        }
        segments.push(Segment { marker, bytes: &data[start..pos], payload });
    }
    let frame = frame.ok_or(Malformed::NoFrame)?;
    if !segments.iter().any(|s| s.marker == SOS) {
        return Err(Malformed::NoScan);
    }
    // Whatever follows the end of image is not part of the picture and is left out.
    Ok(Layout { segments, frame, hierarchical })
}

fn parse_frame(marker: u8, p: &[u8]) -> Result<Frame, Malformed> {
    let (&[precision, h1, h0, w1, w0, components], rest) = p.split_first_chunk::<6>().ok_or(Malformed::BadFrame)?;
    let width = u16::from_be_bytes([w1, w0]);
    if components == 0 || width == 0 || rest.len() != 3 * usize::from(components) {
        return Err(Malformed::BadFrame);
    }
    let sampling_ok = rest.chunks_exact(3).all(|c| (1..=4).contains(&(c[1] >> 4)) && (1..=4).contains(&(c[1] & 0x0F)));
    if marker != SOF55 && !sampling_ok {
        return Err(Malformed::BadFrame);
    }
    Ok(Frame { marker, precision, width, height: u16::from_be_bytes([h1, h0]), components })
}

fn check_scan(p: &[u8], frame_components: u8) -> Result<(), Malformed> {
    let count = *p.first().ok_or(Malformed::BadScan)?;
    if count == 0 || count > frame_components || p.len() != 4 + 2 * usize::from(count) {
        return Err(Malformed::BadScan);
    }
    Ok(())
}

/// Returns the position of the marker that ends the entropy-coded data starting at `pos`.
fn skip_entropy(data: &[u8], mut pos: usize) -> Result<usize, Malformed> {
    loop {
        pos = find_ff(data, pos).ok_or(Malformed::Truncated)?;
        match data.get(pos + 1) {
            None => return Err(Malformed::Truncated),
            Some(0x00 | 0xD0..=0xD7) => pos += 2, // stuffed zero or restart marker: still data
            Some(0xFF) => pos += 1,               // fill byte
            Some(_) => return Ok(pos),
        }
    }
}

fn find_ff(data: &[u8], from: usize) -> Option<usize> {
    data.get(from..)?.iter().position(|&b| b == 0xFF).map(|i| from + i)
}

fn read_u16(data: &[u8], pos: usize) -> Option<u16> {
    let bytes = data.get(pos..pos.checked_add(2)?)?;
    Some(u16::from_be_bytes([bytes[0], bytes[1]]))
}
