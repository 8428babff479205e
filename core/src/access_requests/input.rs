//! A request as the organization sends it, and its one `parse`, which reports every field's
//! problem at once; the administrator's reason to decline.

use serde::Deserialize;

use super::{FUNCTIONS, RequestKind};
use crate::permission::{Permission, PermissionSet};
use crate::profile::Phone;
use crate::text::required_line;
use crate::{Email, Invalid, UserId};

pub const FULL_NAME_MAX: usize = 200;
pub const POSITION_MAX: usize = 200;
/// Longest reason (to disconnect, to decline) and note, in characters.
pub const TEXT_MAX: usize = 2000;

/// The letter as sent: which fields apply depends on `kind`.
///
/// * `connect`: `full_name`, `position`, `phone`, `email`, `functions`;
/// * `replace`: `user_id` (the user replaced) and the new user's fields as for `connect`;
/// * `disconnect`: `user_id` and `reason`.
///
/// `note` is optional for every kind. An empty value counts as not given; a field that the kind
/// does not use is refused rather than silently dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct AccessRequestInput {
    pub kind: String,
    pub full_name: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub functions: Option<Vec<String>>,
    pub user_id: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
}

/// The new user a request names (§3.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub full_name: String,
    pub position: String,
    pub phone: Phone,
    /// The login (§1.7).
    pub email: Email,
    /// The functions of the cabinet the user needs, for the administrator to choose roles by.
    pub functions: PermissionSet,
}

/// What the organization asks, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    Connect { person: Person },
    Replace { user: UserId, person: Person },
    Disconnect { user: UserId, reason: String },
}

/// A checked request, ready to store. Whether `user` is an active user of the organization is
/// the storage's question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccessRequest {
    pub asked: Asked,
    pub note: Option<String>,
}

impl NewAccessRequest {
    pub fn kind(&self) -> RequestKind {
        match self.asked {
            Asked::Connect { .. } => RequestKind::Connect,
            Asked::Replace { .. } => RequestKind::Replace,
            Asked::Disconnect { .. } => RequestKind::Disconnect,
        }
    }

    pub fn person(&self) -> Option<&Person> {
        match &self.asked {
            Asked::Connect { person } | Asked::Replace { person, .. } => Some(person),
            Asked::Disconnect { .. } => None,
        }
    }

    /// The existing user replaced or disconnected.
    pub fn user(&self) -> Option<UserId> {
        match self.asked {
            Asked::Replace { user, .. } | Asked::Disconnect { user, .. } => Some(user),
            Asked::Connect { .. } => None,
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match &self.asked {
            Asked::Disconnect { reason, .. } => Some(reason),
            _ => None,
        }
    }
}

/// A text field's value, `None` when absent or blank.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl AccessRequestInput {
    /// The kind asked for, if it is one.
    pub fn kind(&self) -> Option<RequestKind> {
        RequestKind::from_code(self.kind.trim())
    }

    /// The user named by `user_id`, when it is a well-formed id: what the storage checks even
    /// when other fields are wrong, so that every problem is reported at once.
    pub fn named_user(&self) -> Option<UserId> {
        given(&self.user_id).and_then(|id| id.parse().ok())
    }

    /// The request, or every refusal with its field.
    pub fn parse(&self) -> Result<NewAccessRequest, Vec<Invalid>> {
        let Some(kind) = self.kind() else {
            return Err(vec![Invalid::new(
                "kind",
                "invalid_kind",
                "Вид заявки: connect — подключение нового пользователя (п. 3.2, 3.8 Положения), replace — замена \
                 пользователя (п. 3.7), disconnect — отключение пользователя (п. 3.6).",
            )]);
        };
        let mut errors = Vec::new();
        self.refuse_unused(kind, &mut errors);
        let person = kind.creates_user().then(|| self.person(&mut errors)).flatten();
        let user = kind.blocks_user().then(|| self.user(&mut errors)).flatten();
        let reason = match kind {
            RequestKind::Disconnect => {
                text("reason", self.reason.as_deref().unwrap_or_default(), true, reason_required())
                    .map_err(|e| errors.push(e))
                    .ok()
                    .flatten()
            }
            _ => None,
        };
        let note = text("note", self.note.as_deref().unwrap_or_default(), false, "").map_err(|e| errors.push(e)).ok();
        if !errors.is_empty() {
            return Err(errors);
        }
        let asked = match (kind, person, user, reason) {
            (RequestKind::Connect, Some(person), _, _) => Asked::Connect { person },
            (RequestKind::Replace, Some(person), Some(user), _) => Asked::Replace { user, person },
            (RequestKind::Disconnect, _, Some(user), Some(reason)) => Asked::Disconnect { user, reason },
            // Every branch above pushed an error when its part was missing.
            _ => return Err(errors),
        };
        Ok(NewAccessRequest { asked, note: note.flatten() })
    }

