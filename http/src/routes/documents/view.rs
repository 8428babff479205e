//! An entry as the API shows it, with its file.

use cabinet_storage::documents::PageDocument;
use serde::Serialize;
use utoipa::ToSchema;

use crate::views::ts;

#[derive(Serialize, ToSchema)]
pub struct PageDocumentView {
    pub id: String,
    pub unit_id: String,
    pub title: String,
    /// The document's own date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `charter`, `decision`, `report`, `agreement` or `other`.
    pub category: String,
    /// The category as a reader sees it («Устав», «Решения и постановления»…).
    pub category_label: String,
    /// Smaller first; entries of one position are ordered by date, newest first, undated last.
    pub position: i64,
    /// Shown on the organization's page. A hidden entry's file stays public once published.
    pub published: bool,
    pub media_id: String,
    /// The file's original name, for display.
    pub file_name: String,
    /// `pdf`, `doc`, `docx`, `xls`, `xlsx`, `odt` or `ods`, as read from the content.
    pub file_kind: Option<String>,
    pub file_size: i64,
    /// Where the file is served (`GET`): to anybody once published, otherwise to the unit's staff.
    pub file_url: String,
    pub file_published: bool,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

impl PageDocumentView {
    pub fn of(d: PageDocument, public_url: &str) -> Self {
        PageDocumentView {
            file_url: format!("{public_url}/media/{}", d.media_id),
            id: d.id.to_string(),
            unit_id: d.unit_id.to_string(),
            title: d.title,
            date: d.date,
            category: d.category.code().to_owned(),
            category_label: d.category.label().to_owned(),
            position: d.position,
            published: d.published,
            media_id: d.media_id.to_string(),
            file_name: d.file_name,
            file_kind: d.file_kind.map(|k| k.extension().to_owned()),
            file_size: d.file_size,
            file_published: d.file_published,
            created_by: d.created_by,
            created_at: ts(d.created_at),
            updated_at: ts(d.updated_at),
        }
    }
}
