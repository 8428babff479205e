//! What tables a database has, read from its own catalog: their columns with the declared
//! types, primary keys and the tables they refer to. The backup copies whatever is there, so a
//! new migration needs no change here.

use std::future::Future;

use sqlx::{PgConnection, SqliteConnection};

use super::BackupError;

/// sqlx's own bookkeeping: the target database gets it from its migrations.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// The three kinds of values Cabinet's schema uses (BIGINT/INTEGER, TEXT, BOOLEAN).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Integer,
    Text,
    Boolean,
}

#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// Primary-key columns in key order; empty when the table has none.
    pub key: Vec<String>,
    /// Tables this one refers to by foreign key (itself excluded).
    pub parents: Vec<String>,
}

impl Kind {
    fn of(table: &str, column: &str, declared: &str) -> Result<Self, BackupError> {
        let upper = declared.to_ascii_uppercase();
        if upper.contains("INT") {
            Ok(Kind::Integer)
        } else if upper.contains("BOOL") {
            Ok(Kind::Boolean)
        } else if upper.contains("TEXT") || upper.contains("CHAR") {
            Ok(Kind::Text)
        } else {
            Err(BackupError::UnsupportedType { table: table.into(), column: column.into(), declared: declared.into() })
        }
    }
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// A connection that can describe its database. Implemented for both backends' connections,
/// so that the code around it is written once.
pub(crate) trait Catalog {
    /// Every table but sqlx's, sorted by name.
    fn tables(&mut self) -> impl Future<Output = Result<Vec<Table>, BackupError>> + Send;
    /// The last migration applied (`20261201000001_access_requests`), or `none`.
    fn schema(&mut self) -> impl Future<Output = Result<String, BackupError>> + Send;
    /// How a value is compared for ordering rows byte by byte, the same on both backends.
    fn collate_binary(&self) -> &'static str;
    /// What to write around an integer column to read it as a 64-bit value.
    fn as_bigint(&self, column: &str) -> String;
}

const LAST_MIGRATION: &str =
    "SELECT version, description FROM _sqlx_migrations WHERE success ORDER BY version DESC LIMIT 1";

fn schema_name(last: Option<(i64, String)>) -> String {
    match last {
        Some((version, description)) => format!("{version}_{}", description.replace(' ', "_")),
        None => "none".into(),
    }
}

impl Catalog for SqliteConnection {
    async fn tables(&mut self) -> Result<Vec<Table>, BackupError> {
        let names: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> $1 ORDER BY name",
        )
        .bind(MIGRATIONS_TABLE)
        .fetch_all(&mut *self)
        .await?;
        let mut tables = Vec::with_capacity(names.len());
        for (name,) in names {
            let info: Vec<(String, String, i64)> =
                sqlx::query_as("SELECT name, type, pk FROM pragma_table_info($1) ORDER BY cid")
                    .bind(&name)
                    .fetch_all(&mut *self)
                    .await?;
            let mut columns = Vec::with_capacity(info.len());
            for (c, t, _) in &info {
                columns.push(Column { name: c.clone(), kind: Kind::of(&name, c, t)? });
            }
            let mut key: Vec<_> = info.iter().filter(|(_, _, pk)| *pk > 0).map(|(c, _, pk)| (*pk, c.clone())).collect();
            key.sort();
            let parents: Vec<(String,)> =
                sqlx::query_as("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1) WHERE \"table\" <> $1")
                    .bind(&name)
                    .fetch_all(&mut *self)
                    .await?;
            tables.push(Table {
                columns,
                key: key.into_iter().map(|(_, c)| c).collect(),
                parents: parents.into_iter().map(|(p,)| p).collect(),
                name,
            });
        }
        Ok(tables)
    }

    async fn schema(&mut self) -> Result<String, BackupError> {
        Ok(schema_name(sqlx::query_as(LAST_MIGRATION).fetch_optional(&mut *self).await?))
    }

    fn collate_binary(&self) -> &'static str {
        // SQLite compares text with memcmp by default: the order of code points in UTF-8.
        ""
    }

    fn as_bigint(&self, column: &str) -> String {
        column.to_owned()
    }
}

