//! The fast reader against the serde reader: whatever the fast one accepts, the serde one
//! accepts with the same value — on random documents, their mutations and small limits.

use serde_json::json;

use super::read;
use crate::json::strict;
use crate::limits::{JsonLimits, Limits};

struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn space(&mut self) -> &'static str {
        self.pick(&["", "", "", " ", "\n  ", "\t", "\r\n"])
    }

    fn string(&mut self) -> String {
        let parts = [
            "a",
            "b",
            "c",
            "ёж",
            "№",
            "😀",
            "\\n",
            "\\\"",
            "\\\\",
            "\\/",
            "\\u0041",
            "\\u0439",
            "\\ud83d\\ude00",
            "\\ud800",
            "\\udc00x",
            "\\x",
            "\u{1}",
            "\t",
            "abcdefgh",
            "организация",
            "",
        ];
        let mut s = String::from("\"");
        for _ in 0..self.below(4) {
            s.push_str(self.pick(&parts));
        }
        s.push('"');
        s
    }

    fn number(&mut self) -> String {
        self.pick(&[
            "0",
            "7",
            "-3",
            "-0",
            "01",
            "1.5",
            "-2.25",
            "1e3",
            "1E+2",
            "2e-3",
            "1.",
            ".5",
            "-",
            "+1",
            "999999999999999",
            "1000000000000000",
            "1000000000000001",
            "-999999999999999",
            "12345678901234567890",
            "1e400",
            "4.0",
            "0.1",
            "100000000000000000000000",
        ])
        .to_owned()
    }

    fn value(&mut self, depth: usize) -> String {
        let scalar = depth > 4 || self.below(3) > 0;
        if scalar {
            return match self.below(6) {
                0 | 1 => self.number(),
                2 | 3 => self.string(),
                _ => self.pick(&["true", "false", "null", "nul", "tru"]).to_owned(),
            };
        }
        let n = self.below(5);
        let mut s = String::new();
        if self.below(2) == 0 {
            s.push('[');
            for i in 0..n {
                if i > 0 {
                    s.push(',');
                }
                s.push_str(self.space());
                s.push_str(&self.value(depth + 1));
            }
        } else {
            s.push('{');
            for i in 0..n {
                if i > 0 {
                    s.push(',');
                }
                s.push_str(self.space());
                let key =
                    if self.below(4) == 0 { self.string() } else { format!("\"{}\"", self.pick(&["a", "b", "c"])) };
                s.push_str(&key);
                s.push_str(self.space());
                s.push(':');
                s.push_str(&self.value(depth + 1));
            }
        }
        s.push_str(self.space());
        s.push(if s.starts_with('[') { ']' } else { '}' });
        s
    }

    /// Breaks a document now and then: a byte changed, inserted or the end cut off.
    fn mutate(&mut self, text: String) -> Vec<u8> {
        let mut bytes = text.into_bytes();
        if bytes.is_empty() {
            return bytes;
        }
        match self.below(8) {
            0 => {
                let at = self.below(bytes.len());
                bytes[at] = b",:[]{}\"\\0a-.e \x01\xff"[self.below(16)];
            }
            1 => bytes.truncate(self.below(bytes.len())),
            2 => bytes.extend_from_slice(self.pick(&[" ", "x", " {}", ","]).as_bytes()),
            _ => {}
        }
        bytes
    }
}

fn limit_sets() -> Vec<JsonLimits> {
    let plain = Limits::default().data;
    vec![
        plain.clone(),
        JsonLimits {
            max_depth: 2,
            max_object_properties: 2,
            max_total_values: 6,
            max_string_chars: 2,
            max_abs_number: 100.0,
            ..plain
        },
    ]
}

#[test]
fn whatever_the_fast_reader_accepts_the_serde_reader_accepts_alike() {
    let mut random = Random(0x2545_F491_4F6C_DD1D);
    let mut accepted = 0;
    let mut refused = 0;
    for _ in 0..20_000 {
        let text = random.value(0);
        let bytes = random.mutate(text);
        for limits in limit_sets() {
            let strict = strict(&bytes, &limits);
            match read(&bytes, &limits) {
                Some(value) => {
                    accepted += 1;
                    assert_eq!(strict.as_ref(), Ok(&value), "{}", String::from_utf8_lossy(&bytes));
                }
                None => refused += usize::from(strict.is_err()),
            }
        }
    }
    assert!(accepted > 5_000 && refused > 5_000, "accepted {accepted}, refused {refused}");
}

#[test]
fn a_plain_submission_takes_the_fast_path() {
    let data = json!({"g": {"f0": 1, "f1": -2, "name": "Первичная организация № 5", "x": null, "y": true},
        "t": [{"c1": 999_999_999_999_999_u64, "note": "кавычки \" и \\\\ и \\n"}, {"c1": 0.25, "c2": 1e3}], "e": [], "o": {}});
    let bytes = serde_json::to_vec_pretty(&data).expect("json");
    assert_eq!(read(&bytes, &Limits::default().data), Some(data));
}

#[test]
fn the_fast_reader_gives_up_on_what_must_be_named() {
    let limits = Limits::default().data;
    for text in [
        r#"{"a": 1, "a": 2}"#,
        r#"{"a": 1e16}"#,
        r#"{"a": "\ud800"}"#,
        "{\"a\": \"\u{1}\"}",
        r#"{"a": 01}"#,
        r#"{"a": 1,}"#,
        r#"[1, 2] x"#,
        "",
    ] {
        assert_eq!(read(text.as_bytes(), &limits), None, "{text}");
        assert!(strict(text.as_bytes(), &limits).is_err(), "{text}");
    }
    assert_eq!(read(b"[1, \xff]", &limits), None);
}

#[test]
fn a_word_is_special_exactly_when_it_holds_a_quote_a_backslash_or_a_control_character() {
    for at in 0..8 {
        for byte in 0..=255u8 {
            let mut word = *b"abcdefgh";
            word[at] = byte;
            let expected = byte == b'"' || byte == b'\\' || byte < 0x20;
            assert_eq!(super::special(u64::from_le_bytes(word)), expected, "{byte:#x} at {at}");
        }
    }
}
