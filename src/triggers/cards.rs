//! The catalogue of triggers as one table: Okta Workflows' event cards (one event type list each) and
//! Prismatic's four. Whether a card can run on a webhook follows from its types' `hook_eligible` flag.

use super::{Source, Trigger};

const fn card(key: &'static str, label: &'static str, aliases: &'static [&'static str], event_types: &'static [&'static str], description: &'static str) -> Trigger {
    Trigger { key, label, description, aliases, event_types, source: Source::Card }
}

/// Every trigger, in catalogue order.
pub const TRIGGERS: &[Trigger] = &[
    Trigger {
        key: "event-hook",
        label: "Event Hook",
        description: "Receives Okta event hook deliveries for the event types you choose (as a list or as code-format text), with optional extra headers and Okta Expression Language filters per event type.",
        aliases: &[],
        event_types: &[],
        source: Source::Chosen { webhook_only: true },
    },
    Trigger {
        key: "new-system-logs",
        label: "New System Logs",
        description: "Fetches System Log events published since the last poll, optionally narrowed by a filter, with Okta's polling request (no `until`) and its `next` link: every event exactly once, late ones included.",
        aliases: &[],
        event_types: &[],
        source: Source::SystemLogs,
    },
    Trigger {
        key: "new-users",
        label: "New Users",
        description: "Fetches users created since the last poll (any status), by `lastUpdated` filter with an overlap window; each user once.",
        aliases: &[],
        event_types: &[],
        source: Source::NewUsers,
    },
    Trigger {
        key: "updated-users",
        label: "Updated Users",
        description: "Fetches users changed since the last poll, DEPROVISIONED ones included, by `lastUpdated` filter with an overlap window; each (user, lastUpdated) once.",
        aliases: &[],
        event_types: &[],
        source: Source::UpdatedUsers,
    },
    card("user-activated", "User Activated", &[], &["user.lifecycle.activate"], "a user is activated"),
    card("user-assigned-to-application", "User Assigned to Application", &[], &["application.user_membership.add"], "a user is assigned to an application"),
    card("user-added-to-group", "User Added to Group", &[], &["group.user_membership.add"], "a user is added to a group"),
    card("user-created", "User Created", &[], &["user.lifecycle.create"], "a user is created"),
    card("user-deactivated", "User Deactivated", &[], &["user.lifecycle.deactivate"], "a user is deactivated"),
    card("user-deleted", "User Deleted", &[], &["user.lifecycle.delete.initiated"], "the deletion of a user starts"),
    card("user-deletion-completed", "User Deletion Completed", &[], &["user.lifecycle.delete.completed"], "the deletion of a user completes (not hook-eligible in Okta: polling only)"),
    card("user-unassigned-from-application", "User Unassigned from Application", &[], &["application.user_membership.remove"], "a user is unassigned from an application"),
    card("user-removed-from-group", "User Removed from Group", &[], &["group.user_membership.remove"], "a user is removed from a group"),
    card("suspicious-activity-reported", "Suspicious Activity Reported", &[], &["user.account.report_suspicious_activity_by_enduser"], "a user reports suspicious activity"),
    card("user-suspended", "User Suspended", &[], &["user.lifecycle.suspend"], "a user is suspended"),
    card("user-unsuspended", "User Unsuspended", &[], &["user.lifecycle.unsuspend"], "a user is unsuspended"),
    card("user-reactivated", "User Reactivated", &[], &["user.lifecycle.reactivate"], "a user is reactivated"),
    card("user-okta-profile-updated", "User Okta Profile Updated", &["User Profile Updated"], &["user.account.update_profile"], "a user's Okta profile is updated"),
    Trigger {
        key: "custom-webhook",
        label: "Custom Webhook",
        description: "Starts a flow on any event-hook-eligible event types you choose from Okta's catalogue; runs on an event hook or by polling the System Log.",
        aliases: &["Custom Event"],
        event_types: &[],
        source: Source::Chosen { webhook_only: false },
    },
    card("user-password-updated", "User Password Updated", &["Password Changed"], &["user.account.update_password"], "a user's password is changed"),
    card("user-password-reset", "User Password Reset", &[], &["user.account.reset_password"], "a user's password is reset"),
    card("user-account-locked", "User Account Locked", &["User Locked Out"], &["user.account.lock"], "a user's account is locked"),
    card("user-account-unlocked", "User Account Unlocked", &[], &["user.account.unlock"], "a user's account is unlocked"),
    card("user-mfa-factor-activated", "User MFA Factor Activated", &["MFA Factor Activated"], &["user.mfa.factor.activate"], "a user activates an MFA factor"),
    card("user-mfa-factor-deactivated", "User MFA Factor Deactivated", &["MFA Factor Deactivated"], &["user.mfa.factor.deactivate"], "an MFA factor of a user is deactivated"),
    card("user-mfa-factors-reset", "User MFA Factors Reset", &["Reset All MFA Factors"], &["user.mfa.factor.reset_all"], "all MFA factors of a user are reset"),
    card("group-created", "Group Created", &[], &["group.lifecycle.create"], "a group is created"),
    card("group-deleted", "Group Deleted", &[], &["group.lifecycle.delete"], "a group is deleted"),
    card("group-profile-updated", "Group Profile Updated", &[], &["group.profile.update"], "a group's profile is updated"),
    card("application-created", "Application Created", &[], &["application.lifecycle.create"], "an application is created"),
    card("application-activated", "Application Activated", &[], &["application.lifecycle.activate"], "an application is activated"),
    card("application-deactivated", "Application Deactivated", &[], &["application.lifecycle.deactivate"], "an application is deactivated"),
    card("application-deleted", "Application Deleted", &[], &["application.lifecycle.delete"], "an application is deleted"),
    card("application-updated", "Application Updated", &[], &["application.lifecycle.update"], "an application is updated"),
    card("user-app-password-changed", "User App Password Changed", &["User Application Password Changed"], &["application.user_membership.change_password"], "a user's password for an application is changed"),
    card("api-token-created", "API Token Created", &[], &["system.api_token.create"], "an API token is created"),
    card("api-token-revoked", "API Token Revoked", &[], &["system.api_token.revoke"], "an API token is revoked"),
    card("authenticator-activated", "Authenticator Activated", &[], &["security.authenticator.lifecycle.activate"], "an authenticator is activated"),
    card("authenticator-deactivated", "Authenticator Deactivated", &[], &["security.authenticator.lifecycle.deactivate"], "an authenticator is deactivated"),
];

#[cfg(test)]
mod tests {
    use super::TRIGGERS;
    use crate::okta::event_hooks::EVENT_TYPES;

    #[test]
    fn keys_are_unique_kebab_case_and_every_card_type_is_catalogued() {
        let mut keys: Vec<&str> = TRIGGERS.iter().map(|t| t.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), TRIGGERS.len());
        for t in TRIGGERS {
            assert!(t.key.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", t.key);
            for ty in t.event_types {
                assert!(EVENT_TYPES.iter().any(|e| e.name == *ty), "{ty} of {} is not in EVENT_TYPES", t.key);
            }
        }
    }
}