impl Catalog for PgConnection {
    async fn tables(&mut self) -> Result<Vec<Table>, BackupError> {
        let names: Vec<(String,)> = sqlx::query_as(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_type = 'BASE TABLE' AND table_name <> $1 ORDER BY table_name",
        )
        .bind(MIGRATIONS_TABLE)
        .fetch_all(&mut *self)
        .await?;
        let mut tables = Vec::with_capacity(names.len());
        for (name,) in names {
            let info: Vec<(String, String)> = sqlx::query_as(
                "SELECT column_name::text, data_type::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            )
            .bind(&name)
            .fetch_all(&mut *self)
            .await?;
            let mut columns = Vec::with_capacity(info.len());
            for (c, t) in &info {
                columns.push(Column { name: c.clone(), kind: Kind::of(&name, c, t)? });
            }
            let key: Vec<(String,)> = sqlx::query_as(
                "SELECT a.attname::text FROM pg_index i \
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) \
                 WHERE i.indrelid = to_regclass(quote_ident($1)) AND i.indisprimary \
                 ORDER BY array_position(i.indkey::int2[], a.attnum)",
            )
            .bind(&name)
            .fetch_all(&mut *self)
            .await?;
            let parents: Vec<(String,)> = sqlx::query_as(
                "SELECT DISTINCT p.relname::text FROM pg_constraint c JOIN pg_class p ON p.oid = c.confrelid \
                 WHERE c.contype = 'f' AND c.conrelid = to_regclass(quote_ident($1)) AND p.relname <> $1",
            )
            .bind(&name)
            .fetch_all(&mut *self)
            .await?;
            tables.push(Table {
                columns,
                key: key.into_iter().map(|(k,)| k).collect(),
                parents: parents.into_iter().map(|(p,)| p).collect(),
                name,
            });
        }
        Ok(tables)
    }

    async fn schema(&mut self) -> Result<String, BackupError> {
        Ok(schema_name(sqlx::query_as(LAST_MIGRATION).fetch_optional(&mut *self).await?))
    }

    fn collate_binary(&self) -> &'static str {
        // The database's own collation (en_US, ru_RU…) orders text unlike SQLite; "C" is bytes.
        " COLLATE \"C\""
    }

    fn as_bigint(&self, column: &str) -> String {
        // INTEGER columns are int4 on Postgres, and sqlx decodes an i64 only from int8.
        format!("{column}::BIGINT")
    }
}

/// `name` quoted as an SQL identifier (both backends use double quotes).
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Tables in an order where each comes after the tables it refers to; a cycle (none today)
/// keeps the rest in name order.
pub(crate) fn dependency_order(tables: &[Table]) -> Vec<&Table> {
    let mut placed: Vec<&Table> = Vec::with_capacity(tables.len());
    let mut left: Vec<&Table> = tables.iter().collect();
    while !left.is_empty() {
        let ready = left.iter().position(|t| {
            t.parents.iter().all(|p| placed.iter().any(|d| &d.name == p) || !tables.iter().any(|x| &x.name == p))
        });
        let next = left.remove(ready.unwrap_or(0));
        placed.push(next);
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, parents: &[&str]) -> Table {
        Table {
            name: name.into(),
            columns: vec![],
            key: vec![],
            parents: parents.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn parents_come_before_their_children() {
        let tables = [
            table("a_photos", &["media", "news"]),
            table("media", &["units"]),
            table("news", &["units"]),
            table("units", &[]),
        ];
        let order: Vec<_> = dependency_order(&tables).iter().map(|t| t.name.as_str()).collect();
        assert_eq!(order, ["units", "media", "news", "a_photos"]);
    }

    #[test]
    fn declared_types_map_to_three_kinds() {
        assert_eq!(Kind::of("t", "c", "BIGINT").unwrap(), Kind::Integer);
        assert_eq!(Kind::of("t", "c", "integer").unwrap(), Kind::Integer);
        assert_eq!(Kind::of("t", "c", "boolean").unwrap(), Kind::Boolean);
        assert_eq!(Kind::of("t", "c", "text").unwrap(), Kind::Text);
        assert!(matches!(Kind::of("t", "c", "bytea"), Err(BackupError::UnsupportedType { .. })));
    }
}
