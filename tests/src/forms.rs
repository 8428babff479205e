//! Report forms for tests: a small yearly form with every kind of part a department uses.

use serde_json::{Value, json};

/// A yearly form whose current year is always open and never late: it opens a year before the
/// year ends, is due 30 days after it and locks after 60.
pub fn plugin(id: &str, department: &str, version: u32) -> Value {
    json!({
        "id": id,
        "version": version,
        "title": "Сведения о членстве (проверочная форма)",
        "description": "Численность членов Профсоюза и первичные организации.",
        "department": department,
        "reporters": { "kind": "all" },
        "period": { "type": "annual", "opens": -365, "due": 30, "locks": 60 },
        "schema": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "additionalProperties": false,
            "required": ["members", "status"],
            "properties": {
                "members": {
                    "type": "object", "title": "Численность", "additionalProperties": false,
                    "required": ["total", "women"],
                    "properties": {
                        "total": { "type": "integer", "minimum": 0, "title": "Всего членов Профсоюза" },
                        "women": { "type": "integer", "minimum": 0, "title": "Из них женщин" }
                    }
                },
                "status": {
                    "title": "Состояние организации",
                    "oneOf": [
                        { "const": "active", "title": "Действует" },
                        { "const": "reorganizing", "title": "Реорганизуется" }
                    ]
                },
                "branches": {
                    "type": "array", "title": "Первичные организации", "maxItems": 50,
                    "items": {
                        "type": "object", "additionalProperties": false, "required": ["name", "members"],
                        "properties": {
                            "name": { "type": "string", "minLength": 1, "title": "Название" },
                            "members": { "type": "integer", "minimum": 0, "title": "Членов Профсоюза" }
                        }
                    }
                },
                "branch_total": { "type": "integer", "title": "Членов в первичных организациях (вычисляется)" }
            }
        },
        "ui": { "sections": [
            { "id": "main", "title": "Раздел 1. Численность",
              "fields": [{ "field": "/members/total" }, { "field": "/members/women" }, { "field": "/status" }] },
            { "id": "branches", "title": "Раздел 2. Первичные организации",
              "fields": [{ "field": "/branches", "widget": "table" }, { "field": "/branch_total" }] }
        ] },
        "rules": [
            { "id": "women-within-total", "severity": "error", "fields": ["/members/women", "/members/total"],
              "message": "Женщин не может быть больше, чем всего членов Профсоюза.",
              "check": { "<=": [{ "var": ["data.members.women", 0] }, { "var": ["data.members.total", 0] }] } },
            { "id": "branches-within-total", "severity": "warning", "fields": ["/branch_total", "/members/total"],
              "message": "В первичных организациях членов больше, чем всего в организации. Объясните расхождение.",
              "check": { "<=": [{ "var": ["data.branch_total", 0] }, { "var": ["data.members.total", 0] }] } }
        ],
        "computed": [
            { "field": "/branch_total",
              "value": { "reduce": [{ "var": "data.branches" },
                                    { "+": [{ "var": "accumulator" }, { "var": ["current.members", 0] }] }, 0] } }
        ],
        "aggregation": { "/members/total": "sum", "/members/women": "sum", "/branch_total": "sum",
                         "/branches/*/members": "sum" },
        "indicators": [
            { "id": "women-share", "title": "Доля женщин, %", "numerator": "/members/women",
              "denominator": "/members/total", "scale": 100, "places": 1 }
        ]
    })
}
