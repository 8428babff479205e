//! The whole matrix: every action (so every permission) × actor's unit kind × own, foreign and
//! union-wide targets, with and without the permission, signed in or not.

use super::*;
use crate::ids::UserId;

fn actor(kind: UnitKind, permissions: PermissionSet) -> Actor {
    Actor {
        principal: Principal::User(UserId::new()),
        label: "staff@example.ru".into(),
        unit: UnitRef { id: UnitId::new(), kind },
        permissions,
    }
}

fn without(p: Permission) -> PermissionSet {
    Permission::ALL.iter().copied().filter(|q| *q != p).collect()
}

/// Targets an action can take, each with whether an actor of `unit` should reach it.
trait Targets: Scope + Sized {
    fn cases(unit: &UnitRef) -> Vec<(&'static str, Self, bool)>;
}

impl Targets for Public {
    fn cases(_: &UnitRef) -> Vec<(&'static str, Self, bool)> {
        vec![("public", Public, true)]
    }
}

impl Targets for Global {
    fn cases(unit: &UnitRef) -> Vec<(&'static str, Self, bool)> {
        vec![("global", Global, unit.kind == UnitKind::Central)]
    }
}

impl Targets for InUnit {
    fn cases(unit: &UnitRef) -> Vec<(&'static str, Self, bool)> {
        let central = unit.kind == UnitKind::Central;
        vec![("own unit", InUnit(unit.id), true), ("foreign unit", InUnit(UnitId::new()), central)]
    }
}

impl Targets for FormOwner {
    fn cases(unit: &UnitRef) -> Vec<(&'static str, Self, bool)> {
        let central = unit.kind == UnitKind::Central;
        vec![
            ("own department's form", FormOwner { department: unit.id }, true),
            ("foreign department's form", FormOwner { department: UnitId::new() }, central),
        ]
    }
}

fn check<A: Action>(name: &str, covered: &mut Vec<Permission>)
where
    A::Target: Targets,
{
    for kind in [UnitKind::Organization, UnitKind::Department, UnitKind::Central] {
        let Some(permission) = A::PERMISSION else {
            let a = actor(kind, PermissionSet::empty());
            for (_, target, _) in A::Target::cases(&a.unit) {
                assert!(authorize::<A>(None, target.clone()).is_ok(), "{name}: anonymous");
                assert!(authorize::<A>(Some(&a), target).is_ok(), "{name}: no permissions");
            }
            continue;
        };
        covered.push(permission);
        let holder = actor(kind, [permission].into_iter().collect());
        let others = Actor { permissions: without(permission), ..holder.clone() };
        for (where_, target, reaches) in A::Target::cases(&holder.unit) {
            let ctx = format!("{name} by {kind:?} staff on {where_}");
            assert_eq!(authorize::<A>(None, target.clone()).unwrap_err(), Denied::Unauthenticated, "{ctx}: anonymous");
            let hidden = !reaches && <A::Target as Scope>::HIDDEN_WHEN_FOREIGN;
            let without_it = if hidden { Denied::Foreign } else { Denied::MissingPermission(permission) };
            assert_eq!(
                authorize::<A>(Some(&others), target.clone()).unwrap_err(),
                without_it,
                "{ctx}: every permission but {permission}"
            );
            match authorize::<A>(Some(&holder), target) {
                Ok(auth) => {
                    assert!(reaches, "{ctx}: allowed out of reach");
                    assert_eq!(auth.actor().map(|a| a.principal), Some(holder.principal));
                }
                Err(denied) => {
                    assert!(!reaches, "{ctx}: refused within reach");
                    let expected = if hidden { Denied::Foreign } else { Denied::OutOfReach };
                    assert_eq!(denied, expected, "{ctx}");
                }
            }
        }
    }
}

#[test]
fn every_permission_with_own_foreign_and_global_targets() {
    let mut covered = Vec::new();
    macro_rules! all {
        ($($a:ident),*) => { $(check::<$a>(stringify!($a), &mut covered);)* };
    }
    all!(
        ReadPublic,
        EditProfile,
        WriteNews,
        ModerateNews,
        UploadMedia,
        AnswerAppeals,
        FillReports,
        ReviewReports,
        DefineForms,
        PublishMaterials,
        ManageUnits,
        ManageUsers,
        ManageUsersEverywhere,
        ManageRoles,
        ManageTokens,
        ReadAudit,
        ReadMaterials,
        RequestAccess,
        OperateService
    );
    for p in Permission::ALL {
        assert!(covered.contains(p), "no action needs {p}: the matrix does not cover it");
    }
}

#[test]
fn organization_staff_never_reach_another_organization_even_with_every_permission() {
    let staff = actor(UnitKind::Organization, PermissionSet::all());
    let foreign = InUnit(UnitId::new());
    assert_eq!(authorize::<ManageUsers>(Some(&staff), foreign).unwrap_err(), Denied::Foreign);
    assert_eq!(authorize::<WriteNews>(Some(&staff), foreign).unwrap_err(), Denied::Foreign);
    assert_eq!(authorize::<ManageRoles>(Some(&staff), Global).unwrap_err(), Denied::OutOfReach);
}

#[test]
fn department_sees_only_the_forms_it_is_responsible_for() {
    let dept = actor(UnitKind::Department, [Permission::ReportsReview].into_iter().collect());
    assert!(authorize::<ReviewReports>(Some(&dept), FormOwner { department: dept.unit.id }).is_ok());
    let other = FormOwner { department: UnitId::new() };
    assert_eq!(authorize::<ReviewReports>(Some(&dept), other).unwrap_err(), Denied::Foreign);
}

#[test]
fn a_foreign_object_looks_unknown_with_or_without_the_permission() {
    let foreign = InUnit(UnitId::new());
    let with = actor(UnitKind::Organization, [Permission::UsersManage].into_iter().collect());
    let without = actor(UnitKind::Organization, PermissionSet::empty());
    assert_eq!(authorize::<ManageUsers>(Some(&with), foreign).unwrap_err(), Denied::Foreign);
    assert_eq!(authorize::<ManageUsers>(Some(&without), foreign).unwrap_err(), Denied::Foreign);
    let own = InUnit(without.unit.id);
    assert_eq!(
        authorize::<ManageUsers>(Some(&without), own).unwrap_err(),
        Denied::MissingPermission(Permission::UsersManage)
    );
}

#[test]
fn nobody_grants_a_permission_they_do_not_hold() {
    let manager = actor(UnitKind::Organization, [Permission::UsersManage, Permission::NewsWrite].into_iter().collect());
    assert!(may_grant(&manager, &[Permission::NewsWrite].into_iter().collect()).is_ok());
    let wanted: PermissionSet = [Permission::NewsWrite, Permission::NewsModerate].into_iter().collect();
    assert_eq!(may_grant(&manager, &wanted).unwrap_err(), Denied::Escalation(Permission::NewsModerate));
}

#[test]
fn an_organization_files_access_requests_for_itself_only_and_the_central_administrator_decides() {
    let org = actor(UnitKind::Organization, [Permission::AccessRequest].into_iter().collect());
    assert!(authorize::<RequestAccess>(Some(&org), InUnit(org.unit.id)).is_ok());
    assert_eq!(authorize::<RequestAccess>(Some(&org), InUnit(UnitId::new())).unwrap_err(), Denied::Foreign);
    assert_eq!(
        authorize::<ManageUsers>(Some(&org), InUnit(org.unit.id)).unwrap_err(),
        Denied::MissingPermission(Permission::UsersManage)
    );
    let admin = actor(UnitKind::Central, [Permission::UsersManage].into_iter().collect());
    assert!(authorize::<ManageUsers>(Some(&admin), InUnit(org.unit.id)).is_ok());
    assert!(authorize::<ManageUsersEverywhere>(Some(&admin), Global).is_ok());
}
