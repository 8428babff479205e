use super::*;

const DAY: i64 = 86_400_000;

fn clock(now: i64) -> Clock {
    Clock {
        now,
        opens: 10 * DAY,
        due: 20 * DAY,
        locks: 30 * DAY,
        extension_until: None,
        opens_label: "11 января".into(),
        locks_label: "31 января".into(),
    }
}

const FILLER: ReportRoles = ReportRoles { filler: true, reviewer: false };
const REVIEWER: ReportRoles = ReportRoles { filler: false, reviewer: true };

fn remarks() -> Remarks {
    Remarks::parse("", &[("/members/women".into(), "Проверьте число женщин".into())]).expect("valid remarks")
}

#[test]
fn a_report_goes_from_draft_through_return_to_accepted() {
    let now = clock(12 * DAY);
    let saved = transition(None, ReportEvent::Save, FILLER, &now).expect("save");
    assert_eq!(saved.to, ReportState::Draft);
    let sent = transition(Some(ReportState::Draft), ReportEvent::Submit, FILLER, &now).expect("submit");
    assert_eq!((sent.to, sent.late), (ReportState::Submitted, Some(false)));
    let back =
        transition(Some(ReportState::Submitted), ReportEvent::Return(remarks()), REVIEWER, &now).expect("return");
    assert_eq!(back.to, ReportState::Returned);
    assert_eq!(back.remarks.expect("kept").comments[0].field, "/members/women");
    let fixed = transition(Some(ReportState::Returned), ReportEvent::Save, FILLER, &now).expect("correct");
    assert_eq!(fixed.to, ReportState::Returned);
    let again = transition(Some(ReportState::Returned), ReportEvent::Submit, FILLER, &now).expect("resubmit");
    assert_eq!((again.to, again.late), (ReportState::Submitted, None));
    let done = transition(Some(ReportState::Submitted), ReportEvent::Accept, REVIEWER, &now).expect("accept");
    assert_eq!(done.to, ReportState::Accepted);
}

#[test]
fn a_submission_after_the_due_day_is_late_and_after_the_lock_day_is_refused() {
    let late = transition(Some(ReportState::Draft), ReportEvent::Submit, FILLER, &clock(25 * DAY)).expect("late");
    assert_eq!(late.late, Some(true));
    let refused = transition(Some(ReportState::Draft), ReportEvent::Submit, FILLER, &clock(31 * DAY));
    let refusal = refused.expect_err("locked");
    assert_eq!(refusal.code(), "report_period_locked");
    assert!(refusal.message().contains("31 января"), "{}", refusal.message());
    assert!(refusal.message().contains("продлить"), "says what to do: {}", refusal.message());
}

#[test]
fn an_extension_lets_a_locked_period_take_the_report() {
    let mut now = clock(31 * DAY);
    now.extension_until = Some(35 * DAY);
    let sent = transition(Some(ReportState::Draft), ReportEvent::Submit, FILLER, &now).expect("extended");
    assert_eq!(sent.late, Some(true));
    now.now = 36 * DAY;
    assert_eq!(
        transition(Some(ReportState::Draft), ReportEvent::Submit, FILLER, &now).map_err(|r| r.code()),
        Err("report_period_locked")
    );
}

#[test]
fn nothing_is_filled_before_the_period_opens() {
    for event in [ReportEvent::Save, ReportEvent::Submit] {
        let refusal = transition(None, event, FILLER, &clock(DAY)).expect_err("not open");
        assert_eq!(refusal.code(), "report_period_not_open");
        assert!(refusal.message().contains("11 января"));
    }
}

#[test]
fn a_returned_report_is_resubmitted_even_after_the_lock_day() {
    let sent =
        transition(Some(ReportState::Returned), ReportEvent::Submit, FILLER, &clock(90 * DAY)).expect("resubmit");
    assert_eq!(sent.to, ReportState::Submitted);
}

#[test]
fn fillers_do_not_review_and_reviewers_do_not_fill() {
    let now = clock(12 * DAY);
    for event in [ReportEvent::Accept, ReportEvent::Return(remarks())] {
        let refusal = transition(Some(ReportState::Submitted), event, FILLER, &now).expect_err("filler");
        assert_eq!(refusal.code(), "report_role_required");
        assert!(refusal.message().contains("Проверка и сводка отчётов"));
    }
    for event in [ReportEvent::Save, ReportEvent::Submit] {
        let refusal = transition(Some(ReportState::Draft), event, REVIEWER, &now).expect_err("reviewer");
        assert_eq!(refusal.kind(), crate::news::RefusalKind::Role);
    }
}

#[test]
fn a_report_under_review_or_accepted_is_not_changed_by_its_organization() {
    let now = clock(12 * DAY);
    for (state, code) in
        [(ReportState::Submitted, "report_under_review"), (ReportState::Accepted, "report_already_accepted")]
    {
        for event in [ReportEvent::Save, ReportEvent::Submit] {
            assert_eq!(transition(Some(state), event, FILLER, &now).map_err(|r| r.code()), Err(code));
        }
    }
}

#[test]
fn only_a_submitted_report_is_accepted_or_returned() {
    let now = clock(12 * DAY);
    for state in [None, Some(ReportState::Draft), Some(ReportState::Returned), Some(ReportState::Accepted)] {
        for event in [ReportEvent::Accept, ReportEvent::Return(remarks())] {
            assert_eq!(transition(state, event, REVIEWER, &now).map_err(|r| r.code()), Err("report_not_submitted"));
        }
    }
}

#[test]
fn remarks_need_a_reason_or_a_comment_and_name_each_bad_comment() {
    let none = Remarks::parse("  ", &[]).expect_err("empty");
    assert_eq!(none[0].field, "reason");
    let bad = Remarks::parse("", &[("members".into(), "x".into()), ("/a".into(), " ".into())]).expect_err("bad");
    let fields: Vec<_> = bad.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["comments[0].field", "comments[1].message"]);
    assert!(Remarks::parse("Исправьте раздел 2", &[]).is_ok());
}
