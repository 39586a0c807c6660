//! Linked-object definitions and a user's linked-object values.
mod sim_support;

use serde_json::{json, Value};
use sim_support::Api;

const DEFINITIONS: &str = "/api/v1/meta/schemas/user/linkedObjects";

fn manager_subordinate() -> Value {
    json!({"primary": {"name": "manager", "title": "Manager", "description": "Manager link", "type": "USER"},
           "associated": {"name": "subordinate", "title": "Subordinate", "description": "Subordinate link", "type": "USER"}})
}

fn user(api: &Api, login: &str) -> String {
    api.create_user(login, "?activate=false", None)["id"].as_str().unwrap().to_string()
}

fn linked(api: &Api, id: &str, name: &str) -> Vec<String> {
    let r = api.get(&format!("/api/v1/users/{id}/linkedObjects/{name}"));
    assert_eq!(r.status, 200, "{}", r.text);
    r.json().as_array().unwrap().iter().map(|l| l["_links"]["self"]["href"].as_str().unwrap().rsplit('/').next().unwrap().to_string()).collect()
}

#[test]
fn definitions_are_created_listed_read_by_either_name_and_deleted() {
    let api = Api::start(0);
    assert_eq!(api.get(DEFINITIONS).json(), json!([]), "routed as linked objects, not as a schema id");
    let created = api.post(DEFINITIONS, &manager_subordinate());
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.json()["primary"]["name"], "manager");
    assert!(created.json()["_links"]["self"]["href"].as_str().unwrap().ends_with("/linkedObjects/manager"));
    assert_eq!(api.get(DEFINITIONS).json().as_array().unwrap().len(), 1);
    assert_eq!(api.get(&format!("{DEFINITIONS}/subordinate")).json()["associated"]["title"], "Subordinate");
    let again = api.post(DEFINITIONS, &manager_subordinate());
    assert_eq!((again.status, again.error_code()), (409, "E0000127".into()));
    assert_eq!(again.json()["errorCauses"].as_array().unwrap().len(), 2);
    let bad = api.post(DEFINITIONS, &json!({"primary": {"name": "1boss", "title": "Boss", "type": "USER"}, "associated": {"name": "staff", "type": "USER"}}));
    assert_eq!((bad.status, bad.error_code()), (400, "E0000001".into()));
    assert!(bad.text.contains("primary.name") && bad.text.contains("associated.title"), "{}", bad.text);
    assert_eq!(api.call("DELETE", &format!("{DEFINITIONS}/subordinate"), None).status, 204);
    assert_eq!(api.get(&format!("{DEFINITIONS}/manager")).status, 404);
}

#[test]
fn a_manager_is_set_read_from_both_sides_replaced_and_removed() {
    let api = Api::start(0);
    api.post(DEFINITIONS, &manager_subordinate());
    let (boss, other_boss, a, b) = (user(&api, "boss@example.com"), user(&api, "boss2@example.com"), user(&api, "a@example.com"), user(&api, "b@example.com"));
    for u in [&a, &b] {
        assert_eq!(api.call("PUT", &format!("/api/v1/users/{u}/linkedObjects/manager/{boss}"), None).status, 204);
    }
    assert_eq!(linked(&api, &a, "manager"), [boss.clone()]);
    let mut reports = linked(&api, &boss, "subordinate");
    reports.sort();
    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    assert_eq!(reports, expected);
    // One primary per associated user: setting another replaces it.
    api.call("PUT", &format!("/api/v1/users/a@example.com/linkedObjects/manager/{other_boss}"), None);
    assert_eq!(linked(&api, &a, "manager"), [other_boss.clone()]);
    assert_eq!(linked(&api, &boss, "subordinate"), [b.clone()]);
    assert_eq!(api.call("DELETE", &format!("/api/v1/users/{a}/linkedObjects/manager"), None).status, 204);
    assert!(linked(&api, &a, "manager").is_empty());
    assert_eq!(api.call("DELETE", &format!("/api/v1/users/{a}/linkedObjects/manager"), None).status, 204, "removing nothing succeeds");
    let unknown = api.call("PUT", &format!("/api/v1/users/{a}/linkedObjects/mentor/{boss}"), None);
    assert_eq!((unknown.status, unknown.error_code()), (404, "E0000007".into()));
    let by_associated = api.call("PUT", &format!("/api/v1/users/{a}/linkedObjects/subordinate/{boss}"), None);
    assert_eq!(by_associated.status, 404, "values are set by the primary name");
    let nobody = api.call("PUT", &format!("/api/v1/users/{a}/linkedObjects/manager/00unosuchuser0000000"), None);
    assert_eq!(nobody.status, 404);
}

#[test]
fn deleting_a_user_or_the_definition_drops_its_values() {
    let api = Api::start(0);
    api.post(DEFINITIONS, &manager_subordinate());
    let (boss, a) = (user(&api, "boss@example.com"), user(&api, "a@example.com"));
    api.call("PUT", &format!("/api/v1/users/{a}/linkedObjects/manager/{boss}"), None);
    for _ in 0..2 {
        api.call("DELETE", &format!("/api/v1/users/{boss}"), None);
    }
    assert!(linked(&api, &a, "manager").is_empty());
    let c = user(&api, "c@example.com");
    api.call("PUT", &format!("/api/v1/users/{a}/linkedObjects/manager/{c}"), None);
    api.call("DELETE", &format!("{DEFINITIONS}/manager"), None);
    api.post(DEFINITIONS, &manager_subordinate());
    assert!(linked(&api, &a, "manager").is_empty(), "a new definition starts without values");
}
