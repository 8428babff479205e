//! Abbreviations a wide audience may not know (§5.4: «без сокращений и аббревиатур, не ясных
//! широкой аудитории»): all-capital words that are neither on the allowed list nor spelled out.
//!
//! An abbreviation is a word of two or more letters, Cyrillic or Latin, all of them capital;
//! Roman numerals (`XXI`, `IV`, and `ХХ` typed in Cyrillic) are not. It is spelled out when one of
//! its occurrences stands next to its full name in parentheses, either way round:
//! «Социальный фонд России (СФР)», «… (далее — СФР)» or «СФР (Социальный фонд России)». A full
//! name is a few ordinary words (some lower case), one of them starting with the abbreviation's
//! first letter: enough to tell «Решение (СФР)» or «ТК (в 2026 году)» from a name.
//! That occurrence must come no later than the first one in the lead and body: readers meet the
//! full name first. The headline is exempt from that order — it is too short for full names —
//! but what it abbreviates must be spelled out somewhere.

use std::collections::{BTreeSet, HashMap};

use super::finding::Field;
use super::scan::{Position, Word, words};

/// The abbreviations everybody knows, used without their full names. Configurable by the union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbbreviationList(BTreeSet<String>);

impl AbbreviationList {
    /// What a reader of the union's site understands without a full name.
    pub const DEFAULTS: &'static [&'static str] = &[
        "РФ",
        "ЦК",
        "ФНПР",
        "ВОЗ",
        "ООН",
        "МРОТ",
        "ЖКХ",
        "СНГ",
        "ФЗ",
        "ИНН",
        "СНИЛС",
        "ОМС",
        "ДМС",
        "РАН",
        "МВД",
        "МЧС",
        "ФСС",
        "ПФР",
        "СССР",
        "США",
        "ЕС",
        "СМИ",
        "ВВП",
        "НДФЛ",
        "ДТП",
        "ГИБДД",
        "ЕГЭ",
        "ОГЭ",
        "ООО",
        "АО",
        "ПАО",
        "ОАО",
        "ЗАО",
        "IT",
    ];

    /// A list of the given words, in any letter case; blanks are dropped.
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Self {
        Self(words.into_iter().map(|w| w.as_ref().trim().to_uppercase()).filter(|w| !w.is_empty()).collect())
    }

    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl Default for AbbreviationList {
    fn default() -> Self {
        Self::new(Self::DEFAULTS)
    }
}

/// An abbreviation the reader meets before, or without, its full name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unexplained {
    pub abbreviation: String,
    /// Its first occurrence that needs the full name: in the lead or body, or else the headline.
    pub field: Field,
    pub position: Position,
    /// Where it is spelled out, when that comes too late.
    pub spelled_out_at: Option<(Field, Position)>,
}

/// How far a full name is looked for around an abbreviation.
const MAX_NAME_WORDS: usize = 12;
const MAX_NAME_CHARS: usize = 300;

struct Occurrence {
    field: Field,
    position: Position,
    spelled_out: bool,
}

/// The abbreviations of `fields` (in reading order) that are neither allowed nor spelled out in time.
pub(super) fn unexplained(fields: &[(Field, &str)], allowed: &AbbreviationList) -> Vec<Unexplained> {
    let mut order: Vec<&str> = Vec::new();
    let mut seen: HashMap<&str, Vec<Occurrence>> = HashMap::new();
    for &(field, text) in fields {
        for word in words(text).into_iter().filter(|w| is_abbreviation(w.text) && !allowed.contains(w.text)) {
            let occurrence = Occurrence { field, position: word.position, spelled_out: spelled_out(text, &word) };
            let list = seen.entry(word.text).or_insert_with(|| {
                order.push(word.text);
                Vec::new()
            });
            list.push(occurrence);
        }
    }
    order.into_iter().filter_map(|word| judge(word, seen.get(word)?)).collect()
}

fn judge(word: &str, occurrences: &[Occurrence]) -> Option<Unexplained> {
    let needs_name = occurrences.iter().position(|o| o.field != Field::Headline);
    let named = occurrences.iter().position(|o| o.spelled_out);
    let at = match (named, needs_name) {
        (Some(named), Some(first)) if named <= first => return None,
        (Some(_), None) => return None,
        (_, Some(first)) => &occurrences[first],
        (None, None) => occurrences.first()?,
    };
    Some(Unexplained {
        abbreviation: word.to_owned(),
        field: at.field,
        position: at.position,
        spelled_out_at: named.map(|i| (occurrences[i].field, occurrences[i].position)),
    })
}

/// Two or more letters, all capitals, and not a Roman numeral.
pub(super) fn is_abbreviation(word: &str) -> bool {
    word.chars().nth(1).is_some()
        && word.chars().all(char::is_uppercase)
        && !word.chars().all(|c| "IVXLCDMХ".contains(c))
}

fn spelled_out(text: &str, word: &Word) -> bool {
    name_before(text, word) || name_after(text, word)
}

/// «Социальный фонд России (СФР)», «Социальный фонд России (далее — СФР)».
fn name_before(text: &str, word: &Word) -> bool {
    let (start, end) = word.bytes;
    let before = text[..start].trim_end();
    let before = before.trim_end_matches([' ', '\u{a0}', '-', '–', '—', ':']);
    let before = before.strip_suffix("далее").or_else(|| before.strip_suffix("Далее")).unwrap_or(before);
    let Some(name) = before.trim_end().strip_suffix('(') else { return false };
    let closes = text[end..].trim_start().starts_with([')', ',', ';']);
    // A name has about a word per letter of its abbreviation, some short words besides («и», «по»).
    let reach = word.text.chars().count().min(MAX_NAME_WORDS) + 2;
    let name: Vec<&str> = name.rsplit(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(reach).collect();
    closes && names(word.text, &name)
}

/// «СФР (Социальный фонд России)», «МРОТ (минимальный размер оплаты труда)».
fn name_after(text: &str, word: &Word) -> bool {
    let rest = text[word.bytes.1..].trim_start_matches([' ', '\u{a0}']);
    let Some(rest) = rest.strip_prefix('(') else { return false };
    // Looking no further than a name's length keeps a text full of «АБ (АБ (…» linear.
    let Some((close, _)) = rest.char_indices().take(MAX_NAME_CHARS).find(|&(_, c)| c == ')') else { return false };
    let name: Vec<&str> = rest[..close].split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    name.len() >= 2 && names(word.text, &name)
}

/// Whether `words` can be the full name of `abbreviation`: written in ordinary words (some lower
/// case), one of them starting with the abbreviation's first letter — so that «Решение (СФР)» or
/// «МРОТ (в 2026 году)» do not pass for a name.
fn names(abbreviation: &str, words: &[&str]) -> bool {
    let initial = |w: &str| w.chars().next().map(|c| c.to_lowercase().collect::<String>());
    let first = initial(abbreviation);
    words.iter().any(|w| w.chars().any(char::is_lowercase)) && words.iter().any(|w| initial(w) == first)
}
