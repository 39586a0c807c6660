//! Okta's refusals of policy and rule changes keep Okta's errorCode, and change nothing.
mod common;

use serde_json::{json, Value};

fn code(err: &Value) -> (&str, &str) {
    (err["error"].as_str().unwrap_or_default(), err["okta"]["errorCode"].as_str().unwrap_or_default())
}

fn default_policy(org: &common::Org, kind: &str) -> Value {
    let listed = org.read(&format!("/api/v1/policies?type={kind}"));
    listed.as_array().unwrap().iter().find(|p| p["system"] == true).expect("a default policy").clone()
}

#[test]
fn default_policies_and_rules_are_never_deleted_or_deactivated() {
    let org = common::org(0);
    let policy = default_policy(&org, "PASSWORD");
    let id = policy["id"].as_str().unwrap();
    for key in ["deactivate-policy", "delete-policy"] {
        let err = org.run(key, json!({"policyId": id})).unwrap_err();
        assert_eq!(code(&err), ("okta-api", "E0000001"), "{key}: {err}");
    }
    assert_eq!(org.read(&format!("/api/v1/policies/{id}"))["status"], "ACTIVE");
    let rules = org.run("list-policy-rules", json!({"policyId": id})).unwrap();
    let default_rule = rules["rules"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(rules["rules"][0]["system"], true);
    for key in ["deactivate-policy-rule", "delete-policy-rule"] {
        let err = org.run(key, json!({"policyId": id, "ruleId": default_rule})).unwrap_err();
        assert_eq!(code(&err), ("okta-api", "E0000001"), "{key}: {err}");
    }
    assert_eq!(org.read(&format!("/api/v1/policies/{id}/rules/{default_rule}"))["status"], "ACTIVE");
    // A default policy's priority is read-only.
    let err = org.run("update-policy", json!({"policyId": id, "priority": 5, "name": "Renamed"})).unwrap_err();
    assert_eq!(code(&err), ("okta-api", "E0000001"));
    assert!(err["okta"]["errorCauses"][0].as_str().unwrap().contains("read-only"), "{err}");
    assert_eq!(org.read(&format!("/api/v1/policies/{id}"))["name"], "Default Policy");
}

#[test]
fn an_app_sign_in_policy_in_use_stays_active_and_apps_take_only_app_sign_in_policies() {
    let org = common::org(0);
    let app = org.app_id("Team Wiki");
    let policy = org.run("create-policy", json!({"type": "ACCESS_POLICY", "name": "Wiki"})).unwrap();
    let id = policy["id"].as_str().unwrap();
    org.run("assign-application-policy", json!({"appId": app, "policyId": id})).unwrap();
    for key in ["deactivate-policy", "delete-policy"] {
        let err = org.run(key, json!({"policyId": id})).unwrap_err();
        assert_eq!(code(&err), ("okta-api", "E0000001"), "{key}: {err}");
    }
    assert_eq!(org.read(&format!("/api/v1/policies/{id}"))["status"], "ACTIVE");

    let password = default_policy(&org, "PASSWORD");
    let err = org.run("assign-application-policy", json!({"appId": app, "policyId": password["id"]})).unwrap_err();
    assert_eq!(code(&err), ("okta-api", "E0000001"));
    let href = org.read(&format!("/api/v1/apps/{app}"))["_links"]["accessPolicy"]["href"].as_str().unwrap().to_string();
    assert!(href.ends_with(id), "the app keeps its policy: {href}");
    let err = org.run("assign-application-policy", json!({"appId": "0oanosuchapp00000000", "policyId": id})).unwrap_err();
    assert_eq!(code(&err), ("not-found", "E0000007"));
}

#[test]
fn a_user_profile_policy_takes_no_further_rules() {
    let org = common::org(0);
    let policy = org.run("create-policy", json!({"type": "PROFILE_ENROLLMENT", "name": "Sign-up"})).unwrap();
    let id = policy["id"].as_str().unwrap();
    let err = org.run("create-policy-rule", json!({"policyId": id, "name": "Second"})).unwrap_err();
    assert_eq!(code(&err), ("okta-api", "E0000001"));
    assert_eq!(org.read(&format!("/api/v1/policies/{id}/rules")).as_array().unwrap().len(), 1, "only the default rule");
}
