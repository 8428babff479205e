//! Document names (§4.2): the original name is kept for display and download, but it may never
//! hide the type found in the content. It always ends with that type's extension; a name that
//! carries an extension of programs or web pages, an invisible character, or too many characters
//! is refused with a name to use instead.
//!
//! Cyrillic and other scripts stay allowed (unlike photo names): the stored file is served under
//! a generated ASCII name, and this one is only shown.

use std::fmt;

use super::document::DocumentKind;
use super::document_refusal::DocumentRefusal;

/// Longest accepted name, in characters, counted on the file name as sent (without path parts).
pub const MAX_DOCUMENT_NAME_CHARS: usize = 150;

/// Longest name quoted back in a refusal; the refusal still says how long the name really was.
const MAX_QUOTED_CHARS: usize = 200;

/// Extensions of programs, scripts, shortcuts and pages a browser renders: a file named with one
/// of them anywhere among its dot-parts could pass for something it is not (`report.pdf.exe`
/// shows as `report.pdf` where extensions are hidden). Compared case-insensitively.
const EXECUTABLE: &str = "app appref-ms apk application asp aspx bat bash cgi chm cmd com command cpl csh dll desktop dmg \
    exe gadget hta htm html inf ins jar js jse jsp ksh lnk mht mhtml msc msi msp mst phar php php3 \
    php4 php5 php7 php8 phtml pif pl ps1 psm1 py pyw rb reg scf scr sh shtml svg svgz sys url vb vbe \
    vbs website ws wsc wsf wsh xht xhtml zsh";

/// A document's name to show and to download under: the last path part only, no invisible
/// characters, whitespace collapsed, ending with the extension of the content's type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentName(String);

/// What is wrong with a document's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentNameProblem {
    /// A control character (NUL, CR, LF, TAB…) or a mark that reorders or hides text; the first
    /// one found, its position (from 1, in characters of the name as sent) and how many there are.
    Invisible { character: char, position: usize, count: usize },
    /// An extension of programs or web pages next to another one: `report.pdf.exe`, `a.exe.pdf`.
    HiddenExtension { extension: String },
    /// The name ends with an extension that is not one of a document.
    Extension { extension: String },
    /// More characters than [`MAX_DOCUMENT_NAME_CHARS`].
    TooLong { max: usize },
}

impl DocumentNameProblem {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invisible { .. } => "invisible_character",
            Self::HiddenExtension { .. } => "hidden_extension",
            Self::Extension { .. } => "extension",
            Self::TooLong { .. } => "too_long",
        }
    }
}

impl DocumentName {
    /// The name `raw` (as the browser sent it) for a document whose content is `kind`, or the
    /// refusal saying what is wrong with it and which name would do.
    ///
    /// Path parts are dropped (old browsers send `C:\…\report.pdf`), and an extension of another
    /// document type is replaced by the real one: a PDF named `Отчёт.doc` becomes `Отчёт.pdf`.
    pub fn parse(raw: &str, kind: DocumentKind) -> Result<Self, DocumentRefusal> {
        let base = last_path_part(raw);
        let name_chars = base.chars().count();
        let problem = match invisible(base) {
            Some(problem) => problem,
            None if name_chars > MAX_DOCUMENT_NAME_CHARS => {
                DocumentNameProblem::TooLong { max: MAX_DOCUMENT_NAME_CHARS }
            }
            None => match with_extension(base, kind) {
                Ok(name) => return Ok(Self(name)),
                Err(problem) => problem,
            },
        };
        Err(DocumentRefusal::BadName {
            name: quoted(base),
            name_chars,
            problem,
            suggestion: Self::suggest(raw, kind).into_string(),
            kind,
        })
    }

    /// A name that [`DocumentName::parse`] accepts, made from `raw`: invisible characters and
    /// extensions removed, shortened to the limit, the real extension added
    /// (`report.pdf.exe` → `report.pdf`).
    pub fn suggest(raw: &str, kind: DocumentKind) -> Self {
        let visible: String = last_path_part(raw)
            .chars()
            .filter_map(|c| match c {
                c if is_invisible(c) && c.is_whitespace() => Some(' '),
                c if is_invisible(c) => None,
                c => Some(c),
            })
            .collect();
        let room = MAX_DOCUMENT_NAME_CHARS - 1 - kind.extension().len();
        let stem = name_without_extensions(&tidy(&visible));
        let shortened: String = stem.chars().take(room).collect();
        // Shortening may leave a fragment that reads as an extension (`x.jsfoo` → `x.js`).
        let stem = name_without_extensions(&tidy(&shortened));
        let stem = if stem.is_empty() { "document".to_owned() } else { stem };
        Self(format!("{stem}.{}", kind.extension()))
    }

