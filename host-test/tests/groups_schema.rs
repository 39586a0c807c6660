//! Groups against the org's group profile schema: an extended schema's attribute is set, a bad value refused.
mod common;

use serde_json::json;

#[test]
fn a_custom_group_attribute_is_set_and_a_bad_value_refused_at_its_field() {
    let org = common::org(0);
    let extend = json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "costCenter": {"title": "Cost center", "type": "string", "enum": ["R&D", "Sales"]}}, "required": []}}});
    assert_eq!(org.okta("POST", "/api/v1/meta/schemas/group/default", Some(extend)).0, 200);
    assert!(org.read("/api/v1/meta/schemas/group/default")["definitions"]["custom"]["properties"]["costCenter"].is_object());

    let made = org.run("create-group", json!({"name": "Lab", "profileExtraAttributes": {"costCenter": "R&D"}})).unwrap();
    let id = made["id"].as_str().unwrap().to_string();
    assert_eq!(org.read(&format!("/api/v1/groups/{id}"))["profile"]["costCenter"], "R&D");

    let bad = org.run("create-group", json!({"name": "Lab 2", "profileExtraAttributes": {"costCenter": "Legal"}})).unwrap_err();
    assert_eq!((bad["error"].as_str(), bad["path"].as_str()), (Some("invalid-input"), Some("profileExtraAttributes.costCenter")), "{bad}");
    assert!(bad["message"].as_str().unwrap().contains("E0000001"), "Okta's code is kept: {bad}");
    assert_eq!(org.read("/api/v1/groups?q=Lab%202"), json!([]), "nothing was created");

    let bad = org.run("update-group", json!({"groupId": id, "profileExtraAttributes": {"costCenter": "Legal"}})).unwrap_err();
    assert_eq!(bad["path"], "profileExtraAttributes.costCenter", "{bad}");
    assert_eq!(org.read(&format!("/api/v1/groups/{id}"))["profile"]["costCenter"], "R&D", "the group is unchanged");
    let undeclared = org.run("create-group", json!({"name": "Lab 3", "profileExtraAttributes": {"floor": "2"}})).unwrap_err();
    assert_eq!(undeclared["path"], "profileExtraAttributes.floor", "{undeclared}");
    org.run("update-group", json!({"groupId": id, "profileExtraAttributes": {"costCenter": "Sales"}})).unwrap();
    assert_eq!(org.read(&format!("/api/v1/groups/{id}"))["profile"]["costCenter"], "Sales");
}
