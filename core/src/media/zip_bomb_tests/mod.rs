//! Hostile ZIP packages, one file per kind of attack. Each is built in memory, byte by byte where
//! no ZIP writer would produce it, and must be refused with its own code, with the bytes inflated
//! held to a small bound whatever the package declares or hides. How long each refusal takes is
//! measured by `cargo bench -p cabinet-core --bench documents`, which builds the same packages.

pub(super) mod builder;
mod declared_size;
mod header_mismatch;
mod honest;
mod measure;
mod method;
mod out_of_bounds;
mod overlap;
mod ratio;
mod size_lie;
mod too_many_members;

use builder::*;

use super::inflate::Budget;
use super::office_zip::inspect_within;
use super::{DEFAULT_DOCUMENT_MAX_BYTES, DocumentKind, DocumentRefusal, check_document};

/// The most any package here may cost in inflated bytes: its few small deciding members.
const INFLATED_BOUND: u64 = 64 * 1024;

/// Inspects a package with a fresh budget: the outcome and the bytes inflated.
fn judge(bytes: &[u8]) -> (Result<DocumentKind, DocumentRefusal>, u64) {
    let mut budget = Budget::new(super::inflate::INFLATE_BUDGET);
    let outcome = inspect_within(bytes, &mut budget);
    (outcome, budget.spent())
}

/// The package is refused with `code`, within the inflation bound, and the public check agrees;
/// returns the refusal for closer looks.
fn assert_refused(bytes: &[u8], code: &str) -> DocumentRefusal {
    let (outcome, inflated) = judge(bytes);
    let refusal = outcome.expect_err("the package must be refused");
    assert_eq!(refusal.code(), code, "{refusal:?}");
    assert!(inflated <= INFLATED_BOUND, "inflated {inflated} bytes");
    assert!(refusal.message().ends_with("загрузите снова."), "{}", refusal.message());
    if bytes.len() <= DEFAULT_DOCUMENT_MAX_BYTES {
        assert_eq!(check_document("a.docx", bytes, DEFAULT_DOCUMENT_MAX_BYTES).map(|d| d.kind), Err(refusal.clone()));
    }
    refusal
}
