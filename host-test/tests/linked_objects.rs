//! Linked-object definitions and a user's values (a manager and their reports) through the connector.
mod common;

use serde_json::{json, Value};

fn define_manager(org: &common::Org) -> Value {
    org.run("create-linked-object-definition", json!({
        "primary": {"name": "manager", "title": "Manager", "description": "Manager link"},
        "associated": {"name": "subordinate", "title": "Subordinate"}}))
    .unwrap()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[test]
fn a_definition_is_created_listed_read_by_either_name_and_deleted() {
    let org = common::org(0);
    let made = define_manager(&org);
    assert_eq!((made["primary"]["name"].as_str(), made["associated"]["type"].as_str()), (Some("manager"), Some("USER")));
    let stored = org.read("/api/v1/meta/schemas/user/linkedObjects");
    assert_eq!(stored[0]["associated"]["name"], "subordinate");
    assert_eq!(org.run("list-linked-object-definitions", json!({})).unwrap()["definitions"].as_array().unwrap().len(), 1);
    let by_associated = org.run("get-linked-object-definition", json!({"name": "subordinate"})).unwrap();
    assert_eq!(by_associated["primary"]["title"], "Manager");
    let again = define_manager_err(&org);
    assert_eq!((again["error"].as_str(), again["okta"]["errorCode"].as_str()), (Some("conflict"), Some("E0000127")), "{again}");
    assert_eq!(org.run("delete-linked-object-definition", json!({"name": "subordinate"})).unwrap(), json!({"name": "subordinate", "deleted": true}));
    assert_eq!(org.read("/api/v1/meta/schemas/user/linkedObjects"), json!([]));
    let gone = org.run("get-linked-object-definition", json!({"name": "manager"})).unwrap_err();
    assert_eq!(gone["error"], "not-found");
}

fn define_manager_err(org: &common::Org) -> Value {
    org.run("create-linked-object-definition", json!({"primary": {"name": "manager", "title": "M"}, "associated": {"name": "subordinate", "title": "S"}})).unwrap_err()
}

#[test]
fn a_manager_is_set_read_from_both_sides_and_removed() {
    let org = common::org(0);
    define_manager(&org);
    let (boss, ann, bob) = (id(&org.create_user("boss@example.com")), id(&org.create_user("ann@example.com")), id(&org.create_user("bob@example.com")));
    let set = org.run("set-user-linked-object", json!({"userId": "ann@example.com", "primaryName": "manager", "primaryUserId": boss})).unwrap();
    assert_eq!(set, json!({"userId": "ann@example.com", "primaryName": "manager", "primaryUserId": boss}));
    org.run("set-user-linked-object", json!({"userId": bob, "primaryName": "manager", "primaryUserId": "boss@example.com"})).unwrap();
    let href = org.read(&format!("/api/v1/users/{ann}/linkedObjects/manager"))[0]["_links"]["self"]["href"].as_str().unwrap().to_string();
    assert!(href.ends_with(&format!("/api/v1/users/{boss}")), "{href}");

    let manager = org.run("list-user-linked-objects", json!({"userId": ann, "relationshipName": "manager"})).unwrap();
    assert_eq!((manager["first"].as_str(), manager["users"][0]["userId"].as_str()), (Some(boss.as_str()), Some(boss.as_str())));
    assert_eq!(manager["users"][0]["_links"]["self"]["href"].as_str(), Some(href.as_str()), "Okta's link is kept");
    let reports = org.run("list-user-linked-objects", json!({"userId": boss, "relationshipName": "subordinate"})).unwrap();
    let mut ids: Vec<&str> = reports["users"].as_array().unwrap().iter().map(|u| u["userId"].as_str().unwrap()).collect();
    ids.sort();
    let mut expected = vec![ann.as_str(), bob.as_str()];
    expected.sort();
    assert_eq!(ids, expected);

    let removed = org.run("remove-user-linked-object", json!({"userId": ann, "primaryName": "manager"})).unwrap();
    assert_eq!(removed, json!({"userId": ann, "primaryName": "manager", "removed": true}));
    assert_eq!(org.read(&format!("/api/v1/users/{ann}/linkedObjects/manager")), json!([]));
    assert_eq!(org.read(&format!("/api/v1/users/{boss}/linkedObjects/subordinate")).as_array().unwrap().len(), 1);
    let none = org.run("list-user-linked-objects", json!({"userId": ann, "relationshipName": "manager"})).unwrap();
    assert_eq!((none["users"].clone(), none["first"].clone()), (json!([]), Value::Null));
    org.run("remove-user-linked-object", json!({"userId": ann, "primaryName": "manager"})).expect("removing nothing succeeds, as Okta answers");

    let unknown = org.run("set-user-linked-object", json!({"userId": ann, "primaryName": "mentor", "primaryUserId": boss})).unwrap_err();
    assert_eq!((unknown["error"].as_str(), unknown["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
}

#[test]
fn bad_linked_object_input_names_the_field_and_sends_nothing() {
    let org = common::org(0);
    for (key, input, path) in [
        ("create-linked-object-definition", json!({"primary": {"name": "9lives", "title": "T"}, "associated": {"name": "b", "title": "B"}}), "primary.name"),
        ("create-linked-object-definition", json!({"primary": {"name": "a", "title": "A"}, "associated": {"name": "b-c", "title": "B"}}), "associated.name"),
        ("create-linked-object-definition", json!({"primary": {"name": "a", "title": " "}, "associated": {"name": "b", "title": "B"}}), "primary.title"),
        ("create-linked-object-definition", json!({"primary": {"name": "same", "title": "A"}, "associated": {"name": "same", "title": "B"}}), "associated.name"),
        ("create-linked-object-definition", json!({"primary": {"name": "a", "title": "A"}}), "associated"),
        ("get-linked-object-definition", json!({"name": ""}), "name"),
        ("set-user-linked-object", json!({"userId": "a@example.com", "primaryName": "manager"}), "primaryUserId"),
        ("set-user-linked-object", json!({"userId": " ", "primaryName": "manager", "primaryUserId": "b"}), "userId"),
        ("list-user-linked-objects", json!({"userId": "a", "relationshipName": " "}), "relationshipName"),
        ("remove-user-linked-object", json!({"userId": "a", "primaryName": ""}), "primaryName"),
    ] {
        let err = org.run(key, input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{key}: {err}");
    }
    assert!(org.sim.requests().is_empty());
}
