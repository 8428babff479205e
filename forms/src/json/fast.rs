//! The strict reader's fast path: one pass over the bytes building the `Value` directly, for the
//! common document — well formed, within every limit, with no duplicate key.
//!
//! It never decides a refusal. At the first thing it does not handle itself — a syntax error, a
//! limit reached, a duplicate key, invalid UTF-8 — it gives up (`None`) and the serde reader
//! reads the document again and names every problem. So a document it accepts is exactly one the
//! serde reader accepts, with the same value; escaped strings and numbers other than short
//! integers are handed to `serde_json` token by token, so their values are serde_json's own.
//! A refused document costs at most one extra, cut-short pass.

use serde_json::{Map, Value};

use crate::limits::JsonLimits;

/// Reads a clean document, or `None` for the serde reader to judge it.
pub(super) fn read(bytes: &[u8], limits: &JsonLimits) -> Option<Value> {
    // One check of the whole document is cheaper than one per string.
    let text = std::str::from_utf8(bytes).ok()?;
    let mut reader = Reader { text, bytes, pos: 0, limits, total: 0 };
    let value = reader.value(0)?;
    reader.skip_space();
    (reader.pos == bytes.len()).then_some(value)
}

struct Reader<'b, 'l> {
    /// The document, known to be UTF-8.
    text: &'b str,
    bytes: &'b [u8],
    pos: usize,
    limits: &'l JsonLimits,
    /// Object keys and array items so far.
    total: usize,
}

impl Reader<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The next byte after any whitespace, consumed.
    fn next_token(&mut self) -> Option<u8> {
        self.skip_space();
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn count(&mut self) -> Option<()> {
        self.total += 1;
        (self.total <= self.limits.max_total_values).then_some(())
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        self.skip_space();
        match self.peek()? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => self.string().map(Value::String),
            b't' => self.literal(b"true", Value::Bool(true)),
            b'f' => self.literal(b"false", Value::Bool(false)),
            b'n' => self.literal(b"null", Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, text: &[u8], value: Value) -> Option<Value> {
        let end = self.pos + text.len();
        (self.bytes.get(self.pos..end)? == text).then(|| {
            self.pos = end;
            value
        })
    }

    fn object(&mut self, depth: usize) -> Option<Value> {
        if depth >= self.limits.max_depth {
            return None;
        }
        self.pos += 1;
        let mut map = Map::new();
        self.skip_space();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(Value::Object(map));
        }
        loop {
            self.skip_space();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.count()?;
            if self.next_token()? != b':' {
                return None;
            }
            let value = self.value(depth + 1)?;
            if map.len() >= self.limits.max_object_properties || map.insert(key, value).is_some() {
                return None;
            }
            match self.next_token()? {
                b',' => {}
                b'}' => return Some(Value::Object(map)),
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        if depth >= self.limits.max_depth {
            return None;
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.count()?;
            match self.next_token()? {
                b',' => {}
                b']' => return Some(Value::Array(items)),
                _ => return None,
            }
        }
    }

    /// A string at the opening quote: plain ones here, escaped ones by serde_json.
    fn string(&mut self) -> Option<String> {
        let start = self.pos + 1;
        let mut end = start;
        while let Some(chunk) = self.bytes.get(end..end + 8) {
            if special(u64::from_le_bytes(chunk.try_into().ok()?)) {
                break;
            }
            end += 8;
        }
        loop {
            match *self.bytes.get(end)? {
                b'"' => break,
                b'\\' => return self.escaped(),
                0..=0x1f => return None,
                _ => end += 1,
            }
        }
        // Both ends are at ASCII quotes: char boundaries.
        let text = self.text.get(start..end)?;
        self.pos = end + 1;
        self.short_enough(text)?;
        Some(text.to_owned())
    }

    fn escaped(&mut self) -> Option<String> {
        let mut end = self.pos + 1;
        loop {
            match *self.bytes.get(end)? {
                b'"' => break,
                b'\\' => end += 2,
                _ => end += 1,
            }
        }
        let text: String = serde_json::from_slice(&self.bytes[self.pos..=end]).ok()?;
        self.pos = end + 1;
        self.short_enough(&text)?;
        Some(text)
    }

    fn short_enough(&self, text: &str) -> Option<()> {
        let max = self.limits.max_string_chars;
        (text.len() <= max || text.chars().count() <= max).then_some(())
    }

    /// A number: integers of up to 15 digits here, anything else by serde_json.
    fn number(&mut self) -> Option<Value> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let digits = self.pos;
        let mut n: u64 = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = n.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
            self.pos += 1;
        }
        let len = self.pos - digits;
        let plain = (1..=15).contains(&len)
            && (len == 1 || self.bytes[digits] != b'0')
            && !matches!(self.peek(), Some(b'.' | b'e' | b'E'))
            && !(negative && n == 0);
        let value = if plain {
            // At most 15 digits: exact as i64 and as f64.
            if negative { Value::from(-(n as i64)) } else { Value::from(n) }
        } else {
            while let Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            serde_json::from_slice(&self.bytes[start..self.pos]).ok()?
        };
        let x = value.as_f64()?;
        (x.is_finite() && x.abs() <= self.limits.max_abs_number).then_some(value)
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether eight bytes hold a quote, a backslash or a control character, which end a plain run
/// of a string (word-at-a-time; a false alarm only sends the scan byte by byte).
fn special(word: u64) -> bool {
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH != 0;
    below(word ^ (ONES * u64::from(b'"')), 1) || below(word ^ (ONES * u64::from(b'\\')), 1) || below(word, 0x20)
}

#[cfg(test)]
mod tests;
