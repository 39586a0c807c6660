//! Profile values are validated against the org's own schemas, by the simulator as by Okta, and the
//! connector names the refused field where the caller put it.
mod common;

use common::Org;
use serde_json::{json, Value};

fn badge_attribute(org: &Org) {
    let add = json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "badgeNumber": {"title": "Badge number", "type": "string", "maxLength": 20}}, "required": []}}});
    assert_eq!(org.okta("POST", "/api/v1/meta/schemas/user/default", Some(add)).0, 200);
}

fn new_user(login: &str, extra: Value) -> Value {
    let mut input = json!({"profile": {"login": login, "email": login, "firstName": "Bea", "lastName": "Dge"}});
    input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    input
}

fn users_named(org: &Org, login: &str) -> usize {
    let search = format!("/api/v1/users?search=profile.login%20eq%20%22{}%22", login.replace('@', "%40"));
    org.okta("GET", &search, None).1.as_array().unwrap().len()
}

#[test]
fn a_too_long_custom_attribute_on_create_user_is_invalid_input_at_its_path_with_oktas_detail() {
    let org = common::org(0);
    badge_attribute(&org);
    let long = "B".repeat(40);
    let err = org.run("create-user", new_user("bea@example.com", json!({"profileExtraAttributes": {"badgeNumber": long}}))).unwrap_err();
    assert_eq!(err["error"], "invalid-input");
    assert_eq!(err["path"], "profileExtraAttributes.badgeNumber");
    let message = err["message"].as_str().unwrap();
    assert!(message.starts_with("badgeNumber: The field cannot exceed 20 characters (Okta E0000001, Api validation failed"), "{message}");
    assert!(message.contains("errorId "), "{message}");
    assert_eq!(users_named(&org, "bea@example.com"), 0, "nothing was created");
    let ok = org.run("create-user", new_user("bea@example.com", json!({"profileExtraAttributes": {"badgeNumber": "B-1234"}}))).unwrap();
    assert_eq!(ok["profile"]["badgeNumber"], "B-1234");
}

#[test]
fn a_too_long_custom_attribute_on_update_user_is_invalid_input_at_its_path() {
    let org = common::org(0);
    badge_attribute(&org);
    let user = org.create_user("finn@example.com");
    let id = user["id"].as_str().unwrap();
    let err = org.run("update-user", json!({"userId": id, "profile": {"badgeNumber": "F".repeat(40), "title": "Lead"}})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("profile.badgeNumber")));
    assert!(err["message"].as_str().unwrap().starts_with("badgeNumber: The field cannot exceed 20 characters (Okta E0000001"), "{err}");
    let stored = org.okta("GET", &format!("/api/v1/users/{id}"), None).1;
    assert!(stored["profile"]["badgeNumber"].is_null() && stored["profile"]["title"].is_null(), "nothing was half-applied: {stored}");
    let ok = org.run("update-user", json!({"userId": id, "profile": {"badgeNumber": "F-7"}})).unwrap();
    assert_eq!(ok["profile"]["badgeNumber"], "F-7");
}

#[test]
fn a_refused_base_attribute_is_named_under_profile() {
    let org = common::org(0);
    let mut input = new_user("cy@example.com", json!({}));
    input["profile"]["firstName"] = json!("C".repeat(60));
    let err = org.run("create-user", input).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("profile.firstName")));
}

