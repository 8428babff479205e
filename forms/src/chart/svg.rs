//! Writing SVG as text: escaping, ids, coordinates, the root with its title and description,
//! and guessing how wide a text will be (the server has no fonts to measure with).

use std::fmt::{self, Display, Write};

/// The `viewBox` width of every chart; CSS scales it to the page.
pub(super) const WIDTH: f64 = 720.0;
pub(super) const FONT: f64 = 12.0;
/// Said by a chart with nothing to draw.
pub(super) const EMPTY: &str = "Нет данных для диаграммы";

/// Colours, each at least 4.5:1 against white (and against the stripes) unless noted.
pub(super) const TEXT: &str = "#1f2328";
pub(super) const MUTED: &str = "#57606a";
pub(super) const BAR: &str = "#2f6db5";
pub(super) const HIGHLIGHT: &str = "#b54708";
/// Stripes and grid lines only help the eye along; they need no contrast.
pub(super) const STRIPE: &str = "#f6f8fa";
pub(super) const GRID: &str = "#d0d7de";

/// `text` fit for XML character data and attribute values in quotes. Characters XML 1.0 does
/// not allow (most control characters) are left out, and line breaks become spaces.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The caller's id prefix made safe for an XML id and a CSS selector: Latin letters, digits,
/// `-` and `_`, starting with a letter; `chart` when empty.
pub(super) fn id(prefix: &str) -> String {
    let clean: String = prefix.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect();
    match clean.chars().next() {
        None => String::from("chart"),
        Some(c) if c.is_ascii_alphabetic() => clean,
        Some(_) => format!("chart-{clean}"),
    }
}

/// A coordinate with at most one decimal, as short as it can be written.
#[derive(Debug, Clone, Copy)]
pub(super) struct Px(pub(super) f64);

impl Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round();
        let tenths = if tenths.is_finite() { tenths as i64 } else { 0 };
        let sign = if tenths < 0 { "-" } else { "" };
        let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
        if tenth == 0 { write!(f, "{sign}{whole}") } else { write!(f, "{sign}{whole}.{tenth}") }
    }
}

/// The text of a chart as it is written.
pub(super) struct Svg {
    out: String,
}

impl Svg {
    /// Opens the root `<svg>` of `kind` (`bars`, `lines`) with its title and description.
    pub(super) fn new(id: &str, kind: &str, title: &str, desc: &str, height: f64) -> Self {
        let id = self::id(id);
        let title = if title.trim().is_empty() { "Диаграмма" } else { title };
        let mut svg = Self { out: String::with_capacity(4096) };
        svg.line(format_args!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="chart chart-{kind}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="sans-serif" font-size="{}" fill="{TEXT}">"#,
            Px(WIDTH),
            Px(height),
            Px(FONT),
        ));
        svg.line(format_args!(r#"<title id="{id}-title">{}</title>"#, escape(title)));
        svg.line(format_args!(r#"<desc id="{id}-desc">{}</desc>"#, escape(desc)));
        svg
    }

    /// One element or tag, on its own line.
    pub(super) fn line(&mut self, element: fmt::Arguments<'_>) {
        let _ = self.out.write_fmt(element);
        self.out.push('\n');
    }

    /// A `<text>` with `attributes` (already escaped) and escaped `content`.
    pub(super) fn text(&mut self, x: f64, y: f64, attributes: &str, content: &str) {
        self.line(format_args!(r#"<text x="{}" y="{}" {attributes}>{}</text>"#, Px(x), Px(y), escape(content)));
    }

    /// The whole chart saying there is nothing to draw, centred.
    pub(super) fn empty(mut self, height: f64) -> String {
        let attributes = format!(r#"class="chart-empty" text-anchor="middle" fill="{MUTED}""#);
        self.text(WIDTH / 2.0, height / 2.0 + baseline(FONT), &attributes, EMPTY);
        self.finish()
    }

    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// How far below a line's middle its baseline sits.
pub(super) fn baseline(font: f64) -> f64 {
    0.35 * font
}

/// A generous guess of how wide `text` is at `font` size in a common sans-serif (DejaVu Sans,
/// the widest of them), so that a text guessed to fit does fit.
pub(super) fn width(text: &str, font: f64) -> f64 {
    text.chars().map(em).sum::<f64>() * font
}

fn em(c: char) -> f64 {
    match c {
        ' ' | '\u{a0}' | '\u{202f}' => 0.32,
        '.' | ',' | ':' | ';' | '!' | '|' | '\'' | 'i' | 'j' | 'l' | 'I' | '(' | ')' | '[' | ']' => 0.36,
        '0'..='9' | '«' | '»' | '"' | '-' | '−' => 0.64,
        'm' | 'w' | 'M' | 'W' | '—' | '…' => 0.98,
        'a'..='z' => 0.6,
        'A'..='Z' => 0.74,
        'ж' | 'ш' | 'щ' | 'ы' | 'ю' | 'м' | 'ф' => 0.92,
        'Ж' | 'Ш' | 'Щ' | 'Ы' | 'Ю' | 'М' | 'Ф' => 1.02,
        'а'..='я' | 'ё' => 0.63,
        'А'..='Я' | 'Ё' => 0.76,
        c if c.len_utf8() >= 3 => 1.0,
        _ => 0.7,
    }
}

/// `text` whole when it fits in `room`, else cut at a character with «…» after it.
pub(super) fn truncate(text: &str, font: f64, room: f64) -> String {
    let text = text.trim();
    if width(text, font) <= room {
        return text.to_owned();
    }
    let mut used = em('…') * font;
    let mut end = 0;
    for (at, c) in text.char_indices() {
        used += em(c) * font;
        if used > room {
            break;
        }
        end = at + c.len_utf8();
    }
    format!("{}…", text.get(..end).unwrap_or_default().trim_end())
}
