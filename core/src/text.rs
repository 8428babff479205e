//! Small text rules shared by every kind of input: required, bounded, single-line names.

use crate::Invalid;

/// A trimmed, non-empty single-line string of at most `max` characters.
pub fn required_line(input: &str, field: &str, max: usize) -> Result<String, Invalid> {
    let value = input.trim();
    if value.is_empty() {
        return Err(Invalid::new(field, "required", "Поле обязательно для заполнения."));
    }
    optional_line(value, field, max).map(|v| v.unwrap_or_default())
}

/// Like [`required_line`], but an empty value means "not given".
pub fn optional_line(input: &str, field: &str, max: usize) -> Result<Option<String>, Invalid> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > max {
        return Err(Invalid::new(field, "too_long", format!("Слишком длинное значение: не больше {max} символов.")));
    }
    if value.chars().any(char::is_control) {
        return Err(Invalid::new(
            field,
            "control_characters",
            "Значение должно быть одной строкой без служебных символов.",
        ));
    }
    Ok(Some(value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_bounds() {
        assert_eq!(required_line("  Иванов  ", "name", 10).unwrap(), "Иванов");
        assert_eq!(required_line("   ", "name", 10).unwrap_err().code, "required");
        assert_eq!(required_line("абвгдеёжзий", "name", 10).unwrap_err().code, "too_long");
        assert_eq!(required_line("a\nb", "name", 10).unwrap_err().code, "control_characters");
        assert_eq!(optional_line(" ", "site", 10).unwrap(), None);
    }
}
