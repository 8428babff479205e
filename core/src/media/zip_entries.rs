//! A ZIP package's members as both its central directory and its local headers describe them:
//! each must lie before the central directory, agree with itself, and use a method office
//! programs write. Nothing is inflated here.

use rawzip::{CompressionMethod, ErrorKind, ZipFileHeaderRecord, ZipSliceArchive};

use super::document_refusal::{DocumentRefusal, ZipHeaderField};

/// More members than any real office document has.
pub(super) const MAX_MEMBERS: usize = 20_000;

/// The fixed part of a local file header; its name and extra field follow.
const LOCAL_HEADER_SIZE: u64 = 30;

/// One member, as its two headers agree it is.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry<'a> {
    pub(super) name: &'a [u8],
    pub(super) method: CompressionMethod,
    /// Either header says so: an encrypted member is refused for that, not measured.
    pub(super) encrypted: bool,
    pub(super) compressed: u64,
    pub(super) uncompressed: u64,
    pub(super) crc: u32,
    /// From the local header to the end of the compressed data, in archive offsets.
    pub(super) span: (u64, u64),
    /// The compressed data, where the local header (not the central directory) says it starts.
    pub(super) data: &'a [u8],
}

impl Entry<'_> {
    pub(super) fn label(&self) -> String {
        label(self.name)
    }
}

/// A member's name for a refusal's details: lossy UTF-8, no control characters, bounded.
fn label(name: &[u8]) -> String {
    String::from_utf8_lossy(name).chars().filter(|c| !c.is_control()).take(200).collect()
}

/// Every member, in central directory order, or the first reason to refuse the package.
pub(super) fn entries<'a>(archive: &'a ZipSliceArchive<&[u8]>) -> Result<Vec<Entry<'a>>, DocumentRefusal> {
    let mut found = Vec::new();
    let mut records = archive.entries();
    while let Some(record) = records.next_entry().map_err(|_| DocumentRefusal::Corrupt { kind: None })? {
        if found.len() == MAX_MEMBERS {
            return Err(DocumentRefusal::ZipTooManyMembers { max: MAX_MEMBERS });
        }
        found.push(entry(archive, &record)?);
    }
    Ok(found)
}

fn entry<'a>(
    archive: &'a ZipSliceArchive<&[u8]>,
    record: &ZipFileHeaderRecord<'a>,
) -> Result<Entry<'a>, DocumentRefusal> {
    let name = record.file_path().as_bytes();
    let member = || label(name);
    let method = record.compression_method();
    let encrypted = record.flags().is_encrypted();
    // Encrypted members are refused as such once the document's kind is known; their method
    // (AES is 99) says nothing about a bomb.
    if !encrypted && method != CompressionMethod::STORE && method != CompressionMethod::DEFLATE {
        return Err(DocumentRefusal::ZipMethod { member: member(), method: method.as_u16() });
    }
    // Members live before the central directory; a header or data reaching into it or past the
    // end of the file is a forgery, whatever a lenient reader would make of it.
    let limit = archive.directory_offset();
    let out_of_bounds = |end| DocumentRefusal::ZipOutOfBounds { member: member(), end, limit };
    let offset = record.local_header_offset();
    if offset.saturating_add(LOCAL_HEADER_SIZE) > limit {
        return Err(out_of_bounds(offset.saturating_add(LOCAL_HEADER_SIZE)));
    }
    let located = archive.get_entry(record.wayfinder()).map_err(|e| match e.kind() {
        ErrorKind::Eof => {
            out_of_bounds(offset.saturating_add(LOCAL_HEADER_SIZE).saturating_add(record.compressed_size_hint()))
        }
        _ => DocumentRefusal::Corrupt { kind: None },
    })?;
    let (_, data_end) = located.compressed_data_range();
    if data_end > limit {
        return Err(out_of_bounds(data_end));
    }
    // A reader that walks local headers must see the member the central directory lists.
    let local = located.local_header();
    let mismatch = |field| DocumentRefusal::ZipHeaderMismatch { member: member(), field };
    if local.file_path().as_bytes() != name {
        return Err(mismatch(ZipHeaderField::Name));
    }
    if local.compression_method() != method {
        return Err(mismatch(ZipHeaderField::Method));
    }
    let local_sizes = (local.compressed_size_hint(), local.uncompressed_size_hint());
    let sizes = (record.compressed_size_hint(), record.uncompressed_size_hint());
    // A streaming writer leaves zeros here and puts the sizes in a descriptor after the data.
    let streamed = local.flags().has_data_descriptor() && local_sizes == (0, 0);
    if !streamed && local_sizes != sizes {
        return Err(mismatch(ZipHeaderField::Sizes));
    }
    Ok(Entry {
        name,
        method,
        encrypted: encrypted || local.flags().is_encrypted(),
        compressed: sizes.0,
        uncompressed: sizes.1,
        crc: record.crc32(),
        span: (offset, data_end),
        data: located.data(),
    })
}
