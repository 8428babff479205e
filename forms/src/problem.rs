//! One thing wrong with a plugin or a submission, named by where it is.

use serde::Serialize;

/// A problem found in a plugin (pointer into the plugin file) or in a submission (pointer into
/// the submitted data). `code` is stable English for programs; `message` is Russian for a person
/// who is not a programmer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// JSON pointer (RFC 6901): `/members/women`, `/agreements/3/workers`, `/schema/properties/x`.
    pub pointer: String,
    pub code: String,
    pub message: String,
}

impl Problem {
    pub fn new(pointer: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), code: code.into(), message: message.into() }
    }
}

/// A problem of a submission found by the schema or a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Pointer of the value in the submitted data (`/agreements/3/workers`); the first of
    /// `fields` for a rule.
    pub pointer: String,
    /// Every field the problem concerns (a rule names several).
    pub fields: Vec<String>,
    /// `required`, `minimum`, `type`, … for the schema; `rule` for a rule.
    pub code: String,
    /// Russian, for a person who is not a programmer; never the validator's English.
    pub message: String,
    /// Id of the rule that found it.
    pub rule: Option<String>,
}

/// `pointer: message`, or the message alone for the whole document — what `cabinet forms check`
/// prints, one problem a line.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}
