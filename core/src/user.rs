//! Account states and the steps a user must take before working (§3.4, §3.12).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    /// Access cut by the administrator (§2.7); all sessions end at once.
    Blocked,
}

impl UserStatus {
    pub fn code(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Blocked => "blocked",
        }
    }

    pub fn from_code(code: &str) -> Self {
        // Anything unexpected in storage is treated as blocked: failing closed.
        if code == "active" { UserStatus::Active } else { UserStatus::Blocked }
    }
}

/// What stands between a signed-in user and work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PendingStep {
    /// The starting password issued by the administrator must be replaced (§3.4).
    ChangePassword,
    /// The regulation must be accepted at the first login (§3.12), or again after a new version.
    AcceptRegulation,
}

/// The steps still owed by a user, in the order the cabinet asks for them.
pub fn pending_steps(
    must_change_password: bool,
    accepted_version: Option<&str>,
    current_version: &str,
) -> Vec<PendingStep> {
    let mut steps = Vec::new();
    if must_change_password {
        steps.push(PendingStep::ChangePassword);
    }
    if accepted_version != Some(current_version) {
        steps.push(PendingStep::AcceptRegulation);
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_user_owes_both_steps_and_a_new_regulation_version_asks_again() {
        assert_eq!(pending_steps(true, None, "v2"), vec![PendingStep::ChangePassword, PendingStep::AcceptRegulation]);
        assert_eq!(pending_steps(false, Some("v1"), "v2"), vec![PendingStep::AcceptRegulation]);
        assert!(pending_steps(false, Some("v2"), "v2").is_empty());
    }

    #[test]
    fn unknown_status_fails_closed() {
        assert_eq!(UserStatus::from_code("active"), UserStatus::Active);
        assert_eq!(UserStatus::from_code("???"), UserStatus::Blocked);
    }
}

/// Why the administrator cut a user's access: the three grounds of §2.7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockReason {
    /// By the user's own written request.
    UserRequest,
    /// By the organization's written request.
    OrganizationRequest,
    /// On suspicion of unauthorized access with the user's login.
    SuspectedCompromise,
}

impl BlockReason {
    pub fn code(self) -> &'static str {
        match self {
            BlockReason::UserRequest => "user_request",
            BlockReason::OrganizationRequest => "organization_request",
            BlockReason::SuspectedCompromise => "suspected_compromise",
        }
    }

    pub fn parse(code: &str) -> Result<Self, crate::Invalid> {
        match code {
            "user_request" => Ok(BlockReason::UserRequest),
            "organization_request" => Ok(BlockReason::OrganizationRequest),
            "suspected_compromise" => Ok(BlockReason::SuspectedCompromise),
            _ => Err(crate::Invalid::new(
                "reason",
                "invalid_block_reason",
                "Основание блокировки (п. 2.7): user_request — заявление пользователя, organization_request — \
                 обращение организации, suspected_compromise — подозрение на несанкционированный доступ.",
            )),
        }
    }
}
