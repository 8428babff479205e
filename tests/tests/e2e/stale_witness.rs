//! A change bound to a unit writes nothing — not the change, not its audit entry — when the user
//! is not in that unit when the change is written (moved away since the request was authorized).

use cabinet_core::permission::{Permission, PermissionSet};
use cabinet_core::policy::{Actor, InUnit, ManageUsers, Principal, UnitRef, authorize};
use cabinet_core::{UnitId, UnitKind, UserId};
use cabinet_storage::StorageError;
use cabinet_storage::audit::Origin;
use cabinet_storage::users;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

async fn a_user_who_left_the_unit_is_not_found_and_nothing_is_written(app: TestApp) {
    let admin = app.admin().await;
    let left = app.organization(&admin, "left-unit").await;
    let now_in = app.organization(&admin, "now-in-unit").await;
    let (user, _) = app.staff(&admin, &now_in, &[]).await;
    let audit_before = app.get(&format!("/api/v1/audit?target_id={user}"), Some(&admin)).await.expect(Status::Ok);

    // A manager of the unit the user has left, holding a witness for that unit.
    let manager = Actor {
        principal: Principal::User(UserId::new()),
        label: "manager@example.ru".into(),
        unit: UnitRef { id: left.parse::<UnitId>().unwrap(), kind: UnitKind::Organization },
        permissions: [Permission::UsersManage].into_iter().collect::<PermissionSet>(),
    };
    let stale = authorize::<ManageUsers>(Some(&manager), InUnit(manager.unit.id)).unwrap();
    let db = &app.client.rocket().state::<cabinet_http::App>().unwrap().db;
    let id: UserId = user.parse().unwrap();
    let origin = Origin { ip: None, user_agent: None };

    let blocked = users::block(db, &stale, id, "suspicion", &origin).await;
    assert!(matches!(blocked, Err(StorageError::NotFound)), "{blocked:?}");
    let unblocked = users::unblock(db, &stale, id, &origin).await;
    assert!(matches!(unblocked, Err(StorageError::NotFound)), "{unblocked:?}");
    let issued = users::issue_password(db, &stale, id, "not-a-hash", &[], &origin).await;
    assert!(matches!(issued, Err(StorageError::NotFound)), "{issued:?}");

    let seen = app.get(&format!("/api/v1/users/{user}"), Some(&admin)).await.expect(Status::Ok);
    assert_eq!(seen.body["status"], "active", "the user was not blocked");
    let audit_after = app.get(&format!("/api/v1/audit?target_id={user}"), Some(&admin)).await.expect(Status::Ok);
    assert_eq!(audit_after.body, audit_before.body, "no audit entry for a change that did not happen");
}

on_both_backends!(a_user_who_left_the_unit_is_not_found_and_nothing_is_written);
