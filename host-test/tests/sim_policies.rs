//! Policies and rules over plain HTTP: lifecycle, priorities, rule shape by type, refusals, and an
//! app's sign-in policy.
mod sim_support;

use serde_json::{json, Value};
use sim_support::Api;

fn names_by_priority(v: &Value) -> Vec<(String, u64)> {
    v.as_array().unwrap().iter().map(|p| (p["name"].as_str().unwrap().to_string(), p["priority"].as_u64().unwrap())).collect()
}

#[test]
fn a_policy_is_created_inactive_or_active_activated_replaced_and_deleted() {
    let api = Api::start(0);
    let r = api.post("/api/v1/policies?activate=false", &json!({"type": "OKTA_SIGN_ON", "name": "Branch offices"}));
    assert_eq!(r.status, 200, "{}", r.text);
    let p = r.json();
    let id = p["id"].as_str().unwrap().to_string();
    assert_eq!((p["status"].as_str(), p["system"].as_bool(), p["priority"].as_u64()), (Some("INACTIVE"), Some(false), Some(2)));
    assert!(p["_links"]["activate"]["href"].as_str().unwrap().ends_with(&format!("/api/v1/policies/{id}/lifecycle/activate")));
    // Without `activate`, the body's status decides; ACTIVE by default.
    let inactive = api.post("/api/v1/policies", &json!({"type": "OKTA_SIGN_ON", "name": "Kiosks", "status": "INACTIVE", "priority": 1})).json();
    assert_eq!(inactive["status"], "INACTIVE");
    let listed = api.get("/api/v1/policies?type=OKTA_SIGN_ON").json();
    assert_eq!(names_by_priority(&listed), [("Kiosks".into(), 1), ("Contractors".into(), 2), ("Branch offices".into(), 3), ("Default Policy".into(), 4)]);

    let r = api.post_empty(&format!("/api/v1/policies/{id}/lifecycle/activate"));
    assert_eq!((r.status, r.text.as_str()), (204, ""));
    assert_eq!(api.get(&format!("/api/v1/policies/{id}")).json()["status"], "ACTIVE");
    assert_eq!(api.post_empty(&format!("/api/v1/policies/{id}/lifecycle/activate")).status, 204, "repeating is harmless");

    let r = api.call("PUT", &format!("/api/v1/policies/{id}"), Some(&json!({"type": "OKTA_SIGN_ON", "name": "Branches", "priority": 1, "description": "d"})));
    assert_eq!((r.status, r.json()["name"].as_str(), r.json()["priority"].as_u64()), (200, Some("Branches"), Some(1)));
    let r = api.call("PUT", &format!("/api/v1/policies/{id}"), Some(&json!({"type": "PASSWORD", "name": "Branches"})));
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()), "the type cannot change");

    assert_eq!(api.call("DELETE", &format!("/api/v1/policies/{id}"), None).status, 204);
    assert_eq!((api.get(&format!("/api/v1/policies/{id}")).status), 404);
    let listed = api.get("/api/v1/policies?type=OKTA_SIGN_ON").json();
    assert_eq!(names_by_priority(&listed), [("Kiosks".into(), 1), ("Contractors".into(), 2), ("Default Policy".into(), 3)]);
    let log = api.get("/api/v1/logs?filter=eventType%20sw%20%22policy.lifecycle%22").json();
    let types: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap()).collect();
    assert!(types.contains(&"policy.lifecycle.create") && types.contains(&"policy.lifecycle.delete"), "{types:?}");
    assert_eq!(log[0]["displayMessage"], "Create policy");
    assert_eq!(log[0]["target"][0]["type"], "PolicyEntity");
}

