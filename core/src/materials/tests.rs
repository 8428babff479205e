//! A material is checked whole: every field's problem at once, recipients resolved once.

use super::*;

fn org(region: &str) -> Organization {
    Organization { id: UnitId::new(), region: Some(region.to_owned()) }
}

struct World {
    known: Known,
    document: MediaId,
    photo: MediaId,
    foreign: MediaId,
}

fn world() -> World {
    let central = UnitId::new();
    let (document, photo, foreign) = (MediaId::new(), MediaId::new(), MediaId::new());
    let facts = |unit, is_document, name: &str| MediaFacts { unit, is_document, name: name.to_owned() };
    let media = HashMap::from([
        (document, facts(central, true, "Положение.pdf")),
        (photo, facts(central, false, "seminar.jpg")),
        (foreign, facts(UnitId::new(), true, "Чужой.pdf")),
    ]);
    let organizations = vec![org("Тверская область"), org("Тверская область"), org("Республика Татарстан")];
    World { known: Known { central, media, organizations }, document, photo, foreign }
}

fn input(audience: AudienceInput) -> MaterialInput {
    MaterialInput {
        title: "  Обучающие видеоматериалы  ".into(),
        body: "Посмотрите **видео** о работе с кабинетом.".into(),
        attachments: vec![],
        links: vec![LinkInput { url: "https://rutube.ru/video/1".into(), label: "Урок 1".into() }],
        audience,
    }
}

fn codes(errors: &[Invalid]) -> Vec<(&str, &str)> {
    errors.iter().map(|e| (e.field.as_str(), e.code)).collect()
}

#[test]
fn all_goes_to_every_organization_known_at_sending() {
    let w = world();
    let m = input(AudienceInput::All).parse(&w.known).unwrap();
    assert_eq!(m.title, "Обучающие видеоматериалы");
    assert_eq!(m.recipients.len(), 3);
    assert_eq!(m.audience, Audience::All);
    assert_eq!(m.links[0].label.as_deref(), Some("Урок 1"));
}

#[test]
fn a_region_matches_without_regard_to_case_and_spaces() {
    let w = world();
    let m = input(AudienceInput::Region(" тверская ОБЛАСТЬ ".into())).parse(&w.known).unwrap();
    assert_eq!(m.recipients, vec![w.known.organizations[0].id, w.known.organizations[1].id]);
    let none = input(AudienceInput::Region("Марс".into())).parse(&w.known).unwrap_err();
    assert_eq!(codes(&none), vec![("audience.region", "no_recipients")]);
}

#[test]
fn chosen_organizations_are_kept_once_and_unknown_ones_named() {
    let w = world();
    let first = w.known.organizations[0].id.to_string();
    let chosen = AudienceInput::Organizations(vec![first.clone(), first, UnitId::new().to_string(), "x".into()]);
    let errors = input(chosen).parse(&w.known).unwrap_err();
    assert_eq!(
        codes(&errors),
        vec![
            ("audience.organizations[2]", "unknown_organization"),
            ("audience.organizations[3]", "unknown_organization")
        ]
    );
    let twice = AudienceInput::Organizations(vec![w.known.organizations[2].id.to_string(); 2]);
    assert_eq!(input(twice).parse(&w.known).unwrap().recipients, vec![w.known.organizations[2].id]);
    let empty = input(AudienceInput::Organizations(vec![])).parse(&w.known).unwrap_err();
    assert_eq!(codes(&empty), vec![("audience.organizations", "required")]);
}

#[test]
fn every_problem_is_reported_at_once() {
    let w = world();
    let mut bad = input(AudienceInput::Organizations(vec![UnitId::new().to_string()]));
    bad.title = "   ".into();
    bad.links.push(LinkInput { url: "javascript:alert(1)".into(), label: String::new() });
    bad.attachments = vec![w.document.to_string(), w.photo.to_string(), w.foreign.to_string(), "nope".into()];
    let errors = bad.parse(&w.known).unwrap_err();
    assert_eq!(
        codes(&errors),
        vec![
            ("title", "required"),
            ("attachments[1]", "not_a_document"),
            ("attachments[2]", "unknown_document"),
            ("attachments[3]", "unknown_document"),
            ("links[1].url", "url_scheme"),
            ("audience.organizations[0]", "unknown_organization"),
        ]
    );
    assert!(errors.iter().all(|e| !e.message.is_empty()));
}

#[test]
fn documents_of_the_central_committee_are_attached_with_their_names() {
    let w = world();
    let mut good = input(AudienceInput::All);
    good.attachments = vec![w.document.to_string(), w.document.to_string()];
    let m = good.parse(&w.known).unwrap();
    assert_eq!(m.attachments, vec![Attachment { id: w.document, name: "Положение.pdf".into() }]);
    assert_eq!(good.attachment_ids(), vec![w.document, w.document]);
}

#[test]
fn an_empty_material_or_an_overlong_title_is_refused() {
    let w = world();
    let mut empty = input(AudienceInput::All);
    empty.body = " ".into();
    empty.links.clear();
    assert_eq!(codes(&empty.parse(&w.known).unwrap_err()), vec![("body", "empty_material")]);
    let mut long = input(AudienceInput::All);
    long.title = "я".repeat(TITLE_MAX + 1);
    assert_eq!(codes(&long.parse(&w.known).unwrap_err()), vec![("title", "too_long")]);
}

#[test]
fn the_stored_audience_reads_back() {
    let a = Audience::Organizations { organizations: vec![UnitId::new()] };
    let text = serde_json::to_string(&a).unwrap();
    assert!(text.contains(r#""kind":"organizations""#));
    assert_eq!(serde_json::from_str::<Audience>(&text).unwrap(), a);
    let r = serde_json::to_string(&Audience::Region { region: "Тверская область".into() }).unwrap();
    assert_eq!(r, r#"{"kind":"region","region":"Тверская область"}"#);
}
