//! The moderation workflow: every (state, event, role), the happy path, and what a move stores.

use super::*;
use crate::ids::{UnitId, UserId};
use crate::permission::{Permission, PermissionSet};
use crate::policy::{Actor, Principal, UnitRef};
use crate::unit::UnitKind;

use NewsState::*;

const NOBODY: NewsRoles = NewsRoles { author: false, moderator: false };
const AUTHOR: NewsRoles = NewsRoles { author: true, moderator: false };
const MODERATOR: NewsRoles = NewsRoles { author: false, moderator: true };
const BOTH: NewsRoles = NewsRoles { author: true, moderator: true };

fn checks_of(headline: &str) -> Checks {
    let body = "Один.\n\nДва.\n\nТри.".to_owned();
    let input = NewsInput { headline: headline.into(), lead: "Лид.".into(), body, ..NewsInput::default() };
    check(&NewsText::parse(&input).unwrap(), &AbbreviationList::default())
}

fn clean() -> Checks {
    checks_of("Профсоюз добился индексации")
}

fn shouting() -> Checks {
    checks_of("ПРОФСОЮЗ ДОБИЛСЯ ИНДЕКСАЦИИ")
}

fn reason() -> Reason {
    Reason::parse("Нет даты и места события.").unwrap()
}

/// Every event the table tries, with a name for failure messages.
fn events() -> [(&'static str, NewsEvent); 6] {
    [
        ("edit", NewsEvent::Edit),
        ("submit", NewsEvent::Submit { readiness_confirmed: true }),
        ("submit unconfirmed", NewsEvent::Submit { readiness_confirmed: false }),
        ("publish", NewsEvent::Publish),
        ("reject", NewsEvent::Reject { reason: reason() }),
        ("unpublish", NewsEvent::Unpublish { reason: reason() }),
    ]
}

/// The expected outcome: the state reached, or the refusal's code.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    To(NewsState),
    No(&'static str),
}
use Outcome::{No, To};

const ROLE: Outcome = No("news_role_required");
const NOT_SUBMITTED: Outcome = No("news_not_submitted");
const NOT_PUBLISHED: Outcome = No("news_not_published");

#[rustfmt::skip]
fn expected(state: NewsState, event: &str) -> [Outcome; 4] {
    //                                  nobody  author                               moderator                 both
    match (state, event) {
        (Draft, "edit")                 => [ROLE, To(Draft),                          ROLE,                     To(Draft)],
        (Draft, "submit")               => [ROLE, To(Submitted),                      ROLE,                     To(Submitted)],
        (Draft, "submit unconfirmed")   => [ROLE, No("news_readiness_not_confirmed"), ROLE,                     No("news_readiness_not_confirmed")],
        (Draft, "publish" | "reject")   => [ROLE, ROLE,                               NOT_SUBMITTED,            NOT_SUBMITTED],
        (Draft, "unpublish")            => [ROLE, NOT_PUBLISHED,                      NOT_PUBLISHED,            NOT_PUBLISHED],
        (Submitted, "edit")             => [ROLE, To(Draft),                          ROLE,                     To(Draft)],
        (Submitted, "submit" | "submit unconfirmed")
                                        => [ROLE, No("news_already_submitted"),       ROLE,                     No("news_already_submitted")],
        (Submitted, "publish")          => [ROLE, ROLE,                               To(Published),            To(Published)],
        (Submitted, "reject")           => [ROLE, ROLE,                               To(Rejected),             To(Rejected)],
        (Submitted, "unpublish")        => [ROLE, NOT_PUBLISHED,                      NOT_PUBLISHED,            NOT_PUBLISHED],
        (Published, "edit")             => [ROLE, No("news_published_not_editable"),  ROLE,                     No("news_published_not_editable")],
        (Published, "submit" | "submit unconfirmed")
                                        => [ROLE, No("news_already_published"),       ROLE,                     No("news_already_published")],
        (Published, "publish" | "reject") => [ROLE, ROLE,                             NOT_SUBMITTED,            NOT_SUBMITTED],
        (Published, "unpublish")        => [ROLE, To(Unpublished),                    To(Unpublished),          To(Unpublished)],
        (Rejected | Unpublished, "edit") => [ROLE, To(Draft),                         ROLE,                     To(Draft)],
        (Rejected | Unpublished, "submit" | "submit unconfirmed")
                                        => [ROLE, No("news_edit_before_resubmit"),    ROLE,                     No("news_edit_before_resubmit")],
        (Rejected | Unpublished, "publish" | "reject")
                                        => [ROLE, ROLE,                               NOT_SUBMITTED,            NOT_SUBMITTED],
        (Rejected | Unpublished, "unpublish") => [ROLE, NOT_PUBLISHED,                NOT_PUBLISHED,            NOT_PUBLISHED],
        (state, event) => panic!("no expectation for {state:?} × {event}"),
    }
}

#[test]
fn every_state_event_and_role_has_the_expected_outcome() {
    let mut walked = 0;
    for state in NewsState::ALL {
        for (name, event) in events() {
            for (roles, want) in [NOBODY, AUTHOR, MODERATOR, BOTH].into_iter().zip(expected(state, name)) {
                let got = match transition(state, event.clone(), roles, &clean()) {
                    Ok(t) => {
                        assert_eq!((t.from, t.event), (state, event.kind()));
                        To(t.to)
                    }
                    Err(refusal) => No(refusal.code()),
                };
                assert_eq!(got, want, "{state:?} × {name} × {roles:?}");
                walked += 1;
            }
        }
    }
    assert_eq!(walked, 5 * 6 * 4);
}

#[test]
fn the_full_life_of_a_news_item() {
    let steps = [
        (AUTHOR, NewsEvent::Submit { readiness_confirmed: true }, Submitted),
        (MODERATOR, NewsEvent::Reject { reason: reason() }, Rejected),
        (AUTHOR, NewsEvent::Edit, Draft),
        (AUTHOR, NewsEvent::Submit { readiness_confirmed: true }, Submitted),
        (MODERATOR, NewsEvent::Publish, Published),
        (MODERATOR, NewsEvent::Unpublish { reason: reason() }, Unpublished),
        (AUTHOR, NewsEvent::Edit, Draft),
        (AUTHOR, NewsEvent::Submit { readiness_confirmed: true }, Submitted),
        (MODERATOR, NewsEvent::Publish, Published),
    ];
    let mut state = Draft;
    for (roles, event, to) in steps {
        let step = transition(state, event, roles, &clean()).unwrap();
        assert_eq!((step.from, step.to), (state, to));
        state = step.to;
    }
}

#[test]
fn each_move_records_what_storage_needs() {
    let submit = transition(Draft, NewsEvent::Submit { readiness_confirmed: true }, AUTHOR, &clean()).unwrap();
    assert!(submit.records_readiness && !submit.withdrawn_from_moderation && submit.reason.is_none());
    let withdraw = transition(Submitted, NewsEvent::Edit, AUTHOR, &clean()).unwrap();
    assert!(withdraw.withdrawn_from_moderation && !withdraw.records_readiness);
    assert!(!transition(Rejected, NewsEvent::Edit, AUTHOR, &clean()).unwrap().withdrawn_from_moderation);
    let reject = transition(Submitted, NewsEvent::Reject { reason: reason() }, MODERATOR, &clean()).unwrap();
    assert_eq!(
        (reject.reason.as_ref().map(Reason::as_str), reject.photos),
        (Some("Нет даты и места события."), Photos::Unchanged)
    );
    let publish = transition(Submitted, NewsEvent::Publish, MODERATOR, &clean()).unwrap();
    assert_eq!((publish.photos, publish.reason), (Photos::MakePublic, None));
    let unpublish = transition(Published, NewsEvent::Unpublish { reason: reason() }, AUTHOR, &clean()).unwrap();
    assert_eq!(unpublish.photos, Photos::Withdraw);
    assert_eq!(unpublish.reason, Some(reason()));
}

#[test]
fn a_blocking_finding_stops_submission_and_publication_but_not_saving() {
    let submit = transition(Draft, NewsEvent::Submit { readiness_confirmed: true }, AUTHOR, &shouting()).unwrap_err();
    assert_eq!(submit.code(), "news_blocking_findings");
    assert_eq!(submit.details()["findings"], serde_json::json!(["headline_all_caps"]));
    assert!(submit.message().contains("отправить на модерацию") && submit.message().contains("заглавными"));
    let publish = transition(Submitted, NewsEvent::Publish, MODERATOR, &shouting()).unwrap_err();
    assert_eq!((publish.code(), publish.kind()), ("news_blocking_findings", RefusalKind::Content));
    // Findings come before readiness: the author fixes the text, then confirms it is ready.
    let unconfirmed = NewsEvent::Submit { readiness_confirmed: false };
    assert_eq!(transition(Draft, unconfirmed, AUTHOR, &shouting()).unwrap_err().code(), "news_blocking_findings");
    assert!(transition(Draft, NewsEvent::Edit, AUTHOR, &shouting()).is_ok());
    assert!(transition(Submitted, NewsEvent::Reject { reason: reason() }, MODERATOR, &shouting()).is_ok());
}

#[test]
fn a_reason_is_required_and_bounded() {
    assert_eq!(Reason::parse("  \n ").unwrap_err().code, "required");
    assert_eq!(Reason::parse(&"п".repeat(MAX_REASON_CHARS + 1)).unwrap_err().code, "too_long");
    assert_eq!(Reason::parse(" Нет даты.\nИсправьте. ").unwrap().as_str(), "Нет даты.\nИсправьте.");
    assert!(Reason::parse(&"п".repeat(MAX_REASON_CHARS)).is_ok());
}

#[test]
fn roles_come_from_the_policy() {
    let organization = UnitId::new();
    let actor = |kind, unit, permissions: &[Permission]| Actor {
        principal: Principal::User(UserId::new()),
        label: "staff@example.ru".into(),
        unit: UnitRef { id: unit, kind },
        permissions: permissions.iter().copied().collect::<PermissionSet>(),
    };
    let writer = actor(UnitKind::Organization, organization, &[Permission::NewsWrite]);
    assert_eq!(NewsRoles::of(&writer, organization), AUTHOR);
    assert_eq!(NewsRoles::of(&writer, UnitId::new()), NOBODY);
    let moderator = actor(UnitKind::Central, UnitId::new(), &[Permission::NewsModerate]);
    assert_eq!(NewsRoles::of(&moderator, organization), MODERATOR);
    let admin = actor(UnitKind::Central, UnitId::new(), &[Permission::NewsWrite, Permission::NewsModerate]);
    assert_eq!(NewsRoles::of(&admin, organization), BOTH);
    let stray = actor(UnitKind::Organization, organization, &[Permission::NewsModerate]);
    assert_eq!(NewsRoles::of(&stray, organization), NOBODY);
}

#[test]
fn refusals_have_distinct_codes_and_russian_messages() {
    let refusals = [
        Refusal::RoleRequired { event: EventKind::Edit },
        Refusal::PublishedNotEditable,
        Refusal::AlreadySubmitted,
        Refusal::AlreadyPublished,
        Refusal::EditBeforeResubmit { state: Rejected },
        Refusal::NotSubmitted { event: EventKind::Publish, state: Draft },
        Refusal::NotPublished { state: Submitted },
        Refusal::ReadinessNotConfirmed,
        Refusal::BlockingFindings { event: EventKind::Submit, findings: vec![] },
    ];
    let mut codes: Vec<_> = refusals.iter().map(Refusal::code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), refusals.len());
    for refusal in &refusals {
        assert!(refusal.message().chars().any(|c| ('а'..='я').contains(&c)), "{refusal:?}");
    }
    assert_eq!(
        refusals[5].message(),
        "Опубликовать можно только новость, отправленную на модерацию, а эта новость — черновик."
    );
    assert_eq!(
        Refusal::RoleRequired { event: EventKind::Submit }.message(),
        "Вы не можете отправить эту новость на модерацию: это делает автор — пользователь организации с правом \
         «Подготовка новостей и фотогалерей». Модератор текст не исправляет (п. 5.7 Положения)."
    );
    assert_eq!(refusals[0].details()["any_of_permissions"], serde_json::json!(["news.write"]));
    assert_eq!(refusals[0].kind(), RefusalKind::Role);
    assert_eq!(refusals[1].kind(), RefusalKind::State);
}
