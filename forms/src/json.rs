//! Strict reading of untrusted JSON: every duplicate key, overlong string, out-of-range number,
//! too deep, too wide or too big document is reported by its pointer, where `serde_json` alone
//! would keep the last duplicate silently.
//!
//! A clean document is read in one pass by [`fast`]. Anything it does not take on is read again
//! by a serde `Visitor` building the same `serde_json::Value` and naming every problem; the
//! pointer of the value being read is a chain of borrowed segments on the stack, so it costs
//! nothing until a problem needs it.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use crate::limits::JsonLimits;
use crate::pointer;
use crate::problem::Problem;

mod fast;

/// Reads `bytes` as one JSON document within `limits`. Problems that leave the document readable
/// (duplicates, long strings, big numbers, wide objects) are all collected; a syntax error or a
/// limit that stops reading (size, depth, total count) ends it.
pub fn read(bytes: &[u8], limits: &JsonLimits) -> Result<Value, Vec<Problem>> {
    if bytes.len() > limits.max_bytes {
        return Err(vec![Problem::new(
            "",
            "too_large",
            format!("Файл слишком велик: {} байт, допустимо не более {} байт.", bytes.len(), limits.max_bytes),
        )]);
    }
    match fast::read(bytes, limits) {
        Some(value) => Ok(value),
        None => strict(bytes, limits),
    }
}

/// Like [`read`], but a document that could be read whole despite its problems (duplicate keys,
/// long strings, big numbers, wide objects) is handed back with them, so that a plugin's other
/// problems can be found and listed too. Only a document that could not be read is an error.
pub fn read_readable(bytes: &[u8], limits: &JsonLimits) -> Result<(Value, Vec<Problem>), Vec<Problem>> {
    if bytes.len() > limits.max_bytes {
        return read(bytes, limits).map(|v| (v, Vec::new()));
    }
    match fast::read(bytes, limits) {
        Some(value) => Ok((value, Vec::new())),
        None => strict_readable(bytes, limits),
    }
}

/// The serde reader: slower than [`fast`], it names every problem by its pointer.
fn strict(bytes: &[u8], limits: &JsonLimits) -> Result<Value, Vec<Problem>> {
    match strict_readable(bytes, limits)? {
        (value, problems) if problems.is_empty() => Ok(value),
        (_, problems) => Err(problems),
    }
}

/// [`strict`], keeping the value of a document read whole.
fn strict_readable(bytes: &[u8], limits: &JsonLimits) -> Result<(Value, Vec<Problem>), Vec<Problem>> {
    let state = State { limits, problems: RefCell::new(Vec::new()), total: Cell::new(0), stopped: Cell::new(false) };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let root = Node { state: &state, parent: None, segment: Segment::Root, depth: 0 };
    let outcome = root.deserialize(&mut de).and_then(|value| de.end().map(|()| value));
    let mut problems = state.problems.into_inner();
    match outcome {
        Ok(value) => Ok((value, problems)),
        Err(error) => {
            if !state.stopped.get() {
                problems.push(syntax_problem(&error));
            }
            Err(problems)
        }
    }
}

fn syntax_problem(error: &serde_json::Error) -> Problem {
    let what = if error.to_string().contains("out of range") {
        "число вне допустимого диапазона"
    } else if error.is_eof() {
        "документ оборвался"
    } else {
        "синтаксическая ошибка"
    };
    Problem::new(
        "",
        "invalid_json",
        format!("Некорректный JSON: {what} (строка {}, столбец {}).", error.line(), error.column()),
    )
}

struct State<'l> {
    limits: &'l JsonLimits,
    problems: RefCell<Vec<Problem>>,
    total: Cell<usize>,
    /// A limit stopped reading; its problem is already recorded.
    stopped: Cell<bool>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

#[derive(Clone, Copy)]
struct Node<'s, 'l> {
    state: &'s State<'l>,
    parent: Option<&'s Node<'s, 'l>>,
    segment: Segment<'s>,
    depth: usize,
}

impl Node<'_, '_> {
    fn pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut node = Some(self);
        while let Some(n) = node {
            segments.push(n.segment);
            node = n.parent;
        }
        let mut out = String::new();
        for segment in segments.iter().rev() {
            match segment {
                Segment::Root => {}
                Segment::Key(key) => out = pointer::push(&out, key),
                Segment::Index(i) => out = pointer::push(&out, &i.to_string()),
            }
        }
        out
    }

    fn problem(&self, code: &str, message: String) {
        self.state.problems.borrow_mut().push(Problem::new(self.pointer(), code, message));
    }

    fn stop<E: serde::de::Error>(&self, code: &str, message: String) -> E {
        self.problem(code, message);
        self.state.stopped.set(true);
        E::custom(code)
    }

    fn check_string(&self, s: &str) {
        let max = self.state.limits.max_string_chars;
        if s.len() > max && s.chars().count() > max {
            self.problem("string_too_long", format!("Строка слишком длинная: допустимо не более {max} символов."));
        }
    }

    fn check_number(&self, x: f64) {
        let max = self.state.limits.max_abs_number;
        if !x.is_finite() || x.abs() > max {
            self.problem(
                "number_out_of_range",
                format!("Число вне допустимого диапазона: по модулю не более {max:e}."),
            );
        }
    }

    fn count<E: serde::de::Error>(&self) -> Result<(), E> {
        let total = self.state.total.get() + 1;
        self.state.total.set(total);
        let max = self.state.limits.max_total_values;
        if total > max {
            return Err(
                self.stop("too_many_values", format!("Слишком много значений в документе: допустимо не более {max}."))
            );
        }
        Ok(())
    }

    fn enter<E: serde::de::Error>(&self) -> Result<(), E> {
        let max = self.state.limits.max_depth;
        if self.depth >= max {
            return Err(
                self.stop("too_deep", format!("Слишком глубокая вложенность: допустимо не более {max} уровней."))
            );
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        self.check_number(v as f64);
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        self.check_number(v as f64);
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.check_number(v);
        Number::from_f64(v).map(Value::Number).ok_or_else(|| E::custom("non-finite number"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        self.check_string(v);
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        self.check_string(&v);
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            let child = Node {
                state: self.state,
                parent: Some(&self),
                segment: Segment::Index(items.len()),
                depth: self.depth + 1,
            };
            match seq.next_element_seed(child)? {
                Some(item) => {
                    self.count()?;
                    items.push(item);
                }
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut map = Map::new();
        let max = self.state.limits.max_object_properties;
        while let Some(key) = access.next_key::<String>()? {
            self.count()?;
            let child =
                Node { state: self.state, parent: Some(&self), segment: Segment::Key(&key), depth: self.depth + 1 };
            child.check_string(&key);
            let value = access.next_value_seed(child)?;
            let full = map.len() == max;
            match map.entry(key) {
                Entry::Occupied(entry) => {
                    let key = entry.key();
                    let at = Node {
                        state: self.state,
                        parent: Some(&self),
                        segment: Segment::Key(key),
                        depth: self.depth + 1,
                    };
                    at.problem("duplicate_key", format!("Ключ «{key}» повторяется в одном объекте."));
                }
                Entry::Vacant(_) if full => {
                    return Err(self.stop(
                        "too_many_properties",
                        format!("Слишком много ключей в объекте: допустимо не более {max}."),
                    ));
                }
                Entry::Vacant(entry) => {
                    entry.insert(value);
                }
            }
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests;
