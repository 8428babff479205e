//! The page model: every field once, values and messages at their inputs, show-if and remarks,
//! the summary; what a template needs serialized. Reading posts back is in `tests/posted.rs`.

mod large;
mod posted;
mod samples;

use std::collections::BTreeMap;

use serde_json::{Value, json};

use self::samples::{SHIPPED, browser, filled, from_value, input, shipped, shown_fields};
use super::{InputWidget, Item, PageInput};
use crate::load::tests::membership;
use crate::{Form, Problem};

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn every_field_once(form: &Form, data: &Value) {
    let page = form.page(data, PageInput::default());
    let expected = sorted(form.fields().iter().map(|f| f.pointer.clone()).collect());
    assert_eq!(sorted(shown_fields(&page)), expected, "{}", form.plugin().id);
}

#[test]
fn every_shipped_form_shows_each_of_its_fields_exactly_once() {
    for (id, _) in SHIPPED {
        let form = shipped(id);
        every_field_once(&form, &json!({}));
        every_field_once(&form, &filled(id));
    }
    every_field_once(&membership(), &json!({}));
    every_field_once(&from_value(&large::plugin()), &large::data());
}

#[test]
fn a_filled_report_comes_back_the_same_through_the_page_and_the_post() {
    let mut forms: Vec<(Form, Value)> = SHIPPED.iter().map(|(id, _)| (shipped(id), filled(id))).collect();
    forms.push((from_value(&large::plugin()), large::data()));
    for (form, data) in forms {
        let page = form.page(&data, PageInput::default());
        let posted = form.read_posted(&browser(&page));
        assert_eq!(posted.data, data, "{}", form.plugin().id);
        assert_eq!(posted.problems, vec![], "{}", form.plugin().id);
        assert_eq!(posted.action.as_deref(), Some("save"));
        assert!(form.check(&posted.data, None).is_ok(), "{}", form.plugin().id);
    }
}

#[test]
fn the_large_fixture_is_committed_as_generated_and_has_300_fields() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/plugins");
    let files = [("large-300.json", large::plugin()), ("large-300-data.json", large::data())];
    for (name, value) in files {
        let path = format!("{dir}/{name}");
        if std::env::var_os("CABINET_WRITE_FIXTURES").is_some() {
            let text = serde_json::to_string_pretty(&value).expect("json") + "\n";
            std::fs::write(&path, text).expect("write the fixture");
        }
        let committed: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("json");
        assert_eq!(committed, value, "{name} differs: CABINET_WRITE_FIXTURES=1 cargo test -p cabinet-forms large");
    }
    let form = from_value(&large::plugin());
    assert_eq!(form.fields().len(), 300);
    assert!(form.check(&large::data(), None).is_ok());
}

#[test]
fn values_are_shown_as_typed_numbers_without_exponent_or_trailing_zero() {
    let form = shipped("kdk-2");
    let mut data = filled("kdk-2");
    data["totals"]["average_wage"] = json!(1e20);
    data["totals"]["min_wage_rate"] = json!(3.0);
    data["agreements"][0]["workers"] = json!(0.000_01);
    let page = form.page(&data, PageInput::default());
    assert_eq!(input(&page, "/totals/average_wage").value, "100000000000000000000");
    assert_eq!(input(&page, "/totals/min_wage_rate").value, "3");
    assert_eq!(input(&page, "/agreements/0/workers").value, "0.00001");
    let sector = input(&page, "/agreements/1/sector");
    assert_eq!(sector.widget, InputWidget::Select);
    let selected: Vec<_> = sector.options.iter().filter(|o| o.selected).map(|o| o.value.as_str()).collect();
    assert_eq!(selected, ["education"]);
    let members = input(&page, "/totals/members");
    let limits = (members.min.as_deref(), members.max.as_deref(), members.step.as_deref());
    assert_eq!(limits, (Some("0"), Some("10000000"), Some("1")));
    assert_eq!(input(&page, "/totals/average_wage").step.as_deref(), Some("any"));
}

