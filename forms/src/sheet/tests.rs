use std::io::{Cursor, Write};

use rust_xlsxwriter::{ExcelDateTime, Workbook};
use serde_json::{Value, json};

use super::layout::Layout;
use super::{CellProblem, SheetLimits};
use crate::field::{Choice, Field, FieldKind};
use crate::plugin::{Aggregate, Plugin};

// The form's parts, built by hand so that every kind of field is covered; the shipped forms go
// through `load` in `tests/shipped.rs`.
fn template(
    plugin: &Plugin,
    fields: &[Field],
    data: Option<&Value>,
) -> Result<Vec<u8>, crate::workbook::WorkbookError> {
    super::template::write(plugin, fields, data)
}

fn read(plugin: &Plugin, fields: &[Field], bytes: &[u8]) -> Result<Value, Vec<CellProblem>> {
    read_with(plugin, fields, bytes, &SheetLimits::default())
}

fn read_with(plugin: &Plugin, fields: &[Field], bytes: &[u8], limits: &SheetLimits) -> Result<Value, Vec<CellProblem>> {
    super::read::read(plugin, fields, bytes, limits)
}

fn cell_of(plugin: &Plugin, fields: &[Field], pointer: &str) -> Option<String> {
    Layout::of(plugin, fields).cell(pointer)
}

fn plugin(id: &str, version: u32) -> Plugin {
    serde_json::from_value(json!({
        "id": id, "version": version, "title": "Проверочная форма", "department": "legal",
        "reporters": {"kind": "all"}, "period": {"type": "annual", "opens": 1, "due": 10, "locks": 20},
        "schema": {"properties": {"rows": {"title": "Договоры", "maxItems": 5}}},
        "ui": {"sections": [
            {"id": "main", "title": "Раздел 1", "help": "Данные на 1 января.", "fields": [
                {"field": "/members/total"}, {"field": "/members/share"}, {"field": "/members/net"},
                {"field": "/report/date"}, {"field": "/report/kind"}, {"field": "/report/signed"},
                {"field": "/report/executor"}, {"field": "/rows"}]}
        ]}
    }))
    .expect("test plugin")
}

fn field(pointer: &str, title: &str, kind: FieldKind) -> Field {
    let table = pointer.split_once("/*/").map(|(t, _)| t.to_owned());
    let section = Some("main".to_owned());
    let (help, required, computed) = ("Подсказка к полю.".to_owned(), true, pointer.ends_with("/net"));
    let aggregate = Aggregate::None;
    Field { pointer: pointer.into(), title: title.into(), help, kind, required, table, computed, aggregate, section }
}

fn fields() -> Vec<Field> {
    let number = |integer, maximum| FieldKind::Number { integer, minimum: Some(0.0), maximum };
    let choice = |pairs: &[(&str, &str)]| FieldKind::Choice {
        options: pairs.iter().map(|(v, l)| Choice { value: json!(v), label: (*l).into() }).collect(),
    };
    let kinds = choice(&[("annual", "Годовой"), ("extra", "Внеочередной")]);
    let sectors = choice(&[("health", "Здравоохранение"), ("education", "Образование и наука")]);
    vec![
        field("/members/total", "Всего членов", number(true, Some(1e7))),
        field("/members/share", "Взносы, руб.", number(false, None)),
        field("/members/net", "Прирост", number(true, None)),
        field("/report/date", "Дата", FieldKind::Date),
        field("/report/kind", "Вид отчёта", kinds),
        field("/report/signed", "Подписан", FieldKind::Boolean),
        field("/report/executor", "Исполнитель", FieldKind::Text { max_length: Some(100) }),
        field("/rows/*/employer", "Работодатель", FieldKind::Text { max_length: None }),
        field("/rows/*/sector", "Отрасль", sectors),
        field("/rows/*/workers", "Работников", number(true, None)),
        field("/rows/*/from", "Действует с", FieldKind::Date),
    ]
}

fn data() -> Value {
    json!({
        "members": {"total": 1200, "share": 1500.75},
        "report": {"date": "2026-01-31", "kind": "extra", "signed": true, "executor": "Иванова А. П."},
        "rows": [
            {"employer": "ООО «Ромашка»", "sector": "health", "workers": 40, "from": "2025-03-01"},
            {"employer": "79001234567", "sector": "education", "workers": 0}
        ]
    })
}

#[test]
fn a_template_filled_with_data_reads_back_as_exactly_that_data() {
    let (plugin, fields) = (plugin("t", 1), fields());
    let bytes = template(&plugin, &fields, Some(&data())).expect("template");
    assert_eq!(read(&plugin, &fields, &bytes), Ok(data()));
}

