//! `cabinet`: the server (`cabinet` or `cabinet serve`) and its administration commands.

mod backup_cli;
mod forms_check;
mod log_writer;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use cabinet_http::config::LogFormat;
use cabinet_http::{Config, bootstrap};
use cabinet_storage::Db;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cabinet", about = "Личные кабинеты организаций Профсоюза: сервер и администрирование")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Привести базу данных к последней схеме и запустить сервер (по умолчанию).
    Serve,
    /// Привести базу данных к последней схеме и выйти.
    Migrate,
    /// Выполнять фоновые задачи (письма, напоминания, очистку) без веб-сервера; остановка — Ctrl+C.
    Worker,
    /// Администраторы.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Формы отчётности.
    Forms {
        #[command(subcommand)]
        command: FormsCommand,
    },
    /// Сделать резервную копию базы данных и файлов, не останавливая сервер, и проверить её.
    Backup {
        #[command(subcommand)]
        command: Option<BackupCommand>,
        /// Куда записать копию: папка, file:///… или s3://корзина/префикс (ключи и адрес
        /// сервиса — из [storage.s3]). По умолчанию — backup.target из настроек.
        #[arg(long, value_name = "КУДА")]
        to: Option<String>,
    },
    /// Восстановить резервную копию в пустую базу данных и хранилище файлов из настроек.
    Restore {
        /// Где лежат копии: папка, file:///… или s3://корзина/префикс. По умолчанию — backup.target.
        #[arg(long, value_name = "ОТКУДА")]
        from: Option<String>,
        /// Имя копии (папки), например 2026-11-30T12-00-00Z. По умолчанию — самая новая полная копия.
        #[arg(long, value_name = "ИМЯ")]
        name: Option<String>,
    },
}

#[derive(Subcommand)]
enum BackupCommand {
    /// Прочитать копию и сверить каждый файл с manifest.json; база данных не нужна.
    Verify {
        /// Где лежат копии. По умолчанию — backup.target.
        #[arg(long, value_name = "ОТКУДА")]
        from: Option<String>,
        /// Имя копии. По умолчанию — самая новая полная копия.
        #[arg(long, value_name = "ИМЯ")]
        name: Option<String>,
    },
    /// Показать полные копии, от старых к новым.
    List {
        #[arg(long, value_name = "ОТКУДА")]
        from: Option<String>,
    },
    /// Удалить старые копии, оставив самые новые.
    Prune {
        #[arg(long, value_name = "ОТКУДА")]
        from: Option<String>,
        /// Сколько полных копий оставить. По умолчанию — backup.keep.
        #[arg(long, value_name = "N")]
        keep: Option<usize>,
    },
}

#[derive(Subcommand)]
enum FormsCommand {
    /// Проверить файл формы так же, как его проверит сервер при загрузке; база данных не нужна.
    Check {
        /// Файл формы (JSON).
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Создать администратора ЦК Профсоюза с одноразовым паролем.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Администратор сайта")]
        name: String,
    },
}

fn main() -> Result<ExitCode> {
    let cli = Cli::parse();
    // Checking a form needs neither the database nor a valid configuration: it works on a fresh
    // clone, and in a department's own folder.
    if let Some(Command::Forms { command: FormsCommand::Check { file } }) = &cli.command {
        return Ok(forms_check::run(file));
    }
    let figment = Config::figment();
    let config: Config = figment.extract().context("configuration")?;
    // Kept to the end of `main`: dropping it flushes what is still queued for the log.
    let _log = init_log(config.logging.format)?;
    let server = rocket::Config::try_from(figment.clone()).context("configuration")?;
    let runtime = runtime(&server)?;
    let result = runtime.block_on(run(cli.command.unwrap_or(Command::Serve), figment, config));
    if server.shutdown.force {
        runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    }
    result?;
    Ok(ExitCode::SUCCESS)
}

