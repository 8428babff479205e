//! One input of the page: its widget chosen from the field's kind and the ui's wish, its value,
//! choices, limits and messages.

use serde_json::Value;

use super::build::Builder;
use super::ids;
use super::model::{Input, InputWidget, OptionItem};
use super::notes::described_by;
use super::value::{limit, shown};
use crate::field::{Choice, Field, FieldKind};
use crate::plugin::Widget;

/// Texts allowed longer than this get a `textarea` unless the ui says otherwise.
const LONG_TEXT: u64 = 500;

/// The input of `field` for the value at the concrete pointer `at`.
pub(super) fn input(
    b: &mut Builder<'_>,
    field: &Field,
    at: &str,
    help: &str,
    asked: Option<Widget>,
    hidden: bool,
) -> Input {
    let value = b.data.pointer(at);
    let widget = widget(&field.kind, asked);
    let id = ids::of('f', at);
    let help_id = ids::of('h', at);
    b.anchors.insert(at, &id);
    let notes = b.pending.take(at);
    let describedby = described_by(help, &help_id, &notes);
    let checkbox = widget == InputWidget::Checkbox;
    let options = options(&field.kind, widget, value, &id);
    let (min, max, step, inputmode) = match &field.kind {
        FieldKind::Number { integer, minimum, maximum } => (
            minimum.map(limit),
            maximum.map(limit),
            Some(if *integer { "1" } else { "any" }.to_owned()),
            Some(if *integer { "numeric" } else { "decimal" }.to_owned()),
        ),
        _ => (None, None, None, None),
    };
    let maxlength = match &field.kind {
        FieldKind::Text { max_length } => *max_length,
        _ => None,
    };
    Input {
        name: at.to_owned(),
        id,
        label: field.title.clone(),
        help: help.to_owned(),
        help_id,
        widget,
        value: if checkbox { "true".to_owned() } else { shown(value) },
        checked: checkbox && value == Some(&Value::Bool(true)),
        marker: checkbox.then(|| "false".to_owned()),
        options,
        required: field.required,
        computed: field.computed,
        readonly: b.readonly || field.computed,
        min,
        max,
        step,
        maxlength,
        inputmode,
        hidden,
        notes,
        describedby,
    }
}

/// The widget for a kind: the ui's choice where it suits the kind, else the kind's own. What
/// is posted is read by the kind, never by the widget.
fn widget(kind: &FieldKind, asked: Option<Widget>) -> InputWidget {
    match (kind, asked) {
        (FieldKind::Text { .. }, Some(Widget::Textarea)) => InputWidget::Textarea,
        (FieldKind::Text { .. }, Some(Widget::Date)) => InputWidget::Date,
        (FieldKind::Text { max_length }, None) if max_length.is_some_and(|m| m > LONG_TEXT) => InputWidget::Textarea,
        (FieldKind::Text { .. }, _) => InputWidget::Text,
        (FieldKind::Number { .. }, _) => InputWidget::Number,
        (FieldKind::Date, _) => InputWidget::Date,
        (FieldKind::Boolean | FieldKind::Choice { .. }, Some(Widget::Radio)) => InputWidget::Radio,
        (FieldKind::Boolean, Some(Widget::Select)) => InputWidget::Select,
        (FieldKind::Boolean, _) => InputWidget::Checkbox,
        (FieldKind::Choice { .. }, _) => InputWidget::Select,
        (FieldKind::MultiChoice { .. }, _) => InputWidget::Checkboxes,
    }
}

/// The choices of a select, radios or checkboxes, with what `value` selects.
fn options(kind: &FieldKind, widget: InputWidget, value: Option<&Value>, id: &str) -> Vec<OptionItem> {
    let item = |n: usize, o: &Choice, selected: bool| OptionItem {
        value: shown(Some(&o.value)),
        label: o.label.clone(),
        selected,
        id: format!("{id}--{n}"),
    };
    match kind {
        FieldKind::Choice { options } => {
            options.iter().enumerate().map(|(n, o)| item(n, o, value == Some(&o.value))).collect()
        }
        FieldKind::MultiChoice { options } => {
            let chosen = value.and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
            options.iter().enumerate().map(|(n, o)| item(n, o, chosen.contains(&o.value))).collect()
        }
        FieldKind::Boolean if widget != InputWidget::Checkbox => [(true, "Да"), (false, "Нет")]
            .iter()
            .enumerate()
            .map(|(n, (b, label))| {
                let yes_no = Choice { value: Value::Bool(*b), label: (*label).to_owned() };
                item(n, &yes_no, value == Some(&Value::Bool(*b)))
            })
            .collect(),
        _ => Vec::new(),
    }
}
