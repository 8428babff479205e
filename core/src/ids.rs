//! Identifiers of stored things: UUIDv7 kept as text, so both SQL backends store them alike
//! and they sort by creation time.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh identifier, ordered after every earlier one from this process.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.as_hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }
    };
}

id_type!(
    /// An organization, a department or the central committee.
    UnitId
);
id_type!(
    /// A person's account.
    UserId
);
id_type!(
    /// A named set of permissions.
    RoleId
);
id_type!(
    /// A bearer token of a machine client.
    TokenId
);
id_type!(
    /// A stored photo or document.
    MediaId
);
id_type!(
    /// A news item of a unit (§5).
    NewsId
);
id_type!(
    /// A photo gallery of a unit: the album of an event (§5.5).
    GalleryId
);
id_type!(
    /// An entry of an organization page's list of documents (§4.2).
    PageDocumentId
);
id_type!(
    /// An information material of the central committee (§2.3).
    MaterialId
);
id_type!(
    /// An appeal sent to an organization (§4.2).
    AppealId
);
id_type!(
    /// One organization's report on one form for one period (§7).
    SubmissionId
);
id_type!(
    /// An organization's request to connect, replace or disconnect a user (§3.2, §3.6–3.8).
    AccessRequestId
);
