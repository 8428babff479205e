//! Behaviour of [`check_photo`]: the §5.5 rules, metadata removal and robustness on bad input.

use image::metadata::Orientation;

use super::jpeg::{self, APP1, Malformed, Unsupported};
use super::test_jpeg::*;
use super::*;

fn check(name: &str, bytes: &[u8]) -> Result<AcceptedPhoto, PhotoRefusal> {
    check_photo(name, bytes, PhotoOptions::default())
}

fn downscaling() -> PhotoOptions {
    PhotoOptions { downscale: true, ..PhotoOptions::default() }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn ordinary_photo_passes_without_any_metadata_and_with_identical_pixels() {
    let original = phone_photo(640, 480, 1);
    let accepted = check("IMG_0001.jpg", &original).unwrap();
    assert_eq!((accepted.width, accepted.height, accepted.downscaled), (640, 480, false));
    assert_eq!(accepted.file_name, "IMG_0001.jpg");
    let out = &accepted.bytes;
    for secret in [&b"Exif"[..], b"Phone", b"2024:05:01", b"ns.adobe.com", b"Photoshop", b"secret comment", b"serial"] {
        assert!(!contains(out, secret), "{} left in the photo", String::from_utf8_lossy(secret));
    }
    assert!(!contains(out, b"TRAILING-SECRET") && out.ends_with(&[0xFF, 0xD9]));
    assert!(contains(out, b"ICC_PROFILE\0"), "the colour profile may stay");
    assert_eq!(scans(out), scans(&original), "entropy-coded data must be bit-identical");
    assert_eq!(decode(out), decode(&original));
    assert!(out.len() < original.len());
}

#[test]
fn progressive_photo_keeps_every_scan() {
    let original = with_segments(&progressive(&noisy(300, 200, 7)), &[exif_segment(1, b"thumb"), segment(0xFE, b"x")]);
    let out = check("p.jpeg", &original).unwrap().bytes;
    let layout = jpeg::parse(&out).unwrap();
    assert!(layout.segments.iter().filter(|s| s.marker == jpeg::SOS).count() > 1);
    assert_eq!(scans(&out), scans(&original));
    assert_eq!(decode(&out), decode(&original));
}

#[test]
fn jfif_thumbnail_goes_and_adobe_colour_header_stays() {
    let mut jfif = b"JFIF\0\x01\x02\x01\0\x48\0\x48\x02\x01".to_vec();
    jfif.extend_from_slice(&[9; 6]); // a 2×1 RGB thumbnail
    let adobe = segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01");
    let base = baseline(64, 64);
    assert_eq!(&base[2..4], &[0xFF, 0xE0], "the encoder writes its own JFIF header first");
    let body = &base[4 + usize::from(base[5])..];
    let photo = [&[0xFF, 0xD8][..], &segment(0xE0, &jfif), &adobe, body].concat();
    let out = check("a.jpg", &photo).unwrap().bytes;
    assert_eq!(&out[2..20], &segment(0xE0, b"JFIF\0\x01\x02\x01\0\x48\0\x48\0\0")[..]);
    assert!(contains(&out, &adobe));
}

#[test]
fn orientation_is_judged_as_displayed_and_kept_as_a_single_tag() {
    // Stored 600×500, turned a quarter by EXIF 6: the reader sees a 500×600 portrait.
    let accepted = check("turned.jpg", &phone_photo(600, 500, 6)).unwrap();
    assert_eq!((accepted.width, accepted.height), (500, 600));
    let layout = jpeg::parse(&accepted.bytes).unwrap();
    let exif: Vec<_> = layout.segments.iter().filter(|s| s.marker == APP1).collect();
    assert_eq!(exif.len(), 1);
    assert_eq!(exif[0].bytes.len(), 36, "only the orientation tag");
    assert_eq!(Orientation::from_exif_chunk(&exif[0].payload[6..]), Some(Orientation::Rotate90));
    assert!(!contains(&accepted.bytes, b"Phone"));

    // Stored 1000×500 (fine as landscape), but displayed 500×1000: a portrait too tall.
    let refusal = check("turned.jpg", &phone_photo(1000, 500, 8)).unwrap_err();
    assert_eq!(refusal, PhotoRefusal::TooTall { width: 500, height: 1000, max_height: 600, rotated: true });
    assert!(refusal.message().contains("поворота"));
}

#[test]
fn upright_photo_has_no_exif_at_all() {
    let out = check("a.jpg", &phone_photo(100, 80, 1)).unwrap().bytes;
    assert!(jpeg::parse(&out).unwrap().segments.iter().all(|s| s.marker != APP1));
}

#[test]
fn size_limits_follow_the_regulation_with_squares_counted_as_landscape() {
    let small = baseline(16, 16);
    let sized = |w, h| check("a.jpg", &with_frame(&small, 0xC0, 8, w, h));
    assert!(sized(1290, 800).is_ok());
    assert!(sized(1290, 1290).is_ok(), "a square counts as landscape");
    assert!(sized(599, 600).is_ok());
    assert!(sized(600, 600).is_ok());
    let wide = sized(1600, 900).unwrap_err();
    assert_eq!(wide.code(), "photo_too_wide");
    assert_eq!(
        wide.message(),
        "Ширина горизонтальной фотографии 1600 px, а допускается не больше 1290 px. \
         Уменьшите фото или включите автоматическое уменьшение."
    );
    assert_eq!(wide.details()["width"], 1600);
    assert_eq!(sized(1291, 1291).unwrap_err().code(), "photo_too_wide");
    let tall = sized(500, 601).unwrap_err();
    assert_eq!(tall.code(), "photo_too_tall");
    assert!(tall.message().starts_with("Высота вертикальной фотографии 601 px"));
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header_even_when_downscaling() {
    let bomb = with_frame(&baseline(16, 16), 0xC0, 8, 20000, 20000);
    assert!(bomb.len() < 2000);
    for options in [PhotoOptions::default(), downscaling()] {
        let refusal = check_photo("bomb.jpg", &bomb, options).unwrap_err();
        assert_eq!(refusal.code(), "photo_too_many_pixels");
        assert!(refusal.message().contains("20000 × 20000 px (400 Мп)"), "{}", refusal.message());
        assert_eq!(refusal.details()["max_pixels"], 60_000_000);
    }
}

#[test]
fn a_png_named_jpg_is_refused_as_png() {
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(noisy(8, 8, 1))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let refusal = check("photo.jpg", &png).unwrap_err();
    assert_eq!(refusal, PhotoRefusal::NotJpeg { detected: Some("PNG") });
    assert!(refusal.message().contains("в формате PNG"));
}

#[test]
fn empty_garbage_and_truncated_files_are_refused_clearly() {
    assert_eq!(check("a.jpg", b"").unwrap_err().code(), "photo_empty");
    assert_eq!(check("a.jpg", b"hello, world").unwrap_err(), PhotoRefusal::NotJpeg { detected: None });
    let photo = baseline(64, 48);
    for cut in [3, 20, photo.len() / 2, photo.len() - 2] {
        let refusal = check("a.jpg", &photo[..cut]).unwrap_err();
        assert_eq!(refusal, PhotoRefusal::Corrupt { problem: Malformed::Truncated }, "cut at {cut}");
        assert!(refusal.message().contains("обрезан"));
    }
    let headers_only = [&photo[..photo.len() - 2], &[0xFF, 0xD9]].concat();
    assert!(check("a.jpg", &headers_only).is_ok(), "the end-of-image marker is all a scan needs to end");
}

#[test]
fn too_many_bytes_are_refused_with_the_size() {
    let refusal =
        check_photo("a.jpg", &vec![0; 3 * 1024 * 1024], PhotoOptions { downscale: false, max_bytes: 1 << 20 });
    let refusal = refusal.unwrap_err();
    assert_eq!(refusal.code(), "photo_too_large");
    assert!(refusal.message().starts_with("Размер файла 3 МБ, а допускается не больше 1 МБ."));
    assert_eq!(PhotoOptions::default().max_bytes, 15 * 1024 * 1024);
}

#[test]
fn jpeg_variants_the_decoder_cannot_read_are_refused_from_the_header() {
    let small = baseline(16, 16);
    let cases = [
        (0xC9, 8, Unsupported::Arithmetic),
        (0xCA, 8, Unsupported::Arithmetic),
        (0xC3, 8, Unsupported::Lossless),
        (0xC5, 8, Unsupported::Hierarchical),
        (0xC1, 12, Unsupported::Precision(12)),
        (0xC2, 12, Unsupported::Precision(12)),
    ];
    for (marker, precision, coding) in cases {
        for options in [PhotoOptions::default(), downscaling()] {
            let bytes = with_frame(&small, marker, precision, 2000, 1500);
            let refusal = check_photo("a.jpg", &bytes, options).unwrap_err();
            assert_eq!(refusal, PhotoRefusal::UnsupportedCoding { coding }, "SOF {marker:#x}");
            assert!(refusal.message().contains("редком варианте JPEG"));
        }
    }
    assert_eq!(
        check("a.jpg", &with_frame(&small, 0xC1, 12, 16, 16)).unwrap_err().message(),
        "Фото сохранено в редком варианте JPEG (12 бит на канал вместо 8), который не показывают браузеры. \
         Сохраните его заново как обычный JPEG (8 бит, базовый или прогрессивный) и загрузите снова."
    );
}

#[test]
fn a_bad_name_is_refused_with_a_transliterated_suggestion() {
    let refusal = check("Фото с собрания.jpg", &baseline(16, 16)).unwrap_err();
    assert_eq!(refusal.code(), "photo_bad_name");
    assert_eq!(refusal.details()["suggested_name"], "Foto_s_sobraniya.jpg");
    assert_eq!(
        refusal.message(),
        "В имени файла «Фото с собрания.jpg» есть пробелы и русские буквы, а можно использовать только латинские \
         буквы, цифры, знаки «_» и «-», без пробелов. Переименуйте файл, например: «Foto_s_sobraniya.jpg»."
    );
    let refusal = check("photo.png", &baseline(16, 16)).unwrap_err();
    assert!(refusal.message().starts_with("Имя файла «photo.png» должно оканчиваться на .jpg или .jpeg."));
}

#[test]
fn a_long_name_is_refused_with_the_length_it_was_sent_with() {
    let name = format!("{}.jpg", "a".repeat(296));
    let refusal = check(&name, &baseline(16, 16)).unwrap_err();
    assert_eq!(
        (refusal.details()["problem"].as_str(), refusal.details()["name_chars"].as_u64()),
        (Some("too_long"), Some(300))
    );
    assert!(
        refusal.message().starts_with("Имя файла слишком длинное: 300 символов, а допускается не больше 120."),
        "{}",
        refusal.message()
    );
    let refusal = check(&format!("{}.jpg", "b".repeat(117)), &baseline(16, 16)).unwrap_err();
    assert!(refusal.message().starts_with("Имя файла слишком длинное: 121 символ,"), "{}", refusal.message());
}

#[test]
fn a_text_direction_mark_in_a_photo_name_is_quoted_visibly() {
    let refusal = check("evil\u{202E}gpj.exe.jpg", &baseline(16, 16)).unwrap_err();
    assert_eq!(refusal.details()["file_name"], "evil\\u{202e}gpj.exe.jpg");
    assert!(!refusal.message().contains('\u{202E}'), "{}", refusal.message());
}

#[test]
fn downscaling_shrinks_an_oversized_photo_to_the_limit_without_metadata() {
    let accepted = check_photo("big.jpg", &phone_photo(2000, 1000, 1), downscaling()).unwrap();
    assert_eq!((accepted.width, accepted.height, accepted.downscaled), (1290, 645, true));
    assert_eq!(decode(&accepted.bytes).dimensions(), (1290, 645));
    let layout = jpeg::parse(&accepted.bytes).unwrap();
    assert!(layout.segments.iter().all(|s| !matches!(s.marker, 0xE1 | 0xED | 0xFE)));
    assert!(!contains(&accepted.bytes, b"TRAILING"));

    // A photo that already fits is only stripped, never re-encoded.
    let small = phone_photo(400, 300, 1);
    let kept = check_photo("small.jpg", &small, downscaling()).unwrap();
    assert!(!kept.downscaled);
    assert_eq!(scans(&kept.bytes), scans(&small));
}

#[test]
fn downscaling_turns_the_photo_upright() {
    // Stored 800×600 with a red top-left corner; EXIF 6 turns it a quarter clockwise on screen,
    // so the reader sees a 600×800 portrait whose red corner is at the top right.
    let mut stored = noisy(800, 600, 3);
    for (x, y, pixel) in stored.enumerate_pixels_mut() {
        *pixel = if x < 200 && y < 150 { image::Rgb([255, 0, 0]) } else { image::Rgb([0, 0, 0]) };
    }
    let photo = with_segments(&encode(&stored, 95), &[exif_segment(6, b"")]);
    let accepted = check_photo("turned.jpg", &photo, downscaling()).unwrap();
    assert_eq!((accepted.width, accepted.height), (450, 600));
    let shown = decode(&accepted.bytes);
    assert_eq!(shown.dimensions(), (450, 600));
    assert!(shown.get_pixel(440, 10)[0] > 200, "red corner at the top right");
    assert!(shown.get_pixel(10, 10)[0] < 50);
}

#[test]
fn never_panics_on_mutated_truncated_or_random_input() {
    // The last seed is wider than allowed, so that mutations of it reach the decoder when downscaling.
    let seeds = [phone_photo(48, 32, 6), progressive(&noisy(40, 24, 5)), baseline(24, 40), phone_photo(1300, 16, 1)];
    let mut rng = Rng::new(0x5EED);
    for round in 0..3000 {
        let mut bytes = seeds[round % seeds.len()].clone();
        match rng.below(4) {
            0 => bytes.truncate(rng.below(bytes.len())),
            1 => {
                for _ in 0..=rng.below(8) {
                    let at = rng.below(bytes.len());
                    bytes[at] = rng.byte();
                }
            }
            2 => {
                let at = rng.below(bytes.len());
                let noise: Vec<u8> = (0..rng.below(64)).map(|_| rng.byte()).collect();
                bytes.splice(at..at, noise);
            }
            _ => {
                bytes = [0xFF, 0xD8, 0xFF].into_iter().chain((0..rng.below(512)).map(|_| rng.byte())).collect();
            }
        }
        let options = PhotoOptions { downscale: (round / seeds.len()).is_multiple_of(2), max_bytes: 1 << 20 };
        if let Ok(accepted) = check_photo("f.jpg", &bytes, options) {
            assert!(jpeg::parse(&accepted.bytes).is_ok(), "what is stored parses again");
        }
    }
}
