//! The login: an e-mail address (§1.7), trimmed and compared case-insensitively.

use std::fmt;

use serde::Serialize;

use crate::Invalid;

/// A syntactically plausible e-mail address, trimmed and lower-cased.
///
/// The check is deliberately modest (one `@`, a dotted domain, no spaces or control characters):
/// the real proof that an address works is the mail the user receives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let value = input.trim().to_lowercase();
        let bad = |message: &str| Err(Invalid::new("email", "invalid_email", message));
        if value.is_empty() {
            return bad("Укажите адрес электронной почты.");
        }
        if value.chars().count() > Self::MAX_LEN {
            return bad("Адрес электронной почты слишком длинный: не больше 254 символов.");
        }
        let Some((local, domain)) = value.split_once('@') else {
            return bad("Адрес электронной почты должен содержать знак «@», например ivanov@example.ru.");
        };
        let well_formed = !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !value.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c));
        if !well_formed {
            return bad("Адрес электронной почты записан неверно, пример: ivanov@example.ru.");
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_is_trimmed_and_case_insensitive() {
        let a = Email::parse("  Ivanov@Example.RU ").unwrap();
        assert_eq!(a.as_str(), "ivanov@example.ru");
        assert_eq!(a, Email::parse("ivanov@example.ru").unwrap());
    }

    #[test]
    fn malformed_addresses_are_refused_with_a_reason() {
        for bad in ["", "ivanov", "ivanov@", "@example.ru", "iv anov@example.ru", "a@b", "a@@b.ru", "a@b..ru"] {
            let err = Email::parse(bad).unwrap_err();
            assert_eq!(err.field, "email", "{bad}");
            assert!(!err.message.is_empty());
        }
    }
}
