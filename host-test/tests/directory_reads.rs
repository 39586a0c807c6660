//! Policies, realms and user types through the component.
mod common;

use serde_json::json;

#[test]
fn list_policies_by_type_with_status_q_and_rules() {
    let org = common::org(0);
    let out = org.run("list-policies", json!({"type": "OKTA_SIGN_ON", "expand": "rules"})).unwrap();
    let policies = out["policies"].as_array().unwrap();
    assert!(!policies.is_empty());
    assert!(policies.iter().all(|p| p["type"] == "OKTA_SIGN_ON" && p["_embedded"]["rules"].is_array()));
    let req = org.requests_to("/api/v1/policies").pop().unwrap();
    assert_eq!(req.query.as_deref(), Some("type=OKTA_SIGN_ON&expand=rules"));
    let name = policies.iter().find(|p| p["status"] == "ACTIVE").expect("an active policy")["name"].as_str().unwrap();
    let by_q = org.run("list-policies", json!({"type": "OKTA_SIGN_ON", "status": "ACTIVE", "q": &name[..3]})).unwrap();
    assert!(by_q["policies"].as_array().unwrap().iter().any(|p| p["name"] == name));
    let none = org.run("list-policies", json!({"type": "OKTA_SIGN_ON", "status": "INACTIVE", "q": "zzz"})).unwrap();
    assert_eq!(none["policies"], json!([]));
    let err = org.run("list-policies", json!({"type": "NOT_A_TYPE"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("type")));
    let err = org.run("list-policies", json!({})).unwrap_err();
    assert_eq!(err["path"], "type");
    let err = org.run("list-policies", json!({"type": "PASSWORD", "sortBy": "priority"})).unwrap_err();
    assert_eq!(err["path"], "sortBy");
}

#[test]
fn get_policy_by_id_and_unknown_is_not_found() {
    let org = common::org(0);
    let (_, listed) = org.okta_get("/api/v1/policies?type=PASSWORD");
    let id = listed[0]["id"].as_str().unwrap();
    let p = org.run("get-policy", json!({"policyId": id})).unwrap();
    assert_eq!((p["id"].as_str(), p["type"].as_str()), (Some(id), Some("PASSWORD")));
    let err = org.run("get-policy", json!({"policyId": "00pnosuchpolicy00000"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
}

#[test]
fn list_realms_with_search_and_sort_and_get_one() {
    let org = common::org(0);
    let all = org.run("list-realms", json!({})).unwrap();
    let realms = all["realms"].as_array().unwrap();
    assert!(realms.len() >= 2);
    let (_, direct) = org.okta_get("/api/v1/realms");
    assert_eq!(realms.len(), direct.as_array().unwrap().len());
    let partner = realms.iter().find(|r| r["isDefault"] == false).unwrap();
    let name = partner["profile"]["name"].as_str().unwrap();
    let found = org.run("list-realms", json!({"search": format!("profile.name co \"{}\"", &name[1..4]), "sortBy": "profile.name", "sortOrder": "desc"})).unwrap();
    assert!(found["realms"].as_array().unwrap().iter().any(|r| r["id"] == partner["id"]));
    let one = org.run("get-realm", json!({"realmId": partner["id"]})).unwrap();
    assert_eq!(one["profile"]["name"], name);
    let err = org.run("get-realm", json!({"realmId": "guonosuchrealm000000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
    let err = org.run("list-realms", json!({"sortBy": "profile.name"})).unwrap_err();
    assert_eq!(err["path"], "sortBy");
}

#[test]
fn list_and_get_user_types() {
    let org = common::org(0);
    let out = org.run("list-user-types", json!({})).unwrap();
    let types = out["userTypes"].as_array().unwrap();
    let default = types.iter().find(|t| t["default"] == true).expect("a default type");
    let one = org.run("get-user-type", json!({"typeId": default["id"]})).unwrap();
    assert_eq!(one["name"], default["name"]);
    let err = org.run("get-user-type", json!({"typeId": "otynosuchtype0000000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
    let err = org.run("list-user-types", json!({"extra": 1})).unwrap_err();
    assert_eq!(err["error"], "invalid-input");
}
