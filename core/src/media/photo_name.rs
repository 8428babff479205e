//! Photo file names (§5.5): Latin letters, digits, `_` and `-` before `.jpg`/`.jpeg`, and the
//! transliterated name suggested when a person's name does not fit.

use std::fmt;

/// Longest accepted name, extension included.
pub const MAX_NAME_CHARS: usize = 120;

/// A photo file name that follows §5.5, e.g. `Foto_s_sobraniya.jpg`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhotoName(String);

/// What is wrong with a photo's file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// The extension is not `.jpg` or `.jpeg` (or there is none).
    Extension,
    /// Nothing before the extension.
    EmptyStem,
    /// Characters other than Latin letters, digits, `_` and `-`; told as a Russian list.
    Characters(String),
    TooLong,
}

impl NameProblem {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Extension => "extension",
            Self::EmptyStem => "empty",
            Self::Characters(_) => "characters",
            Self::TooLong => "too_long",
        }
    }
}

impl PhotoName {
    pub fn parse(name: &str) -> Result<Self, NameProblem> {
        let (stem, extension) = name.rsplit_once('.').ok_or(NameProblem::Extension)?;
        if !extension.eq_ignore_ascii_case("jpg") && !extension.eq_ignore_ascii_case("jpeg") {
            return Err(NameProblem::Extension);
        }
        if stem.is_empty() {
            return Err(NameProblem::EmptyStem);
        }
        if !stem.chars().all(is_allowed) {
            return Err(NameProblem::Characters(describe_forbidden(stem)));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(NameProblem::TooLong);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for PhotoName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// A name that [`PhotoName::parse`] accepts, made from what the person chose:
/// `Фото с собрания.jpg` → `Foto_s_sobraniya.jpg`.
pub fn suggest_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, extension) = match base.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case("jpg") || ext.eq_ignore_ascii_case("jpeg") => (stem, ext),
        // Another short extension (png, heic…) is replaced; a longer tail is part of the name.
        Some((stem, ext)) if (1..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric()) => {
            (stem, "jpg")
        }
        _ => (base, "jpg"),
    };
    let mut latin = transliterate(stem);
    if latin.is_empty() {
        latin = "photo".to_owned();
    }
    let room = MAX_NAME_CHARS - 1 - extension.len();
    if latin.len() > room {
        latin.truncate(room);
        latin.truncate(latin.trim_end_matches('_').len());
    }
    format!("{latin}.{extension}")
}

/// Russian in the everyday style (я → ya, щ → shch, ь and ъ dropped), other scripts as close as
/// `any_ascii` gets; anything that is still not allowed becomes `_`, runs collapsed and trimmed.
/// A table would do for Russian alone; the crate also covers the Ukrainian, Kazakh or accented
/// Latin letters that names of people and places bring.
fn transliterate(stem: &str) -> String {
    // any_ascii writes the soft and hard signs as apostrophes; Russian file names drop them.
    let without_signs: String = stem.chars().filter(|c| !matches!(c, 'ь' | 'ъ' | 'Ь' | 'Ъ')).collect();
    let ascii = any_ascii::any_ascii(&without_signs);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        let c = if is_allowed(c) { c } else { '_' };
        let separator = |c: char| c == '_' || c == '-';
        match out.pop() {
            // A run of separators becomes one: `_` if it has any, else `-` (« — » → `_`).
            Some(last) if separator(last) && separator(c) => out.push(if last == '-' && c == '-' { '-' } else { '_' }),
            Some(last) => {
                out.push(last);
                out.push(c);
            }
            None => out.push(c),
        }
    }
    out.trim_matches(['_', '-']).to_owned()
}

/// «пробелы, русские буквы и символы «#», «(»» — what a person should remove.
fn describe_forbidden(stem: &str) -> String {
    let mut parts = Vec::new();
    if stem.chars().any(char::is_whitespace) {
        parts.push("пробелы".to_owned());
    }
    if stem.chars().any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')) {
        parts.push("русские буквы".to_owned());
    }
    if stem.contains('.') {
        parts.push("лишние точки".to_owned());
    }
    let mut others: Vec<char> = Vec::new();
    for c in stem.chars() {
        let listed = c.is_whitespace() || c == '.' || matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё');
        if !is_allowed(c) && !listed && !others.contains(&c) {
            others.push(c);
        }
    }
    if !others.is_empty() {
        let shown: Vec<String> = others.iter().take(5).map(|c| format!("«{}»", c.escape_default())).collect();
        let word = if others.len() == 1 { "символ" } else { "символы" };
        parts.push(format!("{word} {}", shown.join(", ")));
    }
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} и {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_latin_names_with_either_extension_in_any_case() {
        for name in ["IMG_2024-05.jpg", "a.JPG", "Foto.jpeg", "x-1.JpEg"] {
            assert_eq!(PhotoName::parse(name).unwrap().as_str(), name);
        }
    }

    #[test]
    fn refuses_what_the_regulation_forbids() {
        assert_eq!(PhotoName::parse("photo.png"), Err(NameProblem::Extension));
        assert_eq!(PhotoName::parse("photo"), Err(NameProblem::Extension));
        assert_eq!(PhotoName::parse(".jpg"), Err(NameProblem::EmptyStem));
        assert_eq!(PhotoName::parse("my photo.jpg").unwrap_err().code(), "characters");
        assert_eq!(PhotoName::parse("a.b.jpg").unwrap_err().code(), "characters");
        assert_eq!(PhotoName::parse(&format!("{}.jpg", "a".repeat(200))), Err(NameProblem::TooLong));
    }

    #[test]
    fn names_the_forbidden_characters_in_russian() {
        let Err(NameProblem::Characters(what)) = PhotoName::parse("Фото с собрания (1)#.jpg") else {
            panic!()
        };
        assert_eq!(what, "пробелы, русские буквы и символы «(», «)», «#»");
    }

    #[test]
    fn suggests_russian_transliteration() {
        assert_eq!(suggest_name("Фото с собрания.jpg"), "Foto_s_sobraniya.jpg");
        assert_eq!(suggest_name("Съезд  объединённый, 2024!.JPEG"), "Sezd_obedinennyy_2024.JPEG");
        assert_eq!(suggest_name("Юбилей Щукина — жёлтый чай.jpg"), "Yubiley_Shchukina_zheltyy_chay.jpg");
        assert_eq!(suggest_name("Хор Цветы Ёлки.jpg"), "Khor_Tsvety_Elki.jpg");
        assert_eq!(suggest_name("-Дом--культуры_-_2-.jpg"), "Dom-kultury_2.jpg");
    }

    #[test]
    fn suggestion_fixes_extension_and_path_and_emptiness() {
        assert_eq!(suggest_name("C:\\Users\\Иван\\Фото.png"), "Foto.jpg");
        assert_eq!(suggest_name("собрание"), "sobranie.jpg");
        assert_eq!(suggest_name("отчёт.за.май"), "otchet_za_may.jpg");
        assert_eq!(suggest_name("!!!.jpg"), "photo.jpg");
        let long = suggest_name(&"я".repeat(300));
        assert!(long.len() <= MAX_NAME_CHARS && long.ends_with(".jpg"));
        for name in ["Фото с собрания.jpg", "a b.c.d", "", "ьъ.jpeg", "日本語.jpg", "😀 party.jpg"]
        {
            assert!(PhotoName::parse(&suggest_name(name)).is_ok(), "{name} → {}", suggest_name(name));
        }
    }
}