    /// The name to show for a name stored by an earlier version with laxer rules: kept when it
    /// passes today's rules (its length aside), else what [`DocumentName::suggest`] makes of it.
    pub fn of_stored(stored: &str, kind: DocumentKind) -> Self {
        let base = last_path_part(stored);
        match invisible(base).map_or_else(|| with_extension(base, kind), Err) {
            Ok(name) => Self(name),
            Err(_) => Self::suggest(stored, kind),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for DocumentName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Browsers once sent the whole path; what comes before the last separator names the uploader's
/// folders, not the file.
fn last_path_part(raw: &str) -> &str {
    raw.rsplit(['/', '\\']).next().unwrap_or(raw)
}

/// Control characters (C0, DEL, C1: NUL, TAB, CR, LF…), marks that reorder text
/// (`отчёт\u{202E}fdp.exe` shows as `отчётexe.pdf`), line and paragraph separators, and
/// zero-width characters that hide where a name ends. The zero-width joiners U+200C/U+200D are
/// not here: some scripts and emoji need them, and they reorder nothing.
pub(super) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

fn invisible(base: &str) -> Option<DocumentNameProblem> {
    let mut found = base.chars().enumerate().filter(|(_, c)| is_invisible(*c));
    let (index, character) = found.next()?;
    Some(DocumentNameProblem::Invisible { character, position: index + 1, count: 1 + found.count() })
}

/// The name quoted back in a refusal (of a document or a photo): invisible characters written as
/// `\u{202e}`, so that the message reads as it is, at most [`MAX_QUOTED_CHARS`] characters.
pub(super) fn quoted(base: &str) -> String {
    let mut out: String = base
        .chars()
        .take(MAX_QUOTED_CHARS)
        .map(|c| if is_invisible(c) { c.escape_unicode().to_string() } else { c.to_string() })
        .collect();
    if base.chars().count() > MAX_QUOTED_CHARS {
        out.push('…');
    }
    out
}

/// Whitespace collapsed to single spaces; no spaces or dots at the end, which Windows drops
/// (`report.exe.` is run as `report.exe`).
fn tidy(name: &str) -> String {
    let collapsed = name.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_end_matches(['.', ' ']).to_owned()
}

/// What a dot-part of a name is, compared without surrounding spaces and ignoring case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Executable,
    Document,
    /// Reads as an extension (`txt`, `zip`, `Final`): up to five ASCII letters or digits, at least
    /// one of them a letter.
    OtherExtension,
    /// Part of the name itself: `2025` in `Приказ от 01.02.2025`, ` Итоги` in `г. Итоги`.
    Text,
}

fn part(raw: &str) -> Part {
    let p = raw.trim();
    if EXECUTABLE.split_whitespace().any(|e| e.eq_ignore_ascii_case(p)) {
        Part::Executable
    } else if DocumentKind::ALL.iter().any(|k| k.extension().eq_ignore_ascii_case(p)) {
        Part::Document
    } else if (1..=5).contains(&p.len())
        && p.chars().all(|c| c.is_ascii_alphanumeric())
        && p.chars().any(|c| c.is_ascii_alphabetic())
    {
        Part::OtherExtension
    } else {
        Part::Text
    }
}

/// The name to show for a name free of invisible characters: tidied, ending with `kind`'s
/// extension, or the problem with its extensions.
fn with_extension(base: &str, kind: DocumentKind) -> Result<String, DocumentNameProblem> {
    let name = tidy(base);
    let mut parts = name.split('.');
    let stem = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let Some((last, middle)) = rest.split_last() else {
        return Ok(join_extension(stem, kind));
    };
    let extension = |p: &str| p.trim().to_owned();
    if let Some(hidden) = middle.iter().find(|p| part(p) == Part::Executable) {
        return Err(DocumentNameProblem::HiddenExtension { extension: extension(hidden) });
    }
    match part(last) {
        Part::Executable if middle.iter().any(|p| part(p) != Part::Text) => {
            Err(DocumentNameProblem::HiddenExtension { extension: extension(last) })
        }
        Part::Executable | Part::OtherExtension => Err(DocumentNameProblem::Extension { extension: extension(last) }),
        Part::Document => Ok(join_extension(&name[..name.len() - last.len() - 1], kind)),
        Part::Text => Ok(join_extension(&name, kind)),
    }
}

/// `stem.ext`, or `document.ext` when nothing is left of the name (`.pdf`, `folder/`).
fn join_extension(stem: &str, kind: DocumentKind) -> String {
    let stem = stem.trim_end_matches(['.', ' ']);
    if stem.trim().is_empty() {
        format!("document.{}", kind.extension())
    } else {
        format!("{stem}.{}", kind.extension())
    }
}

/// The dot-parts that are the name itself, without any that read as an extension.
fn name_without_extensions(name: &str) -> String {
    let mut parts = name.split('.');
    let stem = parts.next().unwrap_or_default();
    let kept: Vec<&str> = std::iter::once(stem).chain(parts.filter(|p| part(p) == Part::Text)).collect();
    kept.join(".").trim_end_matches(['.', ' ']).to_owned()
}
