//! The directory of organizations and one organization's page: the unit's names and the
//! published sections of its reference info (§4.3: empty sections are not published).

use cabinet_core::UnitId;
use cabinet_core::policy::{Authorized, ReadPublic};
use cabinet_core::profile::PublicProfile;

use crate::profiles::parse;
use crate::{Db, StorageError, StorageResult};

/// An organization as the public sees it.
#[derive(Debug, Clone)]
pub struct PublicOrg {
    pub id: UnitId,
    pub slug: String,
    pub full_name: String,
    pub short_name: String,
    /// `regional` or `interregional`.
    pub org_kind: Option<String>,
    pub region: Option<String>,
    /// The filled sections; `None` when the stored profile no longer passes the rules (logged):
    /// the page then shows the organization without it rather than failing.
    pub profile: Option<PublicProfile>,
}

/// How a site names an organization: its id or the slug of its page.
#[derive(Debug, Clone)]
pub enum OrgKey {
    Id(UnitId),
    Slug(String),
}

type OrgRow = (String, String, String, String, Option<String>, Option<String>, Option<String>);

const SELECT: &str = "SELECT u.id, u.slug, u.full_name, u.short_name, u.org_kind, u.region, p.data \
    FROM units u LEFT JOIN profiles p ON p.unit_id = u.id WHERE u.kind = 'organization'";

fn org(row: OrgRow) -> StorageResult<PublicOrg> {
    let (id, slug, full_name, short_name, org_kind, region, data) = row;
    let id: UnitId = id.parse().map_err(|_| StorageError::Corrupt(format!("unit {id}: id")))?;
    let profile = match parse(id, data.as_deref()) {
        Ok(profile) => Some(profile.public_view()),
        Err(e) => {
            tracing::error!(unit = %id, error = %e, "a stored profile is not published: it no longer parses");
            None
        }
    };
    Ok(PublicOrg { id, slug, full_name, short_name, org_kind, region, profile })
}

/// Every organization, by short name; of one region if given.
pub async fn organizations(
    db: &Db,
    _auth: &Authorized<ReadPublic>,
    region: Option<&str>,
) -> StorageResult<Vec<PublicOrg>> {
    let sql = format!("{SELECT} AND ($1 IS NULL OR u.region = $1) ORDER BY u.short_name, u.id");
    let rows: Vec<OrgRow> =
        db_run!(db, |pool| { sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(region).fetch_all(pool).await })?;
    rows.into_iter().map(org).collect()
}

/// One organization, by id or slug; any other unit is not found.
pub async fn organization(db: &Db, _auth: &Authorized<ReadPublic>, key: &OrgKey) -> StorageResult<PublicOrg> {
    let (column, value) = match key {
        OrgKey::Id(id) => ("u.id", id.to_string()),
        OrgKey::Slug(slug) => ("u.slug", slug.clone()),
    };
    let sql = format!("{SELECT} AND {column} = $1");
    let row: OrgRow =
        db_run!(db, |pool| { sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(&value).fetch_one(pool).await })?;
    org(row)
}
