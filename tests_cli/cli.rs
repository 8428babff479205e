//! The administration commands of the `cabinet` binary, run as an operator would.

use std::process::Command;

fn cabinet(dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cabinet"))
        .args(args)
        .current_dir(dir)
        .env("CABINET_DATABASE__URL", format!("sqlite://{}", dir.join("db/cabinet.db").display()))
        .env("CABINET_MAIL__OUTBOX", dir.join("outbox"))
        .env("CABINET_LOG", "error")
        .output()
        .expect("the cabinet binary runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn migrate_and_admin_create_work_on_a_fresh_database() {
    let dir = std::env::temp_dir().join(format!("cabinet-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
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
