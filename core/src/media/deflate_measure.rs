//! The size of a deflate stream's output, found by decoding its symbols without producing a byte.
//!
//! A ZIP member's declared size cannot be trusted, and inflating every member to check it would
//! cost as much as the bomb it guards against. Counting literals and match lengths costs time in
//! proportion to the *compressed* size (a few nanoseconds a symbol) and a fixed few kilobytes of
//! memory, so every member of an upload can be measured: a 1 GiB zero bomb is ~4 million symbols.

use super::inflate::BadStream;

/// How far a stream's output reaches, measured up to a limit.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Measured {
    /// The stream ends after this many bytes of output.
    Size(u64),
    /// The stream produces more than the limit; counting stopped at this many bytes.
    Beyond(u64),
}

/// Measures the output of the raw deflate stream at the start of `data`, stopping past `limit`.
pub(super) fn measure(data: &[u8], limit: u64) -> Result<Measured, BadStream> {
    let mut bits = Bits { data, pos: 0, buf: 0, count: 0 };
    let mut size = 0u64;
    loop {
        let last = bits.take(1)? == 1;
        let within = match bits.take(2)? {
            0 => {
                size += bits.skip_stored()?;
                size <= limit
            }
            1 => {
                let (lit, dist) = fixed_tables()?;
                codes(&mut bits, &lit, &dist, &mut size, limit)?
            }
            2 => {
                let (lit, dist) = dynamic_tables(&mut bits)?;
                codes(&mut bits, &lit, &dist, &mut size, limit)?
            }
            _ => return Err(BadStream),
        };
        if !within {
            return Ok(Measured::Beyond(size));
        }
        if last {
            return Ok(Measured::Size(size));
        }
    }
}

const LEN_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/// The order in which a dynamic block lists its code-length code lengths (RFC 1951, 3.2.7).
const CODE_LENGTH_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// Decodes one block's symbols; `false` once the output passes `limit`.
fn codes(bits: &mut Bits, lit: &Huffman, dist: &Huffman, size: &mut u64, limit: u64) -> Result<bool, BadStream> {
    loop {
        let symbol = usize::from(lit.decode(bits)?);
        if symbol < 256 {
            *size += 1;
        } else if symbol == 256 {
            return Ok(true);
        } else {
            let at = symbol - 257;
            let (Some(&base), Some(&extra)) = (LEN_BASE.get(at), LEN_EXTRA.get(at)) else { return Err(BadStream) };
            let length = u64::from(base) + bits.take(u32::from(extra))?;
            let at = usize::from(dist.decode(bits)?);
            let (Some(&base), Some(&extra)) = (DIST_BASE.get(at), DIST_EXTRA.get(at)) else { return Err(BadStream) };
            // A match reaching before the start of the output is what an inflater rejects too.
            if u64::from(base) + bits.take(u32::from(extra))? > *size {
                return Err(BadStream);
            }
            *size += length;
        }
        if *size > limit {
            return Ok(false);
        }
    }
}

fn fixed_tables() -> Result<(Huffman, Huffman), BadStream> {
    let mut lengths = [8u8; 288];
    lengths[144..256].fill(9);
    lengths[256..280].fill(7);
    Ok((Huffman::new(&lengths)?, Huffman::new(&[5; 30])?))
}

fn dynamic_tables(bits: &mut Bits) -> Result<(Huffman, Huffman), BadStream> {
    let literals = usize::try_from(bits.take(5)?).map_err(|_| BadStream)? + 257;
    let distances = usize::try_from(bits.take(5)?).map_err(|_| BadStream)? + 1;
    let listed = usize::try_from(bits.take(4)?).map_err(|_| BadStream)? + 4;
    if literals > 286 || distances > 30 {
        return Err(BadStream);
    }
    let mut code_lengths = [0u8; 19];
    for &at in &CODE_LENGTH_ORDER[..listed] {
        code_lengths[at] = u8::try_from(bits.take(3)?).map_err(|_| BadStream)?;
    }
    let code_length_code = Huffman::new(&code_lengths)?;
    let mut lengths = [0u8; 286 + 30];
    let total = literals + distances;
    let mut at = 0;
    while at < total {
        let (value, repeat) = match code_length_code.decode(bits)? {
            length @ 0..=15 => (u8::try_from(length).map_err(|_| BadStream)?, 1),
            16 => (*lengths[..at].last().ok_or(BadStream)?, 3 + bits.take(2)?),
            17 => (0, 3 + bits.take(3)?),
            _ => (0, 11 + bits.take(7)?),
        };
        let end = at + usize::try_from(repeat).map_err(|_| BadStream)?;
        lengths.get_mut(at..end).ok_or(BadStream)?.fill(value);
        at = end;
    }
    if lengths[256] == 0 {
        return Err(BadStream); // no end-of-block code: the block could never end
    }
    Ok((Huffman::new(&lengths[..literals])?, Huffman::new(&lengths[literals..total])?))
}

