//! PDF rules: a PDF must be whole (end with `%%EOF`) and passive, neither running JavaScript nor
//! launching programs, judged from its objects, including those packed in compressed object
//! streams, which are inflated within one [`Budget`].
//!
//! Object streams are where actions can hide, so they are read whole or the PDF is refused as
//! uncheckable: encrypted, packed with a filter other than FlateDecode (no PDF writer does
//! that), or inflating beyond the budget. Other FlateDecode streams (page contents, mostly) are
//! searched with whatever budget is left, as a bonus: readers do not take objects from them.

use std::ops::Range;

use miniz_oxide::DataFormat;

use super::document::DocumentKind;
use super::document_refusal::{DocumentRefusal, UncheckedPdf};
use super::inflate::{Budget, inflate_bounded};
use super::pdf_syntax::{Lexer, Token};

/// The most bytes one PDF's streams may inflate to, in all.
pub(super) const PDF_INFLATE_BUDGET: u64 = 8 * 1024 * 1024;

/// Names of actions that run JavaScript (`/S /JavaScript`, the `/JS` script key) or start a
/// program (`/S /Launch`).
const ACTIVE: [&str; 3] = ["JavaScript", "JS", "Launch"];

/// Names of stream filters other than FlateDecode (PDF 32000-1, table 6), long and short forms.
const OTHER_FILTERS: [&[u8]; 17] = [
    b"ASCIIHexDecode",
    b"AHx",
    b"ASCII85Decode",
    b"A85",
    b"LZWDecode",
    b"LZW",
    b"RunLengthDecode",
    b"RL",
    b"CCITTFaxDecode",
    b"CCF",
    b"JBIG2Decode",
    b"DCTDecode",
    b"DCT",
    b"JPXDecode",
    b"Crypt",
    b"DecodeParms",
    b"DP",
];

/// Checks a PDF with the default budget.
pub(super) fn check(bytes: &[u8]) -> Result<DocumentKind, DocumentRefusal> {
    check_within(bytes, &mut Budget::new(PDF_INFLATE_BUDGET))
}

/// [`check`], inflating only what `budget` allows; tests read what was spent.
pub(super) fn check_within(bytes: &[u8], budget: &mut Budget) -> Result<DocumentKind, DocumentRefusal> {
    // A file cut short by an interrupted upload does not end with `%%EOF`, as readers expect.
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(DocumentRefusal::Corrupt { kind: Some(DocumentKind::Pdf) });
    }
    let top = scan(bytes)?;
    let (object_streams, others): (Vec<_>, Vec<_>) = top.streams.into_iter().partition(|s| s.object_stream);
    for stream in &object_streams {
        let unchecked = |reason| DocumentRefusal::PdfUncheckable { reason };
        if top.encrypted {
            return Err(unchecked(UncheckedPdf::Encrypted));
        }
        if stream.other_filter || stream.flate_filters > 1 {
            return Err(unchecked(UncheckedPdf::UnusualFilter));
        }
        let data = &bytes[stream.data.clone()];
        if stream.flate_filters == 0 {
            scan(data)?;
            continue;
        }
        let out = inflate_bounded(data, DataFormat::ZLibIgnoreChecksum, u64::MAX, usize::MAX, budget)
            .map_err(|_| DocumentRefusal::Corrupt { kind: Some(DocumentKind::Pdf) })?;
        if !out.ended {
            return Err(unchecked(UncheckedPdf::TooMuchToInflate { max: PDF_INFLATE_BUDGET }));
        }
        scan(&out.head)?;
    }
    if !top.encrypted {
        for stream in others.iter().filter(|s| s.flate_filters == 1 && !s.other_filter && !s.skipped) {
            if budget.left() == 0 {
                break;
            }
            let data = &bytes[stream.data.clone()];
            // Best effort: a damaged page stream is the reader's problem, not a refusal.
            if let Ok(out) = inflate_bounded(data, DataFormat::ZLibIgnoreChecksum, u64::MAX, usize::MAX, budget) {
                scan(&out.head)?;
            }
        }
    }
    Ok(DocumentKind::Pdf)
}

/// What one pass over PDF syntax found.
#[derive(Default)]
struct Scan {
    encrypted: bool,
    streams: Vec<Stream>,
}

/// A stream, with what its dictionary says about how to read it.
struct Stream {
    data: Range<usize>,
    object_stream: bool,
    flate_filters: usize,
    other_filter: bool,
    /// Images, fonts, cross-reference and metadata streams hold no PDF objects.
    skipped: bool,
}

/// Refuses on an active name; steps over streams, noting each with its dictionary.
fn scan(bytes: &[u8]) -> Result<Scan, DocumentRefusal> {
    let mut found = Scan::default();
    let mut lexer = Lexer::new(bytes);
    let mut object_start = 0;
    while let Some(token) = lexer.next() {
        match token {
            Token::Name(name) => {
                if let Some(active) = ACTIVE.iter().find(|a| a.as_bytes() == &*name) {
                    return Err(DocumentRefusal::PdfActiveContent { found: active });
                }
                found.encrypted |= &*name == b"Encrypt";
            }
            Token::Word(b"obj") => object_start = lexer.pos(),
            Token::Word(b"stream") => {
                let dictionary = &bytes[object_start..lexer.pos()];
                let data = lexer.stream_data();
                found.streams.push(describe(dictionary, data));
            }
            Token::Word(_) => {}
        }
    }
    Ok(found)
}

fn describe(dictionary: &[u8], data: Range<usize>) -> Stream {
    let mut stream = Stream { data, object_stream: false, flate_filters: 0, other_filter: false, skipped: false };
    for token in Lexer::new(dictionary) {
        let Token::Name(name) = token else { continue };
        match &*name {
            b"ObjStm" => stream.object_stream = true,
            b"FlateDecode" | b"Fl" => stream.flate_filters += 1,
            b"Image" | b"XRef" | b"Metadata" | b"Length1" | b"Length2" | b"Type1C" | b"CIDFontType0C" | b"OpenType" => {
                stream.skipped = true;
            }
            other => stream.other_filter |= OTHER_FILTERS.contains(&other),
        }
    }
    stream
}
