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
