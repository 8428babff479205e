//! What anybody may read: published content only, for the public API that sites pull.
//!
//! The [`version`] grows in the transaction of every change to public content
//! (`public_changed!`); instances stamp their rendered answers with it and poll it, so a change
//! made on one instance reaches the others within their poll.

use crate::{Db, StorageResult};

/// The present version of public content.
pub async fn version(db: &Db) -> StorageResult<i64> {
    let (version,): (i64,) = db_run!(db, |pool| {
        sqlx::query_as("SELECT version FROM public_version WHERE id = 1").fetch_one(pool).await
    })?;
    Ok(version)
}
