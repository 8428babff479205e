//! Parsing a gallery: every field's problem at once, each photo entry under its own path.

use time::macros::date;

use super::*;
use crate::ids::MediaId;

fn photo(id: &str, caption: &str) -> PhotoInput {
    PhotoInput { media_id: id.into(), caption: caption.into() }
}

fn input(photos: Vec<PhotoInput>) -> GalleryInput {
    GalleryInput {
        title: "  Семинар уполномоченных по охране труда ".into(),
        event_date: Some("2026-11-20".into()),
        event_place: " Казань ".into(),
        description: "Первый день.\r\nВторой день.".into(),
        photos,
    }
}

fn fields(input: &GalleryInput) -> Vec<(String, &'static str)> {
    GalleryText::parse(input).unwrap_err().into_iter().map(|i| (i.field, i.code)).collect()
}

#[test]
fn a_good_gallery_parses_trimmed_in_the_authors_order() {
    let (a, b) = (MediaId::new(), MediaId::new());
    let text = GalleryText::parse(&input(vec![photo(&b.to_string(), " Зал "), photo(&a.to_string(), "")])).unwrap();
    assert_eq!(text.title(), "Семинар уполномоченных по охране труда");
    assert_eq!(text.event_date(), Some(date!(2026 - 11 - 20)));
    assert_eq!(text.event_place(), Some("Казань"));
    assert_eq!(text.description(), Some("Первый день.\nВторой день."));
    let photos: Vec<_> = text.photos().iter().map(|p| (p.media_id(), p.caption())).collect();
    assert_eq!(photos, [(b, Some("Зал")), (a, None)]);
}

#[test]
fn a_draft_needs_only_a_title() {
    let text = GalleryText::parse(&GalleryInput { title: "Субботник".into(), ..GalleryInput::default() }).unwrap();
    assert_eq!((text.event_date(), text.event_place(), text.description()), (None, None, None));
    assert!(text.photos().is_empty());
}

#[test]
fn every_field_and_every_entry_problem_is_reported_at_once() {
    let good = MediaId::new().to_string();
    let bad = GalleryInput {
        title: " ".into(),
        event_date: Some("20.11.2026".into()),
        event_place: "Казань\nСамара".into(),
        description: "о".repeat(MAX_DESCRIPTION_CHARS + 1),
        photos: vec![
            photo(&good, "Зал"),
            photo("not-an-id", ""),
            photo(&good, ""),
            photo(&MediaId::new().to_string(), &"п".repeat(MAX_CAPTION_CHARS + 1)),
            photo(&MediaId::new().to_string(), "Первая строка\nвторая"),
        ],
    };
    assert_eq!(
        fields(&bad),
        [
            ("title".to_owned(), "required"),
            ("event_date".to_owned(), "invalid_date"),
            ("event_place".to_owned(), "control_characters"),
            ("description".to_owned(), "too_long"),
            ("photos[1].media_id".to_owned(), "invalid_id"),
            ("photos[2].media_id".to_owned(), "duplicate"),
            ("photos[3].caption".to_owned(), "too_long"),
            ("photos[4].caption".to_owned(), "control_characters"),
        ]
    );
}

#[test]
fn a_repeated_photo_is_named_with_the_place_of_its_first_copy() {
    let id = MediaId::new().to_string();
    let other = MediaId::new().to_string();
    let problems = GalleryText::parse(&input(vec![photo(&other, ""), photo(&id, ""), photo(&id, "")])).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "photos[2].media_id");
    assert!(problems[0].message.contains("на 2-м месте"), "{}", problems[0].message);
}

#[test]
fn limits_are_inclusive_and_counted_in_characters() {
    let photos = (0..MAX_PHOTOS).map(|_| photo(&MediaId::new().to_string(), &"п".repeat(MAX_CAPTION_CHARS))).collect();
    let at_limit = GalleryInput {
        title: "ж".repeat(MAX_TITLE_CHARS),
        event_place: "м".repeat(MAX_PLACE_CHARS),
        description: "о".repeat(MAX_DESCRIPTION_CHARS),
        photos,
        ..GalleryInput::default()
    };
    assert_eq!(GalleryText::parse(&at_limit).unwrap().photos().len(), MAX_PHOTOS);
    let long_title = GalleryInput { title: "ж".repeat(MAX_TITLE_CHARS + 1), ..at_limit.clone() };
    assert_eq!(fields(&long_title), [("title".to_owned(), "too_long")]);
    let long_place = GalleryInput { event_place: "м".repeat(MAX_PLACE_CHARS + 1), ..at_limit.clone() };
    assert_eq!(fields(&long_place), [("event_place".to_owned(), "too_long")]);
}

#[test]
fn more_than_two_hundred_photos_are_refused_with_the_count() {
    let photos = (0..=MAX_PHOTOS).map(|_| photo(&MediaId::new().to_string(), "")).collect();
    let problems = GalleryText::parse(&input(photos)).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].field.as_str(), problems[0].code), ("photos", "too_many"));
    assert!(problems[0].message.starts_with("В фотогалерее 201 фотография, а допускается не больше 200"));
}

#[test]
fn impossible_dates_are_refused() {
    let bad = GalleryInput {
        title: "Субботник".into(), event_date: Some("2026-02-30".into()), ..Default::default()
    };
    assert_eq!(fields(&bad), [("event_date".to_owned(), "invalid_date")]);
}

#[test]
fn only_photos_of_the_gallerys_own_unit_pass_and_each_other_entry_is_named() {
    let (photo_id, document, foreign) = (MediaId::new(), MediaId::new(), MediaId::new());
    let entries = [photo_id, document, foreign].iter().map(|id| photo(&id.to_string(), "")).collect();
    let text = GalleryText::parse(&input(entries)).unwrap();
    let problems = text
        .check_photos(|id| match id {
            id if id == photo_id => PhotoFound::Photo,
            id if id == document => PhotoFound::Document,
            _ => PhotoFound::Missing,
        })
        .unwrap_err();
    let found: Vec<_> = problems.iter().map(|i| (i.field.as_str(), i.code)).collect();
    assert_eq!(found, [("photos[1].media_id", "not_a_photo"), ("photos[2].media_id", "photo_not_found")]);
    assert!(problems.iter().all(|i| i.message.contains("фотограф")));
    assert!(text.check_photos(|_| PhotoFound::Photo).is_ok());
}
