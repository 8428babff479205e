//! Password rules (§2.6): long enough, letters and digits, not the login.

use std::fmt;

use crate::{Email, Invalid};

/// A new password that satisfies the rules. Its `Debug` never shows the secret.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 256;

    /// Checks a password a user chose. `field` names the input for the error.
    pub fn parse(input: &str, login: &Email, field: &str) -> Result<Self, Invalid> {
        let bad = |code, message: &str| Err(Invalid::new(field, code, message));
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            return bad(
                "password_too_short",
                &format!("Пароль слишком короткий: {chars} симв., нужно не меньше {}.", Self::MIN_CHARS),
            );
        }
        if chars > Self::MAX_CHARS {
            return bad("password_too_long", "Пароль слишком длинный: не больше 256 символов.");
        }
        if !input.chars().any(char::is_alphabetic) || !input.chars().any(|c| c.is_ascii_digit()) {
            return bad("password_too_simple", "Пароль должен содержать и буквы, и цифры.");
        }
        let lowered = input.trim().to_lowercase();
        let local_part = login.as_str().split('@').next().unwrap_or_default();
        if lowered == login.as_str() || lowered == local_part {
            return bad("password_is_login", "Пароль не должен совпадать с логином.");
        }
        Ok(Self(input.to_owned()))
    }

    /// A password the server generated (a starting password): it satisfies the rules by construction.
    pub fn generated(secret: String) -> Self {
        Self(secret)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login() -> Email {
        Email::parse("petrov2024@example.ru").unwrap()
    }

    #[test]
    fn accepts_letters_and_digits_of_ten_or_more() {
        assert!(Password::parse("Профсоюз2024", &login(), "password").is_ok());
        assert!(Password::parse("abcdefgh12", &login(), "password").is_ok());
    }

    #[test]
    fn refuses_each_broken_rule_with_its_own_code() {
        let code = |p: &str| Password::parse(p, &login(), "new_password").unwrap_err().code;
        assert_eq!(code("abc12"), "password_too_short");
        assert_eq!(code("abcdefghijkl"), "password_too_simple");
        assert_eq!(code("123456789012"), "password_too_simple");
        assert_eq!(code("petrov2024@example.ru"), "password_is_login");
        assert_eq!(code("Petrov2024"), "password_is_login");
    }

    #[test]
    fn debug_hides_the_secret() {
        let p = Password::parse("Секрет12345", &login(), "password").unwrap();
        assert!(!format!("{p:?}").contains("Секрет"));
    }
}
