//! Judging an uploaded file before anything inflates it: its size, and what its ZIP central
//! directory declares for every member.

use std::io::Cursor;

use zip::ZipArchive;

use super::{CellProblem, SheetLimits};

/// Refuses a file too big, not a ZIP, or whose members declare more than the limits allow.
/// Reading a member later never inflates more than it declared (the `zip` crate stops there), so
/// the declared sizes bound what calamine can inflate.
pub(super) fn check(bytes: &[u8], limits: &SheetLimits) -> Result<(), Box<CellProblem>> {
    if bytes.len() > limits.max_bytes {
        let message = format!("Файл больше {}: это не заполненный шаблон формы.", megabytes(limits.max_bytes as u64));
        return Err(Box::new(CellProblem::file("file_too_large", message)));
    }
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    if archive.len() > limits.max_members || archive.has_duplicate_names() {
        let message = "Файл устроен не как шаблон формы: скачайте шаблон заново.";
        return Err(Box::new(CellProblem::file("not_a_template", message)));
    }
    let mut total: u64 = 0;
    for at in 0..archive.len() {
        let member = archive.by_index_data(at).map_err(|_| not_xlsx())?;
        total = total.saturating_add(member.size());
        if total > limits.max_inflated {
            let message = format!(
                "После распаковки файл занял бы больше {}: это не заполненный шаблон формы.",
                megabytes(limits.max_inflated)
            );
            return Err(Box::new(CellProblem::file("file_too_large", message)));
        }
    }
    Ok(())
}

pub(super) fn not_xlsx() -> Box<CellProblem> {
    Box::new(CellProblem::file(
        "not_xlsx",
        "Файл не читается как книга Excel в формате XLSX. Сохраните его в Excel как «Книга Excel (*.xlsx)» без пароля.",
    ))
}

fn megabytes(bytes: u64) -> String {
    format!("{} МБ", bytes / (1024 * 1024))
}
