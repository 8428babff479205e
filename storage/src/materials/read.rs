//! Reading materials: the sender's list and one material with every receipt; an organization's
//! inbox and one material with its own receipt.

use cabinet_core::ids::MaterialId;
use cabinet_core::policy::{Authorized, InUnit, PublishMaterials, ReadMaterials};

use super::{COLUMNS, Material, Row, unit_id};
use crate::{Db, StorageError, StorageResult};

/// One recipient organization's receipt.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub unit_id: cabinet_core::UnitId,
    pub unit_name: String,
    pub opened_at: Option<i64>,
    pub opened_by: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ReceiptRow {
    unit_id: String,
    unit_name: String,
    opened_at: Option<i64>,
    opened_by: Option<String>,
}

impl TryFrom<ReceiptRow> for Receipt {
    type Error = StorageError;

    fn try_from(r: ReceiptRow) -> Result<Self, Self::Error> {
        Ok(Receipt {
            unit_id: unit_id(&r.unit_id)?,
            unit_name: r.unit_name,
            opened_at: r.opened_at,
            opened_by: r.opened_by,
        })
    }
}

/// A sent material with how many organizations received and opened it.
#[derive(Debug, Clone)]
pub struct SentSummary {
    pub material: Material,
    pub recipients: i64,
    pub opened: i64,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    row: Row,
    recipients: i64,
    opened: i64,
}

/// Sent materials, newest first, older than `before` if given.
pub async fn list_sent(
    db: &Db,
    _auth: &Authorized<PublishMaterials>,
    before: Option<MaterialId>,
    limit: i64,
) -> StorageResult<Vec<SentSummary>> {
    let sql = format!(
        "SELECT {COLUMNS}, \
         (SELECT COUNT(*) FROM material_receipts r WHERE r.material_id = m.id) AS recipients, \
         (SELECT COUNT(r.opened_at) FROM material_receipts r WHERE r.material_id = m.id) AS opened \
         FROM materials m WHERE ($1 IS NULL OR m.id < $1) ORDER BY m.id DESC LIMIT $2"
    );
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(before.map(|id| id.to_string()))
            .bind(limit)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter()
        .map(|r| Ok(SentSummary { material: r.row.try_into()?, recipients: r.recipients, opened: r.opened }))
        .collect()
}

/// A sent material with every receipt, by organization name.
pub async fn get_sent(
    db: &Db,
    _auth: &Authorized<PublishMaterials>,
    id: MaterialId,
) -> StorageResult<(Material, Vec<Receipt>)> {
    let sql = format!("SELECT {COLUMNS} FROM materials m WHERE m.id = $1");
    let row = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str())).bind(id.to_string()).fetch_one(pool).await
    })?;
    let receipts = db_run!(db, |pool| {
        sqlx::query_as::<_, ReceiptRow>(
            "SELECT r.unit_id, u.full_name AS unit_name, r.opened_at, r.opened_by FROM material_receipts r \
             JOIN units u ON u.id = r.unit_id WHERE r.material_id = $1 ORDER BY u.full_name, r.unit_id",
        )
        .bind(id.to_string())
        .fetch_all(pool)
        .await
    })?;
    Ok((row.try_into()?, receipts.into_iter().map(Receipt::try_from).collect::<StorageResult<_>>()?))
}

/// The materials the witness's organization received, newest first, with its opening time.
pub async fn inbox(
    db: &Db,
    auth: &Authorized<ReadMaterials>,
    before: Option<MaterialId>,
    limit: i64,
) -> StorageResult<Vec<(Material, Option<i64>)>> {
    let InUnit(unit) = *auth.target();
    let sql = format!(
        "SELECT {COLUMNS}, r.opened_at FROM material_receipts r JOIN materials m ON m.id = r.material_id \
         WHERE r.unit_id = $1 AND ($2 IS NULL OR r.material_id < $2) ORDER BY r.material_id DESC LIMIT $3"
    );
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, InboxRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(unit.to_string())
            .bind(before.map(|id| id.to_string()))
            .bind(limit)
            .fetch_all(pool)
            .await
    })?;
    rows.into_iter().map(|r| Ok((r.row.try_into()?, r.opened_at))).collect()
}

#[derive(sqlx::FromRow)]
struct InboxRow {
    #[sqlx(flatten)]
    row: Row,
    opened_at: Option<i64>,
}

/// A material the witness's organization received, with its receipt; any other is not found.
pub(super) async fn own(
    db: &Db,
    auth: &Authorized<ReadMaterials>,
    id: MaterialId,
) -> StorageResult<(Material, Receipt)> {
    let InUnit(unit) = *auth.target();
    let sql = format!(
        "SELECT {COLUMNS}, r.unit_id AS receipt_unit, u.full_name AS unit_name, r.opened_at AS receipt_opened_at, \
         r.opened_by FROM material_receipts r JOIN materials m ON m.id = r.material_id \
         JOIN units u ON u.id = r.unit_id WHERE r.material_id = $1 AND r.unit_id = $2"
    );
    let r = db_run!(db, |pool| {
        sqlx::query_as::<_, OwnRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.to_string())
            .bind(unit.to_string())
            .fetch_one(pool)
            .await
    })?;
    let receipt = Receipt {
        unit_id: unit_id(&r.receipt_unit)?,
        unit_name: r.unit_name,
        opened_at: r.receipt_opened_at,
        opened_by: r.opened_by,
    };
    Ok((r.row.try_into()?, receipt))
}

#[derive(sqlx::FromRow)]
struct OwnRow {
    #[sqlx(flatten)]
    row: Row,
    receipt_unit: String,
    unit_name: String,
    receipt_opened_at: Option<i64>,
    opened_by: Option<String>,
}