#[test]
fn errors_land_at_their_inputs_and_in_the_summary_linking_to_them() {
    let form = shipped("1-sp");
    let mut data = filled("1-sp");
    data["members"]["women"] = json!(1001);
    data["report"].as_object_mut().expect("object").remove("executor");
    let checked = form.check(&data, None);
    let page = form.page(&checked.data, PageInput { errors: &checked.errors, ..PageInput::default() });
    let women = input(&page, "/members/women");
    assert_eq!(women.notes.errors, ["Женщин не может быть больше, чем всего членов Профсоюза."]);
    assert_eq!(women.describedby, "e-members-women");
    assert_eq!(input(&page, "/members/total").notes.errors.len(), 1, "a rule is shown at each field it names");
    let executor = input(&page, "/report/executor");
    assert_eq!(executor.notes.errors, ["Не заполнено обязательное поле «Исполнитель (фамилия, имя, отчество)»."]);
    let summary: Vec<_> = page.errors_summary.iter().map(|e| (e.label.as_str(), e.anchor.as_deref())).collect();
    assert_eq!(
        summary,
        [
            ("Исполнитель (фамилия, имя, отчество)", Some("f-report-executor")),
            ("Из них женщин, чел.", Some("f-members-women"))
        ]
    );
}

#[test]
fn a_problem_at_no_field_of_the_page_still_reaches_the_summary() {
    let form = shipped("kdk-2");
    let problems = [
        Problem::new("/unknown", "x", "Поле не предусмотрено."),
        Problem::new("/agreements/7/employer", "x", "Нет такой строки."),
        Problem::new("/agreements", "too_few", "Добавьте строки."),
        Problem::new("/totals", "required", "Не заполнен раздел."),
        Problem::new("", "x", "Отчёт пуст."),
    ];
    let page = form.page(&filled("kdk-2"), PageInput { problems: &problems, ..PageInput::default() });
    let summary: Vec<_> = page.errors_summary.iter().map(|e| (e.label.as_str(), e.anchor.as_deref())).collect();
    assert_eq!(
        summary,
        [
            ("unknown", None),
            ("Коллективные договоры, строка 8: Работодатель", Some("f-agreements")),
            ("Коллективные договоры", Some("f-agreements")),
            ("Общие сведения", Some("f-totals-employers")),
            ("", None)
        ]
    );
    let Some(Item::Table(table)) = page.sections[1].items.first() else { panic!("the table") };
    assert_eq!(table.notes.errors, ["Добавьте строки."]);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.add.as_deref(), Some("add:/agreements"));
    assert_eq!(table.rows[1].remove.as_deref(), Some("remove:/agreements/1"));
    assert_eq!(table.max_rows, Some(2000));
}

#[test]
fn a_section_whose_show_if_is_false_is_hidden_but_keeps_its_inputs() {
    let form = membership();
    let data = |has: bool| json!({"has_agreements": has, "agreements": [{"name": "Завод", "workers": 10}]});
    let page = form.page(&data(false), PageInput::default());
    let agreements = page.sections.iter().find(|s| s.id == "agreements").expect("section");
    assert!(agreements.hidden);
    assert_eq!(input(&page, "/agreements/0/name").value, "Завод");
    assert!(!form.page(&data(true), PageInput::default()).sections[1].hidden);
}

#[test]
fn a_reviewer_remark_lands_at_its_field_and_in_the_summary() {
    let form = shipped("1-sp");
    let remarks = BTreeMap::from([
        ("/members/total".to_owned(), "Сверьте с данными бухгалтерии.".to_owned()),
        ("/gone".to_owned(), "Замечание к полю прежней версии.".to_owned()),
    ]);
    let page = form.page(&filled("1-sp"), PageInput { remarks: &remarks, readonly: true, ..PageInput::default() });
    let total = input(&page, "/members/total");
    assert_eq!(total.notes.remark.as_deref(), Some("Сверьте с данными бухгалтерии."));
    assert_eq!(total.describedby, "h-members-total r-members-total");
    assert!(total.readonly);
    assert_eq!(page.remarks_summary.len(), 2);
    assert_eq!(page.remarks_summary[0].anchor, None);
    assert_eq!(page.remarks_summary[1].anchor.as_deref(), Some("f-members-total"));
}