#[test]
fn an_empty_template_reads_as_no_data_but_empty_tables() {
    let (plugin, fields) = (plugin("t", 1), fields());
    let bytes = template(&plugin, &fields, None).expect("template");
    assert_eq!(read(&plugin, &fields, &bytes), Ok(json!({"rows": []})));
}

/// A copy of the template's sheets written from scratch, as a person's Excel would save it.
fn filled(id: &str, version: u32, cells: &[(&str, u32, u16, Value)]) -> Vec<u8> {
    let mut book = Workbook::new();
    for name in ["Раздел 1", "Договоры"] {
        let sheet = book.add_worksheet().set_name(name).expect("name");
        for (_, row, column, value) in cells.iter().filter(|c| c.0 == name) {
            match value {
                Value::Number(n) => sheet.write_number(*row, *column, n.as_f64().expect("f64")),
                Value::Bool(b) => sheet.write_boolean(*row, *column, *b),
                Value::String(s) if s.starts_with("date:") => {
                    let date = ExcelDateTime::parse_from_str(&s[5..]).expect("date");
                    let format = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
                    sheet.write_datetime_with_format(*row, *column, date, &format)
                }
                other => sheet.write_string(*row, *column, other.as_str().expect("text")),
            }
            .expect("cell");
        }
    }
    let marker = book.add_worksheet().set_name("_cabinet").expect("marker");
    marker.write_string(0, 0, "cabinet-form").expect("mark");
    marker.write_string(0, 1, id).expect("id");
    marker.write_number(0, 2, version).expect("version");
    book.save_to_buffer().expect("xlsx")
}

#[test]
fn what_a_person_types_becomes_the_apis_data() {
    let (plugin, fields) = (plugin("t", 1), fields());
    let bytes = filled(
        "t",
        1,
        &[
            ("Раздел 1", 3, 1, json!(1200)),
            ("Раздел 1", 4, 1, json!("1 500,75")),
            ("Раздел 1", 5, 1, json!(77)),
            ("Раздел 1", 6, 1, json!("31.01.2026")),
            ("Раздел 1", 7, 1, json!("внеочередной")),
            ("Раздел 1", 8, 1, json!("Да")),
            ("Раздел 1", 9, 1, json!("Иванова А. П.")),
            ("Договоры", 3, 0, json!("ООО «Ромашка»")),
            ("Договоры", 3, 1, json!("Здравоохранение")),
            ("Договоры", 3, 2, json!(40)),
            ("Договоры", 3, 3, json!("date:2025-03-01")),
            ("Договоры", 4, 0, json!(79001234567_u64)),
            ("Договоры", 4, 1, json!("Образование и наука")),
            ("Договоры", 4, 2, json!(0)),
            ("Договоры", 4, 3, json!("   ")),
        ],
    );
    assert_eq!(read(&plugin, &fields, &bytes), Ok(data()), "the computed field's 77 is dropped");
}

#[test]
fn text_in_a_number_cell_is_named_by_its_cell_and_field() {
    let (plugin, fields) = (plugin("t", 1), fields());
    let bytes = filled(
        "t",
        1,
        &[
            ("Раздел 1", 3, 1, json!("много")),
            ("Раздел 1", 7, 1, json!("Квартальный")),
            ("Договоры", 3, 0, json!("ООО «Ромашка»")),
            ("Договоры", 3, 2, json!("сорок")),
        ],
    );
    let problems = read(&plugin, &fields, &bytes).expect_err("refused");
    let named: Vec<(Option<&str>, &str, &str)> =
        problems.iter().map(|p| (p.cell.as_deref(), p.finding.pointer.as_str(), p.finding.code.as_str())).collect();
    assert_eq!(
        named,
        [
            (Some("'Раздел 1'!B4"), "/members/total", "not_a_number"),
            (Some("'Раздел 1'!B8"), "/report/kind", "not_a_choice"),
            (Some("'Договоры'!C4"), "/rows/0/workers", "not_a_number"),
        ]
    );
    assert_eq!(problems[0].finding.message, "В ячейке должно быть число.");
    assert!(problems[1].finding.message.contains("Годовой; Внеочередной"), "{}", problems[1].finding.message);
}

#[test]
fn a_row_after_an_empty_row_is_not_silently_dropped() {
    let (plugin, fields) = (plugin("t", 1), fields());
    let bytes = filled("t", 1, &[("Договоры", 3, 0, json!("А")), ("Договоры", 5, 0, json!("Б"))]);
    let problems = read(&plugin, &fields, &bytes).expect_err("refused");
    assert_eq!(problems[0].finding.code, "row_after_gap");
    assert_eq!(problems[0].cell.as_deref(), Some("'Договоры'!A6"));
}

