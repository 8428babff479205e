//! Web addresses an organization publishes (its site, its social pages): `http`/`https` only,
//! on a named host, with nothing that could smuggle a script, a login or a disguised host.

use std::fmt;

use serde::{Serialize, Serializer};
use url::{Host, ParseError, Position, Url};

use crate::Invalid;

/// An absolute `http://` or `https://` address on a domain name (`przrf.ru`, `профсоюз.рф`).
///
/// Normalised by the WHATWG rules: the host is lower-cased and an IDN host is kept in its ASCII
/// (`xn--`) form, which is what [`WebUrl::as_str`] gives for a link; [`WebUrl::display`] shows
/// the host in its own letters. Refused: other schemes (`javascript:`, `data:`, `ftp:`), relative
/// or scheme-less addresses, `user:pass@` before the host, IP addresses and one-word hosts,
/// spaces, control and invisible direction characters, more than [`WebUrl::MAX_LEN`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WebUrl(Url);

/// Invisible characters that can disguise an address: zero-width, direction marks and overrides.
const INVISIBLE: [char; 15] = [
    '\u{ad}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}',
    '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{feff}',
];
const EXAMPLE: &str = "например https://przrf.ru";

impl WebUrl {
    /// Longest address kept, counted both as typed and once normalised (Cyrillic paths grow
    /// when percent-encoded).
    pub const MAX_LEN: usize = 2000;

    /// Reads an address; refusals are reported under the field `website`.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let value = input.trim();
        if value.is_empty() {
            return Err(bad("required", format!("Укажите адрес сайта, {EXAMPLE}.")));
        }
        check_text(value)?;
        check_scheme(value)?;
        let url = Url::parse(value).map_err(refusal)?;
        if !url.username().is_empty() || url.password().is_some() || authority(value).contains('@') {
            return Err(bad(
                "url_userinfo",
                "Адрес не должен содержать имя пользователя или пароль (часть с «@» перед именем сайта): \
                 укажите адрес страницы без них.",
            ));
        }
        check_host(&url)?;
        if url.as_str().len() > Self::MAX_LEN {
            return Err(too_long(url.as_str().len()));
        }
        Ok(Self(url))
    }

    /// The normalised address, ASCII only: safe for `href` and for storage.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The host in ASCII, lower-case (`xn--…` for an IDN).
    pub fn host(&self) -> &str {
        self.0.host_str().unwrap_or_default()
    }

    /// The address for people to read: the host in its own letters and a percent-encoded path
    /// decoded when it is clean text (`https://профсоюз.рф/новости`); no lone trailing `/`.
    pub fn display(&self) -> String {
        let host = url::quirks::domain_to_unicode(self.host());
        let port = self.0.port().map(|p| format!(":{p}")).unwrap_or_default();
        let rest = &self.0[Position::BeforePath..];
        let rest = if rest == "/" { "" } else { rest };
        format!("{}://{host}{port}{}", self.0.scheme(), decoded(rest).unwrap_or_else(|| rest.to_owned()))
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for WebUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

fn bad(code: &'static str, message: impl Into<String>) -> Invalid {
    Invalid::new("website", code, message)
}

fn too_long(len: usize) -> Invalid {
    bad("too_long", format!("Адрес слишком длинный (символов: {len}), допустимо не больше {}.", WebUrl::MAX_LEN))
}

/// Length, spaces, control and invisible characters, backslashes — before any parsing.
fn check_text(value: &str) -> Result<(), Invalid> {
    let chars = value.chars().count();
    if chars > WebUrl::MAX_LEN {
        return Err(too_long(chars));
    }
    if value.chars().any(|c| c.is_control() || INVISIBLE.contains(&c)) {
        return Err(bad(
            "url_characters",
            "В адресе есть служебные или невидимые символы: скопируйте адрес из строки браузера заново.",
        ));
    }
    if value.chars().any(char::is_whitespace) {
        return Err(bad("url_characters", format!("В адресе не должно быть пробелов: укажите один адрес, {EXAMPLE}.")));
    }
    if value.contains('\\') {
        return Err(bad("url_characters", "Обратная косая черта «\\» в адресе недопустима: используйте «/»."));
    }
    Ok(())
}

/// `http://` or `https://` exactly; everything else is either another scheme or no scheme.
fn check_scheme(value: &str) -> Result<(), Invalid> {
    let lower = value.to_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Ok(());
    }
    let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-'))
    });
    match scheme {
        Some("http" | "https") => {
            Err(bad("url_scheme", format!("После «http:» или «https:» должно идти «//», {EXAMPLE}.")))
        }
        Some(other) => Err(bad(
            "url_scheme",
            format!("Допустимы только адреса сайтов, начинающиеся с http:// или https://; «{other}:» не подходит."),
        )),
        None => Err(bad(
            "url_relative",
            format!(
                "Укажите адрес полностью, вместе с https:// в начале, например https://{}.",
                value.trim_start_matches('/')
            ),
        )),
    }
}

fn refusal(error: ParseError) -> Invalid {
    let message = match error {
        ParseError::EmptyHost => "В адресе нет имени сайта после «//»".to_owned(),
        ParseError::InvalidPort => "В адресе неверный номер порта после «:»".to_owned(),
        ParseError::IdnaError | ParseError::InvalidDomainCharacter => {
            "В имени сайта недопустимые символы: в нём допустимы только буквы, цифры, дефисы и точки".to_owned()
        }
        _ => "Адрес записан неверно".to_owned(),
    };
    bad("invalid_url", format!("{message}. Пример правильного адреса: https://przrf.ru."))
}

/// The part between `//` and the path, as typed.
fn authority(value: &str) -> &str {
    let after = value.split_once("//").map(|(_, rest)| rest).unwrap_or_default();
    after.split(['/', '?', '#']).next().unwrap_or_default()
}

/// A domain name with at least one dot; no IP addresses, no `localhost`.
fn check_host(url: &Url) -> Result<(), Invalid> {
    match url.host() {
        Some(Host::Domain(domain)) if domain.trim_end_matches('.').contains('.') => Ok(()),
        Some(Host::Domain(_)) => {
            Err(bad("url_host", format!("Имя сайта должно быть полным, с зоной вроде .ru или .рф, {EXAMPLE}.")))
        }
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => {
            Err(bad("url_host", format!("Укажите имя сайта, а не IP-адрес, {EXAMPLE}.")))
        }
        None => Err(bad("url_host", format!("В адресе нет имени сайта, {EXAMPLE}."))),
    }
}

/// The text with percent-encoded non-ASCII letters decoded, when they form valid UTF-8 with
/// nothing hidden in it; encoded ASCII (`%2F`, `%20`) stays encoded so the meaning cannot change.
fn decoded(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = text.get(i + 1..i + 3).filter(|_| bytes[i] == b'%');
        match escaped.and_then(|hex| u8::from_str_radix(hex, 16).ok()).filter(|b| !b.is_ascii()) {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    let text = String::from_utf8(out).ok()?;
    let hidden = text.chars().any(|c| c.is_control() || c.is_whitespace() || INVISIBLE.contains(&c));
    (!hidden).then_some(text)
}
