//! Whom a material goes to: every organization, those of a region, or the chosen ones.

use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::ids::UnitId;
use crate::text::required_line;

/// The longest region name accepted.
pub const REGION_MAX: usize = 200;

/// An organization as the audience sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub id: UnitId,
    pub region: Option<String>,
}

/// The audience as the sender chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudienceInput {
    All,
    Region(String),
    /// Unit ids as typed.
    Organizations(Vec<String>),
}

/// The audience as stored with the material, to show the sender what was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Audience {
    All,
    Region { region: String },
    Organizations { organizations: Vec<UnitId> },
}

/// Region names compare without regard to case, surrounding spaces or «ё».
fn region_key(name: &str) -> String {
    name.trim().to_lowercase().replace('ё', "е")
}

impl AudienceInput {
    /// The audience and its recipients among `organizations`, in their order, each once.
    pub fn resolve(&self, organizations: &[Organization]) -> Result<(Audience, Vec<UnitId>), Vec<Invalid>> {
        match self {
            AudienceInput::All => {
                let ids: Vec<UnitId> = organizations.iter().map(|o| o.id).collect();
                if ids.is_empty() {
                    return Err(vec![Invalid::new(
                        "audience",
                        "no_recipients",
                        "Пока нет ни одной организации, которой можно отправить материал.",
                    )]);
                }
                Ok((Audience::All, ids))
            }
            AudienceInput::Region(name) => {
                let region = required_line(name, "audience.region", REGION_MAX).map_err(|e| vec![e])?;
                let key = region_key(&region);
                let ids: Vec<UnitId> = organizations
                    .iter()
                    .filter(|o| o.region.as_deref().is_some_and(|r| region_key(r) == key))
                    .map(|o| o.id)
                    .collect();
                if ids.is_empty() {
                    return Err(vec![Invalid::new(
                        "audience.region",
                        "no_recipients",
                        format!(
                            "В регионе «{region}» нет ни одной организации: проверьте, что регион написан так же, \
                             как в карточках организаций."
                        ),
                    )]);
                }
                Ok((Audience::Region { region }, ids))
            }
            AudienceInput::Organizations(raw) => chosen(raw, organizations),
        }
    }
}

fn chosen(raw: &[String], organizations: &[Organization]) -> Result<(Audience, Vec<UnitId>), Vec<Invalid>> {
    if raw.is_empty() {
        return Err(vec![Invalid::new("audience.organizations", "required", "Выберите хотя бы одну организацию.")]);
    }
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    for (i, text) in raw.iter().enumerate() {
        let id = text.trim().parse::<UnitId>().ok().filter(|id| organizations.iter().any(|o| o.id == *id));
        match id {
            Some(id) if ids.contains(&id) => {}
            Some(id) => ids.push(id),
            None => errors.push(Invalid::new(
                format!("audience.organizations[{i}]"),
                "unknown_organization",
                "Организация не найдена: выберите её из списка организаций (управления и ЦК материалы не получают).",
            )),
        }
    }
    if errors.is_empty() { Ok((Audience::Organizations { organizations: ids.clone() }, ids)) } else { Err(errors) }
}
