//! User and app-user profile schemas, user types.
mod sim_support;

use serde_json::json;
use sim_support::Api;

#[test]
fn default_user_schema_lists_base_attributes_and_requirements() {
    let api = Api::start(0);
    let s = api.get("/api/v1/meta/schemas/user/default").json();
    assert_eq!(s["$schema"], "http://json-schema.org/draft-04/schema#");
    assert_eq!(s["definitions"]["base"]["required"], json!(["login", "email", "firstName", "lastName"]));
    let login = &s["definitions"]["base"]["properties"]["login"];
    assert_eq!((login["minLength"].as_i64(), login["maxLength"].as_i64(), login["required"].as_bool()), (Some(5), Some(100), Some(true)));
    assert_eq!(s["definitions"]["base"]["properties"]["firstName"]["title"], "First name");
}

#[test]
fn custom_attributes_are_added_used_by_profiles_and_deleted_with_null() {
    let api = Api::start(0);
    let add = json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "costCentreCode": {"title": "Cost centre", "type": "integer", "unique": true}}, "required": []}}});
    let s = api.post("/api/v1/meta/schemas/user/default", &add).json();
    let attr = &s["definitions"]["custom"]["properties"]["costCentreCode"];
    assert_eq!((attr["mutability"].as_str(), attr["unique"].as_str()), (Some("READ_WRITE"), Some("UNIQUE_VALIDATED")));
    let body = |v: serde_json::Value| json!({"profile": {"login": "cc@example.com", "email": "cc@example.com", "firstName": "C", "lastName": "C", "costCentreCode": v}});
    let wrong_type = api.post("/api/v1/users", &body(json!("abc")));
    assert_eq!((wrong_type.status, wrong_type.error_code()), (400, "E0000001".into()));
    let u = api.post("/api/v1/users", &body(json!(42)));
    assert_eq!(u.json()["profile"]["costCentreCode"], 42);
    let search = api.get("/api/v1/users?search=profile.costCentreCode%20eq%2042").json();
    assert_eq!(search.as_array().unwrap().len(), 1);
    let remove = json!({"definitions": {"custom": {"properties": {"costCentreCode": null}}}});
    let s = api.post("/api/v1/meta/schemas/user/default", &remove).json();
    assert!(s["definitions"]["custom"]["properties"].get("costCentreCode").is_none());
    let bad = json!({"definitions": {"custom": {"properties": {"x": {"type": "date"}}}}});
    assert_eq!(api.post("/api/v1/meta/schemas/user/default", &bad).status, 400);
}

#[test]
fn user_types_link_to_their_schema_and_can_be_used_on_create() {
    let api = Api::start(0);
    let types = api.get("/api/v1/meta/types/user").json();
    assert_eq!(types.as_array().unwrap().len(), 1);
    assert_eq!(types[0]["default"], true);
    let schema_href = types[0]["_links"]["schema"]["href"].as_str().unwrap();
    assert!(schema_href.contains("/meta/schemas/user/osc"));
    assert_eq!(api.get(schema_href).status, 200, "schema reachable by its id");
    let t = api.post("/api/v1/meta/types/user", &json!({"name": "contractor", "displayName": "Contractor"})).json();
    let body = json!({"profile": {"login": "c@example.com", "email": "c@example.com", "firstName": "C", "lastName": "T"}, "type": {"id": t["id"]}});
    let u = api.post("/api/v1/users", &body);
    assert_eq!((u.status, u.json()["type"]["id"].clone()), (200, t["id"].clone()));
    let unknown = json!({"profile": {"login": "d@example.com", "email": "d@example.com", "firstName": "D", "lastName": "T"}, "type": {"id": "otyunknown0000000000"}});
    assert_eq!(api.post("/api/v1/users", &unknown).status, 400);
}

#[test]
fn app_user_schema_has_username_base_and_custom_attributes_enable_app_profiles() {
    let api = Api::start(0);
    let app = api.get("/api/v1/apps?q=Team").json()[0]["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/meta/schemas/apps/{app}/default");
    let s = api.get(&path).json();
    assert_eq!(s["definitions"]["base"]["required"], json!(["userName"]));
    let add = json!({"definitions": {"custom": {"properties": {"wikiRole": {"title": "Role", "type": "string"}}}}});
    assert_eq!(api.post(&path, &add).status, 200);
    let u = api.create_user("wiki@example.com", "?activate=true", Some(json!({"password": {"value": "Tr0ub4dor&3x"}})));
    let r = api.post(&format!("/api/v1/apps/{app}/users"), &json!({"id": u["id"], "profile": {"wikiRole": "editor"}}));
    assert_eq!(r.json()["profile"]["wikiRole"], "editor");
}
