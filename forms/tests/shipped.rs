//! The forms shipped in `plugins/forms/` follow the plugin format.

use cabinet_forms::Plugin;

const SHIPPED: [(&str, &str); 4] = [
    ("1-sp", include_str!("../../plugins/forms/1-sp.json")),
    ("4-pi", include_str!("../../plugins/forms/4-pi.json")),
    ("19-ti", include_str!("../../plugins/forms/19-ti.json")),
    ("kdk-2", include_str!("../../plugins/forms/kdk-2.json")),
];

#[test]
fn shipped_plugins_follow_the_format() {
    for (id, text) in SHIPPED {
        let plugin: Plugin = serde_json::from_str(text).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(plugin.id, id);
    }
}

#[test]
fn every_plugin_file_is_listed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugins/forms");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("plugins/forms")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .collect();
    files.sort();
    let mut listed: Vec<&str> = SHIPPED.iter().map(|(id, _)| *id).collect();
    listed.sort();
    assert_eq!(files, listed);
}
