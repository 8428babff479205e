//! Completes the generated document so that it says everything the server can answer.
//!
//! The route attributes name what is particular to a route (its body, a 409 or a 429); what
//! follows from how a route is built is added here, for every route alike, so that it cannot be
//! forgotten: who may call it (security schemes), the statuses its guards answer (401/403 for
//! protected routes, 400/413/415/422 for a body, 404 for an id in the path, 422 for query values,
//! 503 when the database is down), the error envelope of every refusal, a description on every
//! response, and an operation id unique in the document.

use serde_json::{Map, Value, json};

use crate::auth::SESSION_COOKIE;
use crate::routes::PUBLIC;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The finished document.
pub fn complete(mut doc: Value) -> Value {
    components(&mut doc);
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return doc };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                operation_id(operation, method, path);
                let public = is_public(method, path);
                if !public {
                    security(operation, method);
                }
                statuses(operation, public, path);
                describe(operation);
            }
        }
    }
    doc
}

/// The error envelope and the ways to authenticate.
fn components(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| json!({}));
    let Some(components) = components.as_object_mut() else { return };
    let schemas = components.entry("schemas").or_insert_with(|| json!({}));
    if let Some(schemas) = schemas.as_object_mut() {
        schemas.insert("Error".into(), error_schema());
    }
    components.insert(
        "securitySchemes".into(),
        json!({
            "session": {
                "type": "apiKey", "in": "cookie", "name": SESSION_COOKIE,
                "description": "Сеанс после входа (POST /api/v1/auth/login). Запросы, меняющие данные, \
                    должны нести и заголовок X-CSRF-Token (схема csrf)."
            },
            "csrf": {
                "type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                "description": "Токен CSRF сеанса: выдаётся при входе и в GET /api/v1/auth/me (поле csrf_token)."
            },
            "bearer": {
                "type": "http", "scheme": "bearer",
                "description": "API-токен машинного клиента (выпускает администратор: POST /api/v1/tokens)."
            }
        }),
    );
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "description": "Ошибка: стабильный код на английском, сообщение по-русски и подробности.",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "details"],
                "properties": {
                    "code": { "type": "string", "description": "Стабильный код, например not_found" },
                    "message": { "type": "string", "description": "Что случилось и что делать, по-русски" },
                    "details": { "description": "Подробности: поля с ошибками, фактические значения" }
                }
            }
        }
    })
}

/// `list` and `get_one` exist in several areas: the tag makes them unique (`units_list`).
fn operation_id(operation: &mut Map<String, Value>, method: &str, path: &str) {
    let tag = operation.get("tags").and_then(|t| t.get(0)).and_then(Value::as_str).unwrap_or("api").to_owned();
    let name = match operation.get("operationId").and_then(Value::as_str) {
        Some(id) if id.starts_with(&format!("{tag}_")) => id.to_owned(),
        Some(id) => format!("{tag}_{id}"),
        None => format!("{method}_{}", path.trim_start_matches("/api/v1/").replace(['/', '{', '}', '.'], "_")),
    };
    operation.insert("operationId".into(), Value::String(name));
}

/// Whether the route is in the public list: `{id}` in the document is `<id>` when mounted.
fn is_public(method: &str, path: &str) -> bool {
    let mounted = path.replace('{', "<").replace('}', ">");
    PUBLIC.iter().any(|(m, p)| m.eq_ignore_ascii_case(method) && p.split('?').next() == Some(mounted.as_str()))
}

/// A session (with the CSRF header when the method changes data) or a bearer token.
fn security(operation: &mut Map<String, Value>, method: &str) {
    let session = if method == "get" { json!({ "session": [] }) } else { json!({ "session": [], "csrf": [] }) };
    operation.insert("security".into(), json!([session, { "bearer": [] }]));
}

