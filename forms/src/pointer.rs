//! JSON pointers (RFC 6901): escaping tokens, joining them, and matching a concrete data pointer
//! (`/agreements/3/workers`) to a field's template (`/agreements/*/workers`).

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(token: &str) -> String {
    if token.contains(['~', '/']) { token.replace('~', "~0").replace('/', "~1") } else { token.to_owned() }
}

/// Decodes one reference token.
pub fn unescape(token: &str) -> String {
    if token.contains('~') { token.replace("~1", "/").replace("~0", "~") } else { token.to_owned() }
}

/// `base` followed by the token `token`.
pub fn push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    out.push_str(&escape(token));
    out
}

/// The tokens of a pointer; `None` when it is not a pointer (does not start with `/`).
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape).collect())
}

/// The template of a data pointer: every array index in a table becomes `*`. `tables` are the
/// templates of repeated tables (`/agreements`).
pub fn template_of(pointer: &str, is_table: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(pointer.len());
    let Some(parts) = tokens(pointer) else {
        return pointer.to_owned();
    };
    for part in parts {
        if is_table(&out) && part.parse::<u32>().is_ok() {
            out.push_str("/*");
        } else {
            out.push('/');
            out.push_str(&escape(&part));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_tilde_and_slash() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
        assert_eq!(push("/x", "a/b"), "/x/a~1b");
    }

    #[test]
    fn row_indexes_of_tables_become_stars() {
        let t = template_of("/agreements/3/workers", |p| p == "/agreements");
        assert_eq!(t, "/agreements/*/workers");
        assert_eq!(template_of("/codes/3", |_| false), "/codes/3");
    }

    #[test]
    fn a_pointer_must_start_with_a_slash() {
        assert_eq!(tokens("a/b"), None);
        assert_eq!(tokens("/a/b"), Some(vec!["a".to_owned(), "b".to_owned()]));
    }
}
