//! Excel data validation for an input cell, from the field's kind: drop-down lists of Russian
//! labels, whole and decimal number ranges, dates, text length.

use rust_xlsxwriter::{DataValidation, DataValidationRule as Rule, ExcelDateTime, Formula, XlsxError};

use crate::field::{Field, FieldKind};

/// Characters Excel shows of an input message.
const MESSAGE: usize = 250;

/// The validation of `field`'s cells; `list` is the range of its labels on the lists sheet.
pub(super) fn of(field: &Field, list: Option<&str>) -> Result<Option<DataValidation>, XlsxError> {
    let (validation, error) = match &field.kind {
        FieldKind::Number { integer, minimum, maximum } => number(*integer, *minimum, *maximum),
        FieldKind::Date => date()?,
        FieldKind::Text { max_length: Some(most) } => {
            let most = u32::try_from(*most).unwrap_or(u32::MAX);
            let error = format!("Не больше {most} знаков.");
            (DataValidation::new().allow_text_length(Rule::LessThanOrEqualTo(most)), error)
        }
        FieldKind::Boolean => {
            (DataValidation::new().allow_list_strings(&["да", "нет"])?, "Выберите «да» или «нет».".to_owned())
        }
        FieldKind::Choice { .. } => match list {
            Some(range) => {
                let error = "Выберите значение из раскрывающегося списка.".to_owned();
                (DataValidation::new().allow_list_formula(Formula::new(range)), error)
            }
            None => return Ok(None),
        },
        FieldKind::Text { max_length: None } | FieldKind::MultiChoice { .. } => return Ok(None),
    };
    let mut validation = validation.set_error_title("Неверное значение")?.set_error_message(short(&error))?;
    let help = hint(field);
    if !help.is_empty() {
        validation = validation.set_input_title("Подсказка")?.set_input_message(short(&help))?;
    }
    Ok(Some(validation))
}

/// What the person filling the cell should know: the field's help and, for several choices,
/// how to write them.
pub(super) fn hint(field: &Field) -> String {
    match &field.kind {
        FieldKind::MultiChoice { options } => {
            let labels: Vec<&str> = options.iter().map(|o| o.label.as_str()).collect();
            format!("{} Несколько значений через точку с запятой: {}.", field.help, labels.join("; ")).trim().to_owned()
        }
        _ => field.help.clone(),
    }
}

fn number(integer: bool, minimum: Option<f64>, maximum: Option<f64>) -> (DataValidation, String) {
    let whole = |b: Option<f64>, default: i32| match b {
        None => Some(default),
        Some(b) if b.fract() == 0.0 && b >= f64::from(i32::MIN) && b <= f64::from(i32::MAX) => Some(b as i32),
        Some(_) => None,
    };
    if integer && let (Some(low), Some(high)) = (whole(minimum, i32::MIN), whole(maximum, i32::MAX)) {
        let error = format!("Введите целое число{}.", range(minimum, maximum));
        return (DataValidation::new().allow_whole_number(Rule::Between(low, high)), error);
    }
    let (low, high) = (minimum.unwrap_or(-1e15), maximum.unwrap_or(1e15));
    let error = format!("Введите {}{}.", if integer { "целое число" } else { "число" }, range(minimum, maximum));
    (DataValidation::new().allow_decimal_number(Rule::Between(low, high)), error)
}

fn range(minimum: Option<f64>, maximum: Option<f64>) -> String {
    match (minimum, maximum) {
        (Some(low), Some(high)) => format!(" от {low} до {high}"),
        (Some(low), None) => format!(" не меньше {low}"),
        (None, Some(high)) => format!(" не больше {high}"),
        (None, None) => String::new(),
    }
}

fn date() -> Result<(DataValidation, String), XlsxError> {
    let rule = Rule::Between(ExcelDateTime::from_ymd(1900, 1, 1)?, ExcelDateTime::from_ymd(9999, 12, 31)?);
    Ok((DataValidation::new().allow_date(rule), "Введите дату в виде ДД.ММ.ГГГГ.".to_owned()))
}

/// Excel refuses messages over 255 characters.
fn short(text: &str) -> String {
    match text.chars().nth(MESSAGE) {
        None => text.to_owned(),
        Some(_) => text.chars().take(MESSAGE - 1).chain(['…']).collect(),
    }
}
