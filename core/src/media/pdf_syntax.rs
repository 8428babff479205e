//! Just enough PDF syntax to find name tokens: names (with `#xx` escapes decoded) and bare
//! words, skipping comments and strings, so `(/JS)` in a text string or `/JSfoo` is no `/JS`.

use std::borrow::Cow;
use std::ops::Range;

/// A token that matters for judging a PDF.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// A name without its slash, decoded: `/J#61vaScript` is `JavaScript`.
    Name(Cow<'a, [u8]>),
    /// A number, keyword or other run of regular characters: `obj`, `stream`, `12`.
    Word(&'a [u8]),
}

/// The tokens of PDF syntax in a byte slice.
pub(super) struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    /// Where the next token is looked for.
    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    /// Right after the `stream` keyword: the stream's data, which is stepped over unread (binary
    /// data would otherwise yield random "names"). It ends at the next `endstream`, as lenient
    /// readers find it; a `/Length` may be an indirect reference we could not follow.
    pub(super) fn stream_data(&mut self) -> Range<usize> {
        let rest = &self.bytes[self.pos..];
        let eol = match rest {
            [b'\r', b'\n', ..] => 2,
            [b'\n' | b'\r', ..] => 1,
            _ => 0,
        };
        let start = self.pos + eol;
        let end = find(&self.bytes[start..], b"endstream").map_or(self.bytes.len(), |at| start + at);
        self.pos = end;
        start..end
    }

    fn skip_string(&mut self) {
        let mut depth = 0usize;
        while let Some(&byte) = self.bytes.get(self.pos) {
            self.pos += 1;
            match byte {
                b'\\' => self.pos += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn skip_until(&mut self, stop: impl Fn(u8) -> bool) {
        while self.bytes.get(self.pos).is_some_and(|&b| !stop(b)) {
            self.pos += 1;
        }
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        self.skip_until(|b| !is_regular(b));
        &self.bytes[start..self.pos]
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let (&byte, next) = (self.bytes.get(self.pos)?, self.bytes.get(self.pos + 1));
            match byte {
                b'%' => self.skip_until(|b| b == b'\r' || b == b'\n'),
                b'(' => self.skip_string(),
                b'<' if next == Some(&b'<') => self.pos += 2,
                b'<' => self.skip_until(|b| b == b'>'),
                b'/' => {
                    self.pos += 1;
                    return Some(Token::Name(decode_name(self.regular_run())));
                }
                byte if is_regular(byte) => return Some(Token::Word(self.regular_run())),
                _ => self.pos += 1,
            }
        }
    }
}

/// Not white space (PDF 32000-1, 7.2.2) and not a delimiter (7.2.3).
fn is_regular(byte: u8) -> bool {
    !matches!(byte, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}')
        && byte != b'/'
        && byte != b'%'
}

/// `#xx` stands for the byte `xx` in a name (7.3.5); a `#` without two hex digits stays as is.
fn decode_name(raw: &[u8]) -> Cow<'_, [u8]> {
    if !raw.contains(&b'#') {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    while let Some(&byte) = raw.get(at) {
        let hex = raw.get(at + 1..at + 3).and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(decoded) if byte == b'#' => {
                out.push(decoded);
                at += 3;
            }
            _ => {
                out.push(byte);
                at += 1;
            }
        }
    }
    Cow::Owned(out)
}

/// Where `needle` first occurs in `haystack`.
pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        Lexer::new(text.as_bytes())
            .filter_map(|t| match t {
                Token::Name(n) => Some(String::from_utf8_lossy(&n).into_owned()),
                Token::Word(_) => None,
            })
            .collect()
    }

    #[test]
    fn names_are_whole_tokens_with_escapes_decoded_outside_strings_and_comments() {
        assert_eq!(names("<</S/JS/JS(x)>>"), ["S", "JS", "JS"]);
        assert_eq!(names("/JSfoo /J#53 /J#61vaScript /A#2"), ["JSfoo", "JS", "JavaScript", "A#2"]);
        assert_eq!(names("(a (/JS) \\) /JS) % /Launch\n<2F4A53> /Next"), ["Next"]);
        assert_eq!(names("[/Launch]{/JS}"), ["Launch", "JS"]);
    }
}
