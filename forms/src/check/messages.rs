//! Every kind of schema error restated in Russian, naming the field by its title and the limit
//! it broke. The validator's English never reaches a person: the `match` below has an arm per
//! `ValidationErrorKind` variant and no wildcard, so a new variant fails to compile here.

use jsonschema::error::{TypeKind, ValidationErrorKind as K};
use jsonschema::{JsonType, ValidationError};
use serde_json::Value;

use crate::field::FieldKind;
use crate::form::Form;
use crate::pointer;
use crate::problem::Finding;

/// Appends the findings of one validator error.
pub(super) fn findings(form: &Form, error: &ValidationError, out: &mut Vec<Finding>) {
    let at = error.instance_path().as_str();
    let code = error.kind().keyword().to_owned();
    let name = name(form, at);
    let push = |out: &mut Vec<Finding>, pointer: String, message: String| {
        out.push(Finding { fields: vec![pointer.clone()], pointer, code: code.clone(), message, rule: None });
    };
    let message = match error.kind() {
        K::Required { property } => {
            let child = pointer::push(at, property.as_str().unwrap_or_default());
            let named = self::name(form, &child);
            let message = match named.strip_prefix("таблица ") {
                Some(table) => format!("Не заполнена обязательная таблица {table}."),
                None => format!("Не заполнено обязательное поле {}.", named.strip_prefix("поле ").unwrap_or(&named)),
            };
            return push(out, child, message);
        }
        K::AdditionalProperties { unexpected } | K::UnevaluatedProperties { unexpected } => {
            for key in unexpected {
                let child = pointer::push(at, key);
                push(out, child, format!("Поле «{key}» не предусмотрено формой; уберите его."));
            }
            return;
        }
        K::AdditionalItems { limit } => {
            format!("{} может содержать не более {limit} {}.", cap(&name), items(form, at, *limit as u64))
        }
        K::UnevaluatedItems { unexpected } => {
            format!("{}: лишних элементов — {}; уберите их.", cap(&name), unexpected.len())
        }
        K::AnyOf { .. } | K::OneOfNotValid { .. } => match choices(form, at) {
            Some(list) => format!("{}: выберите одно из значений: {list}.", cap(&name)),
            None => format!("{} не подходит ни под один из допустимых вариантов.", cap(&name)),
        },
        K::OneOfMultipleValid { .. } => {
            format!("{} подходит сразу под несколько вариантов, а должно — ровно под один.", cap(&name))
        }
        K::BacktrackLimitExceeded { .. } | K::RegexEngineFailure { .. } => {
            format!("{}: не удалось проверить значение по шаблону; сократите его.", cap(&name))
        }
        K::Pattern { .. } => format!("{} заполнено в неверном виде.", cap(&name)),
        K::Constant { expected_value } => format!("{} должно иметь значение {}.", cap(&name), show(expected_value)),
        K::Enum { options } => match choices(form, at) {
            Some(list) => format!("{}: выберите одно из значений: {list}.", cap(&name)),
            None => format!("{}: выберите одно из значений: {}.", cap(&name), list_of(options)),
        },
        K::Contains => format!("{} должно содержать хотя бы один подходящий элемент.", cap(&name)),
        K::ContentEncoding { .. } | K::FromUtf8 { .. } => format!("{} закодировано неверно.", cap(&name)),
        K::ContentMediaType { .. } => format!("Содержимое: {} имеет неверный формат.", name),
        K::Custom { .. } | K::Not { .. } | K::Referencing(_) => format!("{} заполнено неверно.", cap(&name)),
        K::FalseSchema => format!("{} не должно заполняться.", cap(&name)),
        K::Format { format } => format!("{} должно быть {}.", cap(&name), format_ru(format)),
        K::Maximum { limit } => format!("{} должно быть не больше {}.", cap(&name), show(limit)),
        K::Minimum { limit } => format!("{} должно быть не меньше {}.", cap(&name), show(limit)),
        K::ExclusiveMaximum { limit } => format!("{} должно быть меньше {}.", cap(&name), show(limit)),
        K::ExclusiveMinimum { limit } => format!("{} должно быть больше {}.", cap(&name), show(limit)),
        K::MultipleOf { multiple_of } if *multiple_of == 1.0 => format!("{} должно быть целым числом.", cap(&name)),
        K::MultipleOf { multiple_of } => format!("{} должно быть кратно {}.", cap(&name), decimal(*multiple_of)),
        K::MaxItems { limit } => {
            format!("{} может содержать не более {limit} {}.", cap(&name), items(form, at, *limit))
        }
        K::MinItems { limit } => {
            format!("{} должно содержать не менее {limit} {}.", cap(&name), items(form, at, *limit))
        }
        K::MaxLength { limit } => {
            format!("{} может содержать не более {limit} {}.", cap(&name), plural(*limit, "символа", "символов"))
        }
        K::MinLength { limit: 1 } => format!("{} не должно быть пустым.", cap(&name)),
        K::MinLength { limit } => {
            format!("{} должно содержать не менее {limit} {}.", cap(&name), plural(*limit, "символа", "символов"))
        }
        K::MaxProperties { limit } => {
            format!("{} может содержать не более {limit} {}.", cap(&name), plural(*limit, "значения", "значений"))
        }
        K::MinProperties { limit } => {
            format!("{} должно содержать не менее {limit} {}.", cap(&name), plural(*limit, "значения", "значений"))
        }
        K::PropertyNames { .. } => format!("{} содержит ключ с недопустимым именем.", cap(&name)),
        K::Type { kind } => format!("{} должно быть {}.", cap(&name), type_ru(kind)),
        K::UniqueItems => format!("{}: значения не должны повторяться.", cap(&name)),
    };
    push(out, at.to_owned(), message);
}

