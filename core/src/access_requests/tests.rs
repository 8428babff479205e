use super::*;
use crate::permission::Permission;
use crate::policy::{Actor, Principal, UnitRef};
use crate::unit::UnitKind;
use crate::{PermissionSet, UnitId, UserId};

fn connect() -> AccessRequestInput {
    AccessRequestInput {
        kind: "connect".into(),
        full_name: Some(" Сидорова Анна Викторовна ".into()),
        position: Some("специалист по связям с общественностью".into()),
        phone: Some("8 (4822) 12-34-56".into()),
        email: Some("Sidorova@Example.RU".into()),
        functions: Some(vec!["news.write".into(), "profile.edit".into(), "news.write".into()]),
        note: Some("Прошу подключить с 1 декабря.".into()),
        ..Default::default()
    }
}

fn fields(input: &AccessRequestInput) -> Vec<String> {
    input.parse().unwrap_err().into_iter().map(|e| e.field).collect()
}

#[test]
fn a_connection_is_trimmed_normalised_and_its_functions_deduplicated() {
    let request = connect().parse().unwrap();
    assert_eq!(request.kind(), RequestKind::Connect);
    let person = request.person().unwrap();
    assert_eq!(person.full_name, "Сидорова Анна Викторовна");
    assert_eq!(person.email.as_str(), "sidorova@example.ru");
    assert_eq!(person.phone.e164(), "+74822123456");
    assert_eq!(person.functions, [Permission::NewsWrite, Permission::ProfileEdit].into_iter().collect());
    assert_eq!(request.note.as_deref(), Some("Прошу подключить с 1 декабря."));
    assert_eq!(request.user(), None);
}

#[test]
fn a_replacement_names_the_user_replaced_and_the_new_one() {
    let old = UserId::new();
    let input = AccessRequestInput { kind: "replace".into(), user_id: Some(old.to_string()), ..connect() };
    let request = input.parse().unwrap();
    assert_eq!((request.kind(), request.user()), (RequestKind::Replace, Some(old)));
    assert!(request.person().is_some());
    let without = AccessRequestInput { kind: "replace".into(), ..connect() };
    assert_eq!(fields(&without), ["user_id"]);
}

#[test]
fn a_disconnection_needs_the_user_and_a_reason_and_nothing_else() {
    let user = UserId::new();
    let input = AccessRequestInput {
        kind: "disconnect".into(),
        user_id: Some(user.to_string()),
        reason: Some(" Уволилась 30 ноября ".into()),
        ..Default::default()
    };
    let request = input.parse().unwrap();
    assert_eq!((request.user(), request.reason()), (Some(user), Some("Уволилась 30 ноября")));
    assert_eq!(fields(&AccessRequestInput { reason: Some("  ".into()), ..input.clone() }), ["reason"]);
    let with_person = AccessRequestInput { email: connect().email, functions: connect().functions, ..input };
    let errors = with_person.parse().unwrap_err();
    assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["email", "functions"]);
    assert!(errors.iter().all(|e| e.code == "not_applicable"), "{errors:?}");
}

#[test]
fn every_bad_field_is_named_at_once() {
    let input = AccessRequestInput {
        kind: "connect".into(),
        full_name: Some("  ".into()),
        position: None,
        phone: Some("123".into()),
        email: Some("не адрес".into()),
        functions: Some(vec!["news.write".into(), "users.manage".into(), "flying".into()]),
        user_id: Some(UserId::new().to_string()),
        reason: None,
        note: Some("a\u{0}b".into()),
    };
    assert_eq!(
        fields(&input),
        ["user_id", "full_name", "position", "phone", "email", "functions[1]", "functions[2]", "note"]
    );
    let codes: Vec<_> = input.parse().unwrap_err().into_iter().map(|e| e.code).collect();
    assert!(codes.contains(&"function_not_requestable") && codes.contains(&"unknown_function"), "{codes:?}");
}

#[test]
fn at_least_one_function_is_asked_and_the_message_lists_them_in_russian() {
    let none = AccessRequestInput { functions: Some(vec![]), ..connect() };
    let errors = none.parse().unwrap_err();
    assert_eq!((errors[0].field.as_str(), errors[0].code), ("functions", "required"));
    for p in FUNCTIONS {
        assert!(errors[0].message.contains(p.label()), "{}", errors[0].message);
    }
}

#[test]
fn an_unknown_kind_is_refused_with_the_three_kinds_named() {
    let errors = AccessRequestInput { kind: "promote".into(), ..connect() }.parse().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "kind");
    for code in ["connect", "replace", "disconnect"] {
        assert!(errors[0].message.contains(code));
    }
}

