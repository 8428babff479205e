//! Test photos built in memory: noisy JPEGs with the metadata a phone or an editor leaves in them.

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};

/// A deterministic pseudo-random sequence (xorshift64*), enough for noise and fuzzing.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % (n.max(1) as u64)).unwrap_or(0)
    }

    pub fn byte(&mut self) -> u8 {
        self.next_u64().to_le_bytes()[0]
    }
}

/// Noise over a gradient, so that the JPEG is neither trivial nor degenerate.
pub fn noisy(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut rng = Rng::new(seed);
    RgbImage::from_fn(width, height, |x, y| {
        let base = ((x * 255) / width.max(1)) as u8 / 2 + ((y * 255) / height.max(1)) as u8 / 2;
        let n = rng.byte() / 4;
        image::Rgb([base.wrapping_add(n), base / 2 + n, 255 - base])
    })
}

/// A baseline JPEG (with the encoder's JFIF header) of the given image.
pub fn encode(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(image.as_raw(), image.width(), image.height(), ExtendedColorType::Rgb8)
        .unwrap();
    out
}

pub fn baseline(width: u32, height: u32) -> Vec<u8> {
    encode(&noisy(width, height, u64::from(width * 31 + height)), 85)
}

/// A progressive JPEG (several scans) of the given image.
pub fn progressive(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    encoder.set_progressive(true);
    let (w, h) = (u16::try_from(image.width()).unwrap(), u16::try_from(image.height()).unwrap());
    encoder.encode(image.as_raw(), w, h, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

/// A marker segment with its length.
pub fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// The JPEG with `segments` inserted right after its start-of-image marker.
pub fn with_segments(jpeg: &[u8], segments: &[Vec<u8>]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    for s in segments {
        out.extend_from_slice(s);
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// An EXIF APP1 as a phone writes it: make, date, orientation, GPS position and a thumbnail.
pub fn exif_segment(orientation: u16, thumbnail: &[u8]) -> Vec<u8> {
    fn entry(t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    }
    const ASCII: u16 = 2;
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const RATIONAL: u16 = 5;
    // Layout: header 8, IFD0 (4 entries) 54, GPS IFD (2) 30, IFD1 (2) 30, then the values.
    let (gps, ifd1, make, date, latitude, thumb) = (62u32, 92u32, 122u32, 128u32, 148u32, 172u32);
    let mut t = b"II*\0".to_vec();
    t.extend_from_slice(&8u32.to_le_bytes());
    t.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut t, 0x010F, ASCII, 6, make);
    entry(&mut t, 0x0112, SHORT, 1, u32::from(orientation));
    entry(&mut t, 0x0132, ASCII, 20, date);
    entry(&mut t, 0x8825, LONG, 1, gps);
    t.extend_from_slice(&ifd1.to_le_bytes());
    assert_eq!(t.len(), gps as usize);
    t.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut t, 0x0001, ASCII, 2, u32::from_le_bytes([b'N', 0, 0, 0]));
    entry(&mut t, 0x0002, RATIONAL, 3, latitude);
    t.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(t.len(), ifd1 as usize);
    t.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut t, 0x0201, LONG, 1, thumb);
    entry(&mut t, 0x0202, LONG, 1, u32::try_from(thumbnail.len()).unwrap());
    t.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(t.len(), make as usize);
    t.extend_from_slice(b"Phone\0");
    t.extend_from_slice(b"2024:05:01 10:00:00\0");
    assert_eq!(t.len(), latitude as usize);
    for value in [55u32, 1, 45, 1, 2112, 100] {
        t.extend_from_slice(&value.to_le_bytes()); // 55° 45' 21.12"
    }
    assert_eq!(t.len(), thumb as usize);
    t.extend_from_slice(thumbnail);
    segment(0xE1, &[b"Exif\0\0".as_slice(), &t].concat())
}

/// Every other kind of metadata: XMP, IPTC, a comment, an unknown APPn, an ICC profile chunk.
pub fn other_metadata() -> Vec<Vec<u8>> {
    let mut icc = vec![0u8; 132];
    icc[16..20].copy_from_slice(b"RGB ");
    icc[36..40].copy_from_slice(b"acsp");
    vec![
        segment(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>55,45N</exif:GPSLatitude></x:xmpmeta>",
        ),
        segment(0xED, b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x0CIPTC-author"),
        segment(0xFE, b"secret comment"),
        segment(0xEA, b"VendorData serial=12345"),
        segment(0xE2, &[b"ICC_PROFILE\0\x01\x01".as_slice(), &icc].concat()),
    ]
}

/// A photo carrying all the metadata above, an EXIF thumbnail and bytes after its end.
pub fn phone_photo(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let thumbnail = baseline(32, 24);
    let mut segments = vec![exif_segment(orientation, &thumbnail)];
    segments.extend(other_metadata());
    let mut photo = with_segments(&baseline(width, height), &segments);
    photo.extend_from_slice(b"TRAILING-SECRET");
    photo
}

/// The same bytes with the frame header rewritten: another SOF marker, precision or size.
/// Nothing is decoded by validation, so this is how sizes and codings are tested cheaply.
pub fn with_frame(jpeg: &[u8], marker: u8, precision: u8, width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let at = frame_offset(&out);
    out[at + 1] = marker;
    out[at + 4] = precision;
    out[at + 5..at + 7].copy_from_slice(&height.to_be_bytes());
    out[at + 7..at + 9].copy_from_slice(&width.to_be_bytes());
    out
}

fn frame_offset(jpeg: &[u8]) -> usize {
    let mut pos = 2;
    loop {
        if matches!(jpeg[pos + 1], 0xC0..=0xC3) {
            return pos;
        }
        pos += 2 + usize::from(u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]));
    }
}

/// The bytes from the first start-of-scan to the end of image: the entropy-coded picture.
pub fn scans(jpeg: &[u8]) -> &[u8] {
    let mut start = 2;
    while jpeg[start + 1] != 0xDA {
        start += 2 + usize::from(u16::from_be_bytes([jpeg[start + 2], jpeg[start + 3]]));
    }
    let end = jpeg.windows(2).rposition(|w| w == [0xFF, 0xD9]).unwrap();
    &jpeg[start..end + 2]
}

pub fn decode(jpeg: &[u8]) -> RgbImage {
    image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).unwrap().to_rgb8()
}
