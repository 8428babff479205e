//! The plugin file: one JSON document that defines a report form (§7.2).
//!
//! These types are the format. The meta-schema a department checks its file against is generated
//! from them (`schemars`), so the two cannot drift. Every struct refuses unknown keys: a typo in a
//! key is a refusal with its pointer, not a silently ignored setting.
//!
//! Fields of the data are named by JSON pointers into the submitted data (`/members/women`); a
//! column of a repeated table by a pointer with `*` in place of the row number
//! (`/agreements/*/workers`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A report form, as a department writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plugin {
    /// Stable identifier of the form: lowercase Latin letters, digits and hyphens (`1-sp`).
    pub id: String,
    /// Version of this definition, from 1. A published version never changes: a change is a new
    /// version; submissions stay pinned to the version they were made with.
    pub version: u32,
    /// Title as organizations see it («Статистический отчёт 1-СП»).
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Address name (slug) of the department of the central committee that processes the
    /// form (§7.3); only that department sees its submissions.
    pub department: String,
    /// Who must report: the expected denominator of completeness.
    pub reporters: Reporters,
    /// How often the form is collected and its deadlines.
    pub period: PeriodSpec,
    /// JSON Schema 2020-12 of the data, with Russian `title`, `description` (help) and choice
    /// labels (`oneOf` of `const` + `title`).
    pub schema: Value,
    /// Presentation, kept apart from the data: sections, field order, widgets, help, show-if.
    #[serde(default)]
    pub ui: Ui,
    /// Cross-field checks in JsonLogic.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Fields the server computes in JsonLogic; what a submitter sends for them is replaced.
    #[serde(default)]
    pub computed: Vec<Computed>,
    /// How each field adds up across organizations, by field pointer; fields left out are not
    /// aggregated (`none`).
    #[serde(default)]
    pub aggregation: BTreeMap<String, Aggregate>,
    /// Indicators: ratios of sums across organizations, never averages of percentages.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// Which organizations must submit the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Reporters {
    /// Every organization of the union.
    All,
    /// The organizations named by their address names (slugs).
    List { organizations: Vec<String> },
    /// Organizations matching every given condition.
    Filter {
        /// Regions as written in the organizations' cards; any of them.
        #[serde(default)]
        regions: Vec<String>,
        #[serde(default)]
        org_kind: Option<OrgKind>,
    },
}

/// Regional or interregional organization (§1.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Regional,
    Interregional,
}

/// The form's periodicity. Periods have stable ids: `2025` (annual), `2025S1` (half-year),
/// `2025Q3` (quarter), `2025-07` (month), `once` (a one-off form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PeriodSpec {
    /// Collected once, on fixed dates.
    Once(OnceSchedule),
    Monthly(Schedule),
    Quarterly(Schedule),
    HalfYearly(Schedule),
    Annual(Schedule),
}

/// Deadlines of a periodic form, counted in days from the last day of the period, in the
/// union's time zone: `opens: 1, due: 15, locks: 45` for a quarter opens on the 1st of the
/// next month at 00:00, is due by the end of the 15th and locks after the 45th day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The day filling opens (at its start); 0 is the period's last day, negative days are
    /// before it.
    pub opens: i32,
    /// The last day to submit on time (until its end). Later submissions are late.
    pub due: i32,
    /// The last day a late submission is still taken (until its end); after it only an
    /// organization the department granted an extension can submit.
    pub locks: i32,
    /// Reminder days relative to the due day: `-3` three days before, `1` the day after.
    #[serde(default)]
    pub remind: Vec<i32>,
    /// The first period the form is collected for (`2025Q1`); earlier periods do not exist.
    #[serde(default)]
    pub first: Option<String>,
}

/// Deadlines of a one-off form, as calendar dates (`2026-02-01`) in the union's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnceSchedule {
    pub opens: String,
    pub due: String,
    pub locks: String,
    /// Reminder days relative to the due date.
    #[serde(default)]
    pub remind: Vec<i32>,
}

/// Presentation of the form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ui {
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// A section of the form: one page of the cabinet, one sheet of the XLSX template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id of the section (Latin letters, digits, `_`, `-`).
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub help: String,
    /// Fields in the order shown.
    pub fields: Vec<UiField>,
    /// JsonLogic condition: the section is shown (and its fields required) only when true.
    #[serde(default)]
    pub show_if: Option<Value>,
}

/// How one field is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UiField {
    /// Pointer of the field in the data (`/members/total`), or of a repeated table
    /// (`/agreements`).
    pub field: String,
    #[serde(default)]
    pub widget: Option<Widget>,
    /// Help shown under the field, in addition to the schema's `description`.
    #[serde(default)]
    pub help: Option<String>,
    /// JsonLogic condition: the field is shown only when true.
    #[serde(default)]
    pub show_if: Option<Value>,
    /// For a repeated table: its columns in order (`/agreements/*/name`); all columns by default.
    #[serde(default)]
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Widget {
    Text,
    Textarea,
    Number,
    Date,
    Select,
    Radio,
    Checkbox,
    Table,
}

/// A cross-field check. Its JsonLogic `check` sees `{"data": …, "previous": …, "row": …}`: the
/// submission, the same organization's submission for the previous period (or `null`) and, for a
/// rule with `each`, the current row of that table. The check passes when it is true.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id: a warning is explained under this id.
    pub id: String,
    pub severity: Severity,
    /// The fields the rule concerns; its problem is shown at each of them.
    pub fields: Vec<String>,
    /// What is wrong and what to do, in Russian.
    pub message: String,
    pub check: Value,
    /// Pointer of a repeated table: the rule runs once per row.
    #[serde(default)]
    pub each: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks submission.
    Error,
    /// Must be explained by the submitter before the report goes.
    Warning,
}

/// A field the server computes, in the same context as rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Computed {
    pub field: String,
    pub value: Value,
    /// Pointer of a repeated table: computed once per row (`field` then has `*` for the row).
    #[serde(default)]
    pub each: Option<String>,
}

/// How a field adds up across organizations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    Sum,
    Average,
    Min,
    Max,
    /// How many organizations gave a value.
    Count,
    None,
}

/// An indicator across organizations: sum of the numerator over sum of the denominator, times
/// `scale` (100 for a percentage).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub title: String,
    pub numerator: String,
    pub denominator: String,
    #[serde(default = "one")]
    pub scale: f64,
    /// Decimal places shown.
    #[serde(default = "one_place")]
    pub places: u8,
}

fn one() -> f64 {
    1.0
}

fn one_place() -> u8 {
    1
}
