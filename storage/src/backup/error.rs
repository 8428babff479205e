//! What can go wrong with a backup, in words an operator acts on.

use crate::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "не понятно, куда писать резервные копии: «{0}». Укажите папку (/var/backups/cabinet или \
         file:///var/backups/cabinet) или корзину S3 (s3://корзина/префикс)"
    )]
    BadLocation(String),
    #[error("в {0} нет ни одной полной резервной копии (папки с файлом manifest.json)")]
    NoBackup(String),
    #[error("в {location} нет полной резервной копии «{name}» (нет файла {name}/manifest.json)")]
    NotFound { location: String, name: String },
    #[error("резервная копия {0} сделана в неизвестном формате: {1}")]
    Format(String, String),
    #[error("резервная копия повреждена: {0}")]
    Corrupt(String),
    #[error(
        "база данных не пуста: в таблице {table} строк — {rows}. Восстановить резервную копию можно \
         только в пустую базу: создайте новую базу данных и укажите её в CABINET_DATABASE__URL"
    )]
    NotEmpty { table: String, rows: i64 },
    #[error(
        "схема базы данных ({target}) не совпадает со схемой резервной копии ({backup}). Восстановите \
         копию той версией Cabinet, которой она сделана, а затем обновите Cabinet"
    )]
    SchemaMismatch { target: String, backup: String },
    #[error("столбец {table}.{column} имеет тип «{declared}», который резервное копирование не переносит")]
    UnsupportedType { table: String, column: String, declared: String },
    #[error(
        "файл {key} удалён из хранилища, пока шло копирование, хотя на него ссылается база; запустите копирование ещё раз"
    )]
    BlobVanished { key: String },
    #[error("база данных: {0}")]
    Database(#[from] sqlx::Error),
    #[error("хранилище резервных копий: {0}")]
    Target(#[from] object_store::Error),
    #[error("{0}")]
    Storage(#[from] StorageError),
    #[error("запись резервной копии: {0}")]
    Io(#[from] std::io::Error),
    #[error("manifest.json: {0}")]
    Json(#[from] serde_json::Error),
}
