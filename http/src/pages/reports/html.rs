//! The inputs, fieldsets and tables of a report page, written as HTML here rather than by
//! templates. A form of hundreds of fields nests partials hundreds of times, and handlebars copies
//! its context at each of them: 60 ms for a 300-field form, against about 1 ms here. The markup
//! is the one the page conventions ask for (`pages/mod.rs`): a label for every control, each
//! problem at its control through `aria-describedby`.

use std::fmt::Write;

use cabinet_forms::page::{Input, InputWidget, Item, Notes, Table};

/// The items of a section or fieldset. `readonly`: the whole page is for reading (a submitted
/// report, a department's review): controls are disabled and rows have no buttons.
pub fn items(items: &[Item], readonly: bool) -> String {
    let mut out = String::with_capacity(items.len() * 600);
    write_items(&mut out, items, readonly);
    out
}

fn write_items(out: &mut String, items: &[Item], readonly: bool) {
    for item in items {
        match item {
            Item::Input(input) => write_input(out, input, None, readonly),
            Item::Group(group) => {
                let _ = write!(out, "<fieldset id=\"{}\" class=\"group\"{}>", e(&group.id), hidden(group.hidden));
                let _ = write!(out, "<legend>{}</legend>", e(&group.legend));
                write_help(out, &group.help, &group.help_id);
                write_notes(out, &group.notes);
                write_items(out, &group.items, readonly);
                out.push_str("</fieldset>\n");
            }
            Item::Table(table) => write_table(out, table, readonly),
        }
    }
}