/// The async runtime with the configured `workers` and `max_blocking`, as Rocket would make
/// it. `rocket::execute` reads them from `ROCKET_*` variables only, so `workers` in Cabinet's
/// configuration went unheeded and the server ran one worker per core whatever it said.
fn runtime(server: &rocket::Config) -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .thread_name("rocket-worker-thread")
        .worker_threads(server.workers.max(1))
        .max_blocking_threads(server.max_blocking.max(1))
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// The log goes to stderr, so that stdout carries only what a command prints (the one-time
/// password); colour codes only on a terminal, never into a file or a collector. Lines are
/// written in batches by a thread of their own (`log_writer`): a request never waits for the
/// terminal or the disk, nor wakes a thread.
fn init_log(format: LogFormat) -> Result<log_writer::Guard> {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CABINET_LOG")
        .unwrap_or_else(|_| "info,rocket=warn,sqlx=warn".into());
    let (writer, guard) = log_writer::batched(std::io::stderr()).context("starting the log writer")?;
    let log = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    match format {
        LogFormat::Text => log.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => log.json().with_ansi(false).init(),
    }
    Ok(guard)
}

async fn run(command: Command, figment: rocket::figment::Figment, config: Config) -> Result<()> {
    // Reading backups needs no database.
    if let Command::Backup { command: Some(command), .. } = command {
        return match command {
            BackupCommand::Verify { from, name } => backup_cli::verify(&config, from.as_deref(), name).await,
            BackupCommand::List { from } => backup_cli::list(&config, from.as_deref()).await,
            BackupCommand::Prune { from, keep } => backup_cli::prune(&config, from.as_deref(), keep).await,
        };
    }
    // A backup reads the database as the running server left it: a newer binary must not
    // migrate a live database on the way.
    if let Command::Backup { command: None, to } = command {
        let db = connect(&config).await?;
        return backup_cli::backup(&db, &config, to.as_deref()).await;
    }
    let db = open(&config).await?;
    match command {
        Command::Forms { .. } | Command::Backup { .. } => unreachable!("handled before the database is opened"),
        Command::Restore { from, name } => backup_cli::restore(&db, &config, from.as_deref(), name).await?,
        Command::Migrate => println!("База данных ({}) приведена к последней схеме.", db.kind()),
        Command::Admin { command: AdminCommand::Create { email, name } } => {
            let admin = bootstrap::create_admin(&db, &email, &name).await.map_err(anyhow::Error::msg)?;
            print_admin("Создан администратор", &admin);
        }
        Command::Worker => {
            let app = cabinet_http::build(figment, db).map_err(anyhow::Error::msg)?;
            let app = app.ignite().await.context("configuration")?;
            let Some(state) = app.state::<cabinet_http::App>() else { bail!("the application has no state") };
            let runner = cabinet_http::jobs::Runner::of(state);
            tracing::info!(instance = %runner.jobs.instance, "worker started: jobs only, no web server");
            runner.run(stop_signal()).await;
            tracing::info!("worker stopped");
        }
        Command::Serve => {
            if let Some(admin) =
                bootstrap::ensure(&db, &config.bootstrap_admin_email).await.map_err(anyhow::Error::msg)?
            {
                print_admin("Создан первый администратор", &admin);
            }
            let rocket = cabinet_http::build(figment, db).map_err(anyhow::Error::msg)?;
            rocket.launch().await.context("server")?;
        }
    }
    Ok(())
}

/// Ctrl+C, or SIGTERM from a service manager.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    tokio::signal::ctrl_c().await.ok();
}

/// The configured database, migrated to the latest schema.
async fn open(config: &Config) -> Result<Db> {
    let db = connect(config).await?;
    db.migrate().await.context("migrating the database")?;
    tracing::info!(backend = %db.kind(), "database migrated");
    Ok(db)
}

/// The configured database as it is (a SQLite file is created when missing).
async fn connect(config: &Config) -> Result<Db> {
    let url = &config.database.url;
    if let Some(path) = url.strip_prefix("sqlite://").map(|p| p.split('?').next().unwrap_or(p)) {
        if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
    } else if !url.starts_with("postgres") {
        bail!("database.url must start with sqlite:// or postgres://, got «{url}»");
    }
    Db::connect(url, config.database.max_connections).await.context("connecting to the database")
}

fn print_admin(title: &str, admin: &bootstrap::FirstAdmin) {
    println!();
    println!("  {title}. Пароль показывается один раз: при первом входе его нужно сменить.");
    println!("    Логин:  {}", admin.email);
    println!("    Пароль: {}", admin.password);
    println!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_has_the_workers_of_cabinets_configuration() {
        for workers in [1, 3] {
            let server = rocket::Config::try_from(Config::figment().merge(("workers", workers))).unwrap();
            assert_eq!(runtime(&server).unwrap().metrics().num_workers(), workers);
        }
    }
}
