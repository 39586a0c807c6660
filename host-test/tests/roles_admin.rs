//! Admin roles for users and groups.
mod common;

use serde_json::json;

#[test]
fn user_roles_are_assigned_listed_and_unassigned() {
    let org = common::org(0);
    let id = org.create_user("helper@example.com")["id"].as_str().unwrap().to_string();
    let role = org.run("assign-user-admin-role", json!({"userId": id, "roleType": "HELP_DESK_ADMIN", "disableNotifications": true})).unwrap();
    assert_eq!((role["type"].as_str(), role["assignmentType"].as_str(), role["status"].as_str()), (Some("HELP_DESK_ADMIN"), Some("USER"), Some("ACTIVE")));
    assert_eq!(org.requests_to(&format!("/api/v1/users/{id}/roles")).pop().unwrap().query.as_deref(), Some("disableNotifications=true"));
    let read = org.read(&format!("/api/v1/users/{id}/roles"));
    assert_eq!(read[0]["id"], role["id"]);
    let listed = org.run("list-user-admin-roles", json!({"userId": id})).unwrap();
    assert_eq!(listed["roles"].as_array().unwrap().len(), 1);
    let out = org.run("unassign-user-admin-role", json!({"userId": id, "roleAssignmentId": role["id"]})).unwrap();
    assert_eq!(out["unassigned"], true);
    assert_eq!(org.read(&format!("/api/v1/users/{id}/roles")), json!([]));
    let types: Vec<String> = org.read("/api/v1/logs?limit=50").as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap().to_string()).collect();
    assert!(types.iter().any(|t| t == "user.account.privilege.grant") && types.iter().any(|t| t == "user.account.privilege.revoke"));
}

#[test]
fn group_roles_reach_the_members() {
    let org = common::org(0);
    let g = org.group("Help desk");
    let id = org.create_user("desk@example.com")["id"].as_str().unwrap().to_string();
    org.okta("PUT", &format!("/api/v1/groups/{g}/users/{id}"), None);
    let role = org.run("assign-group-admin-role", json!({"groupId": g, "roleType": "GROUP_MEMBERSHIP_ADMIN"})).unwrap();
    assert_eq!(role["assignmentType"], "GROUP");
    assert_eq!(org.run("list-group-admin-roles", json!({"groupId": g})).unwrap()["roles"][0]["type"], "GROUP_MEMBERSHIP_ADMIN");
    let held = org.read(&format!("/api/v1/users/{id}/roles"));
    assert_eq!((held[0]["type"].as_str(), held[0]["assignmentType"].as_str()), (Some("GROUP_MEMBERSHIP_ADMIN"), Some("GROUP")), "members hold the group's role");
    org.run("unassign-group-admin-role", json!({"groupId": g, "roleAssignmentId": role["id"]})).unwrap();
    assert_eq!(org.read(&format!("/api/v1/groups/{g}/roles")), json!([]));
}

#[test]
fn role_refusals_keep_oktas_detail_and_bad_input_sends_nothing() {
    let org = common::org(0);
    let id = org.create_user("twice@example.com")["id"].as_str().unwrap().to_string();
    org.run("assign-user-admin-role", json!({"userId": id, "roleType": "READ_ONLY_ADMIN"})).unwrap();
    let err = org.run("assign-user-admin-role", json!({"userId": id, "roleType": "READ_ONLY_ADMIN"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("conflict"), Some("E0000090")), "{err}");
    let err = org.run("unassign-user-admin-role", json!({"userId": id, "roleAssignmentId": "NOSUCHASSIGNMENT"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
    let err = org.run("list-group-admin-roles", json!({"groupId": "00gnosuchgroup000000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
    org.sim.clear_requests();
    for (key, input, path) in [
        ("assign-user-admin-role", json!({"userId": id, "roleType": "KING"}), "roleType"),
        ("assign-user-admin-role", json!({"userId": id}), "roleType"),
        ("assign-group-admin-role", json!({"groupId": " ", "roleType": "APP_ADMIN"}), "groupId"),
        ("unassign-user-admin-role", json!({"userId": id, "roleAssignmentId": ""}), "roleAssignmentId"),
        ("list-user-admin-roles", json!({}), "userId"),
    ] {
        let err = org.run(key, input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{key}: {err}");
    }
    assert!(org.sim.requests().is_empty());
}
