//! Group rules: created INACTIVE, evaluated on activation and on profile changes.
mod common;

use serde_json::json;

fn member_ids(org: &common::Org, group: &str) -> Vec<String> {
    org.read(&format!("/api/v1/groups/{group}/users")).as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()).collect()
}

fn user(org: &common::Org, login: &str, department: &str, title: &str) -> String {
    let id = org.create_user(login)["id"].as_str().unwrap().to_string();
    org.okta("POST", &format!("/api/v1/users/{id}"), Some(json!({"profile": {"department": department, "title": title}})));
    id
}

#[test]
fn activating_a_rule_adds_matching_users_and_profile_changes_move_them() {
    let org = common::org(0);
    let eng = org.group("Engineering staff");
    let ada = user(&org, "ada@example.com", "Engineering", "Staff Engineer");
    let bob = user(&org, "bob@example.com", "Sales", "Account Executive");
    let cy = user(&org, "cy@example.com", "Engineering", "Intern");
    let rule = org
        .run("create-group-rule", json!({"name": "Engineers", "expression": "user.department == \"Engineering\" and String.stringContains(user.title, \"Engineer\")",
            "groupIds": [eng], "excludedUserIds": []}))
        .unwrap();
    assert_eq!(rule["status"], "INACTIVE", "Okta creates rules INACTIVE");
    assert!(member_ids(&org, &eng).is_empty(), "an inactive rule adds nobody");
    let id = rule["id"].as_str().unwrap();
    assert_eq!(org.run("activate-group-rule", json!({"ruleId": id})).unwrap(), json!({"ruleId": id, "status": "ACTIVE"}));
    assert_eq!(member_ids(&org, &eng), vec![ada.clone()]);
    // Mover: Bob becomes an engineer, Ada moves to Sales.
    org.run("update-user", json!({"userId": bob, "profile": {"department": "Engineering", "title": "Engineer"}})).unwrap();
    org.run("update-user", json!({"userId": ada, "profile": {"department": "Sales"}})).unwrap();
    assert_eq!(member_ids(&org, &eng), vec![bob.clone()]);
    // A new hire who matches joins on creation.
    let dee = org.run("create-user", json!({"profile": {"login": "dee@example.com", "email": "dee@example.com", "firstName": "Dee", "lastName": "E",
        "department": "Engineering", "title": "Engineer"}})).unwrap()["id"].as_str().unwrap().to_string();
    let mut want = vec![bob.clone(), dee];
    want.sort();
    assert_eq!(member_ids(&org, &eng), want);
    assert!(!member_ids(&org, &eng).contains(&cy));
    let adds = org.read("/api/v1/logs?filter=eventType%20eq%20%22group.user_membership.add%22&limit=50");
    assert!(adds.as_array().unwrap().iter().any(|e| e["target"][0]["id"] == json!(bob)), "rule adds are logged");
}

#[test]
fn excluded_users_stay_out_and_deactivation_keeps_members() {
    let org = common::org(0);
    let g = org.group("Paris office");
    let ann = user(&org, "ann@example.com", "Ops", "Lead");
    let ben = user(&org, "ben@example.com", "Ops", "Lead");
    let rule = org.run("create-group-rule", json!({"name": "Ops", "expression": "user.department==\"Ops\"", "groupIds": [g], "excludedUserIds": [ben], "activate": true})).unwrap();
    assert_eq!(rule["status"], "ACTIVE");
    assert_eq!(member_ids(&org, &g), vec![ann.clone()]);
    let id = rule["id"].as_str().unwrap();
    assert_eq!(org.run("deactivate-group-rule", json!({"ruleId": id})).unwrap()["status"], "INACTIVE");
    assert_eq!(member_ids(&org, &g), vec![ann.clone()], "deactivation keeps memberships");
    let out = org.run("delete-group-rule", json!({"ruleId": id, "removeUsers": true})).unwrap();
    assert_eq!(out, json!({"ruleId": id, "deleted": true, "usersRemoved": true}));
    assert!(member_ids(&org, &g).is_empty(), "removeUsers takes the rule's members out");
    assert_eq!(org.okta("GET", &format!("/api/v1/groups/rules/{id}"), None).0, 404);
}