#[test]
fn policy_types_and_names_are_checked_on_create() {
    let api = Api::start(0);
    for body in [json!({"name": "No type"}), json!({"type": "NOT_A_TYPE", "name": "x"})] {
        let r = api.post("/api/v1/policies", &body);
        assert_eq!((r.status, r.error_code()), (400, "E0000002".into()), "{body}");
    }
    let r = api.post("/api/v1/policies", &json!({"type": "IDP_DISCOVERY", "name": "x"}));
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()), "read-only type");
    for name in [json!(""), json!("n".repeat(51)), json!("Default Policy")] {
        let r = api.post("/api/v1/policies", &json!({"type": "PASSWORD", "name": name}));
        assert_eq!((r.status, r.error_code()), (400, "E0000001".into()), "{name}");
        assert!(r.json()["errorCauses"][0]["errorSummary"].as_str().unwrap().starts_with("name: "));
    }
}

#[test]
fn rules_take_the_policys_type_and_actions_and_the_default_rule_stays_last() {
    let api = Api::start(0);
    let policy = api.post("/api/v1/policies", &json!({"type": "ACCESS_POLICY", "name": "Partner apps"})).json();
    let id = policy["id"].as_str().unwrap();
    assert!(policy["_links"]["mappings"]["href"].is_string());
    let rules = format!("/api/v1/policies/{id}/rules");
    let catch_all = api.get(&rules).json();
    assert_eq!((catch_all[0]["name"].as_str(), catch_all[0]["system"].as_bool()), (Some("Catch-all Rule"), Some(true)));
    let r = api.post(&rules, &json!({"type": "SIGN_ON", "name": "Wrong type"}));
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()));
    let r = api.post(&rules, &json!({"name": "Wrong action", "actions": {"signon": {"access": "DENY"}}}));
    assert_eq!((r.status, r.json()["errorCauses"][0]["errorSummary"].as_str().unwrap().starts_with("actions.signon: ")), (400, true));
    let deny = json!({"appSignOn": {"access": "DENY", "verificationMethod": {"factorMode": "1FA", "type": "ASSURANCE", "reauthenticateIn": "PT2H"}}});
    let r = api.post(&format!("{rules}?activate=false"), &json!({"name": "Deny", "actions": deny, "priority": 7}));
    assert_eq!(r.status, 200, "{}", r.text);
    let rule = r.json();
    assert_eq!((rule["type"].as_str(), rule["status"].as_str(), rule["priority"].as_u64()), (Some("ACCESS_POLICY"), Some("INACTIVE"), Some(1)), "the type is filled in, the priority clamped");
    let rule_id = rule["id"].as_str().unwrap();
    let second = api.post(&rules, &json!({"name": "First", "priority": 1})).json();
    assert_eq!(names_by_priority(&api.get(&rules).json()), [("First".into(), 1), ("Deny".into(), 2), ("Catch-all Rule".into(), 3)]);
    assert_eq!(second["actions"]["appSignOn"]["access"], "ALLOW", "absent actions take the type's default");

    assert_eq!(api.post_empty(&format!("{rules}/{rule_id}/lifecycle/activate")).status, 204);
    assert_eq!(api.get(&format!("{rules}/{rule_id}")).json()["status"], "ACTIVE");
    let default_id = catch_all[0]["id"].as_str().unwrap();
    for (method, path) in [("POST", format!("{rules}/{default_id}/lifecycle/deactivate")), ("DELETE", format!("{rules}/{default_id}"))] {
        let r = api.call(method, &path, None);
        assert_eq!((r.status, r.error_code()), (400, "E0000001".into()), "{method} {path}");
    }
    let r = api.call("PUT", &format!("{rules}/{default_id}"), Some(&json!({"name": "Catch-all Rule", "priority": 1})));
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()), "its priority is read-only");
    let r = api.call("PUT", &format!("{rules}/{default_id}"), Some(&json!({"name": "Everyone else", "actions": deny})));
    assert_eq!((r.status, r.json()["actions"]["appSignOn"]["access"].as_str()), (200, Some("DENY")), "a default rule can be edited");
    assert_eq!(api.call("DELETE", &format!("{rules}/{rule_id}"), None).status, 204);
    assert_eq!(names_by_priority(&api.get(&rules).json()), [("First".into(), 1), ("Everyone else".into(), 2)]);
    let embedded = api.get(&format!("/api/v1/policies/{id}?expand=rules")).json();
    assert_eq!(embedded["_embedded"]["rules"].as_array().unwrap().len(), 2);
}

