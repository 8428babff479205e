//! A report as a page: the form's page model with the report's problems, the department's
//! remarks and the warnings to explain, as the templates `report_form` and `report_fields` walk it.

use std::collections::BTreeMap;

use cabinet_forms::page::{Page, PageInput};
use cabinet_forms::{Finding, Form, Problem};
use serde::Serialize;

use crate::routes::reports::{ReportFindingView, ReportView};

pub fn finding(view: &ReportFindingView) -> Finding {
    Finding {
        pointer: view.field.clone(),
        fields: view.fields.clone(),
        code: view.code.clone(),
        message: view.message.clone(),
        rule: view.rule.clone(),
    }
}

/// The page model as the templates take it: each section's items already written as HTML
/// (`html`, see [`super::html`]) instead of the items themselves.
pub fn shown(page: &Page, readonly: bool) -> serde_json::Value {
    let sections: Vec<serde_json::Value> = page
        .sections
        .iter()
        .map(|s| {
            serde_json::json!({ "id": s.id, "anchor": s.anchor, "title": s.title, "help": s.help, "hidden": s.hidden,
                                "html": super::html::items(&s.items, readonly) })
        })
        .collect();
    serde_json::json!({
        "form": page.form, "version": page.version, "title": page.title, "description": page.description,
        "readonly": page.readonly, "sections": sections, "errors_summary": page.errors_summary,
        "warnings_summary": page.warnings_summary, "remarks_summary": page.remarks_summary,
    })
}

/// A warning the submitter must explain, with the explanation given so far.
#[derive(Serialize)]
pub struct Explanation {
    pub rule: String,
    pub name: String,
    pub id: String,
    pub message: String,
    pub text: String,
}

/// What a report page shows besides the form: problems to show, remarks, explanations.
pub struct Shown<'a> {
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
    pub problems: &'a [Problem],
    pub readonly: bool,
}

/// The page model of the report's data, and the explanations its warnings ask for.
pub fn model(form: &Form, view: &ReportView, data: &serde_json::Value, shown: &Shown<'_>) -> (Page, Vec<Explanation>) {
    let remarks: BTreeMap<String, String> =
        view.comments.iter().map(|c| (c.field.clone(), c.message.clone())).collect();
    let input = PageInput {
        errors: &shown.errors,
        warnings: &shown.warnings,
        problems: shown.problems,
        remarks: &remarks,
        readonly: shown.readonly,
        previous: None,
    };
    let page = form.page(data, input);
    let mut explanations: Vec<Explanation> = Vec::new();
    for warning in &shown.warnings {
        let Some(rule) = &warning.rule else { continue };
        if explanations.iter().any(|e| &e.rule == rule) {
            continue;
        }
        explanations.push(Explanation {
            name: format!("explain:{rule}"),
            id: format!("explain-{}", rule.replace(|c: char| !c.is_ascii_alphanumeric(), "-")),
            text: view.explanations.get(rule).cloned().unwrap_or_default(),
            message: warning.message.clone(),
            rule: rule.clone(),
        });
    }
    (page, explanations)
}

/// The explanations posted with the form, by rule id.
pub fn explanations(fields: &[(String, String)]) -> BTreeMap<String, String> {
    fields
        .iter()
        .filter_map(|(name, value)| {
            name.strip_prefix("explain:").map(|rule| (rule.to_owned(), value.trim().to_owned()))
        })
        .filter(|(_, text)| !text.is_empty())
        .collect()
}
