//! Units a user acts within: organizations (§1.8), departments of the central committee (§7.3)
//! and the central committee itself.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A regional or interregional organization of the union.
    Organization,
    /// A department (Управление) of the central committee.
    Department,
    /// The central committee: its staff act for the whole union.
    Central,
}

impl UnitKind {
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Organization => "organization",
            UnitKind::Department => "department",
            UnitKind::Central => "central",
        }
    }
}

impl FromStr for UnitKind {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "organization" => Ok(UnitKind::Organization),
            "department" => Ok(UnitKind::Department),
            "central" => Ok(UnitKind::Central),
            _ => Err(Invalid::new(
                "kind",
                "invalid_unit_kind",
                "Тип подразделения: organization (организация), department (управление) или central (ЦК).",
            )),
        }
    }
}

/// Whether an organization is regional or interregional (§1.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Regional,
    Interregional,
}

impl OrgKind {
    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Regional => "regional",
            OrgKind::Interregional => "interregional",
        }
    }
}

impl FromStr for OrgKind {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "regional" => Ok(OrgKind::Regional),
            "interregional" => Ok(OrgKind::Interregional),
            _ => Err(Invalid::new(
                "org_kind",
                "invalid_org_kind",
                "Вид организации: regional (региональная) или interregional (межрегиональная).",
            )),
        }
    }
}

/// The address part of a unit's public page: lowercase Latin letters, digits and hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 64;

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let value = input.trim();
        let ok = !value.is_empty()
            && value.len() <= Self::MAX_LEN
            && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !value.starts_with('-')
            && !value.ends_with('-')
            && !value.contains("--");
        if ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(Invalid::new(
                "slug",
                "invalid_slug",
                "Адрес страницы: строчные латинские буквы, цифры и дефис, до 64 символов, например moskovskaya-oblast.",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_latin_with_single_hyphens() {
        assert!(Slug::parse("moskovskaya-oblast").is_ok());
        assert!(Slug::parse("spb2").is_ok());
        for bad in ["", "Moscow", "москва", "a--b", "-a", "a-", "a b", &"a".repeat(65)] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn kinds_parse_from_their_codes() {
        for k in [UnitKind::Organization, UnitKind::Department, UnitKind::Central] {
            assert_eq!(k.code().parse::<UnitKind>().unwrap(), k);
        }
        assert!("region".parse::<UnitKind>().is_err());
    }
}
