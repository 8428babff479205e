//! Filing a request and the three moves out of the queue, each with its audit entries in one
//! transaction. A move is written only over the state it was decided on, so two decisions
//! cannot both land: the second finds no pending row and nothing of it is written.

use cabinet_core::UserId;
use cabinet_core::access_requests::{NewAccessRequest, RequestState, Transition};
use cabinet_core::audit::AuditAction;
use cabinet_core::ids::AccessRequestId;
use cabinet_core::policy::{Authorized, ManageUsers, RequestAccess};
use serde_json::json;

use super::{Reach, StoredRequest, get};
use crate::audit::{Entry, Origin, Stamp};
use crate::outbox::Letter;
use crate::users::{self, NewUser, block_user, insert_user};
use crate::{Db, StorageError, StorageResult, now_ms};

fn entry(reach: &Reach, action: AuditAction, id: AccessRequestId, origin: &Origin) -> Entry {
    Entry::new(Stamp::of(reach.actor.as_ref()), action, origin).target("access_request", id).unit(reach.unit)
}

/// Files `new` for the witness's unit.
#[tracing::instrument(skip_all)]
pub async fn create(
    db: &Db,
    auth: &Authorized<RequestAccess>,
    new: &NewAccessRequest,
    origin: &Origin,
) -> StorageResult<StoredRequest> {
    let reach = Reach::filer(auth);
    let id = AccessRequestId::new();
    let person = new.person();
    let audit = entry(&reach, AuditAction::AccessRequestCreated, id, origin).details(json!({
        "kind": new.kind(),
        "email": person.map(|p| p.email.as_str()),
        "functions": person.map(|p| p.functions.clone()),
        "user_id": new.user().map(|u| u.to_string()),
    }));
    audited!(
        db,
        |tx| {
            sqlx::query(
                "INSERT INTO access_requests (id, unit_id, kind, state, full_name, position, phone, email, functions, \
                 user_id, reason, note, created_at, created_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .bind(id.to_string())
            .bind(reach.unit.to_string())
            .bind(new.kind().code())
            .bind(RequestState::Pending.code())
            .bind(person.map(|p| p.full_name.clone()))
            .bind(person.map(|p| p.position.clone()))
            .bind(person.map(|p| p.phone.to_string()))
            .bind(person.map(|p| p.email.as_str().to_owned()))
            .bind(person.map(|p| p.functions.to_json()).unwrap_or_else(|| "[]".to_owned()))
            .bind(new.user().map(|u| u.to_string()))
            .bind(new.reason())
            .bind(new.note.as_deref())
            .bind(now_ms())
            .bind(Stamp::of(reach.actor.as_ref()).label)
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "user_id"))?;
        },
        [&audit]
    )?;
    get(db, &reach, id).await
}

/// Moves `before` out of the queue as `transition` says, inside the transaction `$conn`: only
/// over the state it was decided on, else [`StorageError::Conflict`] on `state`.
macro_rules! settle {
    ($conn:expr, $reach:expr, $before:expr, $transition:expr) => {{
        let (reach, before, transition): (&Reach, &StoredRequest, &Transition) = ($reach, $before, $transition);
        let done = sqlx::query(
            "UPDATE access_requests SET state = $4, decided_at = $5, decided_by = $6, decline_reason = $7 \
             WHERE id = $1 AND unit_id = $2 AND state = $3",
        )
        .bind(before.id.to_string())
        .bind(reach.unit.to_string())
        .bind(transition.from.code())
        .bind(transition.to.code())
        .bind(now_ms())
        .bind(Stamp::of(reach.actor.as_ref()).label)
        .bind(transition.reason.as_ref().map(|r| r.as_str().to_owned()))
        .execute($conn)
        .await?;
        // Decided or withdrawn by someone else since it was read.
        if done.rows_affected() == 0 {
            return Err(StorageError::Conflict { what: "state" });
        }
    }};
}

/// The organization withdraws its pending request.
#[tracing::instrument(skip_all, fields(request = %before.id))]
pub async fn withdraw(
    db: &Db,
    auth: &Authorized<RequestAccess>,
    before: &StoredRequest,
    transition: &Transition,
    origin: &Origin,
) -> StorageResult<StoredRequest> {
    let reach = Reach::filer(auth);
    let audit = entry(&reach, AuditAction::AccessRequestWithdrawn, before.id, origin);
    audited!(
        db,
        |tx| {
            settle!(&mut *tx, &reach, before, transition);
        },
        [&audit]
    )?;
    get(db, &reach, before.id).await
}