#[test]
fn a_table_longer_than_the_form_takes_is_refused() {
    let (plugin, fields) = (plugin("t", 1), fields());
    let rows: Vec<_> = (3..10).map(|r| ("Договоры", r, 0, json!("А"))).collect();
    let problems = read(&plugin, &fields, &filled("t", 1, &rows)).expect_err("refused");
    assert_eq!(
        (problems[0].finding.code.as_str(), problems[0].cell.as_deref()),
        ("too_many_rows", Some("'Договоры'!A9"))
    );
}

#[test]
fn another_forms_or_versions_template_is_refused() {
    let fields = fields();
    let other = template(&plugin("other", 1), &fields, None).expect("template");
    let problems = read(&plugin("t", 1), &fields, &other).expect_err("refused");
    assert_eq!(problems[0].finding.code, "wrong_form");
    assert!(problems[0].finding.message.contains("«other»"));
    let older = template(&plugin("t", 1), &fields, None).expect("template");
    let problems = read(&plugin("t", 2), &fields, &older).expect_err("refused");
    assert_eq!(problems[0].finding.code, "wrong_version");
    let plain = crate::export::xlsx(&crate::table::build::table(&plugin("t", 1), &fields, vec![], None)).expect("xlsx");
    assert_eq!(read(&plugin("t", 1), &fields, &plain).expect_err("refused")[0].finding.code, "not_a_template");
    assert_eq!(
        read(&plugin("t", 1), &fields, b"PK\x03\x04 not really").expect_err("refused")[0].finding.code,
        "not_xlsx"
    );
}

fn zip_of(members: &[(&str, usize)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, size) in members {
        out.start_file(*name, options).expect("member");
        out.write_all(&vec![0; *size]).expect("zeros");
    }
    out.finish().expect("zip").into_inner()
}

#[test]
fn a_zip_bomb_is_refused_by_what_every_member_declares() {
    let (plugin, fields) = (plugin("t", 1), fields());
    let limits = SheetLimits { max_inflated: 1024 * 1024, ..SheetLimits::default() };
    for members in [vec![("a", 10), ("b", 2 * 1024 * 1024)], vec![("a", 10), ("b", 600_000), ("c", 600_000)]] {
        let bytes = zip_of(&members);
        assert!(bytes.len() < 20_000, "small on the wire: {}", bytes.len());
        let problems = read_with(&plugin, &fields, &bytes, &limits).expect_err("refused");
        assert_eq!(problems[0].finding.code, "file_too_large", "{members:?}");
    }
    let small = SheetLimits { max_bytes: 1000, ..SheetLimits::default() };
    let bytes = template(&plugin, &fields, None).expect("template");
    assert_eq!(read_with(&plugin, &fields, &bytes, &small).expect_err("refused")[0].finding.code, "file_too_large");
}

#[test]
fn a_far_stray_cell_costs_nothing_and_cells_are_capped() {
    let (plugin, fields) = (plugin("t", 1), fields());
    let bytes = filled("t", 1, &[("Раздел 1", 1_048_575, 16_383, json!("далеко")), ("Раздел 1", 3, 1, json!(5))]);
    assert_eq!(read(&plugin, &fields, &bytes), Ok(json!({"members": {"total": 5}, "rows": []})));
    let few = SheetLimits { max_cells: 4, ..SheetLimits::default() };
    assert_eq!(read_with(&plugin, &fields, &bytes, &few).expect_err("refused")[0].finding.code, "too_many_cells");
}

#[test]
fn pointers_are_named_by_their_cells() {
    let (plugin, fields) = (plugin("t", 1), fields());
    assert_eq!(cell_of(&plugin, &fields, "/report/date").as_deref(), Some("'Раздел 1'!B7"));
    let pointers = ["/members/total", "/rows/1/workers", "/rows/2", "/rows", "/report", "", "/nothing"];
    let layout = Layout::of(&plugin, &fields);
    let cells: Vec<Option<String>> = pointers.iter().map(|p| layout.cell(p)).collect();
    let cells: Vec<Option<&str>> = cells.iter().map(Option::as_deref).collect();
    assert_eq!(
        cells,
        [
            Some("'Раздел 1'!B4"),
            Some("'Договоры'!C5"),
            Some("'Договоры'!A6"),
            Some("'Договоры'!A3"),
            Some("'Раздел 1'!B7"),
            None,
            None,
        ]
    );
}