#[test]
fn a_read_only_page_has_no_row_buttons_and_computed_fields_are_never_editable() {
    let form = shipped("4-pi");
    let page = form.page(&filled("4-pi"), PageInput { readonly: true, ..PageInput::default() });
    let Some(Item::Table(cases)) = page.sections[4].items.first() else { panic!("the table") };
    assert_eq!(cases.add, None);
    assert!(cases.rows.iter().all(|r| r.remove.is_none()));
    let page = form.page(&filled("4-pi"), PageInput::default());
    let total = input(&page, "/money/total");
    assert!(total.computed && total.readonly);
    assert!(!input(&page, "/money/courts").readonly);
}

#[test]
fn a_group_the_ui_lists_is_a_fieldset_and_unlisted_fields_follow_in_a_section_of_their_own() {
    let page = membership().page(&json!({}), PageInput::default());
    let Some(Item::Group(members)) = page.sections[0].items.get(3) else { panic!("the group") };
    assert_eq!((members.legend.as_str(), members.help.as_str()), ("Члены профсоюза", "По состоянию на 1 января."));
    assert_eq!(members.items.len(), 4);

    let mut plugin: Value = serde_json::from_str(SHIPPED[0].1).expect("json");
    plugin["ui"]["sections"].as_array_mut().expect("sections").pop();
    plugin["ui"]["sections"][0]["id"] = json!("other");
    let page = from_value(&plugin).page(&json!({}), PageInput::default());
    let last = page.sections.last().expect("a section");
    assert_eq!(
        (last.id.as_str(), last.anchor.as_str(), last.title.as_str()),
        ("other-2", "s-other-2", "Прочие сведения")
    );
    let Some(Item::Group(report)) = last.items.first() else { panic!("the group") };
    assert_eq!(report.items.len(), 3);

    plugin["ui"] = json!({"sections": []});
    let page = from_value(&plugin).page(&json!({}), PageInput::default());
    assert_eq!(page.sections.len(), 1);
    assert_eq!(page.sections[0].id, "form");
    assert_eq!(page.sections[0].items.len(), 5, "one fieldset per group of the schema");
}

#[test]
fn the_page_serializes_every_key_a_strict_template_reads() {
    let form = shipped("19-ti");
    let page = serde_json::to_value(form.page(&filled("19-ti"), PageInput::default())).expect("json");
    let first = &page["sections"][0]["items"][0];
    assert_eq!(first["kind"], "input");
    for key in ["name", "id", "label", "help", "help_id", "widget", "value", "checked", "marker", "options", "required"]
    {
        assert!(first.get(key).is_some(), "{key}");
    }
    for key in ["computed", "readonly", "min", "max", "step", "maxlength", "hidden", "errors", "errors_id", "warnings"]
    {
        assert!(first.get(key).is_some(), "{key}");
    }
    assert!(first.get("remark").is_some() && first.get("remark_id").is_some() && first.get("describedby").is_some());
    let table = &page["sections"][3]["items"][0];
    assert_eq!(table["kind"], "table");
    assert_eq!(table["rows"][1]["name"], "/incidents/1");
    let inspector = &table["rows"][1]["cells"][4];
    assert_eq!(
        (&inspector["widget"], &inspector["checked"], &inspector["marker"]),
        (&json!("checkbox"), &json!(false), &json!("false"))
    );
    assert_eq!(table["rows"][0]["cells"][4]["checked"], json!(true));
}