#[test]
fn a_decline_needs_a_reason_in_russian() {
    let empty = DeclineReason::parse("   ").unwrap_err();
    assert_eq!((empty.field.as_str(), empty.code), ("reason", "required"));
    assert!(empty.message.starts_with("Укажите причину"));
    assert_eq!(DeclineReason::parse(&"ж".repeat(TEXT_MAX + 1)).unwrap_err().code, "too_long");
    assert_eq!(DeclineReason::parse(" Нет письма ").unwrap().as_str(), "Нет письма");
}

fn admin() -> AccessRoles {
    AccessRoles { requester: false, administrator: true }
}

fn organization() -> AccessRoles {
    AccessRoles { requester: true, administrator: false }
}

fn decline() -> Event {
    Event::Decline { reason: DeclineReason::parse("Нет подписи руководителя").unwrap() }
}

#[test]
fn approving_creates_blocks_or_both_by_kind() {
    let effects = |kind| {
        let t = transition(kind, RequestState::Pending, Event::Approve, admin()).unwrap();
        assert_eq!((t.from, t.to), (RequestState::Pending, RequestState::Approved));
        (t.creates_user, t.blocks_user)
    };
    assert_eq!(effects(RequestKind::Connect), (true, false));
    assert_eq!(effects(RequestKind::Replace), (true, true));
    assert_eq!(effects(RequestKind::Disconnect), (false, true));
}

#[test]
fn a_decision_is_taken_once() {
    for state in [RequestState::Approved, RequestState::Declined, RequestState::Withdrawn] {
        for (event, roles) in [(Event::Approve, admin()), (decline(), admin()), (Event::Withdraw, organization())] {
            let kind = event.kind();
            let refusal = transition(RequestKind::Connect, state, event, roles).unwrap_err();
            assert_eq!(refusal, Refusal::Decided { event: kind, state });
            assert_eq!(refusal.kind(), crate::news::RefusalKind::State);
            assert!(refusal.message().contains(state.label()), "{}", refusal.message());
        }
    }
    let twice = transition(RequestKind::Connect, RequestState::Approved, Event::Approve, admin()).unwrap_err();
    assert_eq!(twice.code(), "access_request_already_approved");
    assert!(twice.message().starts_with("Заявку нельзя одобрить: она уже одобрена."), "{}", twice.message());
}

#[test]
fn the_organization_withdraws_and_only_the_administrator_decides() {
    let pending = RequestState::Pending;
    let declined = transition(RequestKind::Connect, pending, decline(), admin()).unwrap();
    assert_eq!(declined.to, RequestState::Declined);
    assert_eq!(declined.reason.map(|r| r.as_str().to_owned()).as_deref(), Some("Нет подписи руководителя"));
    assert!(!declined.creates_user && !declined.blocks_user);
    assert_eq!(
        transition(RequestKind::Connect, pending, Event::Withdraw, organization()).unwrap().to,
        RequestState::Withdrawn
    );
    for (event, roles) in [(Event::Approve, organization()), (decline(), organization()), (Event::Withdraw, admin())] {
        let refusal = transition(RequestKind::Disconnect, pending, event, roles).unwrap_err();
        assert!(matches!(refusal, Refusal::RoleRequired { .. }), "{refusal:?}");
        assert_eq!(refusal.kind(), crate::news::RefusalKind::Role);
    }
    // The role is checked before the state: an outsider learns nothing of the decision.
    let late = transition(RequestKind::Connect, RequestState::Approved, Event::Approve, organization());
    assert!(matches!(late, Err(Refusal::RoleRequired { .. })));
}

#[test]
fn roles_come_from_the_policy() {
    let unit = UnitId::new();
    let actor = |kind, permissions: &[Permission]| Actor {
        principal: Principal::User(UserId::new()),
        label: "x@example.ru".into(),
        unit: UnitRef { id: if kind == UnitKind::Central { UnitId::new() } else { unit }, kind },
        permissions: permissions.iter().copied().collect::<PermissionSet>(),
    };
    let org = actor(UnitKind::Organization, &[Permission::AccessRequest]);
    assert_eq!(AccessRoles::of(&org, unit), organization());
    assert_eq!(AccessRoles::of(&org, UnitId::new()), AccessRoles::default());
    let central = actor(UnitKind::Central, &[Permission::UsersManage]);
    assert_eq!(AccessRoles::of(&central, unit), admin());
}

#[test]
fn codes_round_trip() {
    for k in RequestKind::ALL {
        assert_eq!(RequestKind::from_code(k.code()), Some(k));
    }
    for s in RequestState::ALL {
        assert_eq!(RequestState::from_code(s.code()), Some(s));
    }
    assert!(FUNCTIONS.iter().all(|p| Permission::ALL.contains(p)));
}