#[test]
fn default_policies_are_never_deleted_or_deactivated_and_user_profile_policies_take_no_rules() {
    let api = Api::start(0);
    let default = api.get("/api/v1/policies?type=MFA_ENROLL").json()[0].clone();
    let id = default["id"].as_str().unwrap();
    assert_eq!((default["system"].as_bool(), default["_links"]["deactivate"].is_null()), (Some(true), true));
    for (method, path) in [("POST", format!("/api/v1/policies/{id}/lifecycle/deactivate")), ("DELETE", format!("/api/v1/policies/{id}"))] {
        let r = api.call(method, &path, None);
        assert_eq!((r.status, r.error_code()), (400, "E0000001".into()), "{method} {path}");
    }
    let r = api.call("PUT", &format!("/api/v1/policies/{id}"), Some(&json!({"type": "MFA_ENROLL", "name": "Default Policy", "priority": 3})));
    assert_eq!(r.json()["errorCauses"][0]["errorSummary"], "priority: Cannot modify the priority attribute because it is read-only.");
    let profile = api.post("/api/v1/policies", &json!({"type": "PROFILE_ENROLLMENT", "name": "Sign-up"})).json();
    let r = api.post(&format!("/api/v1/policies/{}/rules", profile["id"].as_str().unwrap()), &json!({"name": "Another"}));
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()));
}

#[test]
fn an_app_takes_an_access_policy_which_then_cannot_be_deactivated_or_deleted() {
    let api = Api::start(0);
    let app = api.get("/api/v1/apps?q=Team").json()[0]["id"].as_str().unwrap().to_string();
    let policy = api.post("/api/v1/policies", &json!({"type": "ACCESS_POLICY", "name": "Wiki"})).json();
    let id = policy["id"].as_str().unwrap();
    let r = api.call("PUT", &format!("/api/v1/apps/{app}/policies/{id}"), None);
    assert_eq!((r.status, r.text.as_str()), (204, ""));
    let href = api.get(&format!("/api/v1/apps/{app}")).json()["_links"]["accessPolicy"]["href"].as_str().unwrap().to_string();
    assert!(href.ends_with(&format!("/api/v1/policies/{id}")), "{href}");
    let mappings = api.get(&format!("/api/v1/policies/{id}/mappings")).json();
    assert_eq!((mappings[0]["id"].as_str(), mappings[0]["_links"]["application"]["href"].as_str().map(|h| h.ends_with(&app))), (Some(app.as_str()), Some(true)));
    for (method, path) in [("POST", format!("/api/v1/policies/{id}/lifecycle/deactivate")), ("DELETE", format!("/api/v1/policies/{id}"))] {
        let r = api.call(method, &path, None);
        assert_eq!((r.status, r.error_code()), (400, "E0000001".into()), "{method} {path}");
    }
    let password = api.get("/api/v1/policies?type=PASSWORD").json()[0]["id"].as_str().unwrap().to_string();
    let r = api.call("PUT", &format!("/api/v1/apps/{app}/policies/{password}"), None);
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()), "only ACCESS_POLICY");
    assert_eq!(api.call("PUT", &format!("/api/v1/apps/0oanosuchapp00000000/policies/{id}"), None).status, 404);
    assert_eq!(api.call("PUT", &format!("/api/v1/apps/{app}/policies/rstnosuchpolicy00000"), None).status, 404);
    // Reassigning the app frees the policy.
    let default = api.get("/api/v1/policies?type=ACCESS_POLICY").json().as_array().unwrap().iter().find(|p| p["system"] == true).unwrap()["id"].as_str().unwrap().to_string();
    assert_eq!(api.call("PUT", &format!("/api/v1/apps/{app}/policies/{default}"), None).status, 204);
    assert_eq!(api.call("DELETE", &format!("/api/v1/policies/{id}"), None).status, 204);
}
