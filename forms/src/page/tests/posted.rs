//! Reading a posted page back: typing by kind, empties, checkboxes, rows, hostile names and the
//! row buttons.

use serde_json::{Value, json};

use super::samples::{browser, filled, from_value, shipped};
use crate::load::tests::membership;
use crate::page::{Applied, PageInput, Posted};

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

fn read(id: &str, list: &[(&str, &str)]) -> Posted {
    shipped(id).read_posted(&pairs(list))
}

#[test]
fn a_decimal_comma_and_spaces_between_thousands_are_read_as_numbers() {
    let posted = read(
        "kdk-2",
        &[
            ("/totals/average_wage", "61 000,5"),
            ("/totals/min_wage_rate", "22\u{a0}440"),
            ("/totals/workers", " 2\u{202f}000 "),
            ("/totals/employers", "12,0"),
            ("/totals/members", "−3"),
        ],
    );
    let totals =
        json!({"average_wage": 61000.5, "min_wage_rate": 22440, "workers": 2000, "employers": 12, "members": -3});
    assert_eq!(posted.data, json!({"totals": totals}));
}

#[test]
fn what_is_not_a_number_is_kept_as_typed_and_the_check_reports_it_at_its_field() {
    let form = shipped("1-sp");
    for typed in ["тысяча", "1.234,5", "1e5", "12,5,1", "-", "inf"] {
        let posted = form.read_posted(&pairs(&[("/members/total", typed)]));
        assert_eq!(posted.data["members"]["total"], json!(typed.trim()));
        let checked = form.check(&posted.data, None);
        let at: Vec<_> = checked.errors.iter().filter(|e| e.pointer == "/members/total").collect();
        assert_eq!(at.len(), 1, "{typed}: {:#?}", checked.errors);
        assert!(at[0].message.contains("целым числом"), "{}", at[0].message);
    }
    let page = form.page(&form.read_posted(&pairs(&[("/members/total", "тысяча")])).data, PageInput::default());
    assert_eq!(super::samples::input(&page, "/members/total").value, "тысяча", "the page shows what was typed");
}

#[test]
fn empty_values_leave_their_fields_out_so_required_names_each_of_them() {
    let form = shipped("1-sp");
    let page = form.page(&json!({}), PageInput::default());
    let posted = form.read_posted(&browser(&page));
    assert_eq!(posted.data["members"], json!({}));
    let checked = form.check(&posted.data, None);
    let required: Vec<&str> =
        checked.errors.iter().filter(|e| e.code == "required").map(|e| e.pointer.as_str()).collect();
    assert!(required.contains(&"/members/total") && required.contains(&"/report/executor"), "{required:?}");
    assert!(!required.contains(&"/members"), "{required:?}");
}

#[test]
fn a_checkbox_reads_true_false_or_absent() {
    let form = membership();
    let read = |list: &[(&str, &str)]| form.read_posted(&pairs(list)).data;
    assert_eq!(read(&[("/has_agreements", "false"), ("/has_agreements", "true")]), json!({"has_agreements": true}));
    assert_eq!(read(&[("/has_agreements", "false")]), json!({"has_agreements": false}));
    assert_eq!(read(&[("/has_agreements", "on")]), json!({"has_agreements": true}));
    assert_eq!(read(&[("/has_agreements", "")]), json!({}));
    assert_eq!(read(&[]), json!({}));
}

#[test]
fn choices_come_back_as_their_json_values_and_dates_as_iso() {
    let mut plugin = crate::page::tests::samples::SHIPPED[0].1.parse::<Value>().expect("json");
    plugin["schema"]["properties"]["report"]["properties"]["grade"] =
        json!({"title": "Оценка", "oneOf": [{"const": 1, "title": "Низкая"}, {"const": 2, "title": "Высокая"}]});
    plugin["schema"]["properties"]["report"]["properties"]["topics"] = json!({"type": "array", "uniqueItems": true,
        "items": {"enum": ["pay", "safety", "housing"]}});
    let form = from_value(&plugin);
    let posted = form.read_posted(&pairs(&[
        ("/report/grade", "2"),
        ("/report/topics", "safety"),
        ("/report/topics", "pay"),
        ("/report/topics", "safety"),
        ("/report/date", "5.1.2026"),
    ]));
    assert_eq!(posted.data["report"], json!({"grade": 2, "topics": ["safety", "pay"], "date": "2026-01-05"}));
    let page = form.page(&posted.data, PageInput::default());
    let topics = super::samples::input(&page, "/report/topics");
    let chosen: Vec<_> = topics.options.iter().filter(|o| o.selected).map(|o| o.id.as_str()).collect();
    assert_eq!(chosen, ["f-report-topics--0", "f-report-topics--1"]);
    let grade = form.read_posted(&pairs(&[("/report/grade", "3")])).data;
    assert_eq!(grade["report"]["grade"], json!("3"), "not an option: kept for the check to report");
}

