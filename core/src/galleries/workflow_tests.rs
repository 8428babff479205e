//! A gallery moves through the news workflow: the same moves, its own checks and its own words.

use super::*;
use crate::ids::MediaId;
use crate::news::{NewsEvent, NewsRoles, NewsState, Photos, Reason, RefusalKind, Subject, transition};

use NewsState::*;

const AUTHOR: NewsRoles = NewsRoles { author: true, moderator: false };
const MODERATOR: NewsRoles = NewsRoles { author: false, moderator: true };

fn checks(title: &str, photos: usize) -> GalleryChecks {
    let photos = (0..photos).map(|_| PhotoInput { media_id: MediaId::new().to_string(), caption: String::new() });
    let input = GalleryInput { title: title.into(), photos: photos.collect(), ..GalleryInput::default() };
    check(&GalleryText::parse(&input).unwrap())
}

fn ready() -> GalleryChecks {
    checks("Субботник в сквере Победы", 2)
}

fn reason() -> Reason {
    Reason::parse_about("На снимках видна дата съёмки.", Subject::Gallery).unwrap()
}

fn submit() -> NewsEvent {
    NewsEvent::Submit { readiness_confirmed: true }
}

#[test]
fn a_gallery_lives_the_life_of_a_news_item() {
    let steps = [
        (AUTHOR, submit(), Submitted, Photos::Unchanged),
        (MODERATOR, NewsEvent::Reject { reason: reason() }, Rejected, Photos::Unchanged),
        (AUTHOR, NewsEvent::Edit, Draft, Photos::Unchanged),
        (AUTHOR, submit(), Submitted, Photos::Unchanged),
        (MODERATOR, NewsEvent::Publish, Published, Photos::MakePublic),
        (AUTHOR, NewsEvent::Unpublish { reason: reason() }, Unpublished, Photos::Withdraw),
    ];
    let mut state = Draft;
    for (roles, event, to, photos) in steps {
        let step = transition(state, event, roles, &ready()).unwrap();
        assert_eq!((step.from, step.to, step.photos), (state, to, photos));
        state = step.to;
    }
}

#[test]
fn a_title_in_capitals_or_no_photos_stop_submission_and_publication_but_not_saving() {
    for (gate, code) in
        [(checks("СУББОТНИК В СКВЕРЕ", 2), "title_all_caps"), (checks("Субботник", 0), "photos_missing")]
    {
        let refused = transition(Draft, submit(), AUTHOR, &gate).unwrap_err();
        assert_eq!(refused.code_about(Subject::Gallery), "gallery_blocking_findings");
        assert_eq!(refused.kind(), RefusalKind::Content);
        assert_eq!(refused.details()["findings"], serde_json::json!([code]));
        let message = refused.message_about(Subject::Gallery);
        assert!(message.ends_with("Пока это не исправлено, фотогалерею нельзя отправить на модерацию."), "{message}");
        let publish = transition(Submitted, NewsEvent::Publish, MODERATOR, &gate).unwrap_err();
        assert_eq!(publish.code_about(Subject::Gallery), "gallery_blocking_findings");
        assert!(transition(Draft, NewsEvent::Edit, AUTHOR, &gate).is_ok());
    }
}

#[test]
fn submission_needs_the_readiness_statement() {
    let unready = transition(Draft, NewsEvent::Submit { readiness_confirmed: false }, AUTHOR, &ready()).unwrap_err();
    assert_eq!(unready.code_about(Subject::Gallery), "gallery_readiness_not_confirmed");
    assert!(unready.message_about(Subject::Gallery).contains("п. 5.5 Положения"));
    let sent = transition(Draft, submit(), AUTHOR, &ready()).unwrap();
    assert!(sent.records_readiness);
}

#[test]
fn refusals_about_a_gallery_speak_of_a_gallery() {
    let published = transition(Published, NewsEvent::Edit, AUTHOR, &ready()).unwrap_err();
    assert_eq!(published.code_about(Subject::Gallery), "gallery_published_not_editable");
    assert_eq!(
        published.message_about(Subject::Gallery),
        "Опубликованную фотогалерею нельзя изменить. Снимите её с публикации, исправьте и снова отправьте на модерацию."
    );
    let early = transition(Draft, NewsEvent::Publish, MODERATOR, &ready()).unwrap_err();
    assert_eq!(
        early.message_about(Subject::Gallery),
        "Опубликовать можно только фотогалерею, отправленную на модерацию, а эта фотогалерея — черновик."
    );
    let role = transition(Submitted, NewsEvent::Publish, AUTHOR, &ready()).unwrap_err();
    assert_eq!(role.code_about(Subject::Gallery), "gallery_role_required");
    assert!(role.message_about(Subject::Gallery).starts_with("Вы не можете опубликовать эту фотогалерею: "));
    let again = transition(Rejected, submit(), AUTHOR, &ready()).unwrap_err();
    assert!(again.message_about(Subject::Gallery).starts_with("Фотогалерея отклонена. Исправьте её"));
    // The same refusal keeps its news words and codes.
    assert_eq!(published.code(), "news_published_not_editable");
    assert!(published.message().starts_with("Опубликованную новость"));
    // Permission labels («Модерация новостей») are names, quoted as they are.
    for refusal in [published, early, role, again] {
        let words = refusal.message_about(Subject::Gallery);
        let unquoted: String =
            words.split('«').map(|part| part.split_once('»').map_or(part, |(_, rest)| rest)).collect();
        assert!(!unquoted.contains("новост"), "{words}");
    }
}

#[test]
fn an_empty_reason_names_the_gallery() {
    let empty = Reason::parse_about(" ", Subject::Gallery).unwrap_err();
    assert_eq!((empty.field.as_str(), empty.code), ("reason", "required"));
    assert!(empty.message.contains("истории фотогалереи"), "{}", empty.message);
}
