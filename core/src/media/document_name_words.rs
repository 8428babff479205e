//! A refused document name told for a person (Russian) and for a program (`details`).

use serde_json::{Value, json};

use super::characters;
use super::document::DocumentKind;
use super::document_name::DocumentNameProblem;

/// What is wrong with the name and the name to use instead.
pub(super) fn message(
    name: &str,
    name_chars: usize,
    problem: &DocumentNameProblem,
    suggestion: &str,
    kind: DocumentKind,
) -> String {
    let what = kind.label();
    let reason = match problem {
        DocumentNameProblem::Invisible { character, position, count } => format!(
            "В имени файла есть невидимый управляющий символ ({}) в позиции {position}{}. Такие символы не видны \
             при чтении, но могут переставить буквы или скрыть часть имени.",
            described(*character),
            if *count > 1 { format!(" (всего таких символов: {count})") } else { String::new() }
        ),
        DocumentNameProblem::HiddenExtension { extension } => format!(
            "В имени файла «{name}» спрятано расширение .{extension}, как у программ, скриптов и веб-страниц: \
             такое имя выдаёт файл не за то, чем он является. По содержимому это документ {what}."
        ),
        DocumentNameProblem::Extension { extension } => format!(
            "Расширение .{extension} не подходит для документа: принимаются .pdf, .doc, .docx, .xls, .xlsx, .odt \
             и .ods. По содержимому файл «{name}» — документ {what}."
        ),
        DocumentNameProblem::TooLong { max } => {
            format!("Имя файла слишком длинное: {}, а допускается не больше {max}.", characters(name_chars))
        }
    };
    format!("{reason} Переименуйте файл, например: «{suggestion}».")
}

/// The facts behind the message; `name_chars` always counts the name as sent.
pub(super) fn details(
    name: &str,
    name_chars: usize,
    problem: &DocumentNameProblem,
    suggestion: &str,
    kind: DocumentKind,
) -> Value {
    let mut details = json!({
        "file_name": name,
        "name_chars": name_chars,
        "problem": problem.code(),
        "suggested_name": suggestion,
        "kind": kind,
    });
    let facts = match problem {
        DocumentNameProblem::Invisible { character, position, count } => {
            json!({ "character": code_point(*character), "position": position, "invisible_count": count })
        }
        DocumentNameProblem::HiddenExtension { extension } | DocumentNameProblem::Extension { extension } => {
            let accepted: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.extension()).collect();
            json!({ "extension": extension, "accepted": accepted })
        }
        DocumentNameProblem::TooLong { max } => json!({ "max_chars": max }),
    };
    if let (Some(details), Value::Object(facts)) = (details.as_object_mut(), facts) {
        details.extend(facts);
    }
    details
}

/// «U+202E».
fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// «U+000A — перевод строки»: the code, and what the character is when it has a common name.
fn described(c: char) -> String {
    let name = match c {
        '\0' => Some("нулевой символ"),
        '\t' => Some("табуляция"),
        '\n' => Some("перевод строки"),
        '\r' => Some("возврат каретки"),
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            Some("знак направления письма")
        }
        '\u{2028}' => Some("разделитель строк"),
        '\u{2029}' => Some("разделитель абзацев"),
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' => Some("пробел нулевой ширины"),
        _ => None,
    };
    match name {
        Some(name) => format!("{} — {name}", code_point(c)),
        None => code_point(c),
    }
}
