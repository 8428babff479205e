//! Russian telephone numbers as people write them, kept in E.164 (`+7XXXXXXXXXX`) with an
//! optional extension («доб. 123»).

use std::fmt;

use crate::Invalid;

/// A Russian phone number: `+7` and ten digits whose first is 3, 4, 8 or 9, plus an optional
/// extension of one to six digits.
///
/// Accepted: `+7 495 123-45-67`, `8 (495) 123-45-67`, `+7(912)3456789`, `8-800-100-00-00`,
/// `7 495 1234567`, each optionally followed by `доб. 123`, `доб 123`, `добавочный 123` or
/// `ext. 123`. Refused: other countries (including Kazakhstan's `+7 6…`/`+7 7…`), local numbers
/// without a city code, a wrong number of digits (the message tells how many there are).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone {
    /// `+7` and ten digits.
    e164: String,
    extension: Option<String>,
}

/// Longest accepted input; a real number with an extension fits easily.
const MAX_INPUT_CHARS: usize = 40;
/// Words that start an extension, lower-case; longer ones first so the rest is only digits.
const EXTENSION_MARKERS: [&str; 5] = ["добавочный", "доб.", "доб", "ext.", "ext"];
const EXAMPLE: &str = "например +7 495 123-45-67 или 8 (495) 123-45-67";

impl Phone {
    /// Reads a number as a person writes it; refusals are reported under the field `phone`.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let value = input.trim();
        if value.is_empty() {
            return Err(bad("required", format!("Укажите номер телефона, {EXAMPLE}.")));
        }
        if value.chars().count() > MAX_INPUT_CHARS {
            return Err(bad(
                "too_long",
                format!("Слишком длинный номер: не больше {MAX_INPUT_CHARS} символов. Укажите один номер, {EXAMPLE}."),
            ));
        }
        let (number, extension) = split_extension(value)?;
        check_characters(number)?;
        let e164 = e164(number)?;
        Ok(Self { e164, extension })
    }

    /// `+7XXXXXXXXXX`, what storage keeps and a `tel:` link dials.
    pub fn e164(&self) -> &str {
        &self.e164
    }

    pub fn extension(&self) -> Option<&str> {
        self.extension.as_deref()
    }

    /// For a link: `tel:+74951234567` or `tel:+74951234567;ext=123` (RFC 3966).
    pub fn tel_uri(&self) -> String {
        match &self.extension {
            Some(ext) => format!("tel:{};ext={ext}", self.e164),
            None => format!("tel:{}", self.e164),
        }
    }
}

/// `+7 495 123-45-67` or `+7 495 123-45-67, доб. 123`; [`Phone::parse`] reads it back unchanged.
impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+7 {}", group(&self.e164[2..]))?;
        match &self.extension {
            Some(ext) => write!(f, ", доб. {ext}"),
            None => Ok(()),
        }
    }
}

fn bad(code: &'static str, message: impl Into<String>) -> Invalid {
    Invalid::new("phone", code, message)
}

/// The number before an extension marker, and the extension's digits.
fn split_extension(value: &str) -> Result<(&str, Option<String>), Invalid> {
    let found = value.char_indices().find_map(|(at, _)| {
        let rest = value[at..].to_lowercase();
        EXTENSION_MARKERS.iter().find(|m| rest.starts_with(*m)).map(|m| (at, m.chars().count()))
    });
    let Some((at, marker_chars)) = found else {
        return Ok((value, None));
    };
    let number = value[..at].trim_end_matches([' ', ',', ';', '\u{a0}']);
    let digits: String = value[at..].chars().skip(marker_chars).collect();
    let digits = digits.trim();
    if digits.is_empty() || digits.len() > 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad(
            "phone_extension",
            "Добавочный номер — от 1 до 6 цифр после «доб.», например +7 495 123-45-67 доб. 123.",
        ));
    }
    Ok((number, Some(digits.to_owned())))
}