/// The administrator declines a pending request, with the transition's reason.
#[tracing::instrument(skip_all, fields(request = %before.id))]
pub async fn decline(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    before: &StoredRequest,
    transition: &Transition,
    origin: &Origin,
) -> StorageResult<StoredRequest> {
    let reach = Reach::administrator(auth);
    let audit = entry(&reach, AuditAction::AccessRequestDeclined, before.id, origin)
        .details(json!({ "kind": before.kind, "reason": transition.reason.as_ref().map(|r| r.as_str()) }));
    audited!(
        db,
        |tx| {
            settle!(&mut *tx, &reach, before, transition);
        },
        [&audit]
    )?;
    get(db, &reach, before.id).await
}

/// What an approval changes in the accounts, prepared by the caller: the new user (connect,
/// replace) and why the named user's access ends (replace, disconnect).
#[derive(Debug, Clone)]
pub struct Approval {
    pub new_user: Option<NewUser>,
    pub block_reason: Option<String>,
    /// The new user's letter with the starting password, written with the approval.
    pub letters: Vec<Letter>,
}

/// The administrator approves a pending request: the new user is created, the named user is
/// blocked (their sessions end), and the request is marked approved — all in one transaction,
/// with the audit entries of each. A taken e-mail ([`StorageError::Conflict`] on `email`), a
/// named user no longer in the unit ([`StorageError::NotFound`]) or a request decided meanwhile
/// (conflict on `state`) leaves everything as it was. Returns the request and the created user.
#[tracing::instrument(skip_all, fields(request = %before.id))]
pub async fn approve(
    db: &Db,
    auth: &Authorized<ManageUsers>,
    before: &StoredRequest,
    transition: &Transition,
    approval: Approval,
    origin: &Origin,
) -> StorageResult<(StoredRequest, Option<users::User>)> {
    let reach = Reach::administrator(auth);
    let created = match (transition.creates_user, &approval.new_user) {
        (true, Some(new)) => Some((UserId::new(), new)),
        (false, None) => None,
        _ => return Err(StorageError::Corrupt(format!("approval of {} without its new user", before.id))),
    };
    let blocked = match (transition.blocks_user, &before.user, &approval.block_reason) {
        (true, Some(user), Some(reason)) => Some((user.id, reason.as_str())),
        (false, _, _) => None,
        _ => return Err(StorageError::Corrupt(format!("approval of {} without the user to block", before.id))),
    };
    let mut entries: Vec<Entry> = Vec::new();
    entries.extend(created.map(|(id, new)| users::created_entry(auth, id, new, origin)));
    entries.extend(blocked.map(|(id, reason)| users::blocked_entry(auth, id, reason, origin)));
    entries.push(entry(&reach, AuditAction::AccessRequestApproved, before.id, origin).details(json!({
        "kind": before.kind,
        "created_user_id": created.map(|(id, _)| id.to_string()),
        "blocked_user_id": blocked.map(|(id, _)| id.to_string()),
        "roles": approval.new_user.as_ref().map(|n| n.role_ids.iter().map(ToString::to_string).collect::<Vec<_>>()),
    })));
    let now = now_ms();
    audited!(
        db,
        |tx| {
            // The request first: a second approval waits for this one's row lock and then finds
            // nothing pending, before it has created anybody.
            settle!(&mut *tx, &reach, before, transition);
            if let Some((id, new)) = created {
                insert_user!(&mut *tx, auth, id, new, now);
                sqlx::query("UPDATE access_requests SET created_user_id = $2 WHERE id = $1")
                    .bind(before.id.to_string())
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            if let Some((id, reason)) = blocked {
                block_user!(&mut *tx, auth, id, reason, now);
            }
            for letter in &approval.letters {
                insert_letter!(&mut *tx, letter)?;
            }
        },
        &entries
    )?;
    let user = match created {
        Some((id, _)) => Some(users::get(db, auth, id).await?),
        None => None,
    };
    Ok((get(db, &reach, before.id).await?, user))
}
