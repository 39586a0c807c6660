//! Bad policy and rule input is refused with the field's path before anything is written.
mod common;

use serde_json::{json, Value};

#[test]
fn invalid_input_names_the_field_and_sends_nothing() {
    let org = common::org(0);
    let cases: Vec<(&str, Value, &str)> = vec![
        ("create-policy", json!({"type": "IDP_DISCOVERY", "name": "x"}), "type"),
        ("create-policy", json!({"name": "x"}), "type"),
        ("create-policy", json!({"type": "PASSWORD", "name": " "}), "name"),
        ("create-policy", json!({"type": "PASSWORD", "name": "n".repeat(51)}), "name"),
        ("create-policy", json!({"type": "PASSWORD", "name": "x", "priority": 0}), "priority"),
        ("create-policy", json!({"type": "PASSWORD", "name": "x", "conditions": "everyone"}), "conditions"),
        ("create-policy", json!({"type": "PASSWORD", "name": "x", "colour": "red"}), ""),
        ("update-policy", json!({"policyId": "00p1"}), "name"),
        ("update-policy", json!({"policyId": "", "name": "x"}), "policyId"),
        ("activate-policy", json!({"policyId": " "}), "policyId"),
        ("delete-policy", json!({}), "policyId"),
        ("list-policy-rules", json!({"policyId": ""}), "policyId"),
        ("create-policy-rule", json!({"policyId": "00p1", "name": ""}), "name"),
        ("create-policy-rule", json!({"policyId": "00p1", "name": "x", "actions": []}), "actions"),
        ("update-policy-rule", json!({"policyId": "00p1", "ruleId": "0pr1"}), "name"),
        ("deactivate-policy-rule", json!({"policyId": "00p1", "ruleId": ""}), "ruleId"),
        ("assign-application-policy", json!({"appId": "", "policyId": "rst1"}), "appId"),
        ("assign-application-policy", json!({"appId": "0oa1"}), "policyId"),
    ];
    for (key, input, path) in cases {
        let err = org.run(key, input.clone()).unwrap_err();
        assert_eq!(err["error"], "invalid-input", "{key} {input}: {err}");
        if !path.is_empty() {
            assert_eq!(err["path"], path, "{key} {input}: {err}");
        }
    }
    assert!(org.requests_to("/api/v1/policies").is_empty() && org.requests_to("/api/v1/apps").is_empty(), "nothing was sent");
}

#[test]
fn rule_actions_of_another_type_are_refused_after_reading_the_policy_and_before_writing() {
    let org = common::org(0);
    let (_, listed) = org.okta_get("/api/v1/policies?type=ACCESS_POLICY");
    let id = listed[0]["id"].as_str().unwrap();
    org.sim.clear_requests();
    let input = json!({"policyId": id, "name": "Sign-on style", "actions": {"signon": {"access": "DENY"}}});
    let err = org.run("create-policy-rule", input).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("actions.signon")), "{err}");
    let sent: Vec<String> = org.requests_to("/api/v1/policies").iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert_eq!(sent, [format!("GET /api/v1/policies/{id}")], "only the policy was read");
    assert_eq!(org.read(&format!("/api/v1/policies/{id}/rules")).as_array().unwrap().len(), 1);
}
