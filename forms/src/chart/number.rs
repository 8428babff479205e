//! Numbers as a Russian reader expects them: `1 234 567,8 %` — a narrow no-break space between
//! thousands, a decimal comma, a true minus sign, a no-break space before the unit.

/// Said where a value is missing.
pub const MISSING: &str = "нет данных";

/// Between groups of three digits.
const THOUSANDS: char = '\u{202f}';
/// Between the number and its unit: they never part at a line end.
const BEFORE_UNIT: char = '\u{a0}';
const MINUS: char = '\u{2212}';
/// More places than any indicator needs; a larger `places` is read as this.
const MAX_PLACES: u8 = 10;

/// `value` rounded to `places` decimals (at most 10) in Russian notation, with `unit` after it
/// when not empty. A value that is not finite is [`MISSING`]; `-0,0` is written `0,0`.
pub fn format_number(value: f64, places: u8, unit: &str) -> String {
    if !value.is_finite() {
        return MISSING.to_owned();
    }
    let fixed = format!("{:.*}", usize::from(places.min(MAX_PLACES)), value.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let mut out = String::with_capacity(fixed.len() + 8 + unit.len());
    if value < 0.0 && fixed.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        out.push(MINUS);
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(THOUSANDS);
        }
        out.push(digit);
    }
    if !fraction.is_empty() {
        out.push(',');
        out.push_str(fraction);
    }
    with_unit(out, unit)
}

/// `number` followed by `unit`, when there is one.
pub(super) fn with_unit(mut number: String, unit: &str) -> String {
    if !unit.is_empty() {
        number.push(BEFORE_UNIT);
        number.push_str(unit);
    }
    number
}
