//! Ids and object shapes as real orgs have them (issue 14, item 7).
mod sim_support;

use serde_json::json;
use sim_support::Api;

#[test]
fn access_policy_ids_start_with_rst() {
    let api = Api::start(0);
    let p = api.get("/api/v1/policies?type=ACCESS_POLICY").json()[0].clone();
    let id = p["id"].as_str().unwrap();
    assert!(id.starts_with("rst") && id.len() == 20, "{id}");
    assert!(api.get("/api/v1/policies?type=PASSWORD").json()[0]["id"].as_str().unwrap().starts_with("00p"));
}

#[test]
fn password_policies_carry_password_recovery_and_delegation_settings() {
    let api = Api::start(0);
    let p = api.get("/api/v1/policies?type=PASSWORD").json()[0].clone();
    let settings = &p["settings"];
    assert!(settings["password"]["complexity"]["minLength"].is_u64(), "{settings}");
    assert!(settings["password"]["lockout"]["maxAttempts"].is_u64(), "{settings}");
    assert!(settings["recovery"]["factors"].is_object(), "{settings}");
    assert_eq!(settings["delegation"], json!({"options": {"skipUnlock": false}}));
}

#[test]
fn system_policies_self_link_allows_only_get_and_put() {
    let api = Api::start(0);
    let policies = api.get("/api/v1/policies?type=OKTA_SIGN_ON").json();
    for p in policies.as_array().unwrap() {
        let allow = &p["_links"]["self"]["hints"]["allow"];
        match p["system"].as_bool() {
            Some(true) => assert_eq!(allow, &json!(["GET", "PUT"]), "{p}"),
            _ => assert_eq!(allow, &json!(["GET", "PUT", "DELETE"]), "{p}"),
        }
    }
}

#[test]
fn realms_have_a_plain_self_link_and_no_unset_realm_type() {
    let api = Api::start(0);
    for realm in api.get("/api/v1/realms").json().as_array().unwrap() {
        let id = realm["id"].as_str().unwrap();
        assert!(realm["profile"].get("realmType").is_none(), "{realm}");
        let href = format!("{}/api/v1/realms/{id}", api.sim.url());
        assert_eq!(realm["_links"]["self"], json!({"rel": "self", "href": href, "method": "GET"}));
    }
}

#[test]
fn the_default_user_schema_is_named_default_and_links_its_type() {
    let api = Api::start(0);
    let schema = api.get("/api/v1/meta/schemas/user/default").json();
    assert_eq!(schema["id"], format!("{}/meta/schemas/user/default", api.sim.url()));
    let type_id = api.get("/api/v1/meta/types/user").json()[0]["id"].as_str().unwrap().to_string();
    let href = schema["_links"]["type"]["href"].as_str().unwrap();
    assert!(href.ends_with(&format!("/api/v1/meta/types/user/{type_id}")), "{href}");
    let created = api.post("/api/v1/meta/types/user", &json!({"name": "partner", "displayName": "Partner"})).json();
    let other = api.get(created["_links"]["schema"]["href"].as_str().unwrap()).json();
    assert!(other["id"].as_str().unwrap().contains("/meta/schemas/user/osc"), "other types keep their osc id: {}", other["id"]);
}
