//! A compiled form: the plugin with its validator, JsonLogic and fields, built once per form
//! version by [`load`](crate::load) and shared (`Arc<Form>`) by every check of a submission.

use datalogic_rs::Engine;
use jsonschema::Validator;

use crate::field::Field;
use crate::limits::JsonLimits;
use crate::load::model::Model;
use crate::logic::Expr;
use crate::plugin::Plugin;

/// A show-if condition and the field templates it hides when false.
pub(crate) struct Show {
    pub expr: Expr,
    pub hides: Vec<String>,
}

/// A loaded, checked and compiled form version.
pub struct Form {
    pub(crate) plugin: Plugin,
    pub(crate) fields: Vec<Field>,
    pub(crate) model: Model,
    pub(crate) validator: Validator,
    pub(crate) engine: Engine,
    /// Compiled `check` of each rule, in the plugin's order.
    pub(crate) rules: Vec<Expr>,
    /// Compiled `value` of each computed field, in the plugin's order.
    pub(crate) computed: Vec<Expr>,
    pub(crate) shows: Vec<Show>,
    pub(crate) data_limits: JsonLimits,
}

impl Form {
    /// The plugin as written.
    pub fn plugin(&self) -> &Plugin {
        &self.plugin
    }

    /// Every field, in the order the ui shows them.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The field with this pointer template (`/agreements/*/workers`).
    pub fn field(&self, template: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.pointer == template)
    }

    /// Whether the template names a repeated table (`/agreements`).
    pub fn is_table(&self, template: &str) -> bool {
        self.model.is_table(template)
    }

    /// Russian title of a table or group by its template.
    pub(crate) fn title_of(&self, template: &str) -> Option<&str> {
        self.model.get(template).map(|n| n.title.as_str())
    }
}

impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Form")
            .field("id", &self.plugin.id)
            .field("version", &self.plugin.version)
            .finish_non_exhaustive()
    }
}