/// Digits, spaces, hyphens, dots, one pair of parentheses and a leading `+`.
fn check_characters(number: &str) -> Result<(), Invalid> {
    if let Some(c) = number.chars().find(|c| !is_allowed(*c)) {
        if matches!(c, ',' | ';' | '/') {
            return Err(bad("phone_characters", format!("Укажите один номер телефона, {EXAMPLE}.")));
        }
        return Err(bad(
            "phone_characters",
            format!(
                "Недопустимый символ «{c}»: в номере могут быть только цифры, пробелы, дефисы, скобки \
                 и «+» в начале, {EXAMPLE}."
            ),
        ));
    }
    if number.chars().skip(1).any(|c| c == '+') {
        return Err(bad("phone_format", format!("Знак «+» ставится только в начале номера, {EXAMPLE}.")));
    }
    let opens = number.matches('(').count();
    let closes = number.matches(')').count();
    let ordered = match (number.find('('), number.find(')')) {
        (Some(open), Some(close)) => open < close,
        _ => true,
    };
    if opens > 1 || opens != closes || !ordered {
        return Err(bad(
            "phone_format",
            format!("Скобки в номере расставлены неверно: в скобках пишется только код города, {EXAMPLE}."),
        ));
    }
    Ok(())
}

fn is_allowed(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, ' ' | '\u{a0}' | '-' | '\u{2011}' | '\u{2013}' | '.' | '(' | ')' | '+')
}

/// The E.164 form of a number written with `+7`, `8` or `7` in front.
fn e164(number: &str) -> Result<String, Invalid> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let national = if number.starts_with('+') { after_plus(&digits)? } else { after_trunk(&digits)? };
    match national.as_bytes()[0] {
        b'3' | b'4' | b'8' | b'9' => Ok(format!("+7{national}")),
        b'6' | b'7' => Err(bad(
            "phone_foreign",
            "Коды +7 6… и +7 7… принадлежат Казахстану; принимаются только российские номера, \
             код города или оператора в России начинается с 3, 4, 8 или 9.",
        )),
        _ => Err(bad(
            "phone_area_code",
            format!(
                "В России нет кода, начинающегося с {}: код города или оператора начинается с 3, 4, 8 или 9, {EXAMPLE}.",
                &national[..1]
            ),
        )),
    }
}

/// `+7` and ten digits; any other country code is refused.
fn after_plus(digits: &str) -> Result<&str, Invalid> {
    match digits.as_bytes().first() {
        None => Err(digit_count(0)),
        Some(b'7') if digits.len() == 11 => Ok(&digits[1..]),
        Some(b'7') => Err(digit_count(digits.len())),
        Some(b'8') => Err(bad(
            "phone_foreign",
            format!("После «+» пишется код страны 7; номер, начинающийся с 8, пишите без «+», {EXAMPLE}."),
        )),
        Some(_) => Err(bad(
            "phone_foreign",
            format!(
                "Номер с кодом страны «+{}…» не принимается: нужен российский номер, начинающийся с +7 или 8, {EXAMPLE}.",
                &digits[..1]
            ),
        )),
    }
}

/// `8` (or `7`) and ten digits, as dialled inside Russia.
fn after_trunk(digits: &str) -> Result<&str, Invalid> {
    match digits.len() {
        11 if digits.starts_with(['8', '7']) => Ok(&digits[1..]),
        11 => Err(bad("phone_format", format!("Российский номер из 11 цифр начинается с +7 или 8, {EXAMPLE}."))),
        10 => Err(bad(
            "phone_digit_count",
            format!("В номере 10 цифр: не хватает кода страны, добавьте +7 в начале — +7 {}.", group(digits)),
        )),
        5..=7 => Err(bad(
            "phone_digit_count",
            format!(
                "В номере {}: похоже, это местный номер. Укажите его с кодом города, {EXAMPLE}.",
                digits_word(digits.len())
            ),
        )),
        n => Err(digit_count(n)),
    }
}

fn digit_count(n: usize) -> Invalid {
    bad(
        "phone_digit_count",
        format!(
            "В номере {}, а в российском номере их 11: +7 или 8 и ещё 10 цифр (код и сам номер), {EXAMPLE}.",
            digits_word(n)
        ),
    )
}

/// Ten digits grouped as `495 123-45-67`.
fn group(d: &str) -> String {
    format!("{} {}-{}-{}", &d[..3], &d[3..6], &d[6..8], &d[8..])
}

/// «1 цифра», «3 цифры», «12 цифр».
fn digits_word(n: usize) -> String {
    let word = match (n % 10, n % 100) {
        (_, 11..=14) => "цифр",
        (1, _) => "цифра",
        (2..=4, _) => "цифры",
        _ => "цифр",
    };
    format!("{n} {word}")
}
