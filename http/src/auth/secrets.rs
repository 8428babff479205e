//! Random secrets: session and reset tokens, API tokens, CSRF tokens, starting passwords.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng as _;
use rand::distr::Alphanumeric;

/// 256 random bits, URL-safe.
pub fn token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A starting password: 14 letters and digits, with at least one of each (§2.6).
pub fn starting_password() -> String {
    loop {
        let candidate: String = rand::rng().sample_iter(&Alphanumeric).take(14).map(char::from).collect();
        let letters = candidate.chars().any(|c| c.is_ascii_alphabetic());
        let digits = candidate.chars().any(|c| c.is_ascii_digit());
        if letters && digits {
            return candidate;
        }
    }
}

/// Compares secrets in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (token(), token());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()) && !same(&a, &b));
    }

    #[test]
    fn starting_passwords_satisfy_the_rules() {
        let login = cabinet_core::Email::parse("a@b.ru").unwrap();
        for _ in 0..100 {
            cabinet_core::Password::parse(&starting_password(), &login, "password").unwrap();
        }
    }
}
