//! The user and group part of the catalogue: every Prismatic action and Okta Workflows card, by label
//! or alias, with flags true to Okta.
use serde_json::Value;

fn manifest() -> Value {
    serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../manifest.json")).unwrap()).unwrap()
}

fn find<'a>(actions: &'a [Value], name: &str) -> Option<&'a Value> {
    actions.iter().find(|a| a["label"] == name || a["aliases"].as_array().is_some_and(|al| al.iter().any(|x| x == name)))
}

#[test]
fn every_prismatic_user_and_group_action_and_workflows_card_is_found_by_its_name() {
    let m = manifest();
    let actions = m["actions"].as_array().unwrap();
    let prismatic = [
        "Activate User", "Add User to Group", "Clear User Sessions", "Create Group", "Create User", "Deactivate User", "Delete Group",
        "Delete User", "Get Group", "Get User", "List Group Members", "List Groups", "List User Factors", "List User Groups", "List Users",
        "Reactivate User", "Remove User from Group", "Reset User Password", "Set User Password", "Suspend User", "Unenroll User Factor",
        "Unlock User", "Unsuspend User", "Update Group", "Update User",
    ];
    let workflows = [
        "Create User", "Delete User", "Read Group", "Read User", "Search Groups", "Search Users", "Update User", "Add New User to Group",
        "Clear User Sessions", "Deactivate User", "Get Users Groups", "List Group Members", "List Users With Filter", "List Users With Search",
        "Remove User from Group", "Activate User", "Reset Password",
    ];
    let missing: Vec<&&str> = prismatic.iter().chain(&workflows).filter(|n| find(actions, n).is_none()).collect();
    assert!(missing.is_empty(), "not in manifest.json: {missing:?}");
    for key in ["create-group-rule", "activate-group-rule", "deactivate-group-rule", "update-group-rule", "delete-group-rule", "list-group-rules",
        "list-group-owners", "add-group-owner", "remove-group-owner", "assign-user-admin-role", "assign-group-admin-role", "expire-user-password",
        "reset-user-factors", "change-recovery-question"] {
        assert!(actions.iter().any(|a| a["key"] == key), "{key}");
    }
}

#[test]
fn flags_say_what_okta_does() {
    let m = manifest();
    let actions = m["actions"].as_array().unwrap();
    let flags = |key: &str| {
        let a = actions.iter().find(|a| a["key"] == key).unwrap_or_else(|| panic!("{key}"));
        (a["readOnly"].as_bool().unwrap(), a["destructive"].as_bool().unwrap(), a["idempotent"].as_bool().unwrap())
    };
    for key in ["list-user-groups", "list-user-factors", "get-group", "list-groups", "list-group-members", "list-group-owners", "list-group-rules", "list-user-admin-roles"] {
        assert_eq!(flags(key), (true, false, true), "{key} reads");
    }
    for key in ["deactivate-user", "delete-user", "suspend-user", "reset-user-factors", "clear-user-sessions", "remove-user-from-group",
        "unassign-user-admin-role", "remove-group-owner", "delete-group", "delete-group-rule", "unenroll-user-factor"] {
        assert!(flags(key).1, "{key} is destructive");
    }
    for key in ["add-user-to-group", "remove-user-from-group", "update-user", "update-group", "clear-user-sessions", "reset-user-factors"] {
        assert!(flags(key).2, "{key} is idempotent");
    }
    for key in ["create-group", "assign-user-admin-role", "suspend-user", "delete-user"] {
        assert!(!flags(key).2, "{key}: a second call is not a no-op");
    }
}
