//! Event hooks: `/api/v1/eventHooks`, and the event types a hook can subscribe to.

use crate::error::Result;
use crate::http::{Okta, Query};
use serde_json::Value;

/// Event-hook-eligible event types (API-NOTES §13.3) with a label for people.
pub const EVENT_TYPES: &[(&str, &str)] = &[
    ("user.lifecycle.create", "User created"),
    ("user.lifecycle.activate", "User activated"),
    ("user.lifecycle.deactivate", "User deactivated"),
    ("user.lifecycle.reactivate", "User reactivated"),
    ("user.lifecycle.suspend", "User suspended"),
    ("user.lifecycle.unsuspend", "User unsuspended"),
    ("user.lifecycle.delete.initiated", "User deleted"),
    ("user.account.update_profile", "User profile updated"),
    ("user.account.lock", "User locked out"),
    ("user.account.unlock", "User unlocked"),
    ("user.account.reset_password", "User password reset"),
    ("user.account.update_password", "User password updated"),
    ("user.account.report_suspicious_activity_by_enduser", "Suspicious activity reported by the user"),
    ("user.mfa.factor.deactivate", "User factor deactivated"),
    ("user.mfa.factor.reset_all", "User factors reset"),
    ("user.session.start", "User signed in"),
    ("group.lifecycle.create", "Group created"),
    ("group.lifecycle.delete", "Group deleted"),
    ("group.profile.update", "Group profile updated"),
    ("group.user_membership.add", "User added to group"),
    ("group.user_membership.remove", "User removed from group"),
    ("application.lifecycle.create", "Application created"),
    ("application.user_membership.add", "User assigned to application"),
    ("application.user_membership.remove", "User unassigned from application"),
    ("application.user_membership.update", "Application assignment updated"),
];

/// Okta answers every event hook at once (no paging).
pub fn list(okta: &Okta) -> Result<Vec<Value>> {
    okta.get("/api/v1/eventHooks", &Query::new())
}