    /// Fields given that `kind` does not use.
    fn refuse_unused(&self, kind: RequestKind, errors: &mut Vec<Invalid>) {
        let mut unused: Vec<&str> = Vec::new();
        if !kind.creates_user() {
            let person = [("full_name", &self.full_name), ("position", &self.position), ("phone", &self.phone)];
            unused.extend(person.into_iter().filter(|(_, v)| given(v).is_some()).map(|(f, _)| f));
            if given(&self.email).is_some() {
                unused.push("email");
            }
            if self.functions.as_ref().is_some_and(|f| !f.is_empty()) {
                unused.push("functions");
            }
        }
        if !kind.blocks_user() && given(&self.user_id).is_some() {
            unused.push("user_id");
        }
        if kind != RequestKind::Disconnect && given(&self.reason).is_some() {
            unused.push("reason");
        }
        for field in unused {
            errors.push(Invalid::new(
                field,
                "not_applicable",
                format!(
                    "Это поле не относится к заявке вида «{}»: уберите его или выберите другой вид заявки.",
                    kind.label()
                ),
            ));
        }
    }

    fn person(&self, errors: &mut Vec<Invalid>) -> Option<Person> {
        let full_name = required_line(self.full_name.as_deref().unwrap_or_default(), "full_name", FULL_NAME_MAX)
            .map_err(|e| errors.push(e))
            .ok();
        let position = required_line(self.position.as_deref().unwrap_or_default(), "position", POSITION_MAX)
            .map_err(|e| errors.push(e))
            .ok();
        let phone = Phone::parse(self.phone.as_deref().unwrap_or_default()).map_err(|e| errors.push(e)).ok();
        let email = Email::parse(self.email.as_deref().unwrap_or_default()).map_err(|e| errors.push(e)).ok();
        let functions = functions(self.functions.as_deref().unwrap_or_default()).map_err(|e| errors.extend(e)).ok();
        Some(Person { full_name: full_name?, position: position?, phone: phone?, email: email?, functions: functions? })
    }

    fn user(&self, errors: &mut Vec<Invalid>) -> Option<UserId> {
        let Some(raw) = given(&self.user_id) else {
            errors.push(Invalid::new(
                "user_id",
                "required",
                "Укажите пользователя организации, которого нужно заменить или отключить.",
            ));
            return None;
        };
        raw.parse()
            .map_err(|_| errors.push(Invalid::new("user_id", "invalid_id", "Неверный идентификатор пользователя.")))
            .ok()
    }
}

fn reason_required() -> &'static str {
    "Укажите причину отключения: она войдёт в заявку и в причину блокировки пользователя."
}

/// The functions as codes; each unknown or not requestable one is named with its index.
fn functions(codes: &[String]) -> Result<PermissionSet, Vec<Invalid>> {
    if codes.is_empty() {
        return Err(vec![Invalid::new(
            "functions",
            "required",
            format!(
                "Укажите хотя бы одну функцию личного кабинета, нужную пользователю (п. 3.2 Положения): {}.",
                offered()
            ),
        )]);
    }
    let mut errors = Vec::new();
    let mut asked = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        let field = format!("functions[{i}]");
        match code.trim().parse::<Permission>() {
            Ok(p) if FUNCTIONS.contains(&p) => asked.push(p),
            Ok(p) => errors.push(Invalid::new(
                field,
                "function_not_requestable",
                format!(
                    "Функцию «{}» организация не запрашивает: её выполняют сотрудники ЦК. Доступные функции: {}.",
                    p.label(),
                    offered()
                ),
            )),
            Err(_) => errors.push(Invalid::new(
                field,
                "unknown_function",
                format!("Неизвестная функция «{}». Доступные функции: {}.", code.trim(), offered()),
            )),
        }
    }
    if errors.is_empty() { Ok(asked.into_iter().collect()) } else { Err(errors) }
}

/// «profile.edit — Ведение справочной информации организации; …».
fn offered() -> String {
    FUNCTIONS.iter().map(|p| format!("{} — {}", p.code(), p.label())).collect::<Vec<_>>().join("; ")
}

/// A trimmed text of up to [`TEXT_MAX`] characters, lines allowed; empty is `None`, or refused
/// with `required` when `needed`.
fn text(field: &str, input: &str, needed: bool, required: &str) -> Result<Option<String>, Invalid> {
    let value = input.trim();
    if value.is_empty() {
        return if needed { Err(Invalid::new(field, "required", required)) } else { Ok(None) };
    }
    if value.chars().count() > TEXT_MAX {
        return Err(Invalid::new(
            field,
            "too_long",
            format!("Текст слишком длинный: не больше {TEXT_MAX} символов. Изложите короче."),
        ));
    }
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(Invalid::new(field, "control_characters", "Текст содержит служебные символы: удалите их."));
    }
    Ok(Some(value.to_owned()))
}

/// Why the administrator declines a request: shown to the organization, so never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclineReason(String);

impl DeclineReason {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let required = "Укажите причину отказа: организация увидит её в заявке и сможет направить новую.";
        match text("reason", input, true, required)? {
            Some(reason) => Ok(Self(reason)),
            None => Err(Invalid::new("reason", "required", required)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
