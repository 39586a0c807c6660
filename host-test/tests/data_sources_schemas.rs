//! Dynamic schemas follow the org: custom attributes appear and disappear, per user type and per app.
mod common;

use common::Org;
use serde_json::{json, Value};

fn add_custom(org: &Org, path: &str, properties: Value) {
    let (status, body) = org.okta("POST", path, Some(json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": properties, "required": []}}})));
    assert_eq!(status, 200, "{body}");
}

#[test]
fn user_profile_schema_includes_a_custom_attribute_added_to_the_org_and_drops_it_when_removed() {
    let org = common::org(0);
    let before = org.data("user-profile-schema", json!({})).unwrap();
    assert_eq!(before["type"], "object");
    assert_eq!(before["properties"]["login"], json!({"title": "Login", "type": "string", "minLength": 5, "maxLength": 100, "pattern": "[^\\s]+"}));
    for field in ["login", "email", "firstName", "lastName"] {
        assert!(before["required"].as_array().unwrap().contains(&json!(field)), "{field}");
    }
    assert!(before["properties"].get("badgeNumber").is_none());

    add_custom(&org, "/api/v1/meta/schemas/user/default", json!({
        "badgeNumber": {"title": "Badge number", "description": "Printed on the badge", "type": "string", "maxLength": 20, "required": true},
        "shirtSize": {"title": "Shirt size", "type": "string", "enum": ["S", "M"], "oneOf": [{"const": "S", "title": "Small"}, {"const": "M", "title": "Medium"}]},
        "hrKey": {"title": "HR key", "type": "integer", "mutability": "READ_ONLY"},
    }));
    let after = org.data("user-profile-schema", json!({})).unwrap();
    assert_eq!(after["properties"]["badgeNumber"], json!({"title": "Badge number", "description": "Printed on the badge", "type": "string", "maxLength": 20}));
    assert!(after["required"].as_array().unwrap().contains(&json!("badgeNumber")));
    assert_eq!(after["properties"]["shirtSize"]["enum"], json!(["S", "M"]));
    assert_eq!(after["properties"]["shirtSize"]["oneOf"][0], json!({"const": "S", "title": "Small"}));
    assert_eq!(after["properties"]["hrKey"]["readOnly"], true);
    let custom = org.data("user-profile-schema", json!({"customOnly": true})).unwrap();
    let mut names: Vec<&String> = custom["properties"].as_object().unwrap().keys().collect();
    names.sort();
    assert_eq!(names, ["badgeNumber", "hrKey", "shirtSize"]);

    add_custom(&org, "/api/v1/meta/schemas/user/default", json!({"badgeNumber": null}));
    let removed = org.data("user-profile-schema", json!({})).unwrap();
    assert!(removed["properties"].get("badgeNumber").is_none());
    assert!(!removed["required"].as_array().unwrap().contains(&json!("badgeNumber")));
    assert!(removed["properties"].get("shirtSize").is_some());
}

#[test]
fn user_profile_schema_is_read_for_the_type_of_type_id_or_of_the_user() {
    let org = common::org(0);
    let t = org.okta("POST", "/api/v1/meta/types/user", Some(json!({"name": "contractor", "displayName": "Contractor"}))).1;
    let schema_path = t["_links"]["schema"]["href"].as_str().unwrap().split("/api/v1").nth(1).map(|p| format!("/api/v1{p}")).unwrap();
    org.sim.clear_requests();
    let by_type = org.data("user-profile-schema", json!({"typeId": t["id"]})).unwrap();
    assert!(by_type["properties"]["login"].is_object());
    assert!(org.requests_to(&schema_path).len() == 1, "read from the type's own schema");

    let user = org.run("create-user", json!({"profile": {"login": "cora@example.com", "email": "cora@example.com", "firstName": "Cora", "lastName": "Tractor"}, "typeId": t["id"]})).unwrap();
    org.sim.clear_requests();
    org.data("user-profile-schema", json!({"userId": user["id"]})).unwrap();
    assert_eq!(org.requests_to(&schema_path).len(), 1, "the user's type decides");

    let unknown = org.data("user-profile-schema", json!({"typeId": "otynothere000000000"})).unwrap_err();
    assert_eq!(unknown["error"], "not-found");
}

#[test]
fn app_user_schema_follows_the_app() {
    let org = common::org(0);
    let app = |q: &str| org.okta("GET", &format!("/api/v1/apps?q={q}"), None).1[0]["id"].as_str().unwrap().to_string();
    let (workday, wiki) = (app("Workday"), app("Team"));
    let base = org.data("app-user-schema", json!({"appId": workday})).unwrap();
    assert_eq!(base["title"], "Workday");
    assert!(base["properties"]["userName"].is_object() && base["required"] == json!(["userName"]));

    add_custom(&org, &format!("/api/v1/meta/schemas/apps/{workday}/default"), json!({"costCenter": {"title": "Cost center", "type": "string", "pattern": "[0-9]{4}"}}));
    let with = org.data("app-user-schema", json!({"appId": workday})).unwrap();
    assert_eq!(with["properties"]["costCenter"], json!({"title": "Cost center", "type": "string", "pattern": "[0-9]{4}"}));
    let other = org.data("app-user-schema", json!({"appId": wiki})).unwrap();
    assert_eq!(other["title"], "Team Wiki");
    assert!(other["properties"].get("costCenter").is_none(), "another app's schema is its own");

    add_custom(&org, &format!("/api/v1/meta/schemas/apps/{workday}/default"), json!({"costCenter": null}));
    assert!(org.data("app-user-schema", json!({"appId": workday})).unwrap()["properties"].get("costCenter").is_none());

    let missing = org.data("app-user-schema", json!({})).unwrap_err();
    assert_eq!((missing["error"].as_str(), missing["path"].as_str()), (Some("invalid-input"), Some("appId")));
    assert_eq!(org.data("app-user-schema", json!({"appId": "0oanothere000000000"})).unwrap_err()["error"], "not-found");
}

#[test]
fn group_profile_schema_includes_custom_group_attributes() {
    let org = common::org(0);
    let before = org.data("group-profile-schema", json!({})).unwrap();
    assert_eq!(before["required"], json!(["name"]));
    assert_eq!(before["properties"]["name"]["maxLength"], 255);
    add_custom(&org, "/api/v1/meta/schemas/group/default", json!({"groupContact": {"title": "Group contact", "type": "string", "maxLength": 80}}));
    let after = org.data("group-profile-schema", json!({})).unwrap();
    assert_eq!(after["properties"]["groupContact"], json!({"title": "Group contact", "type": "string", "maxLength": 80}));
}
