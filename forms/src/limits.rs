//! Bounds on untrusted input: how big, deep and wide a plugin file or a submission may be, and
//! how costly a plugin's schema may be to compile.

/// Bounds applied while reading a JSON document (a plugin file or a submission).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonLimits {
    /// Size of the document in bytes.
    pub max_bytes: usize,
    /// Nesting of objects and arrays; the root value is at depth 0.
    pub max_depth: usize,
    /// Keys of one object.
    pub max_object_properties: usize,
    /// Object keys and array items in the whole document.
    pub max_total_values: usize,
    /// Characters of one string or key.
    pub max_string_chars: usize,
    /// Largest magnitude of a number; beyond it a number is refused.
    pub max_abs_number: f64,
}

/// Every bound `load` enforces, and the bounds the loaded form applies to submissions.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// The plugin file.
    pub plugin: JsonLimits,
    /// A submission (and a draft) of the loaded form.
    pub data: JsonLimits,
    /// Schema nodes after every `$ref` is expanded: compiling costs in proportion to it.
    pub max_expanded_schema: usize,
    /// `$ref` and `$dynamicRef` keywords written in the schema.
    pub max_refs: usize,
    /// `anyOf`/`oneOf`/`allOf` nested in each other along one path.
    pub max_combinator_depth: usize,
    /// Product of the branch counts of nested `anyOf`/`oneOf`/`allOf` along one path.
    pub max_combinator_product: usize,
    /// Compiled size of one regular expression (`regex::RegexBuilder::size_limit`), bytes.
    pub max_regex_bytes: usize,
    /// Nodes of one JsonLogic expression.
    pub max_logic_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            plugin: JsonLimits {
                max_bytes: 1024 * 1024,
                max_depth: 32,
                max_object_properties: 2_000,
                max_total_values: 100_000,
                max_string_chars: 10_000,
                max_abs_number: 1e15,
            },
            data: JsonLimits {
                max_bytes: 4 * 1024 * 1024,
                max_depth: 16,
                max_object_properties: 2_000,
                max_total_values: 200_000,
                max_string_chars: 100_000,
                max_abs_number: 1e15,
            },
            max_expanded_schema: 20_000,
            max_refs: 1_000,
            max_combinator_depth: 5,
            max_combinator_product: 1_000,
            max_regex_bytes: 256 * 1024,
            max_logic_nodes: 2_000,
        }
    }
}
