//! What changed between two versions of a profile, field by field, for the change history
//! (storage adds who and when).

use serde::{Deserialize, Serialize};

use super::{Profile, Responsible};

/// One field's change; `None` is "empty". Values are the text people read (phones formatted,
/// addresses normalised), so the history shows them as the form did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The input path: `phone`, `responsible.email`, `social`.
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Every field that differs, in the form's order.
///
/// Social pages are compared as a set: a removed page is a change from the address to nothing,
/// an added one from nothing to the address, so inserting a page at the top does not show every
/// other page as changed. When only their order changes, one `social` change carries both
/// lists, one address a line. The responsible employee is compared field by field: the history
/// is internal, like the employee's data.
pub fn diff(old: &Profile, new: &Profile) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    let c = &mut changes;
    push(c, "full_name", old.full_name.clone(), new.full_name.clone());
    push(c, "chairman", old.chairman.clone(), new.chairman.clone());
    push(c, "address", old.address.clone(), new.address.clone());
    push(c, "phone", old.phone.as_ref().map(ToString::to_string), new.phone.as_ref().map(ToString::to_string));
    push(c, "email", old.email.as_ref().map(ToString::to_string), new.email.as_ref().map(ToString::to_string));
    push(c, "website", old.website.as_ref().map(ToString::to_string), new.website.as_ref().map(ToString::to_string));
    c.extend(social(old, new));
    let (o, n) = (old.responsible.as_ref(), new.responsible.as_ref());
    push(c, "responsible.name", o.map(|r| r.name.clone()), n.map(|r| r.name.clone()));
    push(c, "responsible.position", o.and_then(|r| r.position.clone()), n.and_then(|r| r.position.clone()));
    push(c, "responsible.email", o.and_then(email), n.and_then(email));
    push(c, "responsible.phone", o.and_then(phone), n.and_then(phone));
    changes
}

fn push(changes: &mut Vec<FieldChange>, field: &str, old: Option<String>, new: Option<String>) {
    if old != new {
        changes.push(FieldChange { field: field.to_owned(), old, new });
    }
}

fn email(r: &Responsible) -> Option<String> {
    r.email.as_ref().map(ToString::to_string)
}

fn phone(r: &Responsible) -> Option<String> {
    r.phone.as_ref().map(ToString::to_string)
}

fn social(old: &Profile, new: &Profile) -> Vec<FieldChange> {
    let urls = |p: &Profile| p.social.iter().map(|s| s.url().as_str().to_owned()).collect::<Vec<_>>();
    let (old, new) = (urls(old), urls(new));
    let change = |old: Option<&String>, new: Option<&String>| FieldChange {
        field: "social".to_owned(),
        old: old.cloned(),
        new: new.cloned(),
    };
    let removed = old.iter().filter(|u| !new.contains(u)).map(|u| change(Some(u), None));
    let added = new.iter().filter(|u| !old.contains(u)).map(|u| change(None, Some(u)));
    let mut changes: Vec<FieldChange> = removed.chain(added).collect();
    if changes.is_empty() && old != new {
        changes.push(change(Some(&old.join("\n")), Some(&new.join("\n"))));
    }
    changes
}
