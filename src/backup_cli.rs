//! `cabinet backup` and `cabinet restore`: the operator's side of `cabinet_storage::backup`,
//! with progress bars on a terminal and plain log lines otherwise.

use std::io::IsTerminal;
use std::sync::Mutex;

use anyhow::{Context, Result};
use cabinet_http::Config;
use cabinet_storage::Db;
use cabinet_storage::backup::{self, Progress, Summary};
use indicatif::{ProgressBar, ProgressStyle};

/// `cabinet backup`: writes a backup of the database and the media, then reads it back.
pub async fn backup(db: &Db, config: &Config, to: Option<&str>) -> Result<()> {
    let target = config.backup_target(to)?;
    let blobs = config.storage.blob_store().context("the media store")?;
    let progress = Bars::new();
    let written = backup::run(db, &blobs, &target, &progress).await?;
    println!("Резервная копия {} записана в {}: {}.", written.name, target.location(), figures(&written));
    let checked = backup::verify(&target, &written.name, &progress).await?;
    println!("Копия прочитана обратно и совпадает с manifest.json (за {}).", seconds(&checked));
    Ok(())
}

/// `cabinet backup verify`: reads a backup back against its manifest.
pub async fn verify(config: &Config, from: Option<&str>, name: Option<String>) -> Result<()> {
    let target = config.backup_target(from)?;
    let name = match name {
        Some(name) => name,
        None => target.latest().await?,
    };
    let checked = backup::verify(&target, &name, &Bars::new()).await?;
    println!("Резервная копия {name} в {} цела: {}.", target.location(), figures(&checked));
    Ok(())
}

/// `cabinet backup list`: the complete backups, oldest first.
pub async fn list(config: &Config, from: Option<&str>) -> Result<()> {
    let target = config.backup_target(from)?;
    let listed = target.list().await?;
    if listed.is_empty() {
        println!("В {} нет ни одной полной резервной копии.", target.location());
    }
    for l in listed {
        let m = &l.manifest;
        println!(
            "{}  {}  строк — {}, файлов — {} ({}), схема {}",
            l.name,
            m.source_backend,
            m.rows(),
            m.blobs.len(),
            size(m.blob_bytes()),
            m.schema
        );
    }
    Ok(())
}

/// `cabinet backup prune`: deletes all but the newest `keep` backups.
pub async fn prune(config: &Config, from: Option<&str>, keep: Option<usize>) -> Result<()> {
    let target = config.backup_target(from)?;
    let deleted = backup::prune(&target, keep.unwrap_or(config.backup.keep)).await?;
    println!("Удалено старых резервных копий: {}.", deleted.len());
    for name in deleted {
        println!("  {name}");
    }
    Ok(())
}

/// `cabinet restore`: the backup `name` (by default the newest) into this configuration's
/// database and media store, which must be empty.
pub async fn restore(db: &Db, config: &Config, from: Option<&str>, name: Option<String>) -> Result<()> {
    let target = config.backup_target(from)?;
    let blobs = config.storage.blob_store().context("the media store")?;
    let name = match name {
        Some(name) => name,
        None => target.latest().await?,
    };
    let restored = backup::restore(db, &blobs, &target, &name, &Bars::new()).await?;
    println!("Резервная копия {name} из {} восстановлена в {}: {}.", target.location(), db.kind(), figures(&restored));
    println!(
        "Проверено: в каждой таблице столько строк, сколько в копии, каждый файл читается и совпадает со своим ключом."
    );
    Ok(())
}

fn figures(s: &Summary) -> String {
    format!(
        "таблиц — {}, строк — {}, файлов — {}, объём — {}, за {}",
        s.tables,
        s.rows,
        s.blobs,
        size(s.bytes),
        seconds(s)
    )
}

fn seconds(s: &Summary) -> String {
    format!("{:.1} с", s.elapsed.as_secs_f64()).replace('.', ",")
}

/// `1,5 МБ`: a size as a person reads it.
fn size(bytes: u64) -> String {
    let units = ["Б", "КБ", "МБ", "ГБ", "ТБ"];
    let (mut value, mut unit) = (bytes as f64, 0);
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} Б") } else { format!("{value:.1} {}", units[unit]).replace('.', ",") }
}

/// A progress bar for each stage on a terminal; a log line per finished stage otherwise.
struct Bars {
    terminal: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Bars {
    fn new() -> Self {
        Bars { terminal: std::io::stderr().is_terminal(), bar: Mutex::new(None) }
    }

    fn current(&self) -> std::sync::MutexGuard<'_, Option<ProgressBar>> {
        self.bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Progress for Bars {
    fn start(&self, stage: &str, total: Option<u64>) {
        if !self.terminal {
            return;
        }
        let bar = match total {
            Some(total) => ProgressBar::new(total).with_style(
                ProgressStyle::with_template("{msg:>24} [{bar:30}] {pos}/{len} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{msg:>24} {spinner} {pos} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_message(stage.to_owned());
        *self.current() = Some(bar);
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = self.current().as_ref() {
            bar.inc(n);
        }
    }

    fn done(&self, stage: &str, count: u64) {
        match self.current().take() {
            // A line per stage stays on the screen; the bar itself goes.
            Some(bar) => {
                bar.finish_and_clear();
                eprintln!("{stage:>24}: {count}");
            }
            None => tracing::info!(stage, count, "done"),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_as_a_person_writes_them() {
        assert_eq!(super::size(512), "512 Б");
        assert_eq!(super::size(1536), "1,5 КБ");
        assert_eq!(super::size(5 * 1024 * 1024 * 1024), "5,0 ГБ");
    }
}
