//! An organization's reference info (§6.2): the form, its parsed profile, the public view (§4.3),
//! the change history's diff and the quarterly confirmation (§6.3).
//!
//! Decisions where the regulation is silent:
//! - A profile may be saved with required fields still empty (organizations fill it in step by
//!   step); [`Profile::completeness`] lists what is missing and [`Profile::require_complete`]
//!   refuses actions that need all of it, such as confirming the data as current. Any value that
//!   is given must be valid.
//! - The public view publishes only filled sections and never the responsible employee.
//! - The responsible employee (resolution §2.1) is all-or-nothing: once any of their fields is
//!   filled in, the name and at least one of e-mail and phone are required; the position stays
//!   optional.

mod confirmation;
mod diff;
mod input;
mod model;
mod phone;
mod public;
mod social;
mod web_url;

#[cfg(test)]
mod confirmation_tests;
#[cfg(test)]
mod diff_tests;
#[cfg(test)]
mod input_tests;
#[cfg(test)]
mod phone_tests;
#[cfg(test)]
mod public_tests;
#[cfg(test)]
mod web_url_tests;

pub use confirmation::{CONFIRMATION_PERIOD_MONTHS, ConfirmationStatus, UNION_OFFSET, due_date};
pub use diff::{FieldChange, diff};
pub use input::{LONG_TEXT_MAX, PERSON_MAX, ProfileInput, ResponsibleInput, SOCIAL_MAX};
pub use model::{Profile, RequiredField, Responsible};
pub use phone::Phone;
pub use public::{PublicContacts, PublicLink, PublicPhone, PublicProfile};
pub use social::{SocialLink, SocialNetwork};
pub use web_url::WebUrl;
