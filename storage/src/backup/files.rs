//! Writing and reading the table files of a backup as streams, hashing as they go.

use std::pin::Pin;

use bytes::Bytes;
use futures::StreamExt;
use object_store::ObjectStoreExt;
use object_store::buffered::BufWriter;
use object_store::path::Path;
use sha2::{Digest, Sha256};

use super::{BackupError, Target};

/// Bytes gathered before they are handed to the writer.
const CHUNK: usize = 1 << 20;
/// Past this size a file is uploaded in parts (S3 wants at least 5 MiB a part).
const PART: usize = 10 << 20;

/// A file written piece by piece: small ones in one request, large ones in parts.
pub(crate) struct FileWriter {
    inner: BufWriter,
    hasher: Sha256,
    pending: Vec<u8>,
    bytes: u64,
}

impl FileWriter {
    pub fn new(target: &Target, path: Path) -> Self {
        FileWriter {
            inner: BufWriter::with_capacity(target.store.clone(), path, PART),
            hasher: Sha256::new(),
            pending: Vec::with_capacity(CHUNK),
            bytes: 0,
        }
    }

    pub async fn write(&mut self, data: &[u8]) -> Result<(), BackupError> {
        self.hasher.update(data);
        self.pending.extend_from_slice(data);
        self.bytes += data.len() as u64;
        if self.pending.len() >= CHUNK {
            let chunk = std::mem::replace(&mut self.pending, Vec::with_capacity(CHUNK));
            self.inner.put(Bytes::from(chunk)).await?;
        }
        Ok(())
    }

    /// Completes the file; returns its SHA-256 (hex) and size.
    pub async fn finish(mut self) -> Result<(String, u64), BackupError> {
        if !self.pending.is_empty() {
            self.inner.put(Bytes::from(std::mem::take(&mut self.pending))).await?;
        }
        std::future::poll_fn(|cx| tokio::io::AsyncWrite::poll_shutdown(Pin::new(&mut self.inner), cx)).await?;
        Ok((hex::encode(self.hasher.finalize()), self.bytes))
    }
}

/// A file read line by line as it arrives, hashed as it goes.
pub(crate) struct LineReader {
    stream: futures::stream::BoxStream<'static, object_store::Result<Bytes>>,
    hasher: Sha256,
    buffer: Vec<u8>,
    /// Where the next line starts in `buffer`.
    start: usize,
    done: bool,
    pub bytes: u64,
}

impl LineReader {
    pub async fn open(target: &Target, path: &Path) -> Result<Self, BackupError> {
        let found = match target.store.get(path).await {
            Ok(found) => found,
            Err(object_store::Error::NotFound { .. }) => {
                return Err(BackupError::Corrupt(format!("нет файла {path}")));
            }
            Err(e) => return Err(e.into()),
        };
        Ok(LineReader {
            stream: found.into_stream(),
            hasher: Sha256::new(),
            buffer: Vec::new(),
            start: 0,
            done: false,
            bytes: 0,
        })
    }

    /// The next line without its `\n`; `None` at the end. A last line without `\n` counts too.
    pub async fn next_line(&mut self) -> Result<Option<&[u8]>, BackupError> {
        loop {
            if let Some(end) = self.buffer[self.start..].iter().position(|&b| b == b'\n') {
                let (from, to) = (self.start, self.start + end);
                self.start = to + 1;
                return Ok(Some(&self.buffer[from..to]));
            }
            if self.done {
                if self.start < self.buffer.len() {
                    let from = self.start;
                    self.start = self.buffer.len();
                    return Ok(Some(&self.buffer[from..]));
                }
                return Ok(None);
            }
            self.buffer.drain(..self.start);
            self.start = 0;
            match self.stream.next().await {
                Some(chunk) => {
                    let chunk = chunk?;
                    self.hasher.update(&chunk);
                    self.bytes += chunk.len() as u64;
                    self.buffer.extend_from_slice(&chunk);
                }
                None => self.done = true,
            }
        }
    }

    /// The SHA-256 (hex) of everything read.
    pub fn finish(self) -> String {
        hex::encode(self.hasher.finalize())
    }
}