#[test]
fn updating_an_active_rule_is_a_clear_conflict_unless_asked_to_deactivate_first() {
    let org = common::org(0);
    let g = org.group("Sellers");
    let sam = user(&org, "sam@example.com", "Sales", "Rep");
    let rule = org.run("create-group-rule", json!({"name": "Sales", "expression": "user.department == \"Marketing\"", "groupIds": [g], "activate": true})).unwrap();
    let id = rule["id"].as_str().unwrap();
    org.sim.clear_requests();
    let err = org.run("update-group-rule", json!({"ruleId": id, "expression": "user.department == \"Sales\""})).unwrap_err();
    assert_eq!(err["error"], "conflict");
    assert!(err["message"].as_str().unwrap().contains("deactivateFirst"), "{err}");
    assert!(org.sim.requests().iter().all(|r| r.method == "GET"), "nothing changed");
    let updated = org.run("update-group-rule", json!({"ruleId": id, "expression": "user.department == \"Sales\"", "deactivateFirst": true})).unwrap();
    assert_eq!(updated["status"], "ACTIVE");
    assert_eq!(updated["conditions"]["expression"]["value"], "user.department == \"Sales\"");
    assert_eq!(member_ids(&org, &g), vec![sam], "reactivation evaluated the new expression");
    // The simulator itself refuses a PUT on an ACTIVE rule.
    let (status, body) = org.okta("PUT", &format!("/api/v1/groups/rules/{id}"), Some(updated.clone()));
    assert_eq!((status, body["errorCode"].as_str()), (400, Some("E0000001")));
    let listed = org.run("list-group-rules", json!({"search": "sal"})).unwrap();
    assert_eq!(listed["rules"].as_array().unwrap().len(), 1);
    assert_eq!(org.run("get-group-rule", json!({"ruleId": id})).unwrap()["name"], "Sales");
}

#[test]
fn invalid_rules_are_refused_with_oktas_detail_and_bad_input_sends_nothing() {
    let org = common::org(0);
    let g = org.group("Target");
    for (expression, groups, cause) in [
        ("user.department ==", json!([g]), "Invalid expression"),
        ("user.shoeSize == \"9\"", json!([g]), "Invalid property shoeSize"),
        ("user.department == \"x\"", json!(["00gnosuchgroup000000"]), "Invalid group id"),
    ] {
        let err = org.run("create-group-rule", json!({"name": "Bad", "expression": expression, "groupIds": groups})).unwrap_err();
        assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("okta-api"), Some("E0000001")), "{err}");
        assert!(err["okta"]["errorCauses"].to_string().contains(cause), "{cause}: {err}");
    }
    for key in ["activate-group-rule", "get-group-rule", "delete-group-rule"] {
        let err = org.run(key, json!({"ruleId": "0prnosuchrule0000000"})).unwrap_err();
        assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")), "{key}");
    }
    org.sim.clear_requests();
    for (key, input, path) in [
        ("create-group-rule", json!({"name": "A", "expression": "user.a == \"b\"", "groupIds": []}), "groupIds"),
        ("create-group-rule", json!({"name": "A", "groupIds": [g]}), "expression"),
        ("create-group-rule", json!({"name": "x".repeat(51), "expression": "e", "groupIds": [g]}), "name"),
        ("update-group-rule", json!({"ruleId": "0pr1"}), "name"),
        ("activate-group-rule", json!({"ruleId": ""}), "ruleId"),
        ("list-group-rules", json!({"limit": 500}), "limit"),
    ] {
        let err = org.run(key, input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{key}: {err}");
    }
    assert!(org.sim.requests().is_empty());
}
