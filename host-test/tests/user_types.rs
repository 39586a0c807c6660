//! User types through the connector: create, update (partial and strict), delete, and each type's own schema.
mod common;

use serde_json::{json, Value};

/// The `/api/v1/…` path of a type's schema, from its `_links.schema.href`.
fn schema_path(t: &Value) -> String {
    let href = t["_links"]["schema"]["href"].as_str().unwrap();
    format!("/api/v1{}", href.split("/api/v1").nth(1).unwrap())
}

fn add_custom(org: &common::Org, path: &str, name: &str, def: Value) {
    let body = json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {name: def}, "required": []}}});
    let (status, s) = org.okta("POST", path, Some(body));
    assert_eq!(status, 200, "{s}");
}

#[test]
fn a_user_type_is_created_updated_replaced_and_deleted() {
    let org = common::org(0);
    let t = org.run("create-user-type", json!({"name": "contractor", "displayName": "Contractor", "description": "External staff"})).unwrap();
    let id = t["id"].as_str().unwrap().to_string();
    let one = format!("/api/v1/meta/types/user/{id}");
    assert_eq!(org.read(&one)["displayName"], "Contractor");
    assert_eq!(org.read("/api/v1/meta/types/user").as_array().unwrap().len(), 2);

    let partial = org.run("update-user-type", json!({"typeId": id, "displayName": "Contractors"})).unwrap();
    assert_eq!(partial["displayName"], "Contractors");
    let sent = org.requests_to(&one).pop().unwrap();
    assert_eq!((sent.method.as_str(), sent.body.as_str()), ("POST", r#"{"displayName":"Contractors"}"#), "partial is Okta's POST of what changes");
    let stored = org.read(&one);
    assert_eq!((stored["displayName"].as_str(), stored["description"].as_str()), (Some("Contractors"), Some("External staff")));

    org.run("update-user-type", json!({"typeId": id, "semantics": "strict", "displayName": "Vendor", "description": "Vendors"})).unwrap();
    let put = org.requests_to(&one).into_iter().rev().find(|r| r.method == "PUT").expect("strict is Okta's PUT");
    assert_eq!(serde_json::from_str::<Value>(&put.body).unwrap(), json!({"name": "contractor", "displayName": "Vendor", "description": "Vendors"}));
    let stored = org.read(&one);
    assert_eq!((stored["name"].as_str(), stored["displayName"].as_str(), stored["description"].as_str()), (Some("contractor"), Some("Vendor"), Some("Vendors")));

    assert_eq!(org.run("delete-user-type", json!({"typeId": id})).unwrap(), json!({"typeId": id, "deleted": true}));
    assert_eq!(org.okta("GET", &one, None).0, 404);
    assert_eq!(org.okta("GET", &schema_path(&t), None).0, 404, "its schema went with it");
    let again = org.run("delete-user-type", json!({"typeId": id})).unwrap_err();
    assert_eq!((again["error"].as_str(), again["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
}

#[test]
fn each_type_has_its_own_schema_and_its_users_are_validated_against_it() {
    let org = common::org(0);
    add_custom(&org, "/api/v1/meta/schemas/user/default", "badgeNumber", json!({"title": "Badge", "type": "string"}));
    let t = org.run("create-user-type", json!({"name": "contractor", "displayName": "Contractor"})).unwrap();
    let schema = schema_path(&t);
    assert_eq!(org.read(&schema)["definitions"]["custom"]["properties"], json!({}), "a new type has no custom attributes, not the default type's");
    add_custom(&org, &schema, "agency", json!({"title": "Agency", "type": "string", "maxLength": 10}));
    assert!(org.read("/api/v1/meta/schemas/user/default")["definitions"]["custom"]["properties"].get("agency").is_none());

    let profile = |login: &str| json!({"login": login, "email": login, "firstName": "Cora", "lastName": "Tractor"});
    let made = org.run("create-user", json!({"profile": profile("cora@example.com"), "typeId": t["id"], "profileExtraAttributes": {"agency": "Acme"}})).unwrap();
    let stored = org.read(&format!("/api/v1/users/{}", made["id"].as_str().unwrap()));
    assert_eq!((stored["type"]["id"].clone(), stored["profile"]["agency"].clone()), (t["id"].clone(), json!("Acme")));

    let badge = org.run("create-user", json!({"profile": profile("bea@example.com"), "typeId": t["id"], "profileExtraAttributes": {"badgeNumber": "7"}})).unwrap_err();
    assert_eq!((badge["error"].as_str(), badge["path"].as_str()), (Some("invalid-input"), Some("profileExtraAttributes.badgeNumber")), "{badge}");
    assert!(badge["message"].as_str().unwrap().contains("E0000001"), "{badge}");
    let long = org.run("create-user", json!({"profile": profile("al@example.com"), "typeId": t["id"], "profileExtraAttributes": {"agency": "Far too long an agency"}})).unwrap_err();
    assert_eq!(long["path"], "profileExtraAttributes.agency", "{long}");
    let default_user = org.run("create-user", json!({"profile": profile("dee@example.com"), "profileExtraAttributes": {"agency": "Acme"}})).unwrap_err();
    assert_eq!(default_user["path"], "profileExtraAttributes.agency", "default-type users do not have the contractor's attribute");
    assert_eq!(org.read("/api/v1/users").as_array().unwrap().len(), 1, "only the valid user exists");
}

#[test]
fn okta_refuses_to_delete_the_default_type_or_one_in_use() {
    let org = common::org(0);
    let default = org.read("/api/v1/meta/types/user")[0]["id"].as_str().unwrap().to_string();
    let err = org.run("delete-user-type", json!({"typeId": default})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("forbidden"), Some("E0000006")), "{err}");
    let t = org.run("create-user-type", json!({"name": "partner", "displayName": "Partner"})).unwrap();
    org.run("create-user", json!({"profile": {"login": "pat@example.com", "email": "pat@example.com", "firstName": "P", "lastName": "T"}, "typeId": t["id"], "activate": false})).unwrap();
    let err = org.run("delete-user-type", json!({"typeId": t["id"]})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("forbidden"), Some("E0000006")), "{err}");
    assert_eq!(org.read("/api/v1/meta/types/user").as_array().unwrap().len(), 2, "both types remain");
}

#[test]
fn bad_user_type_input_names_the_field_and_sends_nothing() {
    let org = common::org(0);
    for (key, input, path) in [
        ("create-user-type", json!({"name": "1st", "displayName": "First"}), "name"),
        ("create-user-type", json!({"name": "has space", "displayName": "X"}), "name"),
        ("create-user-type", json!({"name": "ok", "displayName": " "}), "displayName"),
        ("create-user-type", json!({"displayName": "X"}), "name"),
        ("update-user-type", json!({"typeId": "oty1"}), "displayName"),
        ("update-user-type", json!({"typeId": "oty1", "semantics": "strict", "displayName": "X"}), "description"),
        ("update-user-type", json!({"typeId": "oty1", "name": "renamed"}), "name"),
        ("delete-user-type", json!({"typeId": " "}), "typeId"),
    ] {
        let err = org.run(key, input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{key}: {err}");
    }
    assert!(org.sim.requests().is_empty());
}