/// «поле «Численность»», with the table and row of a table cell; the report itself at the root.
fn name(form: &Form, at: &str) -> String {
    if at.is_empty() {
        return "отчёт".into();
    }
    let template = form.template(at);
    let title = form
        .title_of(&template)
        .map_or_else(|| pointer::tokens(at).and_then(|t| t.last().cloned()).unwrap_or_default(), str::to_owned);
    let noun = if form.is_table(&template) { "таблица" } else { "поле" };
    let mut out = format!("{noun} «{title}»");
    if let Some(field) = form.field(&template)
        && let Some(table) = &field.table
    {
        let row =
            at.strip_prefix(&format!("{table}/")).and_then(|r| r.split('/').next()).and_then(|r| r.parse::<u64>().ok());
        let table_title = form.title_of(table).unwrap_or(table);
        if let Some(row) = row {
            out.push_str(&format!(" (таблица «{table_title}», строка {})", row + 1));
        }
    }
    out
}

fn cap(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Genitive after a number: 1, 21, 31… take the singular, the rest the plural.
fn plural(n: u64, one: &str, many: &str) -> String {
    if n % 10 == 1 && n % 100 != 11 { one } else { many }.to_owned()
}

fn items(form: &Form, at: &str, n: u64) -> String {
    if form.is_table(&form.template(at)) {
        plural(n, "строки", "строк")
    } else {
        plural(n, "элемента", "элементов")
    }
}

fn choices(form: &Form, at: &str) -> Option<String> {
    match &form.field(&form.template(at))?.kind {
        FieldKind::Choice { options } | FieldKind::MultiChoice { options } => {
            Some(options.iter().map(|o| format!("«{}»", o.label)).collect::<Vec<_>>().join(", "))
        }
        _ => None,
    }
}

fn list_of(options: &Value) -> String {
    options.as_array().map_or_else(String::new, |o| o.iter().map(show).collect::<Vec<_>>().join(", "))
}

/// A value as a person reads it: numbers with a decimal comma, text in «».
fn show(value: &Value) -> String {
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => decimal(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => format!("«{s}»"),
        Value::Bool(true) => "«да»".into(),
        Value::Bool(false) => "«нет»".into(),
        Value::Null => "«пусто»".into(),
        other => other.to_string(),
    }
}

fn decimal(x: f64) -> String {
    x.to_string().replace('.', ",")
}

fn format_ru(format: &str) -> &'static str {
    match format {
        "date" => "датой в виде ГГГГ-ММ-ДД",
        "date-time" => "датой и временем",
        "time" => "временем",
        "email" => "адресом электронной почты",
        "uri" => "адресом в интернете",
        _ => "значением верного вида",
    }
}

fn type_ru(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Single(t) => one_type(*t),
        TypeKind::Multiple(set) => {
            let types: Vec<JsonType> = set.iter().filter(|t| *t != JsonType::Null).collect();
            match types[..] {
                [t] => one_type(t),
                _ => "значением другого вида",
            }
        }
    }
}

fn one_type(t: JsonType) -> &'static str {
    match t {
        JsonType::Integer => "целым числом",
        JsonType::Number => "числом",
        JsonType::String => "текстом",
        JsonType::Boolean => "отметкой «да» или «нет»",
        JsonType::Array => "списком",
        JsonType::Object => "группой полей",
        JsonType::Null => "пустым",
    }
}
