//! The log's writer. A line is appended to a buffer in memory, and a thread of its own writes
//! the buffer out every [`INTERVAL`], in one write.
//!
//! A request never waits for the terminal or the disk, and it never wakes a thread either: a
//! channel per line (`tracing_appender::non_blocking`) woke the writing thread for nearly every
//! request, and on a small machine that took a quarter of the throughput of the public API.
//! Lines are never dropped: should the buffer fill up faster than it is written, the writers
//! wait for room.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;

/// How long a line may wait in memory before it is written.
pub const INTERVAL: Duration = Duration::from_millis(50);
/// Past this many bytes the thread is woken to write before its interval is up.
const EARLY: usize = 256 * 1024;
/// Past this many bytes writers wait for the thread to write the buffer out.
const FULL: usize = 4 * 1024 * 1024;

struct Shared {
    state: Mutex<State>,
    /// The writing thread waits on it for its interval, an early write, or the end.
    work: Condvar,
    /// Writers wait on it while the buffer is full.
    room: Condvar,
}

#[derive(Default)]
struct State {
    buffer: Vec<u8>,
    closing: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A writer that panicked holding the lock left whole lines: the buffer is still good.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Hands out writers of the log; see the module's documentation.
#[derive(Clone)]
pub struct Batched {
    shared: Arc<Shared>,
}

/// Writes what is still buffered when dropped, and stops the writing thread.
pub struct Guard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// A writer of log lines to `out`, and the guard that flushes it at the end.
pub fn batched<W: Write + Send + 'static>(out: W) -> std::io::Result<(Batched, Guard)> {
    let shared = Arc::new(Shared { state: Mutex::default(), work: Condvar::new(), room: Condvar::new() });
    let thread = {
        let shared = shared.clone();
        std::thread::Builder::new().name("cabinet-log".into()).spawn(move || write_out(&shared, out))?
    };
    Ok((Batched { shared: shared.clone() }, Guard { shared, thread: Some(thread) }))
}

/// The writing thread: every interval (or sooner, when much is waiting) it takes the buffer
/// whole and writes it.
fn write_out<W: Write>(shared: &Shared, mut out: W) {
    let mut taken = Vec::new();
    loop {
        let closing = {
            let mut state = shared.lock();
            if !state.closing && state.buffer.len() < EARLY {
                state = shared.work.wait_timeout(state, INTERVAL).unwrap_or_else(|p| p.into_inner()).0;
            }
            std::mem::swap(&mut state.buffer, &mut taken);
            state.closing
        };
        shared.room.notify_all();
        if !taken.is_empty() {
            // Where the log cannot be written there is nobody to tell: the lines are dropped
            // and the server goes on.
            let _ = out.write_all(&taken).and_then(|()| out.flush());
            taken.clear();
            // A burst's buffer is not kept for ever after.
            taken.shrink_to(EARLY);
        }
        if closing {
            let rest = std::mem::take(&mut shared.lock().buffer);
            let _ = out.write_all(&rest).and_then(|()| out.flush());
            return;
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.shared.lock().closing = true;
        self.shared.work.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One line's writer: `tracing_subscriber` formats a whole line, then writes it at once.
pub struct LineWriter<'a> {
    shared: &'a Shared,
}

impl<'a> MakeWriter<'a> for Batched {
    type Writer = LineWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        LineWriter { shared: &self.shared }
    }
}

impl Write for LineWriter<'_> {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        let mut state = self.shared.lock();
        while !state.closing && !state.buffer.is_empty() && state.buffer.len() + line.len() > FULL {
            self.shared.work.notify_one();
            state = self.shared.room.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        state.buffer.extend_from_slice(line);
        if state.buffer.len() >= EARLY {
            self.shared.work.notify_one();
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the writing thread wrote, and how many writes it took.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<(Vec<u8>, usize)>>);

    impl Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let mut sink = self.0.lock().unwrap();
            sink.0.extend_from_slice(bytes);
            sink.1 += 1;
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_from_many_threads_are_all_written_whole_in_few_writes() {
        let sink = Sink::default();
        let (writer, guard) = batched(sink.clone()).unwrap();
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let writer = writer.clone();
                std::thread::spawn(move || {
                    for i in 0..5_000 {
                        writer.make_writer().write_all(format!("thread {t} line {i}\n").as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        drop(guard);
        let (bytes, writes) = sink.0.lock().unwrap().clone();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text.lines().count(), 20_000);
        for t in 0..4 {
            let mine: Vec<_> = text.lines().filter(|l| l.starts_with(&format!("thread {t} "))).collect();
            let expected: Vec<_> = (0..5_000).map(|i| format!("thread {t} line {i}")).collect();
            assert_eq!(mine, expected, "every line of thread {t}, whole and in order");
        }
        assert!(writes < 1_000, "{writes} writes for 20 000 lines: they are batched");
    }

    #[test]
    fn a_line_is_written_within_the_interval_without_a_flush() {
        let sink = Sink::default();
        let (writer, _guard) = batched(sink.clone()).unwrap();
        writer.make_writer().write_all(b"one line\n").unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while sink.0.lock().unwrap().0.is_empty() {
            assert!(std::time::Instant::now() < deadline, "the line was never written");
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(sink.0.lock().unwrap().0, b"one line\n");
    }

    #[test]
    fn writers_wait_for_room_rather_than_lose_lines() {
        /// A slow terminal.
        struct Slow(Sink);
        impl Write for Slow {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                std::thread::sleep(Duration::from_millis(20));
                self.0.write(bytes)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let sink = Sink::default();
        let (writer, guard) = batched(Slow(sink.clone())).unwrap();
        let line = vec![b'x'; 1023];
        for _ in 0..(3 * FULL / 1024) {
            let mut w = writer.make_writer();
            w.write_all(&line).unwrap();
            w.write_all(b"\n").unwrap();
        }
        drop(guard);
        assert_eq!(sink.0.lock().unwrap().0.len(), 3 * FULL, "every byte, over three buffers' worth");
    }
}