/// The statuses that follow from the route's shape.
fn statuses(operation: &mut Map<String, Value>, public: bool, path: &str) {
    let mut add = Vec::new();
    if !public {
        add.extend(["401", "403"]);
    }
    let params: Vec<String> = operation
        .get("parameters")
        .and_then(Value::as_array)
        .map(|ps| ps.iter().filter_map(|p| p.get("in").and_then(Value::as_str).map(str::to_owned)).collect())
        .unwrap_or_default();
    if params.iter().any(|p| p == "path") {
        add.push("404");
    }
    if params.iter().any(|p| p == "query") {
        add.push("422");
    }
    if let Some(body) = operation.get("requestBody") {
        let json_body = body.get("content").and_then(|c| c.get("application/json")).is_some();
        add.extend(["400", "413", "415"]);
        if json_body {
            add.push("422");
        }
    }
    if path != "/api/v1/openapi.json" {
        add.push("503");
    }
    let responses = operation.entry("responses").or_insert_with(|| json!({}));
    let Some(responses) = responses.as_object_mut() else { return };
    for status in add {
        responses.entry(status).or_insert_with(|| json!({}));
    }
}

/// Every response gets a description; every refusal the error envelope.
fn describe(operation: &mut Map<String, Value>) {
    let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else { return };
    for (status, response) in responses.iter_mut() {
        let Some(response) = response.as_object_mut() else { continue };
        let described = response.get("description").and_then(Value::as_str).is_some_and(|d| !d.is_empty());
        if !described {
            response.insert("description".into(), Value::String(status_text(status).into()));
        }
        if status.starts_with('4') || status.starts_with('5') {
            response.insert(
                "content".into(),
                json!({ "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }),
            );
        }
    }
}

fn status_text(status: &str) -> &'static str {
    match status {
        "200" => "Готово",
        "201" => "Создано",
        "204" => "Готово, без тела ответа",
        "400" => "Тело запроса не читается: это не JSON или он оборван (malformed_json, unreadable_body)",
        "401" => "Нужно войти: нет сеанса или токена, либо они истекли (unauthenticated)",
        "403" => "Недостаточно прав, нужно сменить пароль или принять Положение, либо нет заголовка X-CSRF-Token",
        "404" => "Не найдено: такого объекта нет или он относится к другой организации (not_found)",
        "409" => "Конфликт с текущим состоянием данных (conflict)",
        "413" => "Тело запроса больше допустимого",
        "415" => "Неверный тип тела запроса (unsupported_media_type)",
        "422" => "Значения полей или параметров неверны; в details — какие и почему",
        "429" => "Слишком много попыток; заголовок Retry-After говорит, сколько секунд ждать",
        "503" => "База данных или хранилище файлов временно недоступны",
        _ => "Ответ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_routes_get_security_and_the_statuses_of_their_guards() {
        let doc = json!({ "paths": { "/api/v1/units/{unit_id}": { "patch": {
            "tags": ["units"], "operationId": "update",
            "parameters": [{ "name": "unit_id", "in": "path" }],
            "requestBody": { "content": { "application/json": {} } },
            "responses": { "200": { "description": "" } }
        } } } });
        let doc = complete(doc);
        let op = &doc["paths"]["/api/v1/units/{unit_id}"]["patch"];
        assert_eq!(op["operationId"], "units_update");
        assert_eq!(op["security"], json!([{ "session": [], "csrf": [] }, { "bearer": [] }]));
        for status in ["200", "400", "401", "403", "404", "413", "415", "422", "503"] {
            assert!(!op["responses"][status]["description"].as_str().unwrap_or_default().is_empty(), "{status}");
        }
        assert_eq!(
            op["responses"]["404"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error"
        );
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    }

    #[test]
    fn public_routes_stay_open() {
        let doc = complete(json!({ "paths": { "/api/v1/auth/login": { "post": {
            "tags": ["auth"], "operationId": "login", "responses": {}
        } } } }));
        let op = &doc["paths"]["/api/v1/auth/login"]["post"];
        assert!(op.get("security").is_none());
        assert!(op["responses"].get("401").is_none());
    }
}
