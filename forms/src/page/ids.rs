//! HTML ids from JSON pointers: valid, unique and stable, so a summary can link to its field and
//! a label can name its input.
//!
//! `/members/women` becomes `f-members-women`: a letter and a `-` before each reference token.
//! Latin letters, digits and `_` are kept; every other byte of a token's UTF-8 is written `.XX`
//! (hex), so a `-` inside a token cannot be taken for the separator and the encoding is
//! one-to-one; an empty token is `.`. Ids then hold only `[A-Za-z0-9_.-]`, never two `-` in a
//! row, and need no escaping in a URL fragment.

use std::fmt::Write;

use crate::pointer;

/// The id of an element for the value at `at`, with `prefix` naming what the element is: `f` the
/// field itself, `h` its help, `e` its errors, `w` its warnings, `r` the department's remark.
pub(super) fn of(prefix: char, at: &str) -> String {
    let mut out = String::with_capacity(at.len() + 2);
    out.push(prefix);
    for token in pointer::tokens(at).unwrap_or_default() {
        out.push('-');
        if token.is_empty() {
            out.push('.');
        }
        for b in token.bytes() {
            if b.is_ascii_alphanumeric() || b == b'_' {
                out.push(char::from(b));
            } else {
                // `write!` to a `String` cannot fail
                let _ = write!(out, ".{b:02X}");
            }
        }
    }
    out
}

/// Id of the section with this ui id (`[A-Za-z0-9_-]`, checked at load).
pub(super) fn section(id: &str) -> String {
    format!("s-{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_pointer_reads_as_its_tokens() {
        assert_eq!(of('f', "/members/women"), "f-members-women");
        assert_eq!(of('f', "/agreements/2/valid_from"), "f-agreements-2-valid_from");
        assert_eq!(of('e', "/members/women"), "e-members-women");
    }

    #[test]
    fn other_characters_are_encoded_one_to_one() {
        assert_eq!(of('f', "/a-b/c"), "f-a.2Db-c");
        assert_eq!(of('f', "/a~1b"), "f-a.2Fb");
        assert_eq!(of('f', "/x//y"), "f-x-.-y");
        assert_eq!(of('f', "/члены"), "f-.D1.87.D0.BB.D0.B5.D0.BD.D1.8B");
        let distinct = ["/a-b", "/a/b", "/a.2Db", "/a/", "/a//", "/a.", "/a/."];
        let ids: std::collections::HashSet<String> = distinct.iter().map(|p| of('f', p)).collect();
        assert_eq!(ids.len(), distinct.len(), "{ids:?}");
        assert!(ids.iter().all(|id| !id.contains("--")));
    }
}
