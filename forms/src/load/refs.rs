//! Checks that every pointer in `ui`, `rules`, `computed`, `aggregation` and `indicators` names
//! a field of the schema, that ids are unique, and that every JsonLogic expression compiles and
//! reads existing fields. Compiles the expressions on the way.

use std::collections::HashSet;

use datalogic_rs::Engine;
use serde_json::Value;

use super::model::{Model, NodeKind};
use crate::field::FieldKind;
use crate::limits::Limits;
use crate::logic::{self, Expr, Var};
use crate::plugin::{Aggregate, Plugin};
use crate::pointer;
use crate::problem::Problem;

pub struct Checker<'a> {
    pub plugin: &'a Plugin,
    pub model: &'a Model,
    pub engine: &'a Engine,
    pub limits: &'a Limits,
    pub problems: Vec<Problem>,
}

impl Checker<'_> {
    fn problem(&mut self, at: impl Into<String>, code: &str, message: String) {
        self.problems.push(Problem::new(at, code, message));
    }

    fn node(&mut self, at: &str, template: &str) -> Option<NodeKind> {
        match self.model.get(template) {
            Some(n) => Some(n.kind.clone()),
            None => {
                self.problem(at, "unknown_field", format!("«{template}» не называет поле схемы: укажите указатель вида /раздел/поле (для столбца таблицы — /таблица/*/поле)."));
                None
            }
        }
    }

    fn unique<'s>(&mut self, seen: &mut HashSet<&'s str>, at: String, id: &'s str, what: &str) {
        if !seen.insert(id) {
            self.problem(at, "duplicate_id", format!("{what} «{id}» уже есть: идентификаторы должны быть разными."));
        }
    }

    pub fn ui(&mut self) {
        let mut ids = HashSet::new();
        for (i, section) in self.plugin.ui.sections.iter().enumerate() {
            self.unique(&mut ids, format!("/ui/sections/{i}/id"), &section.id, "Раздел");
            if section.id.is_empty() || !section.id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                self.problem(
                    format!("/ui/sections/{i}/id"),
                    "invalid_section_id",
                    "Идентификатор раздела: латинские буквы, цифры, «_» и «-».".into(),
                );
            }
            for (j, f) in section.fields.iter().enumerate() {
                let at = format!("/ui/sections/{i}/fields/{j}");
                let kind = self.node(&format!("{at}/field"), &f.field);
                for (k, col) in f.columns.iter().enumerate() {
                    let is_column = self.model.get(col).is_some_and(|n| n.table.as_deref() == Some(&f.field));
                    if kind == Some(NodeKind::Table) && !is_column {
                        self.problem(
                            format!("{at}/columns/{k}"),
                            "unknown_column",
                            format!("«{col}» не столбец таблицы «{}»: укажите {}/*/поле.", f.field, f.field),
                        );
                    } else if kind.is_some() && kind != Some(NodeKind::Table) {
                        self.problem(
                            format!("{at}/columns"),
                            "columns_of_non_table",
                            "Столбцы указываются только для таблицы (массива объектов).".into(),
                        );
                        break;
                    }
                }
            }
        }
    }

    pub fn rules(&mut self) -> Vec<Expr> {
        let mut ids = HashSet::new();
        let mut out = Vec::new();
        for (i, rule) in self.plugin.rules.iter().enumerate() {
            self.unique(&mut ids, format!("/rules/{i}/id"), &rule.id, "Правило");
            if rule.fields.is_empty() {
                self.problem(
                    format!("/rules/{i}/fields"),
                    "no_fields",
                    "Правило должно называть хотя бы одно поле, у которого показать ошибку.".into(),
                );
            }
            for (j, f) in rule.fields.iter().enumerate() {
                self.node(&format!("/rules/{i}/fields/{j}"), f);
            }
            let each = rule.each.as_deref();
            if let Some(table) = each {
                self.table(&format!("/rules/{i}/each"), table);
            }
            out.extend(self.expr(&format!("/rules/{i}/check"), &rule.check, each));
        }
        out
    }

    fn table(&mut self, at: &str, template: &str) {
        if let Some(kind) = self.node(at, template)
            && kind != NodeKind::Table
        {
            self.problem(at, "not_a_table", format!("«{template}» не таблица: «each» указывает на массив объектов."));
        }
    }

    pub fn computed(&mut self) -> Vec<Expr> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, c) in self.plugin.computed.iter().enumerate() {
            let at = format!("/computed/{i}/field");
            self.unique(&mut seen, at.clone(), &c.field, "Вычисляемое поле");
            match self.node(&at, &c.field) {
                Some(NodeKind::Field(FieldKind::Number { .. } | FieldKind::Text { .. })) => {}
                Some(_) => self.problem(
                    &*at,
                    "computed_kind",
                    "Вычисляемым может быть только числовое или текстовое поле.".into(),
                ),
                None => {}
            }
            let in_table = self.model.get(&c.field).and_then(|n| n.table.clone());
            match (&c.each, in_table) {
                (Some(each), table) => {
                    self.table(&format!("/computed/{i}/each"), each);
                    if table.as_deref() != Some(each) {
                        self.problem(
                            &*at,
                            "computed_outside_table",
                            format!(
                                "Поле вычисляется по строкам таблицы «{each}», значит это её столбец: {each}/*/поле."
                            ),
                        );
                    }
                }
                (None, Some(table)) => self.problem(
                    &*at,
                    "computed_needs_each",
                    format!("Столбец таблицы вычисляется по строкам: укажите «each»: «{table}»."),
                ),
                (None, None) => {}
            }
            out.extend(self.expr(&format!("/computed/{i}/value"), &c.value, c.each.as_deref()));
        }
        out
    }

    pub fn aggregation(&mut self) {
        for (key, agg) in &self.plugin.aggregation {
            let at = pointer::push("/aggregation", key);
            let kind = self.node(&at, key);
            let number = matches!(kind, Some(NodeKind::Field(FieldKind::Number { .. })));
            if kind.is_some() && !number && !matches!(agg, Aggregate::None | Aggregate::Count) {
                self.problem(at, "aggregate_non_number", "Сумма, среднее, минимум и максимум считаются только для числовых полей; для остальных — count или none.".into());
            }
        }
    }

    pub fn indicators(&mut self) {
        let mut ids = HashSet::new();
        for (i, ind) in self.plugin.indicators.iter().enumerate() {
            self.unique(&mut ids, format!("/indicators/{i}/id"), &ind.id, "Показатель");
            if !ind.scale.is_finite() || ind.scale == 0.0 {
                self.problem(
                    format!("/indicators/{i}/scale"),
                    "bad_scale",
                    "Множитель показателя — конечное число, не ноль (100 для процентов).".into(),
                );
            }
            for (key, template) in [("numerator", &ind.numerator), ("denominator", &ind.denominator)] {
                let at = format!("/indicators/{i}/{key}");
                match self.node(&at, template) {
                    Some(NodeKind::Field(FieldKind::Number { .. })) => {
                        let agg = self.plugin.aggregation.get(template.as_str());
                        if agg.is_some_and(|a| *a != Aggregate::Sum) {
                            self.problem(at, "indicator_not_sum", format!("Показатель — отношение сумм: поле «{template}» должно суммироваться (sum) в «aggregation»."));
                        }
                    }
                    Some(_) => self.problem(
                        at,
                        "indicator_not_number",
                        "Числитель и знаменатель показателя — числовые поля.".into(),
                    ),
                    None => {}
                }
            }
        }
    }

    /// Show-if conditions: `(expression, the templates it hides when false)`.
    pub fn shows(&mut self) -> Vec<(Expr, Vec<String>)> {
        let mut out = Vec::new();
        for (i, section) in self.plugin.ui.sections.iter().enumerate() {
            if let Some(cond) = &section.show_if
                && let Some(e) = self.expr(&format!("/ui/sections/{i}/show_if"), cond, None)
            {
                out.push((e, section.fields.iter().map(|f| f.field.clone()).collect()));
            }
            for (j, f) in section.fields.iter().enumerate() {
                if let Some(cond) = &f.show_if
                    && let Some(e) = self.expr(&format!("/ui/sections/{i}/fields/{j}/show_if"), cond, None)
                {
                    out.push((e, vec![f.field.clone()]));
                }
            }
        }
        out
    }

    /// Compiles one expression after checking its size and its variables.
    fn expr(&mut self, at: &str, expr: &Value, each: Option<&str>) -> Option<Expr> {
        let max = self.limits.max_logic_nodes;
        if logic::size(expr) > max {
            self.problem(at, "logic_too_large", format!("Выражение слишком велико: допустимо не более {max} узлов."));
            return None;
        }
        if let Some(problem) = self.operators(expr) {
            self.problem(at, "invalid_logic", problem);
            return None;
        }
        let vars = logic::vars(expr);
        for v in &vars {
            if let Var::Path(path) = v {
                self.var(at, path, each);
            }
        }
        match Expr::compile(self.engine, expr) {
            Ok(compiled) => Some(compiled),
            Err(e) => {
                let op = e.operator().map(|o| format!(" (операция «{o}»)")).unwrap_or_default();
                self.problem(
                    at,
                    "invalid_logic",
                    format!(
                        "Выражение JsonLogic не компилируется{op}: проверьте названия операций и число аргументов."
                    ),
                );
                None
            }
        }
    }

    /// datalogic-rs takes an unknown operator for data; a typo in an operator must be refused.
    fn operators(&self, expr: &Value) -> Option<String> {
        match expr {
            Value::Array(items) => items.iter().find_map(|i| self.operators(i)),
            Value::Object(map) => {
                let mut ops = map.iter();
                let (Some((op, args)), None) = (ops.next(), ops.next()) else {
                    return Some("Операция JsonLogic записывается объектом с одним ключом — её названием.".into());
                };
                if !self.engine.builtin_operator_names().any(|known| known == op) {
                    return Some(format!("Неизвестная операция JsonLogic «{op}»."));
                }
                self.operators(args)
            }
            _ => None,
        }
    }

    fn var(&mut self, at: &str, path: &str, each: Option<&str>) {
        let mut parts = path.split('.');
        let base = match parts.next() {
            Some("") if path.is_empty() => return,
            Some("data" | "previous") => String::new(),
            Some("row") => match each {
                Some(table) => format!("{table}/*"),
                None => {
                    self.problem(
                        at,
                        "row_without_each",
                        format!("Переменная «{path}»: «row» есть только у правил и вычислений с «each»."),
                    );
                    return;
                }
            },
            _ => {
                self.problem(
                    at,
                    "unknown_variable",
                    format!("Переменная «{path}» не существует: доступны data.…, previous.… и row.…"),
                );
                return;
            }
        };
        let mut template = base;
        for part in parts {
            if self.model.is_table(&template) && part.parse::<u32>().is_ok() {
                template.push_str("/*");
            } else {
                template = pointer::push(&template, part);
            }
        }
        let known = template.is_empty() || template.ends_with("/*") || self.model.get(&template).is_some();
        if !known {
            self.problem(at, "unknown_variable", format!("Переменная «{path}» не называет поле схемы."));
        }
    }
}
