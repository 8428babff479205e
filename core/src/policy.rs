//! The one authorization policy: who may do what, where.
//!
//! A decision takes an actor (or nobody), an action and the action's target. The action names the
//! permission it needs and the kind of target it applies to, so the compiler refuses a route that
//! asks to manage roles "within a unit" or to review a form without naming its department.
//! Reach is decided by units alone:
//!
//! * staff of an organization reach only their organization;
//! * staff of a department reach their department and the forms it is responsible for (§7.3);
//! * staff of the central committee reach every unit and the union-wide settings.
//!
//! The only way to obtain an [`Authorized`] witness is [`authorize`]; storage and domain
//! functions that touch private data take one as a parameter.

use std::fmt;
use std::marker::PhantomData;

use crate::ids::{TokenId, UnitId, UserId};
use crate::permission::{Permission, PermissionSet};
use crate::unit::UnitKind;

/// The unit an actor belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitRef {
    pub id: UnitId,
    pub kind: UnitKind,
}

/// Who is acting: a person signed in, or a machine client with a bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal {
    User(UserId),
    Token(TokenId),
}

/// An authenticated caller with everything a decision needs.
#[derive(Debug, Clone)]
pub struct Actor {
    pub principal: Principal,
    /// How the audit log names the caller: the login, or the token's name.
    pub label: String,
    pub unit: UnitRef,
    pub permissions: PermissionSet,
}

impl Actor {
    pub fn user_id(&self) -> Option<UserId> {
        match self.principal {
            Principal::User(id) => Some(id),
            Principal::Token(_) => None,
        }
    }
}

/// What a target is, as far as reach is concerned.
pub trait Scope: fmt::Debug + Clone {
    /// Whether out-of-reach targets are hidden: the private data of another unit answers exactly
    /// like an unknown id, so that an outsider cannot learn that it exists. Union-wide settings
    /// are not hidden: everybody knows they exist, and a refusal there says whose they are.
    const HIDDEN_WHEN_FOREIGN: bool = false;

    /// Whether staff of `unit` reach this target.
    fn reached_from(&self, unit: &UnitRef) -> bool;
}

/// Content anyone may read, signed in or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Public;

/// Union-wide settings and data: roles, tokens, the audit log, the list of units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Global;

/// The private data of one unit: its users, its drafts, its reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InUnit(pub UnitId);

/// The submissions of a report form, owned by the department responsible for it (§7.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormOwner {
    pub department: UnitId,
}

impl FormOwner {
    /// The owner of a form whose department is `department`; a form naming a department that
    /// does not exist belongs to no department, and only the central committee reaches it.
    pub fn of(department: Option<UnitId>) -> Self {
        Self { department: department.unwrap_or_else(|| UnitId::from(uuid::Uuid::nil())) }
    }
}

impl Scope for Public {
    fn reached_from(&self, _: &UnitRef) -> bool {
        true
    }
}

impl Scope for Global {
    fn reached_from(&self, unit: &UnitRef) -> bool {
        unit.kind == UnitKind::Central
    }
}

impl Scope for InUnit {
    const HIDDEN_WHEN_FOREIGN: bool = true;

    fn reached_from(&self, unit: &UnitRef) -> bool {
        unit.kind == UnitKind::Central || unit.id == self.0
    }
}

impl Scope for FormOwner {
    const HIDDEN_WHEN_FOREIGN: bool = true;

    fn reached_from(&self, unit: &UnitRef) -> bool {
        unit.kind == UnitKind::Central || unit.id == self.department
    }
}

/// Something an actor may be allowed to do.
pub trait Action: fmt::Debug {
    /// The permission the action needs; `None` for what anyone may do.
    const PERMISSION: Option<Permission>;
    type Target: Scope;
}

