//! Pieces shared by the export and the template: sheet names Excel accepts, dates as Excel
//! dates, choice labels, and the one error type of writing a workbook.

use rust_xlsxwriter::{ExcelDateTime, XlsxError};
use serde_json::Value;

use crate::field::{Choice, FactValue, FieldKind};

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// More rows than a sheet holds (1 048 576).
    #[error(
        "на листе «{sheet}» больше строк, чем помещается в лист Excel: {rows}; сузьте выборку, например по регионам"
    )]
    TooManyRows { sheet: String, rows: usize },
    /// The writer refused; a bug of ours, not of the data.
    #[error("не удалось сформировать файл Excel")]
    Xlsx(#[from] XlsxError),
}

/// Rows a sheet holds, header included.
pub(crate) const SHEET_ROWS: usize = 1_048_576;

/// A sheet name Excel accepts (at most 31 characters, none of `[]:*?/\`, not starting or
/// ending with `'`), unique among `used`.
pub(crate) fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let clean: String = title.chars().map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c }).collect();
    let clean = clean.trim().trim_matches('\'').trim();
    let clean = if clean.is_empty() { "Лист" } else { clean };
    let mut name = cut(clean, 31);
    let mut n = 2;
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
        let suffix = format!(" ({n})");
        name = cut(clean, 31 - suffix.chars().count()) + &suffix;
        n += 1;
    }
    used.push(name.clone());
    name
}

/// At most `most` characters of `text`, cut after a whole word when that keeps most of it.
fn cut(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        return text.to_owned();
    }
    let head: String = text.chars().take(most).collect();
    let word = head.rfind(' ').map(|at| head[..at].trim_end_matches([' ', '.', ',', ';', '-', '—']));
    match word {
        Some(word) if word.chars().count() >= most / 2 => word.to_owned(),
        _ => head,
    }
}

/// `YYYY-MM-DD` as an Excel date, or nothing when it is not one.
pub(crate) fn date(text: &str) -> Option<ExcelDateTime> {
    let bytes = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| bytes.get(r).filter(|d| d.iter().all(u8::is_ascii_digit));
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let number = |d: &[u8]| d.iter().fold(0u16, |n, c| n * 10 + u16::from(c - b'0'));
    let (month, day) = (u8::try_from(number(m)).ok()?, u8::try_from(number(d)).ok()?);
    ExcelDateTime::from_ymd(number(y), month, day).ok()
}

/// The Russian label of a choice's value, or the labels of a multiple choice's values (kept as
/// `a;b` by the table), when the field is one and the values are among its options.
pub fn label(kind: &FieldKind, value: &FactValue) -> Option<String> {
    match (kind, value) {
        (FieldKind::Choice { options }, value) => find(options, value).cloned(),
        (FieldKind::MultiChoice { options }, FactValue::Text(codes)) => {
            let labels = codes.split(';').map(|c| find(options, &FactValue::Text(c.to_owned())).map(String::as_str));
            labels.collect::<Option<Vec<_>>>().map(|l| l.join("; "))
        }
        _ => None,
    }
}

fn find<'a>(options: &'a [Choice], value: &FactValue) -> Option<&'a String> {
    options.iter().find(|o| same(&o.value, value)).map(|o| &o.label)
}

fn same(choice: &Value, value: &FactValue) -> bool {
    match (choice, value) {
        (Value::String(a), FactValue::Text(b)) => a == b,
        (Value::Number(a), FactValue::Number(b)) => a.as_f64() == Some(*b),
        (Value::Bool(a), FactValue::Bool(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let mut used = vec![];
        let long = "Дела в судах с участием правовых инспекторов труда";
        assert_eq!(sheet_name(long, &mut used), "Дела в судах с участием");
        assert_eq!(sheet_name(long, &mut used), "Дела в судах с участием (2)");
        assert_eq!(sheet_name("Раздел 1. Численность членов Профсоюза", &mut used), "Раздел 1. Численность членов");
        let word = "Численностьчленовпрофсоюзавсегоиизних";
        assert_eq!(sheet_name(word, &mut used).chars().count(), 31, "a long word is cut where it must");
        assert_eq!(sheet_name("Раздел 1: итоги/всего", &mut used), "Раздел 1  итоги всего");
        assert_eq!(sheet_name("''", &mut used), "Лист");
    }

    #[test]
    fn choices_show_their_labels() {
        let options = ["a", "b"].map(|v| Choice { value: v.into(), label: v.to_uppercase() }).to_vec();
        let many = FieldKind::MultiChoice { options: options.clone() };
        assert_eq!(label(&many, &FactValue::Text("a;b".into())).as_deref(), Some("A; B"));
        assert_eq!(label(&many, &FactValue::Text("a;x".into())), None, "an unknown value is shown as it is");
        let one = FieldKind::Choice { options };
        assert_eq!(label(&one, &FactValue::Text("b".into())).as_deref(), Some("B"));
    }

    #[test]
    fn only_real_dates_become_dates() {
        assert!(date("2025-02-28").is_some());
        for bad in ["2025-02-30", "2025-2-28", "28.02.2025", "2025-02-2x", "２０２５-02-28"] {
            assert!(date(bad).is_none(), "{bad}");
        }
    }
}