#[test]
fn the_simulator_refuses_custom_values_against_the_user_schema_with_oktas_causes() {
    let org = common::org(0);
    let add = json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "badgeNumber": {"title": "Badge", "type": "string", "maxLength": 20, "minLength": 3},
        "shirtSize": {"title": "Size", "type": "string", "enum": ["S", "M", "L"]},
        "costCode": {"title": "Cost code", "type": "string", "pattern": "[A-Z]{2}-[0-9]{3}"},
        "floor": {"title": "Floor", "type": "integer", "minimum": 0, "maximum": 40},
        "skills": {"title": "Skills", "type": "array", "items": {"type": "string", "enum": ["rust", "go"]}},
        "employeeKey": {"title": "Employee key", "type": "string", "required": true},
        "hrId": {"title": "HR id", "type": "string", "mutability": "READ_ONLY"},
        "startDay": {"title": "Start day", "type": "string", "mutability": "IMMUTABLE"}}, "required": ["employeeKey"]}}});
    assert_eq!(org.okta("POST", "/api/v1/meta/schemas/user/default", Some(add)).0, 200);
    let create = |extra: Value| {
        let mut profile = json!({"login": "dee@example.com", "email": "dee@example.com", "firstName": "Dee", "lastName": "Vee", "employeeKey": "k1"});
        profile.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        org.okta("POST", "/api/v1/users?activate=false", Some(json!({"profile": profile})))
    };
    let refusals = [
        (json!({"badgeNumber": "B".repeat(40)}), "badgeNumber: The field cannot exceed 20 characters"),
        (json!({"badgeNumber": "B"}), "badgeNumber: The field must be at least 3 characters"),
        (json!({"shirtSize": "XXL"}), "shirtSize: Does not match required enum values"),
        (json!({"costCode": "ab-123"}), "costCode: Does not match required pattern"),
        (json!({"costCode": "AB-1234"}), "costCode: Does not match required pattern"),
        (json!({"floor": 41}), "floor: The field cannot be greater than 40"),
        (json!({"floor": "3"}), "floor: Does not match required type integer"),
        (json!({"skills": ["rust", "cobol"]}), "skills: Does not match required enum values"),
        (json!({"employeeKey": null}), "employeeKey: The field cannot be left blank"),
        (json!({"hrId": "H1"}), "hrId: The field is read-only and cannot be changed"),
    ];
    for (extra, cause) in refusals {
        let (status, body) = create(extra.clone());
        assert_eq!((status, body["errorCode"].as_str()), (400, Some("E0000001")), "{extra}: {body}");
        let causes: Vec<&str> = body["errorCauses"].as_array().unwrap().iter().map(|c| c["errorSummary"].as_str().unwrap()).collect();
        assert_eq!(causes, vec![cause], "{extra}");
    }
    let (status, user) = create(json!({"badgeNumber": "B-12", "shirtSize": "M", "costCode": "AB-123", "floor": 7, "skills": ["go"], "startDay": "Mon"}));
    assert_eq!(status, 200, "{user}");
    let id = user["id"].as_str().unwrap();
    let update = |profile: Value| org.okta("POST", &format!("/api/v1/users/{id}"), Some(json!({"profile": profile})));
    let (status, body) = update(json!({"badgeNumber": "X".repeat(40)}));
    assert_eq!((status, body["errorCauses"][0]["errorSummary"].as_str()), (400, Some("badgeNumber: The field cannot exceed 20 characters")));
    assert_eq!(update(json!({"startDay": "Tue"})).1["errorCauses"][0]["errorSummary"], "startDay: The field is immutable and cannot be changed");
    assert_eq!(update(json!({"shirtSize": "L"})).0, 200, "untouched read-only and immutable values pass");
    let stored = org.okta("GET", &format!("/api/v1/users/{id}"), None).1;
    assert_eq!((stored["profile"]["badgeNumber"].as_str(), stored["profile"]["shirtSize"].as_str()), (Some("B-12"), Some("L")));
}

#[test]
fn the_simulator_validates_group_and_app_user_profiles_against_their_schemas() {
    let org = common::org(5);
    let add = |path: &str, props: Value| {
        let (status, body) = org.okta("POST", path, Some(json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": props, "required": []}}})));
        assert_eq!(status, 200, "{body}");
    };
    add("/api/v1/meta/schemas/group/default", json!({"groupContact": {"title": "Contact", "type": "string", "maxLength": 10}}));
    let group = |profile: Value| org.okta("POST", "/api/v1/groups", Some(json!({"profile": profile})));
    assert_eq!(group(json!({"name": "Ops", "groupContact": "a-very-long-contact"})).1["errorCauses"][0]["errorSummary"], "groupContact: The field cannot exceed 10 characters");
    assert_eq!(group(json!({"name": "Ops", "undeclared": "x"})).1["errorCauses"][0]["errorSummary"], "undeclared: Property name 'undeclared' is not defined in profile");
    assert_eq!(group(json!({"name": "Ops", "groupContact": "ops@x"})).0, 200);

    let app = org.okta("GET", "/api/v1/apps?q=Team", None).1[0]["id"].as_str().unwrap().to_string();
    add(&format!("/api/v1/meta/schemas/apps/{app}/default"), json!({
        "wikiRole": {"title": "Role", "type": "string", "enum": ["reader", "editor"]},
        "wikiId": {"title": "Wiki id", "type": "string", "mutability": "READ_ONLY"}}));
    let user = org.okta("POST", "/api/v1/users?activate=true", Some(json!({"profile": {"login": "eve@example.com", "email": "eve@example.com", "firstName": "Eve", "lastName": "Ee"}, "credentials": {"password": {"value": "Abcdef-12345"}}}))).1;
    let assign = |profile: Value| org.okta("POST", &format!("/api/v1/apps/{app}/users"), Some(json!({"id": user["id"], "profile": profile})));
    assert_eq!(assign(json!({"wikiRole": "admin"})).1["errorCauses"][0]["errorSummary"], "wikiRole: Does not match required enum values");
    assert_eq!(assign(json!({"wikiId": "w1"})).1["errorCauses"][0]["errorSummary"], "wikiId: The field is read-only and cannot be changed");
    assert_eq!(assign(json!({"wikiRole": "reader"})).0, 200);
    let path = format!("/api/v1/apps/{app}/users/{}", user["id"].as_str().unwrap());
    assert_eq!(org.okta("POST", &path, Some(json!({"profile": {"wikiRole": "owner"}}))).0, 400);
    assert_eq!(org.okta("GET", &path, None).1["profile"]["wikiRole"], "reader", "the refused value was not stored");
}
