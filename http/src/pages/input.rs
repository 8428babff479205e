//! One input of a page form with its label, help and error, as `field.hbs` renders it: a page
//! builds its inputs here, so no input goes without a label and every error lands at its field.

use serde::Serialize;
use serde_json::Value;

use crate::error::ApiError;

#[derive(Debug, Clone, Serialize)]
pub struct Input {
    pub name: String,
    pub id: String,
    pub label: String,
    /// `text`, `email`, `password`, `tel`, `url`, `date`, `number`, `textarea`, `checkbox`,
    /// `select`, `file`.
    pub kind: &'static str,
    pub value: String,
    pub required: bool,
    pub checked: bool,
    pub autocomplete: Option<&'static str>,
    pub help: Option<String>,
    pub error: Option<String>,
    pub options: Vec<Choice>,
    pub accept: Option<&'static str>,
    pub maxlength: Option<u32>,
    /// Ids of the help and error texts, for `aria-describedby`.
    pub describedby: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Input {
    pub fn new(kind: &'static str, name: &str, label: &str) -> Self {
        Input {
            name: name.to_owned(),
            id: format!("f-{}", name.replace(|c: char| !(c.is_ascii_alphanumeric() || c == '_'), "-")),
            label: label.to_owned(),
            kind,
            value: String::new(),
            required: false,
            checked: false,
            autocomplete: None,
            help: None,
            error: None,
            options: Vec::new(),
            accept: None,
            maxlength: None,
            describedby: None,
        }
    }

    pub fn text(name: &str, label: &str) -> Self {
        Input::new("text", name, label)
    }

    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn autocomplete(mut self, token: &'static str) -> Self {
        self.autocomplete = Some(token);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Fills `describedby` from the help and error present; called once the input is complete.
    fn described(mut self) -> Self {
        let ids: Vec<String> = [self.help.as_ref().map(|_| "help"), self.error.as_ref().map(|_| "error")]
            .into_iter()
            .flatten()
            .map(|suffix| format!("{}-{suffix}", self.id))
            .collect();
        self.describedby = (!ids.is_empty()).then(|| ids.join(" "));
        self
    }
}

/// A page form's inputs and the message above them.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Inputs {
    pub inputs: Vec<Input>,
    /// What went wrong as a whole, or the problems of fields the form does not show.
    pub problem: Option<String>,
    /// Every field's problem, for the list at the top of the form (with links to the fields).
    pub summary: Vec<SummaryLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryLine {
    pub anchor: String,
    pub label: String,
    pub message: String,
}

impl Inputs {
    pub fn new(inputs: Vec<Input>) -> Self {
        Inputs { inputs: inputs.into_iter().map(Input::described).collect(), problem: None, summary: Vec::new() }
    }

    /// The inputs with an API error shown: each field's problem at its input, the rest above.
    pub fn with_error(inputs: Vec<Input>, error: &ApiError) -> Self {
        let mut inputs = inputs;
        let mut unplaced = Vec::new();
        let fields = error.details.get("fields").and_then(Value::as_array).cloned().unwrap_or_default();
        for field in &fields {
            let name = field.get("field").and_then(Value::as_str).unwrap_or_default();
            let message = field.get("message").and_then(Value::as_str).unwrap_or(&error.message).to_owned();
            match inputs.iter_mut().find(|i| i.name == name || name.starts_with(&format!("{}.", i.name))) {
                Some(input) if input.error.is_none() => input.error = Some(message),
                Some(_) => {}
                None => unplaced.push(message),
            }
        }
        let mut form = Inputs::new(inputs);
        form.summary = form
            .inputs
            .iter()
            .filter_map(|i| {
                i.error.as_ref().map(|m| SummaryLine {
                    anchor: i.id.clone(),
                    label: i.label.clone(),
                    message: m.clone(),
                })
            })
            .collect();
        form.problem = match (fields.is_empty(), unplaced.is_empty()) {
            (true, _) => Some(error.message.clone()),
            (false, false) => Some(unplaced.join(" ")),
            (false, true) => None,
        };
        form
    }
}
