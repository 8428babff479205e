//! A gallery's checks: the news headline rule for the title, and photos to show.

use super::*;
use crate::ids::MediaId;
use crate::news::Severity;

fn text(title: &str, photos: usize) -> GalleryText {
    let photos = (0..photos).map(|_| PhotoInput { media_id: MediaId::new().to_string(), caption: String::new() });
    GalleryText::parse(&GalleryInput { title: title.into(), photos: photos.collect(), ..GalleryInput::default() })
        .unwrap()
}

fn codes(title: &str, photos: usize) -> Vec<&'static str> {
    check(&text(title, photos)).findings().iter().map(GalleryFinding::code).collect()
}

#[test]
fn a_gallery_with_a_title_and_one_uncaptioned_photo_is_ready() {
    let checks = check(&text("Субботник в сквере Победы", 1));
    assert!(checks.findings().is_empty() && !checks.blocks_submission());
}

#[test]
fn a_title_in_capitals_blocks_like_a_news_headline() {
    let checks = check(&text("СУББОТНИК В СКВЕРЕ ПОБЕДЫ!", 3));
    assert_eq!(checks.findings(), [GalleryFinding::TitleAllCaps { letters: 22 }]);
    assert!(checks.blocks_submission());
    let finding = &checks.findings()[0];
    assert_eq!((finding.severity(), finding.field()), (Severity::Blocking, "title"));
    assert!(finding.message().contains("заглавными") && finding.message().contains("5.4"), "{}", finding.message());
    // The same threshold as headlines: a short abbreviation is not shouting.
    assert_eq!(codes("ФНПР — 2026", 1), Vec::<&str>::new());
    assert_eq!(codes("Форум ФНПР", 1), Vec::<&str>::new());
}

#[test]
fn a_gallery_without_photos_blocks_submission() {
    let checks = check(&text("Субботник", 0));
    assert_eq!(checks.findings(), [GalleryFinding::PhotosMissing]);
    assert!(checks.blocks_submission());
    assert!(checks.findings()[0].message().starts_with("В фотогалерее нет ни одной фотографии"));
    assert_eq!(codes("СУББОТНИК В СКВЕРЕ", 0), ["title_all_caps", "photos_missing"]);
}

#[test]
fn findings_serialize_as_the_api_shows_them() {
    let json = serde_json::to_value(check(&text("СУББОТНИК В СКВЕРЕ", 1))).unwrap();
    assert_eq!(json[0]["code"], "title_all_caps");
    assert_eq!(json[0]["severity"], "blocking");
    assert_eq!(json[0]["field"], "title");
    assert_eq!(json[0]["details"]["letters"], 16);
    assert!(json[0]["message"].as_str().unwrap().starts_with("Название фотогалереи"));
}