macro_rules! actions {
    ($($(#[$doc:meta])* $name:ident: $permission:expr, $target:ty;)*) => {
        $(
            $(#[$doc])*
            #[derive(Debug)]
            pub enum $name {}

            impl Action for $name {
                const PERMISSION: Option<Permission> = $permission;
                type Target = $target;
            }
        )*
    };
}

actions! {
    /// Read published content: organization pages, published news, public media.
    ReadPublic: None, Public;
    /// Keep a unit's reference info current (§6.2).
    EditProfile: Some(Permission::ProfileEdit), InUnit;
    /// Write news and galleries for a unit and send them to moderation (§5.2).
    WriteNews: Some(Permission::NewsWrite), InUnit;
    /// Publish or reject news sent to moderation (§5.7–5.8).
    ModerateNews: Some(Permission::NewsModerate), Global;
    /// Upload photos and documents of a unit, and read its unpublished ones.
    UploadMedia: Some(Permission::MediaUpload), InUnit;
    /// Read and answer the appeals sent to a unit (§4.2).
    AnswerAppeals: Some(Permission::AppealsAnswer), InUnit;
    /// Fill and submit a unit's reports (§7).
    FillReports: Some(Permission::ReportsFill), InUnit;
    /// Review, aggregate and export the submissions of a department's forms (§7.3).
    ReviewReports: Some(Permission::ReportsReview), FormOwner;
    /// Define the report forms a department is responsible for (§7.2).
    DefineForms: Some(Permission::FormsDefine), FormOwner;
    /// Send information materials to organizations (§2.3).
    PublishMaterials: Some(Permission::MaterialsPublish), Global;
    /// Create and edit organizations and departments (§2.4).
    ManageUnits: Some(Permission::UnitsManage), Global;
    /// Register, edit, block and unblock the users of a unit (§2.4, §2.7).
    ManageUsers: Some(Permission::UsersManage), InUnit;
    /// See and search the users of every unit at once.
    ManageUsersEverywhere: Some(Permission::UsersManage), Global;
    /// Define roles and their permissions (§1.13).
    ManageRoles: Some(Permission::RolesManage), Global;
    /// Issue and revoke API tokens of machine clients.
    ManageTokens: Some(Permission::TokensManage), Global;
    /// Read the audit log and login histories.
    ReadAudit: Some(Permission::AuditRead), Global;
    /// Read the information materials sent to a unit, and record their opening (§2.3).
    ReadMaterials: Some(Permission::MaterialsRead), InUnit;
    /// Ask the administrator to connect, replace or disconnect a user of a unit (§3.2, §3.6–3.8),
    /// follow those requests and withdraw a pending one.
    RequestAccess: Some(Permission::AccessRequest), InUnit;
    /// Run the service: see undelivered letters and send them again, follow background jobs,
    /// announce planned maintenance (§2.7).
    OperateService: Some(Permission::ServiceOperate), Global;
}

/// Proof that the policy allowed action `A` on a target. Only [`authorize`] makes one.
#[derive(Debug)]
pub struct Authorized<A: Action> {
    actor: Option<ActorRef>,
    target: A::Target,
    _action: PhantomData<A>,
}

/// Who was allowed, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRef {
    pub principal: Principal,
    pub label: String,
}

impl<A: Action> Authorized<A> {
    pub fn target(&self) -> &A::Target {
        &self.target
    }

    /// The actor that was allowed; `None` only for public actions taken anonymously.
    pub fn actor(&self) -> Option<&ActorRef> {
        self.actor.as_ref()
    }
}

/// Why the policy said no.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("нужно войти в личный кабинет")]
    Unauthenticated,
    #[error("нет права «{}»", .0.label())]
    MissingPermission(Permission),
    /// Union-wide settings asked for by staff of an organization or a department.
    #[error("действие доступно только сотрудникам Центрального комитета")]
    OutOfReach,
    /// The private data of another unit: answered exactly like an unknown id.
    #[error("объект не найден")]
    Foreign,
    #[error("нельзя выдать права, которых нет у вас самих")]
    Escalation(Permission),
}

/// Decides whether `actor` may take action `A` on `target`.
pub fn authorize<A: Action>(actor: Option<&Actor>, target: A::Target) -> Result<Authorized<A>, Denied> {
    let Some(permission) = A::PERMISSION else {
        return Ok(Authorized { actor: actor.map(actor_ref), target, _action: PhantomData });
    };
    let actor = actor.ok_or(Denied::Unauthenticated)?;
    let reached = target.reached_from(&actor.unit);
    // Before the permission: a foreign object must look unknown to everyone, with or without it.
    if !reached && A::Target::HIDDEN_WHEN_FOREIGN {
        return Err(Denied::Foreign);
    }
    if !actor.permissions.contains(permission) {
        return Err(Denied::MissingPermission(permission));
    }
    if !reached {
        return Err(Denied::OutOfReach);
    }
    Ok(Authorized { actor: Some(actor_ref(actor)), target, _action: PhantomData })
}

/// A first check without the target: whether the actor holds the permission the action needs at
/// all. A handler whose target is named inside the request body calls it before reading the
/// body, so that a caller without the right learns nothing about the body's shape.
pub fn may_attempt<A: Action>(actor: Option<&Actor>) -> Result<(), Denied> {
    let Some(permission) = A::PERMISSION else { return Ok(()) };
    let actor = actor.ok_or(Denied::Unauthenticated)?;
    if actor.permissions.contains(permission) { Ok(()) } else { Err(Denied::MissingPermission(permission)) }
}

/// Refuses to let an actor hand out a permission it does not hold itself, so that managing
/// users or roles never becomes a way to gain rights.
pub fn may_grant(actor: &Actor, granted: &PermissionSet) -> Result<(), Denied> {
    match granted.iter().find(|p| !actor.permissions.contains(*p)) {
        Some(p) => Err(Denied::Escalation(p)),
        None => Ok(()),
    }
}

fn actor_ref(actor: &Actor) -> ActorRef {
    ActorRef { principal: actor.principal, label: actor.label.clone() }
}

#[cfg(test)]
mod tests;
