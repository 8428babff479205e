//! What the engine knows of each field once a plugin is compiled, and the typed values a
//! submission leaves for aggregation.

use serde::Serialize;

use crate::plugin::Aggregate;

/// One field of the form's data, derived from its schema and ui.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Pointer template: `/members/women`, or `/agreements/*/workers` for a table column.
    pub pointer: String,
    /// Russian label: the schema's `title`, or the property name when there is none.
    pub title: String,
    /// Help: the schema's `description` and the ui's `help`.
    pub help: String,
    pub kind: FieldKind,
    pub required: bool,
    /// Pointer of the repeated table the field is a column of (`/agreements`).
    pub table: Option<String>,
    /// Computed by the server; never filled by a person.
    pub computed: bool,
    pub aggregate: Aggregate,
    /// Id of the ui section the field is shown in.
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    Number {
        integer: bool,
        minimum: Option<f64>,
        maximum: Option<f64>,
    },
    Text {
        max_length: Option<u64>,
    },
    /// `YYYY-MM-DD` (`format: date`).
    Date,
    Boolean,
    /// One of fixed values, each with its Russian label.
    Choice {
        options: Vec<Choice>,
    },
    /// Several of fixed values (an array of unique choices).
    MultiChoice {
        options: Vec<Choice>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub value: serde_json::Value,
    pub label: String,
}

/// A typed value of one field of one submission, stored when the submission is made so that
/// aggregating never re-parses submissions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// Pointer template of the field (`/agreements/*/workers`).
    pub field: String,
    /// Row of a repeated table, from 0; `None` outside tables.
    pub row: Option<u32>,
    pub value: FactValue,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FactValue {
    Number(f64),
    Text(String),
    Bool(bool),
}
