//! The profile form as sent (plain strings) and its one `parse`, which reports every field's
//! problem at once.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{Phone, Profile, Responsible, SocialLink, WebUrl};
use crate::text::optional_line;
use crate::{Email, Invalid};

/// Longest organization name and address; names of people and positions get [`PERSON_MAX`].
pub const LONG_TEXT_MAX: usize = 500;
pub const PERSON_MAX: usize = 200;
/// Most social pages a profile lists.
pub const SOCIAL_MAX: usize = 10;

/// The profile form. An empty string means "not filled in"; blank social rows are skipped.
/// Storage keeps a profile as this form's JSON ([`Profile::to_input`]) and parses it back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileInput {
    pub full_name: String,
    pub chairman: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub social: Vec<String>,
    pub responsible: ResponsibleInput,
}

/// The responsible employee's part of the form (resolution §2.1); all empty means "none".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResponsibleInput {
    pub name: String,
    pub position: String,
    pub email: String,
    pub phone: String,
}

impl ProfileInput {
    /// The profile, or every refusal with its path (`phone`, `social[2]`, `responsible.email`).
    ///
    /// Missing required fields are not refusals here (a draft is saved as it grows; see
    /// [`Profile::completeness`]); malformed values always are.
    pub fn parse(self) -> Result<Profile, Vec<Invalid>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let full_name = keep(e, optional_line(&self.full_name, "full_name", LONG_TEXT_MAX));
        let chairman = keep(e, optional_line(&self.chairman, "chairman", PERSON_MAX));
        let address = keep(e, optional_line(&self.address, "address", LONG_TEXT_MAX));
        let phone = keep(e, optional(&self.phone, "phone", Phone::parse));
        let email = keep(e, optional(&self.email, "email", Email::parse));
        let website = keep(e, optional(&self.website, "website", WebUrl::parse));
        let social = parse_social(&self.social, &mut errors);
        let responsible = self.responsible.parse(&mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Profile { full_name, chairman, address, phone, email, website, social, responsible })
    }
}

impl ResponsibleInput {
    fn is_empty(&self) -> bool {
        [&self.name, &self.position, &self.email, &self.phone].iter().all(|v| v.trim().is_empty())
    }

    /// `None` when nothing is filled in; otherwise a name and at least one contact are required.
    fn parse(&self, errors: &mut Vec<Invalid>) -> Option<Responsible> {
        if self.is_empty() {
            return None;
        }
        let before = errors.len();
        let name = keep(errors, optional_line(&self.name, "responsible.name", PERSON_MAX));
        let position = keep(errors, optional_line(&self.position, "responsible.position", PERSON_MAX));
        let email = keep(errors, optional(&self.email, "responsible.email", Email::parse));
        let phone = keep(errors, optional(&self.phone, "responsible.phone", Phone::parse));
        if self.name.trim().is_empty() {
            errors.push(Invalid::new(
                "responsible.name",
                "required",
                "Укажите ФИО ответственного сотрудника: без имени его должность и контакты не сохраняются.",
            ));
        }
        if self.email.trim().is_empty() && self.phone.trim().is_empty() {
            errors.push(Invalid::new(
                "responsible.email",
                "responsible_contact",
                "Укажите e-mail или телефон ответственного сотрудника: нужен хотя бы один способ связи.",
            ));
        }
        if errors.len() > before {
            return None;
        }
        Some(Responsible { name: name?, position, email, phone })
    }
}

/// The value, or `None` with its refusal noted.
fn keep<T>(errors: &mut Vec<Invalid>, result: Result<Option<T>, Invalid>) -> Option<T> {
    result.unwrap_or_else(|e| {
        errors.push(e);
        None
    })
}

/// `None` for a blank value, otherwise the parsed value with refusals moved to `path`.
fn optional<T>(input: &str, path: &str, parse: impl Fn(&str) -> Result<T, Invalid>) -> Result<Option<T>, Invalid> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    parse(input).map(Some).map_err(|e| e.at(path))
}

/// Each non-blank row as a page, refusals under `social[i]` (the row's index as sent);
/// repeats and more than [`SOCIAL_MAX`] pages are refused too.
fn parse_social(rows: &[String], errors: &mut Vec<Invalid>) -> Vec<SocialLink> {
    let given: Vec<(usize, &String)> = rows.iter().enumerate().filter(|(_, r)| !r.trim().is_empty()).collect();
    if given.len() > SOCIAL_MAX {
        errors.push(Invalid::new(
            "social",
            "too_many",
            format!("Ссылок на социальные сети {}, а можно не больше {SOCIAL_MAX}: оставьте основные.", given.len()),
        ));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut links = Vec::new();
    for (i, row) in given {
        let path = format!("social[{i}]");
        match SocialLink::parse(row) {
            Err(e) => errors.push(e.at(path)),
            Ok(link) => match seen.get(link.url().as_str()) {
                Some(first) => errors.push(Invalid::new(
                    path,
                    "duplicate",
                    format!("Эта ссылка уже есть в списке выше (№ {}): удалите повтор.", first + 1),
                )),
                None => {
                    seen.insert(link.url().as_str().to_owned(), i);
                    links.push(link);
                }
            },
        }
    }
    links
}
