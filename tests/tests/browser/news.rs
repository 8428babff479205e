//! A news item from the author's editor through moderation to the organization's public page
//! (§5): a photo named in Cyrillic is refused with the Latin name to rename it to, the §5.4
//! findings stop the submission until fixed, the moderator rejects with a reason, the author
//! fixes and resubmits, the moderator publishes.

use cabinet_tests::media::jpeg;

use crate::harness::{Browser, STAFF_PASSWORD, Site, TempDir};

journeys!(a_news_item_goes_through_moderation_to_the_public_page);

const CAPS: &str = "ПРОФСОЮЗ ПРОВЁЛ СЕМИНАР ПО ОХРАНЕ ТРУДА";
const HEADLINE: &str = "Профсоюз провёл семинар по охране труда";
const LEAD: &str = "Профсоюз провёл в Казани семинар для уполномоченных по охране труда больниц республики.";
const CAPTION: &str = "Участники семинара";
const READY: &str = "Новость полностью готова к размещению: факты проверены, цитаты согласованы со спикерами, текст \
                     проверен на перспективу судебных разбирательств (п. 5.6 Положения)";
const REASON: &str = "Укажите, кто выступал на семинаре.";

fn body(paragraphs: usize) -> String {
    (1..=paragraphs).map(|i| format!("Абзац номер {i} о семинаре по охране труда.")).collect::<Vec<_>>().join("\n\n")
}

async fn a_news_item_goes_through_moderation_to_the_public_page(site: &Site, user: &Browser) {
    let admin = site.app.admin().await;
    let org = site.app.organization(&admin, "kazan").await;
    let author = site.person(&org, &["news.write", "media.upload"]).await;
    let central = site.app.central(&admin).await;
    let moderator = site.person(&central, &["news.moderate"]).await;
    let files = TempDir::new("news-photos");
    let cyrillic = files.0.join("Фото с семинара.jpg");
    let latin = files.0.join("Foto_s_seminara.jpg");
    for path in [&cyrillic, &latin] {
        std::fs::write(path, jpeg(800, 600)).expect("a photo on disk");
    }

    // The author writes; the photo named in Cyrillic is refused at its field, the text stays.
    user.sign_in(&author, STAFF_PASSWORD).await;
    user.visit("/news").await;
    user.see("Новостей пока нет").await;
    user.snapshot("news-list-empty").await;
    user.follow("Написать новость").await;
    user.fill("Заголовок", CAPS).await;
    user.fill("Лид-абзац", LEAD).await;
    user.fill("Текст новости", &body(4)).await;
    user.fill("Место события", "Казань").await;
    user.upload("Добавить фотографию", &cyrillic).await;
    user.fill("Подпись к добавляемой фотографии", CAPTION).await;
    user.snapshot("news-new").await;
    user.press("Сохранить").await;
    let refusal = user.field_error("Добавить фотографию").await;
    assert!(!refusal.trim().is_empty(), "the file's problem is said at it");
    user.see("Foto_s_seminara.jpg").await;
    assert_eq!(user.value("Подпись к добавляемой фотографии").await, CAPTION, "the caption typed stays");
    assert_eq!(user.value("Заголовок").await, CAPS);
    user.snapshot("news-photo-refused").await;

    // Renamed, the photo is taken; the findings of §5.4 block the submission.
    user.upload("Добавить фотографию", &latin).await;
    user.press("Сохранить").await;
    user.see("Новость сохранена как черновик").await;
    user.see("одними заглавными буквами").await;
    user.see("Мешает отправке").await;
    user.see("Как увидит посетитель сайта").await;
    user.snapshot("news-draft-findings").await;
    user.fill("Заголовок", HEADLINE).await;
    user.press("Сохранить").await;
    user.see("Замечаний по п. 5.4 Положения нет").await;
    user.check(READY).await;
    user.press("Отправить на модерацию").await;
    user.see("Новость отправлена на модерацию").await;
    user.snapshot("news-submitted").await;
    user.sign_out().await;

    // The moderator rejects it with a reason.
    user.sign_in(&moderator, STAFF_PASSWORD).await;
    user.follow("Очередь модерации").await;
    user.see(HEADLINE).await;
    user.snapshot("moderation-queue").await;
    user.follow(HEADLINE).await;
    user.see(LEAD).await;
    user.snapshot("moderation-item").await;
    user.fill("Причина", REASON).await;
    user.press("Отклонить").await;
    let done = user.flash().await;
    assert!(done.contains("отклонена"), "{done}");
    user.sign_out().await;

    // The author sees why, fixes it and sends it again.
    user.sign_in(&author, STAFF_PASSWORD).await;
    user.visit("/news").await;
    user.see(REASON).await;
    user.snapshot("news-list-rejected").await;
    user.follow(HEADLINE).await;
    user.see(&format!("Причина: {REASON}")).await;
    user.snapshot("news-rejected").await;
    user.fill("Текст новости", &format!("{}\n\nНа семинаре выступил технический инспектор труда.", body(4))).await;
    user.press("Сохранить").await;
    user.check(READY).await;
    user.press("Отправить на модерацию").await;
    user.see("Новость отправлена на модерацию").await;
    user.sign_out().await;

    // The moderator publishes it.
    user.sign_in(&moderator, STAFF_PASSWORD).await;
    user.visit("/moderation").await;
    user.follow(HEADLINE).await;
    user.press("Опубликовать").await;
    let done = user.flash().await;
    assert!(done.contains(&format!("Новость «{HEADLINE}» опубликована")), "{done}");
    user.snapshot("moderation-published").await;
    user.sign_out().await;

    // A visitor of the site finds it on the organization's page, with its photo.
    user.visit("/o/kazan").await;
    user.see(HEADLINE).await;
    user.snapshot("public-org-news").await;
    user.follow(HEADLINE).await;
    user.see(LEAD).await;
    user.see(CAPTION).await;
    user.see("технический инспектор труда").await;
    user.snapshot("public-news-item").await;
}
