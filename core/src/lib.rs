//! Cabinet's domain: the rules of the union's regulation as types and pure functions.
//!
//! Nothing here performs I/O. Input from the outside becomes a domain value through a `parse`
//! constructor ([`Email`], [`Password`], [`Slug`]…); once a value has that type it is known good.
//! Every access decision is made by [`policy::authorize`], the only constructor of the
//! [`policy::Authorized`] witness that storage functions demand.

pub mod access_requests;
pub mod appeals;
pub mod audit;
pub mod documents;
pub mod email;
pub mod galleries;
pub mod ids;
pub mod markdown;
pub mod materials;
pub mod media;
pub mod news;
pub mod password;
pub mod permission;
pub mod policy;
pub mod profile;
pub mod reports;
pub mod text;
pub mod unit;
pub mod user;

pub use email::Email;
pub use ids::{RoleId, TokenId, UnitId, UserId};
pub use password::Password;
pub use permission::{Permission, PermissionSet};
pub use unit::{Slug, UnitKind};

/// A value from outside that does not satisfy a rule, told in words for a person.
///
/// `field` is the path of the offending input (`email`, `roles[2]`); `message` is Russian and
/// says what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Invalid {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self { field: field.into(), code, message: message.into() }
    }

    /// The same refusal reported under another input path (a nested or renamed field).
    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }
}
