//! Russian titles of schema nodes named by data pointers, for headers and sheet names.

use serde_json::Value;

/// The schema node a data pointer names: `/agreements` → `properties.agreements`,
/// `/agreements/*/workers` → `….items.properties.workers`.
pub(crate) fn node<'a>(schema: &'a Value, pointer: &str) -> Option<&'a Value> {
    pointer.split('/').skip(1).try_fold(schema, |node, segment| match segment {
        "*" => node.get("items"),
        name => node.get("properties")?.get(name),
    })
}

/// The `title` of the node a pointer names, or the pointer's last segment when it has none.
pub(crate) fn title(schema: &Value, pointer: &str) -> String {
    match node(schema, pointer).and_then(|n| n.get("title")).and_then(Value::as_str) {
        Some(title) => title.to_owned(),
        None => pointer.rsplit('/').next().unwrap_or(pointer).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn titles_follow_properties_and_items() {
        let schema = json!({"properties": {"a": {"title": "Таблица", "items": {"properties": {
            "b": {"title": "Столбец"}, "c": {}}}}}});
        assert_eq!(super::title(&schema, "/a"), "Таблица");
        assert_eq!(super::title(&schema, "/a/*/b"), "Столбец");
        assert_eq!(super::title(&schema, "/a/*/c"), "c");
    }
}
