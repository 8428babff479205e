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

/// A file of the repository, by its path from the root.
fn repo_file(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// `cabinet forms check FILE` in a fresh folder, with a database that does not exist: the check
/// needs neither. Returns the exit code and everything printed.
fn forms_check(dir: &std::path::Path, file: &std::path::Path) -> (Option<i32>, String) {
    let file = file.to_str().expect("a UTF-8 path");
    let out = run(
        dir,
        &["forms", "check", file],
        &[("CABINET_LOG", "error"), ("CABINET_DATABASE__URL", "postgres://127.0.0.1:1/nowhere")],
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), text)
}

#[test]
fn forms_check_accepts_a_shipped_plugin_without_a_database_or_data_folder() {
    let dir = temp_dir("forms-ok");
    let (code, text) = forms_check(&dir, &repo_file("plugins/forms/1-sp.json"));
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("прошла проверку") && text.contains("1-sp, версия 1"), "{text}");
    assert!(text.contains("organizational") && text.contains("ежегодно"), "{text}");
    assert!(text.contains("показателей — 3"), "the summary counts the indicators: {text}");
    assert!(!dir.join("db").exists(), "no database is created by a check");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn forms_check_refuses_a_hostile_plugin_naming_every_problem_by_its_pointer() {
    let dir = temp_dir("forms-hostile");
    let mut plugin: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo_file("plugins/forms/kdk-2.json")).expect("kdk-2"))
            .expect("kdk-2 is JSON");
    plugin["schema"]["properties"]["totals"]["properties"]["employers"] =
        serde_json::json!({ "$ref": "https://example.org/evil.json#/employers" });
    plugin["schema"]["properties"]["agreements"]["items"]["properties"]["employer"]["pattern"] =
        serde_json::json!("^(?!ООО).*$");
    let file = dir.join("remote-ref.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&plugin).expect("JSON")).expect("written");
    let (code, text) = forms_check(&dir, &file);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("не принята: найдено ошибок — 2"), "{text}");
    assert!(text.contains("/schema/properties/totals/properties/employers/$ref: Ссылка «https://example.org/evil.json#/employers» запрещена"), "{text}");
    assert!(
        text.contains("/schema/properties/agreements/items/properties/employer/pattern: Регулярное выражение"),
        "{text}"
    );

    // A duplicate key is found while reading, before anything else: both duplicates are named.
    let duplicated = std::fs::read_to_string(repo_file("plugins/forms/kdk-2.json"))
        .expect("kdk-2")
        .replacen("\"version\": 1,", "\"version\": 1, \"version\": 2,", 1)
        .replacen("\"title\": \"Работодатель\",", "\"title\": \"Работодатель\", \"title\": \"Наниматель\",", 1);
    let file = dir.join("duplicate-keys.json");
    std::fs::write(&file, duplicated).expect("written");
    let (code, text) = forms_check(&dir, &file);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("/version: Ключ «version» повторяется в одном объекте."), "{text}");
    assert!(
        text.contains("/schema/properties/agreements/items/properties/employer/title: Ключ «title» повторяется"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn forms_check_of_a_missing_file_exits_2_and_says_so_in_russian() {
    let dir = temp_dir("forms-missing");
    let (code, text) = forms_check(&dir, &dir.join("нет-такой-формы.json"));
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("Не удалось прочитать файл") && text.contains("такого файла нет"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_guides_example_form_loads_and_is_the_file_the_guide_shows() {
    let dir = temp_dir("forms-guide");
    let example = repo_file("docs/examples/quarterly-example.json");
    let (code, text) = forms_check(&dir, &example);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("training-q, версия 1") && text.contains("ежеквартально"), "{text}");
    let guide = std::fs::read_to_string(repo_file("docs/forms.md")).expect("the guide");
    let file = std::fs::read_to_string(&example).expect("the example");
    assert!(guide.contains(file.trim_end()), "docs/forms.md shows docs/examples/quarterly-example.json verbatim");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn backup_then_restore_into_another_database_and_a_second_restore_is_refused() {
    let dir = temp_dir("backup");
    let backups = dir.join("backups");
    let to = backups.to_str().expect("a UTF-8 path");
    let media = [("CABINET_LOG", "error"), ("CABINET_STORAGE__PATH", "media-a")];
    let (ok, text) = cabinet(&dir, &["admin", "create", "--email", "chief@example.ru"]);
    assert!(ok, "{text}");
    let out = run(&dir, &["backup", "--to", to], &media);
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("записана в") && text.contains("таблиц — ") && text.contains("совпадает с manifest.json"),
        "{text}"
    );

    let other = format!("sqlite://{}", dir.join("other/cabinet.db").display());
    let restore =
        [("CABINET_LOG", "error"), ("CABINET_DATABASE__URL", other.as_str()), ("CABINET_STORAGE__PATH", "media-b")];
    let out = run(&dir, &["restore", "--from", &format!("file://{to}")], &restore);
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && text.contains("восстановлена в sqlite"), "{text}");

    // The administrator came back with the rest: the same login is taken in the copy.
    let out = run(&dir, &["admin", "create", "--email", "chief@example.ru"], &restore);
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && text.contains("уже существует"), "{text}");

    let out = run(&dir, &["restore", "--from", to], &restore);
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a database in use is not restored over: {text}");
    assert!(text.contains("база данных не пуста") && text.contains("CABINET_DATABASE__URL"), "{text}");

    let (ok, text) = cabinet(&dir, &["backup", "verify", "--from", to]);
    assert!(ok && text.contains("цела"), "{text}");
    let (ok, text) = cabinet(&dir, &["backup", "list", "--from", to]);
    assert!(ok && text.contains("sqlite") && text.contains("схема 2"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn restore_from_a_folder_without_backups_says_so() {
    let dir = temp_dir("no-backups");
    let empty = dir.join("nothing-here");
    let (ok, text) = cabinet(&dir, &["restore", "--from", empty.to_str().expect("a UTF-8 path")]);
    assert!(!ok && text.contains("нет ни одной полной резервной копии"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}
