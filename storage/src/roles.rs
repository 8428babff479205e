//! Roles: named sets of permissions defined by the administrator (§1.13).

use std::str::FromStr;

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{Authorized, ManageRoles};
use cabinet_core::{Permission, PermissionSet, RoleId};
use serde_json::json;

use crate::audit::{Entry, Origin, Stamp};
use crate::{Db, StorageError, StorageResult, now_ms};

#[derive(Debug, Clone)]
pub struct Role {
    pub id: RoleId,
    pub name: String,
    pub description: String,
    pub permissions: PermissionSet,
    pub user_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    description: String,
    permissions: String,
    user_count: i64,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<Row> for Role {
    type Error = StorageError;

    fn try_from(r: Row) -> Result<Self, Self::Error> {
        Ok(Role {
            id: RoleId::from_str(&r.id).map_err(|_| StorageError::Corrupt(format!("role id {}", r.id)))?,
            permissions: PermissionSet::from_json_lenient(&r.permissions),
            name: r.name,
            description: r.description,
            user_count: r.user_count,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// A role's editable fields, already checked.
#[derive(Debug, Clone)]
pub struct RoleFields {
    pub name: String,
    pub description: String,
    pub permissions: PermissionSet,
}

const SELECT: &str = "SELECT r.id, r.name, r.description, r.permissions, r.created_at, r.updated_at, \
    (SELECT COUNT(*) FROM user_roles ur WHERE ur.role_id = r.id) AS user_count FROM roles r";

pub async fn list(db: &Db) -> StorageResult<Vec<Role>> {
    let sql = format!("{SELECT} ORDER BY r.name");
    let rows = db_run!(db, |pool| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await)?;
    rows.into_iter().map(Role::try_from).collect()
}

pub async fn get(db: &Db, id: RoleId) -> StorageResult<Role> {
    let sql = format!("{SELECT} WHERE r.id = $1");
    let row = db_run!(db, |pool| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(id.to_string())
        .fetch_one(pool)
        .await)?;
    row.try_into()
}

/// The roles with these ids; [`StorageError::UnknownReference`] when any is missing.
pub async fn get_many(db: &Db, ids: &[RoleId]) -> StorageResult<Vec<Role>> {
    let mut roles = Vec::with_capacity(ids.len());
    for id in ids {
        match get(db, *id).await {
            Err(StorageError::NotFound) => return Err(StorageError::UnknownReference { what: "roles" }),
            other => roles.push(other?),
        }
    }
    Ok(roles)
}

pub async fn create(
    db: &Db,
    auth: &Authorized<ManageRoles>,
    fields: RoleFields,
    origin: &Origin,
) -> StorageResult<Role> {
    let id = RoleId::new();
    let entry = Entry::new(Stamp::of(auth.actor()), AuditAction::RoleCreated, origin)
        .target("role", id)
        .details(json!({ "name": fields.name, "permissions": fields.permissions }));
    insert(db, id, &fields, Some(&entry)).await?;
    get(db, id).await
}

pub async fn update(
    db: &Db,
    auth: &Authorized<ManageRoles>,
    id: RoleId,
    fields: RoleFields,
    origin: &Origin,
) -> StorageResult<Role> {
    let before = get(db, id).await?;
    let entry =
        Entry::new(Stamp::of(auth.actor()), AuditAction::RoleUpdated, origin).target("role", id).details(json!({
            "before": { "name": before.name, "permissions": before.permissions },
            "after": { "name": fields.name, "permissions": fields.permissions },
        }));
    audited!(
        db,
        |tx| {
            let done = sqlx::query(
                "UPDATE roles SET name = $2, description = $3, permissions = $4, updated_at = $5 WHERE id = $1",
            )
            .bind(id.to_string())
            .bind(&fields.name)
            .bind(&fields.description)
            .bind(fields.permissions.to_json())
            .bind(now_ms())
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "name"))?;
            if done.rows_affected() == 0 {
                return Err(StorageError::NotFound);
            }
        },
        [&entry]
    )?;
    get(db, id).await
}

/// Deletes a role that nobody holds; a role still held is a [`StorageError::Conflict`] on `users`.
pub async fn delete(db: &Db, auth: &Authorized<ManageRoles>, id: RoleId, origin: &Origin) -> StorageResult<()> {
    let role = get(db, id).await?;
    let entry = Entry::new(Stamp::of(auth.actor()), AuditAction::RoleDeleted, origin)
        .target("role", id)
        .details(json!({ "name": role.name, "permissions": role.permissions }));
    audited!(
        db,
        |tx| {
            let done = sqlx::query(
                "DELETE FROM roles WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM user_roles WHERE role_id = $1)",
            )
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StorageError::Conflict { what: "users" });
            }
        },
        [&entry]
    )
}

async fn insert(db: &Db, id: RoleId, fields: &RoleFields, entry: Option<&Entry>) -> StorageResult<()> {
    let now = now_ms();
    audited!(
        db,
        |tx| {
            sqlx::query(
                "INSERT INTO roles (id, name, description, permissions, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(id.to_string())
            .bind(&fields.name)
            .bind(&fields.description)
            .bind(fields.permissions.to_json())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "name"))?;
        },
        entry.into_iter()
    )
}

/// The name of the role that holds every permission; the first administrator gets it.
pub const ADMINISTRATOR: &str = "Администратор сайта";

/// Seeds the default roles when there are none yet; returns the administrator's role.
pub async fn ensure_defaults(db: &Db) -> StorageResult<Role> {
    use Permission::*;
    let existing = list(db).await?;
    if existing.is_empty() {
        let defaults: [(&str, &str, &[Permission]); 6] = [
            (ADMINISTRATOR, "Все права: пользователи, роли, организации, модерация, журнал аудита.", Permission::ALL),
            (
                "Редактор организации",
                "Справочная информация, новости, фотографии и документы своей организации; материалы ЦК; \
                 заявки на подключение, замену и отключение пользователей.",
                &[ProfileEdit, NewsWrite, MediaUpload, AppealsAnswer, MaterialsRead, AccessRequest],
            ),
            (
                "Ответственный за отчётность",
                "Заполнение и отправка отчётов своей организации; материалы ЦК.",
                &[ReportsFill, MaterialsRead],
            ),
            (
                "Специалист управления",
                "Формы отчётности своего управления, проверка и сводка отчётов.",
                &[FormsDefine, ReportsReview, MaterialsPublish],
            ),
            ("Модератор новостей", "Публикация и отклонение новостей организаций.", &[NewsModerate]),
            ("Аудитор", "Просмотр журнала аудита и истории входов.", &[AuditRead]),
        ];
        for (name, description, permissions) in defaults {
            let fields = RoleFields {
                name: name.to_owned(),
                description: description.to_owned(),
                permissions: permissions.iter().copied().collect(),
            };
            match insert(db, RoleId::new(), &fields, None).await {
                // Another instance seeded the same role a moment ago.
                Err(StorageError::Conflict { .. }) | Ok(()) => {}
                Err(e) => return Err(e),
            }
        }
    }
    let roles = list(db).await?;
    if let Some(admin) = roles.into_iter().find(|r| r.name == ADMINISTRATOR || r.permissions == PermissionSet::all()) {
        return Ok(admin);
    }
    // The administrator's role was renamed and trimmed: a fresh one holds every permission again.
    let id = RoleId::new();
    let fields = RoleFields {
        name: format!("{ADMINISTRATOR} ({})", id.to_string().get(..8).unwrap_or_default()),
        description: "Все права.".to_owned(),
        permissions: PermissionSet::all(),
    };
    insert(db, id, &fields, None).await?;
    get(db, id).await
}
