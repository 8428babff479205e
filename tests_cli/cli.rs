//! The administration commands of the `cabinet` binary, run as an operator would.

use std::process::Command;

fn cabinet(dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = run(dir, args, &[("CABINET_LOG", "error")]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn run(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cabinet"))
        .args(args)
        .current_dir(dir)
        .env("CABINET_DATABASE__URL", format!("sqlite://{}", dir.join("db/cabinet.db").display()))
        .env("CABINET_MAIL__OUTBOX", dir.join("outbox"))
        .envs(env.iter().copied())
        .output()
        .expect("the cabinet binary runs")
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cabinet-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

#[test]
fn log_written_to_a_file_has_no_colour_codes_and_json_gives_one_object_a_line() {
    let dir = temp_dir("log");
    let text = run(&dir, &["migrate"], &[("CABINET_LOG", "info")]);
    let (stdout, log) = (String::from_utf8_lossy(&text.stdout), String::from_utf8_lossy(&text.stderr));
    assert!(text.status.success() && stdout.contains("sqlite"), "{stdout}{log}");
    assert!(log.contains("database migrated"), "the log goes to stderr: {log}");
    assert!(!log.contains('\x1b'), "no terminal colour codes in a captured log: {log:?}");
    assert!(!stdout.contains("database migrated"), "stdout carries only what the command prints: {stdout}");

    let json = run(&dir, &["migrate"], &[("CABINET_LOG", "info"), ("CABINET_LOGGING__FORMAT", "json")]);
    let log = String::from_utf8_lossy(&json.stderr);
    assert!(json.status.success(), "{log}");
    let lines: Vec<serde_json::Value> =
        log.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let migrated = lines.iter().find(|l| l["fields"]["message"] == "database migrated").expect("the line is there");
    assert_eq!((migrated["level"].as_str(), migrated["fields"]["backend"].as_str()), (Some("INFO"), Some("sqlite")));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn migrate_and_admin_create_work_on_a_fresh_database() {
    let dir = temp_dir("admin");
    let (ok, text) = cabinet(&dir, &["migrate"]);
    assert!(ok && text.contains("sqlite"), "{text}");
    let (ok, text) = cabinet(&dir, &["admin", "create", "--email", "Chief@Example.RU"]);
    assert!(ok, "{text}");
    assert!(text.contains("Логин:  chief@example.ru") && text.contains("Пароль: "), "{text}");
    let (ok, text) = cabinet(&dir, &["admin", "create", "--email", "chief@example.ru"]);
    assert!(!ok && text.contains("уже существует"), "a second account with the same login is refused: {text}");
    let (ok, text) = cabinet(&dir, &["admin", "create", "--email", "not an address"]);
    assert!(!ok && text.contains("@"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}