/// Codes of up to this many bits are decoded with one table look-up; longer ones bit by bit.
const FAST_BITS: u32 = 9;

/// A canonical Huffman code (RFC 1951, 3.2.2).
struct Huffman {
    /// How many codes have each length, 0..=15.
    counts: [u16; 16],
    /// Symbols ordered by code length, then by value.
    symbols: [u16; 288],
    /// For the next [`FAST_BITS`] input bits: `symbol | length << 9`, or 0 for a longer code.
    fast: [u16; 1 << FAST_BITS],
}

impl Huffman {
    fn new(lengths: &[u8]) -> Result<Self, BadStream> {
        let mut table = Self { counts: [0; 16], symbols: [0; 288], fast: [0; 1 << FAST_BITS] };
        for &length in lengths {
            *table.counts.get_mut(usize::from(length)).ok_or(BadStream)? += 1;
        }
        table.counts[0] = 0;
        let mut left = 1i32;
        let mut offsets = [0u16; 16];
        let mut next_code = [0u32; 16];
        for length in 1..16 {
            left = (left << 1) - i32::from(table.counts[length]);
            if left < 0 {
                return Err(BadStream); // over-subscribed: no inflater accepts it
            }
            offsets[length] = offsets[length - 1] + table.counts[length - 1];
            next_code[length] = (next_code[length - 1] + u32::from(table.counts[length - 1])) << 1;
        }
        for (symbol, &length) in (0u16..).zip(lengths) {
            let length = usize::from(length);
            if length == 0 {
                continue;
            }
            table.symbols[usize::from(offsets[length])] = symbol;
            offsets[length] += 1;
            let code = next_code[length];
            next_code[length] += 1;
            let length = u32::try_from(length).map_err(|_| BadStream)?;
            if length <= FAST_BITS {
                // Deflate sends a code's bits most significant first; the bit reader is LSB-first.
                let reversed = code.reverse_bits() >> (32 - length);
                for slot in (reversed..1 << FAST_BITS).step_by(1 << length) {
                    table.fast[usize::try_from(slot).map_err(|_| BadStream)?] = symbol | (length as u16) << 9;
                }
            }
        }
        Ok(table)
    }

    fn decode(&self, bits: &mut Bits) -> Result<u16, BadStream> {
        bits.refill();
        if bits.count >= FAST_BITS {
            let entry = self.fast[(bits.buf & ((1 << FAST_BITS) - 1)) as usize];
            if entry != 0 {
                bits.drop_bits(u32::from(entry >> 9));
                return Ok(entry & 0x1FF);
            }
        }
        // Bit by bit, as zlib's `puff` does: codes of each length are consecutive integers.
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &self.counts[1..] {
            code |= i32::try_from(bits.take(1)?).map_err(|_| BadStream)?;
            let count = i32::from(count);
            if code - count < first {
                let at = usize::try_from(index + code - first).map_err(|_| BadStream)?;
                return Ok(self.symbols[at]);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(BadStream)
    }
}

/// Reads a byte slice least significant bit first, as deflate packs it.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u64,
    count: u32,
}

impl Bits<'_> {
    fn refill(&mut self) {
        while self.count <= 56 {
            let Some(&byte) = self.data.get(self.pos) else { return };
            self.buf |= u64::from(byte) << self.count;
            self.count += 8;
            self.pos += 1;
        }
    }

    fn drop_bits(&mut self, n: u32) {
        self.buf >>= n;
        self.count -= n;
    }

    /// The next `n` (at most 16) bits as a number; the data ending first is a broken stream.
    fn take(&mut self, n: u32) -> Result<u64, BadStream> {
        if self.count < n {
            self.refill();
            if self.count < n {
                return Err(BadStream);
            }
        }
        let value = self.buf & ((1u64 << n) - 1);
        self.drop_bits(n);
        Ok(value)
    }

    /// Skips a stored block after its header bits, returning its length.
    fn skip_stored(&mut self) -> Result<u64, BadStream> {
        self.drop_bits(self.count % 8);
        let (length, complement) = (self.take(16)?, self.take(16)?);
        if length != !complement & 0xFFFF {
            return Err(BadStream);
        }
        let mut skip = length;
        while skip > 0 && self.count >= 8 {
            self.drop_bits(8);
            skip -= 1;
        }
        self.pos += usize::try_from(skip).map_err(|_| BadStream)?;
        if self.pos > self.data.len() {
            return Err(BadStream);
        }
        Ok(length)
    }
}