fn write_table(out: &mut String, t: &Table, readonly: bool) {
    let caption = e(&t.caption);
    let _ = write!(out, "<div id=\"{}\" class=\"report-table\"{}>", e(&t.id), hidden(t.hidden));
    write_help(out, &t.help, &t.help_id);
    write_notes(out, &t.notes);
    let _ = write!(
        out,
        "<div class=\"table-wrap\" role=\"region\" aria-label=\"{caption}\" tabindex=\"0\"><table><caption>{caption}</caption>\
         <thead><tr><th scope=\"col\">№</th>"
    );
    for column in &t.columns {
        let _ = write!(out, "<th scope=\"col\">{}{}</th>", e(&column.label), required_mark(column.required));
    }
    if !readonly {
        out.push_str("<th scope=\"col\"><span class=\"visually-hidden\">Действия со строкой</span></th>");
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in &t.rows {
        let _ = write!(
            out,
            "<tr id=\"{}\"><th scope=\"row\">{}<input type=\"hidden\" name=\"{}\" value=\"\"></th>",
            e(&row.id),
            row.number,
            e(&row.name)
        );
        for cell in &row.cells {
            out.push_str("<td>");
            write_input(out, cell, Some(row.number), readonly);
            out.push_str("</td>");
        }
        if !readonly {
            out.push_str("<td>");
            if let Some(remove) = &row.remove {
                let _ = write!(
                    out,
                    "<button type=\"submit\" name=\"_action\" value=\"{}\" class=\"secondary\">Удалить строку {}</button>",
                    e(remove),
                    row.number
                );
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>");
    if t.rows.is_empty() {
        out.push_str("<p>Строк пока нет.</p>");
    }
    for row in &t.rows {
        let n = &row.notes;
        if !n.errors.is_empty() || n.remark.is_some() || !n.warnings.is_empty() {
            let _ = write!(out, "<div class=\"row-notes\"><p>Строка {}:</p>", row.number);
            write_notes(out, n);
            out.push_str("</div>");
        }
    }
    if let Some(add) = &t.add {
        let _ = write!(
            out,
            "<p><button type=\"submit\" name=\"_action\" value=\"{}\" class=\"secondary\">Добавить строку: {caption}</button></p>",
            e(add)
        );
    }
    out.push_str("</div>\n");
}

/// One input; `row` is the row number of a table's cell, whose label is then for screen readers
/// only and names the row.
fn write_input(out: &mut String, i: &Input, row: Option<usize>, page_readonly: bool) {
    let locked = i.readonly || i.computed || page_readonly;
    let has_errors = !i.notes.errors.is_empty();
    let mut class = String::from("field");
    if has_errors {
        class.push_str(" has-error");
    }
    if i.notes.remark.is_some() {
        class.push_str(" has-remark");
    }
    if i.widget == InputWidget::Checkbox {
        class.push_str(" field-check");
    }
    let _ = write!(out, "<div class=\"{class}\"{}>", hidden(i.hidden));
    let described =
        if i.describedby.is_empty() { String::new() } else { format!(" aria-describedby=\"{}\"", e(&i.describedby)) };
    let invalid = if has_errors { " aria-invalid=\"true\"" } else { "" };
    let label_class = if row.is_some() { " class=\"visually-hidden\"" } else { "" };
    let label_text = match row {
        Some(n) => format!("{}, строка {n}", e(&i.label)),
        None => e(&i.label),
    };
    let (id, name) = (e(&i.id), e(&i.name));
    match i.widget {
        InputWidget::Checkbox => {
            if let Some(marker) = &i.marker {
                let _ = write!(out, "<input type=\"hidden\" name=\"{name}\" value=\"{}\">", e(marker));
            }
            let _ = write!(
                out,
                "<input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"true\"{}{}{described}{invalid}>",
                flag(i.checked, " checked"),
                flag(locked, " disabled")
            );
            let _ = write!(out, "<label for=\"{id}\"{label_class}>{label_text}</label>");
        }
        InputWidget::Radio | InputWidget::Checkboxes => {
            let kind = if i.widget == InputWidget::Radio { "radio" } else { "checkbox" };
            let _ = write!(out, "<fieldset class=\"choices\"{described}>");
            let _ = write!(out, "<legend{label_class}>{label_text}{}</legend>", required_mark(i.required));
            for option in &i.options {
                let option_id = e(&option.id);
                let _ = write!(
                    out,
                    "<div class=\"field-check\"><input type=\"{kind}\" id=\"{option_id}\" name=\"{name}\" value=\"{}\"{}{}>\
                     <label for=\"{option_id}\">{}</label></div>",
                    e(&option.value),
                    flag(option.selected, " checked"),
                    flag(locked, " disabled"),
                    e(&option.label)
                );
            }
            out.push_str("</fieldset>");
        }
        widget => {
            let _ = write!(out, "<label for=\"{id}\"{label_class}>{label_text}{}</label>", required_mark(i.required));
            match widget {
                InputWidget::Textarea => {
                    let _ = write!(
                        out,
                        "<textarea id=\"{id}\" name=\"{name}\" rows=\"4\"{}{}{described}{invalid}>{}</textarea>",
                        maxlength(i.maxlength),
                        flag(locked, " readonly"),
                        e(&i.value)
                    );
                }
                InputWidget::Select => {
                    let _ = write!(
                        out,
                        "<select id=\"{id}\" name=\"{name}\"{}{described}{invalid}><option value=\"\">— не выбрано —</option>",
                        flag(locked, " disabled")
                    );
                    for option in &i.options {
                        let _ = write!(
                            out,
                            "<option value=\"{}\"{}>{}</option>",
                            e(&option.value),
                            flag(option.selected, " selected"),
                            e(&option.label)
                        );
                    }
                    out.push_str("</select>");
                }
                _ => {
                    let kind = if widget == InputWidget::Date { "date" } else { "text" };
                    let inputmode =
                        i.inputmode.as_deref().map(|m| format!(" inputmode=\"{}\"", e(m))).unwrap_or_default();
                    let _ = write!(
                        out,
                        "<input id=\"{id}\" name=\"{name}\" value=\"{}\" type=\"{kind}\"{inputmode}{}{}{described}{invalid}>",
                        e(&i.value),
                        maxlength(i.maxlength),
                        flag(locked, " readonly")
                    );
                }
            }
        }
    }
    if i.computed {
        out.push_str("<p class=\"help\">Вычисляется автоматически.</p>");
    }
    write_help(out, &i.help, &i.help_id);
    write_notes(out, &i.notes);
    out.push_str("</div>\n");
}

fn write_help(out: &mut String, help: &str, id: &str) {
    if !help.is_empty() {
        let _ = write!(out, "<p class=\"help\" id=\"{}\">{}</p>", e(id), e(help));
    }
}

/// Problems, warnings and the department's remark at an element.
fn write_notes(out: &mut String, n: &Notes) {
    if !n.errors.is_empty() {
        let _ = write!(out, "<div class=\"field-error\" id=\"{}\">", e(&n.errors_id));
        for error in &n.errors {
            let _ = write!(out, "<p>{}</p>", e(error));
        }
        out.push_str("</div>");
    }
    if !n.warnings.is_empty() {
        let _ = write!(out, "<div class=\"field-warning\" id=\"{}\">", e(&n.warnings_id));
        for warning in &n.warnings {
            let _ = write!(out, "<p>Предупреждение: {}</p>", e(warning));
        }
        out.push_str("</div>");
    }
    if let Some(remark) = &n.remark {
        let _ =
            write!(out, "<p class=\"field-remark\" id=\"{}\">Замечание управления: {}</p>", e(&n.remark_id), e(remark));
    }
}

fn hidden(on: bool) -> &'static str {
    flag(on, " hidden")
}

fn flag(on: bool, attribute: &'static str) -> &'static str {
    if on { attribute } else { "" }
}

fn required_mark(required: bool) -> &'static str {
    flag(required, " <span class=\"req\" aria-hidden=\"true\">*</span>")
}

fn maxlength(limit: Option<u64>) -> String {
    limit.map(|m| format!(" maxlength=\"{m}\"")).unwrap_or_default()
}

/// Text for HTML content and quoted attributes, escaped as the templates escape it.
fn e(text: &str) -> String {
    handlebars::html_escape(text)
}

#[cfg(test)]
mod tests {
    use super::e;

    #[test]
    fn text_is_escaped_for_content_and_quoted_attributes() {
        assert_eq!(e(r#"<b a="1" b='2'>&`"#), "&lt;b a&#x3D;&quot;1&quot; b&#x3D;&#x27;2&#x27;&gt;&amp;&#x60;");
        assert_eq!(e("Городская больница № 1"), "Городская больница № 1");
    }
}
