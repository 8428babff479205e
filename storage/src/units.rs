//! Organizations, departments and the central committee.

use std::str::FromStr;

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{Authorized, ManageUnits, UnitRef};
use cabinet_core::unit::OrgKind;
use cabinet_core::{Slug, UnitId, UnitKind};
use serde_json::json;

use crate::audit::{Entry, Origin, Stamp};
use crate::{Db, StorageError, StorageResult, now_ms};

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: UnitId,
    pub kind: UnitKind,
    pub slug: String,
    pub full_name: String,
    pub short_name: String,
    pub org_kind: Option<OrgKind>,
    pub region: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Unit {
    pub fn reference(&self) -> UnitRef {
        UnitRef { id: self.id, kind: self.kind }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    kind: String,
    slug: String,
    full_name: String,
    short_name: String,
    org_kind: Option<String>,
    region: Option<String>,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<Row> for Unit {
    type Error = StorageError;

    fn try_from(r: Row) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StorageError::Corrupt(format!("unit {}: {what}", r.id));
        Ok(Unit {
            id: UnitId::from_str(&r.id).map_err(|_| corrupt("id"))?,
            kind: UnitKind::from_str(&r.kind).map_err(|_| corrupt("kind"))?,
            org_kind: r.org_kind.as_deref().map(OrgKind::from_str).transpose().map_err(|_| corrupt("org_kind"))?,
            slug: r.slug,
            full_name: r.full_name,
            short_name: r.short_name,
            region: r.region,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// A unit's editable fields, already checked.
#[derive(Debug, Clone)]
pub struct UnitFields {
    pub slug: Slug,
    pub full_name: String,
    pub short_name: String,
    pub org_kind: Option<OrgKind>,
    pub region: Option<String>,
}

const COLUMNS: &str = "id, kind, slug, full_name, short_name, org_kind, region, created_at, updated_at";

pub async fn create(
    db: &Db,
    auth: &Authorized<ManageUnits>,
    kind: UnitKind,
    fields: UnitFields,
    origin: &Origin,
) -> StorageResult<Unit> {
    let id = UnitId::new();
    let now = now_ms();
    let entry = Entry::new(Stamp::of(auth.actor()), AuditAction::UnitCreated, origin)
        .target("unit", id)
        .unit(id)
        .details(json!({ "kind": kind.code(), "slug": fields.slug.as_str(), "full_name": fields.full_name }));
    audited!(
        db,
        |tx| {
            public_changed!(&mut *tx)?;
            sqlx::query(
                "INSERT INTO units (id, kind, slug, full_name, short_name, org_kind, region, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
            )
            .bind(id.to_string())
            .bind(kind.code())
            .bind(fields.slug.as_str())
            .bind(&fields.full_name)
            .bind(&fields.short_name)
            .bind(fields.org_kind.map(OrgKind::code))
            .bind(&fields.region)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "slug"))?;
        },
        [&entry]
    )?;
    get(db, id).await
}

pub async fn update(
    db: &Db,
    auth: &Authorized<ManageUnits>,
    id: UnitId,
    fields: UnitFields,
    origin: &Origin,
) -> StorageResult<Unit> {
    let before = get(db, id).await?;
    let entry =
        Entry::new(Stamp::of(auth.actor()), AuditAction::UnitUpdated, origin).target("unit", id).unit(id).details(
            json!({ "before": { "slug": before.slug, "full_name": before.full_name, "short_name": before.short_name,
                            "region": before.region },
                "after": { "slug": fields.slug.as_str(), "full_name": fields.full_name,
                           "short_name": fields.short_name, "region": fields.region } }),
        );
    audited!(
        db,
        |tx| {
            public_changed!(&mut *tx)?;
            let done = sqlx::query(
            "UPDATE units SET slug = $2, full_name = $3, short_name = $4, org_kind = $5, region = $6, updated_at = $7 \
             WHERE id = $1",
        )
        .bind(id.to_string())
        .bind(fields.slug.as_str())
        .bind(&fields.full_name)
        .bind(&fields.short_name)
        .bind(fields.org_kind.map(OrgKind::code))
        .bind(&fields.region)
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .map_err(|e| StorageError::unique(e, "slug"))?;
            if done.rows_affected() == 0 {
                return Err(StorageError::NotFound);
            }
        },
        [&entry]
    )?;
    get(db, id).await
}

/// A unit by id. A unit's names are public, so reading them needs no permission.
pub async fn get(db: &Db, id: UnitId) -> StorageResult<Unit> {
    let sql = format!("SELECT {COLUMNS} FROM units WHERE id = $1");
    let row = db_run!(db, |pool| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(id.to_string())
        .fetch_one(pool)
        .await)?;
    row.try_into()
}

pub async fn list(db: &Db, kind: Option<UnitKind>) -> StorageResult<Vec<Unit>> {
    let sql = format!("SELECT {COLUMNS} FROM units WHERE ($1 IS NULL OR kind = $1) ORDER BY kind, full_name");
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str())).bind(kind.map(UnitKind::code)).fetch_all(pool).await
    })?;
    rows.into_iter().map(Unit::try_from).collect()
}

/// The central committee, created on first start.
pub async fn ensure_central(db: &Db) -> StorageResult<Unit> {
    if let Some(unit) = list(db, Some(UnitKind::Central)).await?.into_iter().next() {
        return Ok(unit);
    }
    let id = UnitId::new();
    let now = now_ms();
    let entry = Entry::new(Stamp::system(), AuditAction::UnitCreated, &Origin::default())
        .target("unit", id)
        .unit(id)
        .details(json!({ "kind": "central", "slug": "ck" }));
    let created = audited!(
        db,
        |tx| {
            public_changed!(&mut *tx)?;
            sqlx::query(
                "INSERT INTO units (id, kind, slug, full_name, short_name, created_at, updated_at) \
             VALUES ($1, 'central', 'ck', $2, $3, $4, $4)",
            )
            .bind(id.to_string())
            .bind("Центральный комитет Профсоюза работников здравоохранения Российской Федерации")
            .bind("ЦК Профсоюза")
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "slug"))?;
        },
        [&entry]
    );
    match created {
        // Another instance created it a moment ago.
        Err(StorageError::Conflict { .. }) => {
            list(db, Some(UnitKind::Central)).await?.into_iter().next().ok_or(StorageError::NotFound)
        }
        Err(e) => Err(e),
        Ok(()) => get(db, id).await,
    }
}
