//! Null attributes are present, not omitted, as real orgs send them
//! (issue 14, item 4).
mod sim_support;

use serde_json::{json, Value};
use sim_support::Api;

#[test]
fn users_carry_unset_mobile_phone_and_second_email_as_null() {
    let api = Api::start(0);
    let u = api.create_user("nulls@example.com", "?activate=false", None);
    let id = u["id"].as_str().unwrap();
    for user in [u.clone(), api.get(&format!("/api/v1/users/{id}")).json(), api.get("/api/v1/users").json()[0].clone()] {
        let profile = user["profile"].as_object().unwrap();
        assert_eq!(profile.get("mobilePhone"), Some(&Value::Null), "{user}");
        assert_eq!(profile.get("secondEmail"), Some(&Value::Null), "{user}");
    }
}

#[test]
fn groups_carry_an_unset_description_as_null() {
    let api = Api::start(0);
    let g = api.post("/api/v1/groups", &json!({"profile": {"name": "No description"}})).json();
    assert_eq!(g["profile"].as_object().unwrap().get("description"), Some(&Value::Null));
    let id = g["id"].as_str().unwrap();
    assert_eq!(api.get(&format!("/api/v1/groups/{id}")).json()["profile"]["description"], Value::Null);
}

#[test]
fn app_users_carry_external_id_and_password_changed_as_null() {
    let api = Api::start(20);
    let app = api.get("/api/v1/apps?q=Workday").json()[0]["id"].as_str().unwrap().to_string();
    let listed = api.get(&format!("/api/v1/apps/{app}/users")).json();
    let one = listed[0].as_object().unwrap();
    assert_eq!(one.get("externalId"), Some(&Value::Null));
    assert_eq!(one.get("passwordChanged"), Some(&Value::Null));
}

#[test]
fn access_policies_carry_null_conditions() {
    let api = Api::start(0);
    let p = api.get("/api/v1/policies?type=ACCESS_POLICY").json()[0].clone();
    assert_eq!(p.as_object().unwrap().get("conditions"), Some(&Value::Null), "{p}");
    assert!(api.get("/api/v1/policies?type=PASSWORD").json()[0]["conditions"].is_object());
}
