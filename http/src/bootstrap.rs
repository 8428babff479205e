//! What the first start needs: the central committee, the default roles and, when there is no
//! administrator yet, one with a one-time password printed to the console.

use cabinet_core::Email;
use cabinet_storage::{Db, roles, units, users};

use crate::auth::{passwords::Hasher, secrets};

/// The administrator created at start-up: the login and the password to print once.
pub struct FirstAdmin {
    pub email: String,
    pub password: String,
}

/// Seeds the central committee and default roles; creates an administrator only when none exists.
pub async fn ensure(db: &Db, admin_email: &str) -> Result<Option<FirstAdmin>, String> {
    let central = units::ensure_central(db).await.map_err(|e| e.to_string())?;
    let role = roles::ensure_defaults(db).await.map_err(|e| e.to_string())?;
    if users::administrator_exists(db, central.id, role.id).await.map_err(|e| e.to_string())? {
        return Ok(None);
    }
    create_admin(db, admin_email, "Администратор сайта").await.map(Some)
}

/// Creates an administrator in the central committee with a random one-time password
/// (`cabinet admin create`).
pub async fn create_admin(db: &Db, email: &str, full_name: &str) -> Result<FirstAdmin, String> {
    let email = Email::parse(email).map_err(|e| e.message)?;
    let central = units::ensure_central(db).await.map_err(|e| e.to_string())?;
    let role = roles::ensure_defaults(db).await.map_err(|e| e.to_string())?;
    let password = secrets::starting_password();
    let hash = Hasher::new(1).hash(&password).await.map_err(|e| e.message)?;
    users::create_administrator(db, central.reference(), role.id, &email, full_name, &hash).await.map_err(
        |e| match e {
            cabinet_storage::StorageError::Conflict { .. } => format!("пользователь {email} уже существует"),
            other => other.to_string(),
        },
    )?;
    Ok(FirstAdmin { email: email.to_string(), password })
}
