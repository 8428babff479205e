//! Bearer tokens of machine clients: issued by the administrator, stored hashed, revocable.

use std::str::FromStr;

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{Authorized, ManageTokens, UnitRef};
use cabinet_core::{PermissionSet, TokenId, UnitId, UnitKind};
use serde_json::json;

use crate::audit::{Entry, Origin, Stamp};
use crate::{Db, StorageError, StorageResult, now_ms};

#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: TokenId,
    pub name: String,
    pub unit_id: UnitId,
    pub permissions: PermissionSet,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    unit_id: String,
    permissions: String,
    created_by: Option<String>,
    created_at: i64,
    expires_at: Option<i64>,
    revoked_at: Option<i64>,
    last_used_at: Option<i64>,
}

impl TryFrom<Row> for ApiToken {
    type Error = StorageError;

    fn try_from(r: Row) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StorageError::Corrupt(format!("token {}: {what}", r.id));
        Ok(ApiToken {
            id: r.id.parse().map_err(|_| corrupt("id"))?,
            unit_id: r.unit_id.parse().map_err(|_| corrupt("unit id"))?,
            permissions: PermissionSet::from_json_lenient(&r.permissions),
            name: r.name,
            created_by: r.created_by,
            created_at: r.created_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
            last_used_at: r.last_used_at,
        })
    }
}

const COLUMNS: &str = "id, name, unit_id, permissions, created_by, created_at, expires_at, revoked_at, last_used_at";

pub struct NewToken {
    pub name: String,
    pub unit_id: UnitId,
    pub permissions: PermissionSet,
    pub expires_at: Option<i64>,
    pub token_hash: String,
}

pub async fn create(
    db: &Db,
    auth: &Authorized<ManageTokens>,
    new: NewToken,
    origin: &Origin,
) -> StorageResult<ApiToken> {
    let id = TokenId::new();
    let stamp = Stamp::of(auth.actor());
    let audit = Entry::new(stamp.clone(), AuditAction::TokenCreated, origin)
        .target("token", id)
        .unit(new.unit_id)
        .details(json!({ "name": new.name, "permissions": new.permissions, "expires_at": new.expires_at }));
    audited!(
        db,
        |tx| {
            sqlx::query(
            "INSERT INTO api_tokens (id, name, token_hash, unit_id, permissions, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.to_string())
        .bind(&new.name)
        .bind(&new.token_hash)
        .bind(new.unit_id.to_string())
        .bind(new.permissions.to_json())
        .bind(&stamp.label)
        .bind(now_ms())
        .bind(new.expires_at)
        .execute(&mut *tx)
        .await
        .map_err(|e| StorageError::unique(e, "unit_id"))?;
        },
        [&audit]
    )?;
    get(db, id).await
}

async fn get(db: &Db, id: TokenId) -> StorageResult<ApiToken> {
    let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1");
    let row = db_run!(db, |pool| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(id.to_string())
        .fetch_one(pool)
        .await)?;
    row.try_into()
}

pub async fn list(db: &Db, _auth: &Authorized<ManageTokens>) -> StorageResult<Vec<ApiToken>> {
    let sql = format!("SELECT {COLUMNS} FROM api_tokens ORDER BY created_at DESC");
    let rows = db_run!(db, |pool| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await)?;
    rows.into_iter().map(ApiToken::try_from).collect()
}

/// Revokes a token at once; revoking twice keeps the first time.
pub async fn revoke(db: &Db, auth: &Authorized<ManageTokens>, id: TokenId, origin: &Origin) -> StorageResult<ApiToken> {
    let token = get(db, id).await?;
    let audit = Entry::new(Stamp::of(auth.actor()), AuditAction::TokenRevoked, origin)
        .target("token", id)
        .unit(token.unit_id)
        .details(json!({ "name": token.name }));
    audited!(
        db,
        |tx| {
            sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id.to_string())
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
        },
        [&audit]
    )?;
    get(db, id).await
}

/// A usable token with this hash, and its unit.
pub async fn lookup(db: &Db, token_hash: &str) -> StorageResult<Option<(ApiToken, UnitRef)>> {
    #[derive(sqlx::FromRow)]
    struct WithUnit {
        #[sqlx(flatten)]
        token: Row,
        kind: String,
    }
    let row = db_run!(db, |pool| {
        sqlx::query_as::<_, WithUnit>(
            "SELECT t.id, t.name, t.unit_id, t.permissions, t.created_by, t.created_at, t.expires_at, t.revoked_at, \
             t.last_used_at, un.kind FROM api_tokens t JOIN units un ON un.id = t.unit_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)",
        )
        .bind(token_hash)
        .bind(now_ms())
        .fetch_optional(pool)
        .await
    })?;
    let Some(WithUnit { token, kind }) = row else { return Ok(None) };
    let token = ApiToken::try_from(token)?;
    let kind = UnitKind::from_str(&kind).map_err(|_| StorageError::Corrupt(format!("unit kind {kind}")))?;
    let unit = UnitRef { id: token.unit_id, kind };
    Ok(Some((token, unit)))
}

/// Records that the token was used now.
pub async fn touch(db: &Db, id: TokenId) -> StorageResult<()> {
    db_run!(db, |pool| {
        sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(now_ms())
            .execute(pool)
            .await
            .map(|_| ())
    })?;
    Ok(())
}
