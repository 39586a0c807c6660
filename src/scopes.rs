//! The Okta OAuth 2.0 scopes each catalogue entry needs, for `describe` and the generated docs. Okta
//! grants by endpoint family (`okta.<family>.read` for GETs, `okta.<family>.manage` for changes; the
//! management spec's `security` of each operation), so one small table maps a key to its family.

use crate::triggers::{Source, Trigger};

/// Key fragments and the family of the endpoints behind them, first match wins: the exceptions (an
/// endpoint under another resource than the key's nouns suggest) come before the general nouns.
/// `None`: no Okta scope (no Okta call, or any endpoint the caller names).
const FAMILIES: &[(&str, Option<&str>)] = &[
    ("raw-request", None),                 // the caller's own path and method
    ("event-types", None),                 // the connector's built-in list of event types
    ("security-questions", None),          // GET /users/{id}/factors/questions: Okta asks no scope
    ("list-user-groups", Some("users")),   // GET /users/{id}/groups
    ("user-groups", Some("users")),
    ("admin-role", Some("roles")),
    ("group-rule", Some("groups")),        // /groups/rules
    ("event-hook", Some("eventHooks")),
    ("system-log", Some("logs")),
    ("import", Some("identitySources")),   // /identity-sources/{id}/sessions
    ("linked-object-definition", Some("linkedObjects")), // /meta/schemas/user/linkedObjects
    ("schema", Some("schemas")),           // /meta/schemas/…
    ("user-type", Some("userTypes")),      // /meta/types/user
    ("application-policy", Some("apps")),  // PUT /apps/{appId}/policies/{policyId}
    ("polic", Some("policies")),
    ("realm", Some("realms")),
    ("application", Some("apps")),
    ("app-", Some("apps")),
    ("group", Some("groups")),
    ("factor", Some("users")),             // /users/{id}/factors
    ("password", Some("users")),           // /users/{id}/credentials/…, /lifecycle/…
    ("recovery-question", Some("users")),
    ("user", Some("users")),
];

/// The scopes of an action or data source: its family's `read` scope for reads, `manage` otherwise.
/// Panics on a key no fragment matches, so a new kind of entry gets a row before it ships.
pub fn of(key: &str, read_only: bool) -> Vec<String> {
    let (_, family) = FAMILIES
        .iter()
        .find(|(fragment, _)| key.contains(fragment))
        .unwrap_or_else(|| panic!("no Okta scope family for `{key}`: add a row to FAMILIES in src/scopes.rs"));
    family.map(|f| format!("okta.{f}.{}", if read_only { "read" } else { "manage" })).into_iter().collect()
}

/// A trigger's scopes: `subscribe` manages event hooks; polling reads the System Log, or the users.
pub fn trigger(t: &Trigger) -> Vec<String> {
    let kind = t.kind();
    let polled = match t.source {
        Source::NewUsers | Source::UpdatedUsers => "okta.users.read",
        _ => "okta.logs.read",
    };
    let webhook = kind.webhook().then_some("okta.eventHooks.manage");
    webhook.into_iter().chain(kind.polling().then_some(polled)).map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::of;

    #[test]
    fn keys_take_the_family_of_the_endpoint_okta_checks() {
        let cases = [
            ("get-user", true, "okta.users.read"),
            ("list-user-groups", true, "okta.users.read"),
            ("add-user-to-group", false, "okta.groups.manage"),
            ("assign-group-admin-role", false, "okta.roles.manage"),
            ("list-user-applications", true, "okta.apps.read"),
            ("activate-group-rule", false, "okta.groups.manage"),
            ("app-user-schema", true, "okta.schemas.read"),
            ("list-user-types", true, "okta.userTypes.read"),
            ("bulk-user-import", false, "okta.identitySources.manage"),
            ("reset-user-factors", false, "okta.users.manage"),
            ("get-system-logs", true, "okta.logs.read"),
        ];
        for (key, read_only, scope) in cases {
            assert_eq!(of(key, read_only), vec![scope.to_string()], "{key}");
        }
        assert!(of("raw-request", false).is_empty());
    }
}
