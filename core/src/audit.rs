//! What the audit log records: every security-relevant action, named by a stable code.

use serde::Serialize;

macro_rules! audit_actions {
    ($($variant:ident => $code:literal;)*) => {
        /// A kind of audited event. The code is stored and filtered on; it never changes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
        pub enum AuditAction {
            $($variant,)*
        }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            pub fn code(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $code,)*
                }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some(AuditAction::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

audit_actions! {
    LoginSucceeded => "auth.login";
    LoginFailed => "auth.login_failed";
    Logout => "auth.logout";
    PasswordChanged => "auth.password_changed";
    PasswordResetRequested => "auth.password_reset_requested";
    PasswordResetCompleted => "auth.password_reset_completed";
    RegulationAccepted => "auth.regulation_accepted";
    AdminBootstrapped => "user.bootstrap_admin";
    UserCreated => "user.created";
    UserUpdated => "user.updated";
    UserBlocked => "user.blocked";
    UserUnblocked => "user.unblocked";
    UserPasswordIssued => "user.password_issued";
    RoleCreated => "role.created";
    RoleUpdated => "role.updated";
    RoleDeleted => "role.deleted";
    UnitCreated => "unit.created";
    UnitUpdated => "unit.updated";
    TokenCreated => "token.created";
    TokenRevoked => "token.revoked";
    MediaUploaded => "media.uploaded";
    MediaPublished => "media.published";
    MediaDeleted => "media.deleted";
    ProfileUpdated => "profile.updated";
    ProfileConfirmed => "profile.confirmed";
    NewsCreated => "news.created";
    NewsUpdated => "news.updated";
    NewsSubmitted => "news.submitted";
    NewsPublished => "news.published";
    NewsRejected => "news.rejected";
    NewsUnpublished => "news.unpublished";
    GalleryCreated => "gallery.created";
    GalleryUpdated => "gallery.updated";
    GallerySubmitted => "gallery.submitted";
    GalleryPublished => "gallery.published";
    GalleryRejected => "gallery.rejected";
    GalleryUnpublished => "gallery.unpublished";
    FormDefined => "form.defined";
    ReportSaved => "report.saved";
    ReportSubmitted => "report.submitted";
    ReportAccepted => "report.accepted";
    ReportReturned => "report.returned";
    ReportExempted => "report.exempted";
    ReportExtended => "report.extended";
    DocumentAdded => "document.added";
    DocumentUpdated => "document.updated";
    DocumentRemoved => "document.removed";
    DocumentPublished => "document.published";
    DocumentHidden => "document.hidden";
    MaterialSent => "material.sent";
    MaterialOpened => "material.opened";
    AppealReceived => "appeal.received";
    AppealRead => "appeal.read";
    AppealAnswered => "appeal.answered";
    AppealsPurged => "appeal.purged";
    AccessRequestCreated => "access_request.created";
    AccessRequestApproved => "access_request.approved";
    AccessRequestDeclined => "access_request.declined";
    AccessRequestWithdrawn => "access_request.withdrawn";
    DataPurged => "retention.purged";
    LetterRequeued => "mail.requeued";
    MaintenanceAnnounced => "maintenance.announced";
    MaintenanceCancelled => "maintenance.cancelled";
    BackupMade => "backup.made";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(a.code()), Some(*a));
        }
    }
}
