//! Policies and their rules through the component: create, activate, assign to an app, update, delete,
//! with the org's state read back over the simulator's HTTP.
mod common;

use serde_json::{json, Value};

fn ids(rules: &Value) -> Vec<(String, i64, bool)> {
    let rules = rules.as_array().expect("rules are a list");
    rules.iter().map(|r| (r["name"].as_str().unwrap().to_string(), r["priority"].as_i64().unwrap(), r["system"].as_bool().unwrap())).collect()
}

#[test]
fn a_policy_with_a_rule_is_created_activated_and_assigned_to_an_app() {
    let org = common::org(0);
    let group = org.group("Partners");
    let policy = org.run("create-policy", json!({"type": "ACCESS_POLICY", "name": "Partner apps", "description": "Partners only", "activate": false})).unwrap();
    let id = policy["id"].as_str().unwrap().to_string();
    assert_eq!((policy["type"].as_str(), policy["status"].as_str()), (Some("ACCESS_POLICY"), Some("INACTIVE")));
    let actions = json!({"appSignOn": {"access": "DENY", "verificationMethod": {"factorMode": "1FA", "type": "ASSURANCE", "reauthenticateIn": "PT2H"}}});
    let conditions = json!({"people": {"groups": {"include": [group]}}});
    let rule = org.run("create-policy-rule", json!({"policyId": id, "name": "Deny partners", "conditions": conditions, "actions": actions, "activate": false})).unwrap();
    let rule_id = rule["id"].as_str().unwrap().to_string();
    assert_eq!((rule["type"].as_str(), rule["status"].as_str()), (Some("ACCESS_POLICY"), Some("INACTIVE")));

    let out = org.run("activate-policy", json!({"policyId": id})).unwrap();
    assert_eq!(out, json!({"policyId": id, "status": "ACTIVE"}));
    let out = org.run("activate-policy-rule", json!({"policyId": id, "ruleId": rule_id})).unwrap();
    assert_eq!(out, json!({"policyId": id, "ruleId": rule_id, "status": "ACTIVE"}));
    assert_eq!(org.read(&format!("/api/v1/policies/{id}"))["status"], "ACTIVE");
    let stored = org.read(&format!("/api/v1/policies/{id}/rules/{rule_id}"));
    assert_eq!((stored["status"].as_str(), &stored["actions"], &stored["conditions"]), (Some("ACTIVE"), &actions, &conditions));
    // The new rule goes ahead of the policy's catch-all rule, which stays last.
    let listed = org.run("list-policy-rules", json!({"policyId": id})).unwrap();
    assert_eq!(ids(&listed["rules"]), [("Deny partners".to_string(), 1, false), ("Catch-all Rule".to_string(), 2, true)]);

    let app = org.app_id("Team Wiki");
    let out = org.run("assign-application-policy", json!({"appId": app, "policyId": id})).unwrap();
    assert_eq!(out, json!({"appId": app, "accessPolicyId": id}));
    let href = org.read(&format!("/api/v1/apps/{app}"))["_links"]["accessPolicy"]["href"].as_str().unwrap().to_string();
    assert!(href.ends_with(&format!("/api/v1/policies/{id}")), "{href}");
    let mappings = org.read(&format!("/api/v1/policies/{id}/mappings"));
    assert_eq!(mappings.as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect::<Vec<_>>(), [app.as_str()]);
    assert_eq!(org.run("get-policy", json!({"policyId": id})).unwrap()["status"], "ACTIVE");
}

#[test]
fn updates_keep_what_is_not_given_and_priorities_stay_without_gaps() {
    let org = common::org(0);
    let first = org.run("create-policy", json!({"type": "PASSWORD", "name": "Contractors", "conditions": {"people": {"groups": {"include": []}}}})).unwrap();
    let second = org.run("create-policy", json!({"type": "PASSWORD", "name": "Admins", "priority": 1})).unwrap();
    let order = |org: &common::Org| -> Vec<(String, i64)> {
        let listed = org.read("/api/v1/policies?type=PASSWORD");
        listed.as_array().unwrap().iter().map(|p| (p["name"].as_str().unwrap().to_string(), p["priority"].as_i64().unwrap())).collect()
    };
    assert_eq!(order(&org), [("Admins".into(), 1), ("Contractors".into(), 2), ("Default Policy".into(), 3)]);

    let id = first["id"].as_str().unwrap();
    let before = org.read(&format!("/api/v1/policies/{id}"));
    let updated = org.run("update-policy", json!({"policyId": id, "name": "Contractors (EU)", "priority": 1})).unwrap();
    assert_eq!(updated["name"], "Contractors (EU)");
    let after = org.read(&format!("/api/v1/policies/{id}"));
    assert_eq!((&after["settings"], &after["conditions"]), (&before["settings"], &before["conditions"]), "what was not given is kept");
    assert_eq!(order(&org), [("Contractors (EU)".into(), 1), ("Admins".into(), 2), ("Default Policy".into(), 3)]);

    let rule = org.run("create-policy-rule", json!({"policyId": id, "name": "Self-service", "actions": {"selfServiceUnlock": {"access": "ALLOW"}}})).unwrap();
    let rule_id = rule["id"].as_str().unwrap();
    assert_eq!((rule["type"].as_str(), rule["status"].as_str()), (Some("PASSWORD"), Some("ACTIVE")));
    let renamed = org.run("update-policy-rule", json!({"policyId": id, "ruleId": rule_id, "name": "Self-service unlock"})).unwrap();
    assert_eq!((renamed["name"].as_str(), &renamed["actions"]), (Some("Self-service unlock"), &json!({"selfServiceUnlock": {"access": "ALLOW"}})));
    let out = org.run("deactivate-policy-rule", json!({"policyId": id, "ruleId": rule_id})).unwrap();
    assert_eq!(out["status"], "INACTIVE");
    let out = org.run("delete-policy-rule", json!({"policyId": id, "ruleId": rule_id})).unwrap();
    assert_eq!(out, json!({"policyId": id, "ruleId": rule_id, "deleted": true}));
    assert_eq!(org.okta("GET", &format!("/api/v1/policies/{id}/rules/{rule_id}"), None).0, 404);

    let out = org.run("deactivate-policy", json!({"policyId": id})).unwrap();
    assert_eq!(out["status"], "INACTIVE");
    assert_eq!(org.run("delete-policy", json!({"policyId": id})).unwrap(), json!({"policyId": id, "deleted": true}));
    assert_eq!(org.okta("GET", &format!("/api/v1/policies/{id}"), None).0, 404);
    assert_eq!(order(&org), [("Admins".into(), 1), ("Default Policy".into(), 2)], "the gap closes");
    assert_eq!(second["status"], "ACTIVE");
}