#[test]
fn computed_fields_and_names_that_are_no_field_are_ignored() {
    let posted = read(
        "1-sp",
        &[
            ("/movement/net", "999"),
            ("/movement/joined", "5"),
            ("_csrf", "x"),
            ("revision", "3"),
            ("/members", "10"),
            ("/members/total/extra", "1"),
            ("/__proto__", "1"),
            ("/", "1"),
            ("//", "1"),
            ("", "1"),
            ("members/total", "1"),
            (&"/members".repeat(100_000), "1"),
            (&"/x".repeat(100_000), "1"),
        ],
    );
    assert_eq!(posted.data, json!({"movement": {"joined": 5}}));
    assert_eq!(posted.problems, vec![]);
}

#[test]
fn hostile_row_numbers_are_a_problem_at_the_table_never_a_panic_or_a_huge_array() {
    let posted = read(
        "kdk-2",
        &[
            ("/agreements/99999999999/employer", "a"),
            ("/agreements/-1/employer", "b"),
            ("/agreements/*/employer", "c"),
            ("/agreements/1e3/employer", "d"),
            ("/agreements/ 1/employer", "e"),
            ("/agreements//employer", "f"),
            ("/agreements/999999999/employer", "g"),
            ("/agreements/999999999/unknown", "h"),
        ],
    );
    assert_eq!(posted.data, json!({"agreements": [{"employer": "g"}]}));
    let codes: Vec<_> = posted.problems.iter().map(|p| (p.pointer.as_str(), p.code.as_str())).collect();
    assert_eq!(codes, [("/agreements", "bad_row")]);
    assert!(posted.problems[0].message.starts_with("Таблица «Коллективные договоры»"));
}

#[test]
fn posted_rows_are_numbered_again_in_the_order_posted_and_an_empty_row_is_kept() {
    let posted = read(
        "kdk-2",
        &[
            ("/agreements/7/employer", "Завод"),
            ("/agreements/2", ""),
            ("/agreements/7/workers", "10"),
            ("/agreements/2/employer", ""),
        ],
    );
    assert_eq!(posted.data, json!({"agreements": [{"employer": "Завод", "workers": 10}, {}]}));
    let marker_only = read("kdk-2", &[("/agreements/0", "")]);
    assert_eq!(marker_only.data, json!({"agreements": [{}]}), "a row whose cells post nothing is kept by its marker");
}

#[test]
fn rows_past_the_tables_cap_are_dropped_with_a_problem() {
    let form = membership();
    let names: Vec<String> = (0..150).map(|i| format!("/agreements/{i}/name")).collect();
    let list: Vec<(String, String)> = names.iter().map(|n| (n.clone(), "Завод".to_owned())).collect();
    let posted = form.read_posted(&list);
    assert_eq!(posted.data["agreements"].as_array().map(Vec::len), Some(100), "maxItems");
    assert_eq!(posted.problems.len(), 1);
    assert_eq!(posted.problems[0].code, "too_many_rows");
    assert!(posted.problems[0].message.contains("не более 100 строк"), "{}", posted.problems[0].message);
}

#[test]
fn the_row_buttons_add_an_empty_row_and_remove_the_one_named() {
    let form = shipped("kdk-2");
    let page = form.page(&filled("kdk-2"), PageInput::default());
    let mut posted = form.read_posted(&browser(&page));
    assert_eq!(posted.apply("add:/agreements"), Applied::Added("/agreements/2".into()));
    assert_eq!(posted.data["agreements"][2], json!({}));
    assert_eq!(posted.apply("remove:/agreements/0"), Applied::Removed("/agreements".into()));
    assert_eq!(posted.data["agreements"][0], filled("kdk-2")["agreements"][1]);
    let before = posted.data.clone();
    for bad in [
        "remove:/agreements/9",
        "remove:/agreements/-1",
        "remove:/agreements/99999999999999999999",
        "remove:/agreements",
        "remove:/totals/0",
        "remove:",
        "add:/nope",
        "add:/totals",
        "add:",
        "save",
        "",
    ] {
        assert_eq!(posted.apply(bad), Applied::Ignored, "{bad}");
    }
    assert_eq!(posted.data, before);
    posted.apply("remove:/agreements/1");
    posted.apply("remove:/agreements/0");
    assert_eq!(posted.data.get("agreements"), None, "no rows reads as no table, as a post with none does");
    assert_eq!(posted.apply("add:/agreements"), Applied::Added("/agreements/0".into()));
}

#[test]
fn adding_to_a_full_table_is_refused_with_a_problem() {
    let form = membership();
    let list: Vec<(String, String)> = (0..100).map(|i| (format!("/agreements/{i}"), String::new())).collect();
    let mut posted = form.read_posted(&list);
    assert_eq!(posted.apply("add:/agreements"), Applied::Refused);
    assert_eq!(posted.apply("add:/agreements"), Applied::Refused);
    assert_eq!(posted.problems.len(), 1);
    assert!(posted.problems[0].message.contains("новую строку добавить нельзя"));
    let page = form.page(&posted.data, PageInput { problems: &posted.problems, ..PageInput::default() });
    let table = page.sections[1].items.iter().find_map(|i| match i {
        crate::page::Item::Table(t) => Some(t),
        _ => None,
    });
    let table = table.expect("the table");
    assert_eq!((table.add.as_deref(), table.notes.errors.len()), (None, 1));
}
