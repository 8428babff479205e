//! Bounded inflation: every byte a document's check inflates is charged to one [`Budget`], so a
//! compressed container costs at most a constant amount of work and memory, whatever it declares.

use miniz_oxide::inflate::stream::{InflateState, inflate};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

/// The most bytes one document's check may inflate, across all its members or streams.
pub(super) const INFLATE_BUDGET: u64 = 4 * 1024 * 1024;

/// Output is produced in chunks of this size and dropped once counted; only `keep` bytes stay.
const CHUNK: usize = 32 * 1024;

/// What is left to inflate for one document, and what was spent.
#[derive(Debug)]
pub(super) struct Budget {
    left: u64,
    spent: u64,
}

impl Budget {
    pub(super) fn new(total: u64) -> Self {
        Self { left: total, spent: 0 }
    }

    pub(super) fn left(&self) -> u64 {
        self.left
    }

    /// Bytes inflated so far: what tests hold to a bound.
    #[cfg(test)]
    pub(super) fn spent(&self) -> u64 {
        self.spent
    }

    fn charge(&mut self, bytes: u64) {
        self.left = self.left.saturating_sub(bytes);
        self.spent += bytes;
    }
}

/// The outcome of inflating one stream as far as its cap and the budget allowed.
#[derive(Debug)]
pub(super) struct Inflated {
    /// The first `keep` bytes of the output.
    pub(super) head: Vec<u8>,
    /// Bytes produced, never more than the cap.
    pub(super) size: u64,
    /// CRC-32 of the `size` bytes produced.
    pub(super) crc: u32,
    /// The stream ended before the cap and the budget were reached.
    pub(super) ended: bool,
}

/// The data is not a valid deflate stream (or ends before its last block).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct BadStream;

/// Inflates `data` (`Raw` deflate for ZIP members, zlib for PDF streams) until it ends, `cap`
/// bytes are produced or the budget runs out, keeping the first `keep` bytes of the output.
pub(super) fn inflate_bounded(
    data: &[u8],
    format: DataFormat,
    cap: u64,
    keep: usize,
    budget: &mut Budget,
) -> Result<Inflated, BadStream> {
    let limit = cap.min(budget.left());
    let mut state = InflateState::new_boxed(format);
    let mut chunk = vec![0; CHUNK];
    let mut crc = rawzip::Crc32::new();
    let mut out = Inflated { head: Vec::new(), size: 0, crc: 0, ended: false };
    let mut input = data;
    while out.size < limit {
        let room = usize::try_from(limit - out.size).unwrap_or(CHUNK).min(CHUNK);
        let result = inflate(&mut state, input, &mut chunk[..room], MZFlush::None);
        input = &input[result.bytes_consumed..];
        let produced = &chunk[..result.bytes_written];
        crc.update(produced);
        let wanted = keep.saturating_sub(out.head.len()).min(produced.len());
        out.head.extend_from_slice(&produced[..wanted]);
        out.size += produced.len() as u64;
        budget.charge(produced.len() as u64);
        match result.status {
            Ok(MZStatus::StreamEnd) => {
                out.ended = true;
                break;
            }
            Ok(_) => {}
            // No progress with output room left: the input ran out before the last block.
            Err(MZError::Buf) if result.bytes_written == 0 => return Err(BadStream),
            Err(MZError::Buf) => {}
            Err(_) => return Err(BadStream),
        }
    }
    out.crc = crc.checksum();
    Ok(out)
}
