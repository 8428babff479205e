//! Judgments about a ZIP package as a whole, from its members' headers and their measured
//! streams: no overlap, bounded unpacked sizes and compression ratios, sizes that tell the truth.
//!
//! The limits are for uploads of at most 20 MiB. Office XML deflates about 10–20 times, images
//! barely at all, so an honest 20 MiB spreadsheet unpacks to some 200–250 MiB at most.

use rawzip::CompressionMethod;

use super::deflate_measure::{Measured, measure};
use super::document_refusal::DocumentRefusal;
use super::zip_entries::Entry;

/// The most one member may unpack to.
pub(super) const MAX_MEMBER_UNPACKED: u64 = 256 * 1024 * 1024;
/// The most all members together may unpack to.
pub(super) const MAX_TOTAL_UNPACKED: u64 = 512 * 1024 * 1024;
/// The highest compression ratio accepted, for a member and for the package. Honest XML rarely
/// passes 30; deflate cannot pass ~1032, which zip bombs approach.
pub(super) const MAX_RATIO: u64 = 100;
/// Below this unpacked size a ratio is not judged: a small run of spaces may compress 500 times.
pub(super) const RATIO_FLOOR: u64 = 1024 * 1024;

/// Every whole-package judgment, cheapest first; inflates nothing.
pub(super) fn check(entries: &[Entry]) -> Result<(), DocumentRefusal> {
    check_overlap(entries)?;
    check_declared(entries)?;
    entries.iter().filter(|e| !e.encrypted).try_for_each(check_stream)
}

/// No two members may share bytes: a shared local header or overlapping data is how a
/// "better zip bomb" makes a few kilobytes of one kernel count as many members.
fn check_overlap(entries: &[Entry]) -> Result<(), DocumentRefusal> {
    let mut order: Vec<&Entry> = entries.iter().collect();
    order.sort_unstable_by_key(|e| e.span);
    match order.windows(2).find(|pair| pair[0].span.1 > pair[1].span.0) {
        Some([first, second]) => {
            Err(DocumentRefusal::ZipOverlap { first: first.label(), second: second.label(), offset: second.span.0 })
        }
        _ => Ok(()),
    }
}

/// Unpacked sizes and compression ratios, as declared; [`check_stream`] holds members to them.
fn check_declared(entries: &[Entry]) -> Result<(), DocumentRefusal> {
    let (mut compressed, mut uncompressed) = (0u64, 0u64);
    for entry in entries {
        if entry.uncompressed > MAX_MEMBER_UNPACKED {
            return Err(DocumentRefusal::ZipMemberTooLarge {
                member: entry.label(),
                declared: entry.uncompressed,
                max: MAX_MEMBER_UNPACKED,
            });
        }
        if too_compressed(entry.compressed, entry.uncompressed) {
            return Err(DocumentRefusal::ZipRatio {
                member: Some(entry.label()),
                compressed: entry.compressed,
                uncompressed: entry.uncompressed,
                max_ratio: MAX_RATIO,
            });
        }
        compressed = compressed.saturating_add(entry.compressed);
        uncompressed = uncompressed.saturating_add(entry.uncompressed);
    }
    if uncompressed > MAX_TOTAL_UNPACKED {
        return Err(DocumentRefusal::ZipTotalTooLarge { declared: uncompressed, max: MAX_TOTAL_UNPACKED });
    }
    // Many members each under the floor can still add up to a bomb.
    if too_compressed(compressed, uncompressed) {
        return Err(DocumentRefusal::ZipRatio { member: None, compressed, uncompressed, max_ratio: MAX_RATIO });
    }
    Ok(())
}

fn too_compressed(compressed: u64, uncompressed: u64) -> bool {
    uncompressed > RATIO_FLOOR && uncompressed > compressed.saturating_mul(MAX_RATIO)
}

/// The member's data unpacks to exactly its declared size. Deflate streams are measured, not
/// inflated, so this costs time in proportion to the upload and no memory.
fn check_stream(entry: &Entry) -> Result<(), DocumentRefusal> {
    let corrupt = || DocumentRefusal::Corrupt { kind: None };
    let longer = |actual_at_least| DocumentRefusal::ZipSizeMismatch {
        member: entry.label(),
        declared: entry.uncompressed,
        actual_at_least,
    };
    let actual = if entry.method == CompressionMethod::STORE {
        entry.compressed
    } else {
        match measure(entry.data, entry.uncompressed).map_err(|_| corrupt())? {
            Measured::Size(size) => size,
            Measured::Beyond(size) => return Err(longer(size)),
        }
    };
    match actual.cmp(&entry.uncompressed) {
        std::cmp::Ordering::Greater => Err(longer(actual)),
        // Shorter than declared: cut short or damaged, as a reader would find it.
        std::cmp::Ordering::Less => Err(corrupt()),
        std::cmp::Ordering::Equal => Ok(()),
    }
}
