//! Which `okta.*` scope each management route needs (API-NOTES §1.2 table).

/// The scope a request needs: the resource's `read` scope for `GET`/`HEAD`,
/// its `manage` scope otherwise. `None` for paths outside the table (they
/// 404 anyway).
pub(super) fn required(method: &str, path: &str) -> Option<String> {
    let rest = path.strip_prefix("/api/v1/")?;
    let segments: Vec<&str> = rest.split('/').collect();
    let resource = match segments.as_slice() {
        // Groups and app links of a user, and its factors, are user data.
        ["users", ..] => "users",
        ["groups", ..] => "groups",
        ["apps", ..] => "apps",
        ["eventHooks", ..] => "eventHooks",
        ["logs", ..] => "logs",
        ["policies", ..] => "policies",
        ["realms", ..] => "realms",
        ["authenticators", ..] => "authenticators",
        ["meta", "schemas", ..] => "schemas",
        ["meta", "types", "user", ..] => "userTypes",
        _ => return None,
    };
    let action = if matches!(method, "GET" | "HEAD") { "read" } else { "manage" };
    Some(format!("okta.{resource}.{action}"))
}

/// `manage` implies `read`.
pub(super) fn satisfied(granted: &[String], needed: &str) -> bool {
    granted.iter().any(|g| {
        g == needed || needed.strip_suffix(".read").is_some_and(|base| g.strip_suffix(".manage") == Some(base))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_map_to_resource_scopes_and_manage_implies_read() {
        assert_eq!(required("GET", "/api/v1/users/00u1/groups").as_deref(), Some("okta.users.read"));
        assert_eq!(required("DELETE", "/api/v1/users/00u1/sessions").as_deref(), Some("okta.users.manage"));
        assert_eq!(required("PUT", "/api/v1/groups/00g1/users/00u1").as_deref(), Some("okta.groups.manage"));
        assert_eq!(required("GET", "/api/v1/meta/types/user").as_deref(), Some("okta.userTypes.read"));
        assert_eq!(required("POST", "/api/v1/meta/schemas/user/default").as_deref(), Some("okta.schemas.manage"));
        assert_eq!(required("GET", "/api/v1/nothing"), None);
        let granted = vec!["okta.users.manage".to_string()];
        assert!(satisfied(&granted, "okta.users.read"));
        assert!(!satisfied(&granted, "okta.groups.read"));
        assert!(!satisfied(&["okta.users.read".to_string()], "okta.users.manage"));
    }
}
