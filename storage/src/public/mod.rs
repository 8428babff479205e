//! What anybody may read: published content only, for the public API that sites pull.
//!
//! Every function takes the policy's [`Authorized<ReadPublic>`] witness and every query names
//! the published state itself: no caller's parameter can widen what is read.
//!
//! The [`version`] grows in the transaction of every change to public content
//! (`public_changed!`); instances stamp their rendered answers with it and poll it, so a change
//! made on one instance reaches the others within their poll.

mod news;
mod organizations;

use cabinet_core::policy::{Authorized, ReadPublic};

pub use news::{Cursor, NewsQuery, PublicNews, news, news_item};
pub use organizations::{OrgKey, PublicOrg, organization, organizations};

use crate::{Db, StorageResult};

/// The present version of public content.
pub async fn version(db: &Db, _auth: &Authorized<ReadPublic>) -> StorageResult<i64> {
    let (version,): (i64,) = db_run!(db, |pool| {
        sqlx::query_as("SELECT version FROM public_version WHERE id = 1").fetch_one(pool).await
    })?;
    Ok(version)
}

/// A value bound to a query built at run time.
#[derive(Debug, Clone)]
enum Bind {
    Text(String),
    Int(i64),
}

/// Binds `$binds` in order to `$query` (a `query_as`), for whichever backend runs it.
macro_rules! bind_all {
    ($query:expr, $binds:expr) => {{
        let mut query = $query;
        for bind in $binds {
            query = match bind {
                $crate::public::Bind::Text(text) => query.bind(text.clone()),
                $crate::public::Bind::Int(n) => query.bind(*n),
            };
        }
        query
    }};
}
pub(crate) use bind_all;
