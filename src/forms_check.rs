//! `cabinet forms check FILE`: the verdict the server gives an uploaded form, without a server,
//! a database or the data folder — a department checks its file before uploading it.
//!
//! Exit codes: 0 the file is accepted, 1 it is refused (every problem printed with its JSON
//! pointer), 2 the file cannot be read.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use cabinet_forms::plugin::{PeriodSpec, Severity};
use cabinet_forms::{Form, Limits};
use cabinet_http::config::{Config, ReportsConfig};

pub fn run(file: &Path) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("Не удалось прочитать файл «{}»: {}.", file.display(), io_error(&error));
            return ExitCode::from(2);
        }
    };
    match cabinet_forms::load(&bytes, &limits()) {
        Ok(form) => {
            print!("{}", summary(file, &form));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            println!("Форма в файле «{}» не принята: найдено ошибок — {}.", file.display(), problems.len());
            for problem in &problems {
                println!("  {problem}");
            }
            ExitCode::from(1)
        }
    }
}

/// The server's limits: its size limit for a plugin file comes from the configuration when
/// there is one (`[reports] plugin_max_bytes`), so the verdict is the upload's; without a
/// readable configuration, the defaults the server ships with.
fn limits() -> Limits {
    let reports: ReportsConfig = Config::figment().extract_inner("reports").unwrap_or_default();
    let mut limits = Limits::default();
    limits.plugin.max_bytes = usize::try_from(reports.plugin_max_bytes).unwrap_or(usize::MAX);
    limits.data.max_bytes = usize::try_from(reports.report_max_bytes).unwrap_or(usize::MAX);
    limits
}

fn io_error(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    match error.kind() {
        NotFound => "такого файла нет",
        PermissionDenied => "нет прав на чтение",
        IsADirectory => "это папка, а не файл",
        InvalidData => "файл повреждён",
        _ => "ошибка чтения с диска",
    }
}

fn summary(file: &Path, form: &Form) -> String {
    let plugin = form.plugin();
    let fields = form.fields();
    let tables: BTreeSet<&str> = fields.iter().filter_map(|f| f.table.as_deref()).collect();
    let in_tables = fields.iter().filter(|f| f.table.is_some()).count();
    let warnings = plugin.rules.iter().filter(|r| r.severity == Severity::Warning).count();
    let mut out = format!("Форма в файле «{}» прошла проверку.\n", file.display());
    out += &format!("  Форма:         {}, версия {}\n", plugin.id, plugin.version);
    out += &format!("  Название:      {}\n", plugin.title);
    out += &format!("  Управление:    {}\n", plugin.department);
    out += &format!("  Периодичность: {}\n", periodicity(&plugin.period));
    out += &format!("  Сроки:         {}\n", schedule(&plugin.period));
    out += &format!(
        "  Поля:          {} (из них столбцов таблиц — {in_tables}), таблиц — {}\n",
        fields.len(),
        tables.len()
    );
    out += &format!(
        "  Правила:       {} (ошибки — {}, предупреждения — {warnings}), вычисляемых полей — {}, показателей — {}\n",
        plugin.rules.len(),
        plugin.rules.len() - warnings,
        plugin.computed.len(),
        plugin.indicators.len()
    );
    out += &format!(
        "При загрузке сервер проверит ещё, что управление «{}» существует, что у вас есть право forms.define \
         в нём и что версия {} новее уже опубликованных версий этой формы.\n",
        plugin.department, plugin.version
    );
    out
}

fn periodicity(spec: &PeriodSpec) -> String {
    let (name, first) = match spec {
        PeriodSpec::Once(_) => return "однократно".into(),
        PeriodSpec::Monthly(s) => ("ежемесячно", &s.first),
        PeriodSpec::Quarterly(s) => ("ежеквартально", &s.first),
        PeriodSpec::HalfYearly(s) => ("раз в полугодие", &s.first),
        PeriodSpec::Annual(s) => ("ежегодно", &s.first),
    };
    match first {
        Some(first) => format!("{name}, начиная с периода {first}"),
        None => name.into(),
    }
}

/// The schedule as a person reads it: days counted from the period's last day, in the union's
/// time zone.
fn schedule(spec: &PeriodSpec) -> String {
    let s = match spec {
        PeriodSpec::Once(s) => {
            return format!(
                "открытие — {}, сдать до конца {}, закрытие — после {} (по времени Профсоюза)",
                date(&s.opens),
                date(&s.due),
                date(&s.locks)
            );
        }
        PeriodSpec::Monthly(s) | PeriodSpec::Quarterly(s) | PeriodSpec::HalfYearly(s) | PeriodSpec::Annual(s) => s,
    };
    format!(
        "открытие — день {}, сдать до конца дня {}, закрытие — после дня {} \
         (дни от последнего дня периода, по времени Профсоюза)",
        day(s.opens),
        day(s.due),
        day(s.locks)
    )
}

/// A day relative to the period's last day: `+15`, `0`, `−3`.
fn day(n: i32) -> String {
    match n {
        n if n > 0 => format!("+{n}"),
        n if n < 0 => format!("−{}", n.unsigned_abs()),
        _ => "0".into(),
    }
}

/// `2026-02-01` as `01.02.2026`.
fn date(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] => format!("{d}.{m}.{y}"),
        _ => iso.to_owned(),
    }
}
