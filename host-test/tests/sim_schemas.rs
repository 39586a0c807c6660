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

fn custom(name: &str, def: serde_json::Value) -> serde_json::Value {
    json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {name: def}, "required": []}}})
}

fn schema_path(t: &serde_json::Value) -> String {
    let href = t["_links"]["schema"]["href"].as_str().unwrap();
    format!("/api/v1{}", href.split("/api/v1").nth(1).unwrap())
}

#[test]
fn each_user_type_has_its_own_schema_and_validates_its_users_against_it() {
    let api = Api::start(0);
    api.post("/api/v1/meta/schemas/user/default", &custom("badgeNumber", json!({"title": "Badge", "type": "string"})));
    let t = api.post("/api/v1/meta/types/user", &json!({"name": "contractor", "displayName": "Contractor"})).json();
    let path = schema_path(&t);
    let fresh = api.get(&path).json();
    assert_eq!(fresh["definitions"]["custom"]["properties"], json!({}), "a new type starts with no custom attributes");
    assert!(fresh["definitions"]["base"]["properties"]["login"].is_object());
    api.post(&path, &custom("agency", json!({"title": "Agency", "type": "string", "maxLength": 10})));
    let default = api.get("/api/v1/meta/schemas/user/default").json();
    assert!(default["definitions"]["custom"]["properties"].get("agency").is_none(), "the type's attribute stays in its schema");
    let profile = |login: &str, extra: serde_json::Value| {
        let mut p = json!({"login": login, "email": login, "firstName": "C", "lastName": "T"});
        p.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        p
    };
    let with_type = |login: &str, extra| json!({"profile": profile(login, extra), "type": {"id": t["id"]}});
    assert_eq!(api.post("/api/v1/users", &with_type("c1@example.com", json!({"agency": "Acme"}))).status, 200);
    let badge = api.post("/api/v1/users", &with_type("c2@example.com", json!({"badgeNumber": "7"})));
    assert_eq!((badge.status, badge.error_code()), (400, "E0000001".into()), "the default type's attribute is not the contractor's");
    let long = api.post("/api/v1/users", &with_type("c3@example.com", json!({"agency": "Far too long an agency"})));
    assert!(long.text.contains("agency: The field cannot exceed 10 characters"), "{}", long.text);
    let plain = api.post("/api/v1/users", &json!({"profile": profile("d1@example.com", json!({"agency": "Acme"}))}));
    assert_eq!(plain.status, 400, "default-type users do not get the contractor's attribute");
    // A replace that moves a user to the type is checked against the type's schema.
    let moved = api.post("/api/v1/users", &json!({"profile": profile("d2@example.com", json!({"badgeNumber": "7"}))})).json();
    let put = |p: serde_json::Value| api.call("PUT", &format!("/api/v1/users/{}", moved["id"].as_str().unwrap()), Some(&json!({"profile": p, "type": {"id": t["id"]}})));
    assert_eq!(put(profile("d2@example.com", json!({"badgeNumber": "7"}))).status, 400, "the badge does not exist in the new type");
    let r = put(profile("d2@example.com", json!({"agency": "Acme"})));
    assert_eq!((r.status, r.json()["type"]["id"].clone()), (200, t["id"].clone()));
    let bad_name = api.post("/api/v1/meta/types/user", &json!({"name": "2nd type", "displayName": "Second"}));
    assert_eq!((bad_name.status, bad_name.error_code()), (400, "E0000001".into()));
}

#[test]
fn user_types_are_updated_replaced_and_deleted_by_okta_rules() {
    let api = Api::start(0);
    let t = api.post("/api/v1/meta/types/user", &json!({"name": "partner", "displayName": "Partner", "description": "External"})).json();
    let one = format!("/api/v1/meta/types/user/{}", t["id"].as_str().unwrap());
    let updated = api.post(&one, &json!({"displayName": "Partners"})).json();
    assert_eq!((updated["displayName"].as_str(), updated["description"].as_str()), (Some("Partners"), Some("External")), "partial keeps what is not sent");
    let rename = api.post(&one, &json!({"name": "vendor"}));
    assert_eq!((rename.status, rename.error_code()), (400, "E0000001".into()));
    let incomplete = api.call("PUT", &one, Some(&json!({"name": "partner", "displayName": "P"})));
    assert!(incomplete.status == 400 && incomplete.text.contains("description"), "{}", incomplete.text);
    let replaced = api.call("PUT", &one, Some(&json!({"name": "partner", "displayName": "Partner org", "description": "Resellers"}))).json();
    assert_eq!(api.get(&one).json()["description"], "Resellers");
    assert_eq!(replaced["displayName"], "Partner org");
    let default = api.call("DELETE", "/api/v1/meta/types/user/default", None);
    assert_eq!((default.status, default.error_code()), (403, "E0000006".into()));
    let body = json!({"profile": {"login": "p@example.com", "email": "p@example.com", "firstName": "P", "lastName": "T"}, "type": {"id": t["id"]}});
    let u = api.post("/api/v1/users?activate=false", &body).json();
    let in_use = api.call("DELETE", &one, None);
    assert_eq!((in_use.status, in_use.error_code()), (403, "E0000006".into()));
    assert!(in_use.text.contains("assigned to users"));
    for _ in 0..2 {
        api.call("DELETE", &format!("/api/v1/users/{}", u["id"].as_str().unwrap()), None);
    }
    assert_eq!(api.call("DELETE", &one, None).status, 204);
    assert_eq!(api.get(&one).status, 404);
    assert_eq!(api.get(&schema_path(&t)).status, 404, "the type's schema goes with it");
}

#[test]
fn group_schema_extensions_validate_group_profiles() {
    let api = Api::start(0);
    let s = api.post("/api/v1/meta/schemas/group/default", &custom("costCenter", json!({"title": "Cost center", "type": "string", "enum": ["R&D", "Sales"]}))).json();
    assert_eq!(s["definitions"]["custom"]["properties"]["costCenter"]["mutability"], "READ_WRITE");
    assert!(api.get("/api/v1/meta/schemas/group/default").json()["definitions"]["custom"]["properties"]["costCenter"].is_object());
    let g = api.post("/api/v1/groups", &json!({"profile": {"name": "Lab", "costCenter": "R&D"}}));
    assert_eq!((g.status, g.json()["profile"]["costCenter"].as_str()), (200, Some("R&D")));
    let bad = api.post("/api/v1/groups", &json!({"profile": {"name": "Lab 2", "costCenter": "Legal"}}));
    assert_eq!((bad.status, bad.error_code()), (400, "E0000001".into()));
    let unknown = api.post("/api/v1/groups", &json!({"profile": {"name": "Lab 3", "floor": "2"}}));
    assert!(unknown.status == 400 && unknown.text.contains("floor"), "{}", unknown.text);
}
