//! Okta's order for unpaged and assignment lists (issue 14, item 10): by id,
//! not by when the membership or assignment was made.
mod sim_support;

use serde_json::{json, Value};
use sim_support::Api;

fn ids(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn a_users_groups_come_in_id_order() {
    let api = Api::start(0);
    let user = api.create_user("joiner@example.com", "?activate=false", None)["id"].as_str().unwrap().to_string();
    let mut joined = Vec::new();
    for i in 0..6 {
        let g = api.post("/api/v1/groups", &json!({"profile": {"name": format!("Order {i}")}})).json();
        let id = g["id"].as_str().unwrap().to_string();
        assert_eq!(api.call("PUT", &format!("/api/v1/groups/{id}/users/{user}"), None).status, 204);
        joined.push(id);
    }
    let listed = ids(&api.get(&format!("/api/v1/users/{user}/groups")).json());
    assert_eq!(listed, sorted(listed.clone()));
    assert!(joined.iter().all(|g| listed.contains(g)));
    assert_ne!(joined, sorted(joined.clone()), "ids happen to be created in order; the test would prove nothing");
}

#[test]
fn an_apps_users_come_in_id_order() {
    let api = Api::start(0);
    let app = api.get("/api/v1/apps?q=Team").json()[0]["id"].as_str().unwrap().to_string();
    let mut assigned = Vec::new();
    for i in 0..6 {
        let creds = json!({"password": {"value": "Tr0ub4dor&3x"}});
        let user = api.create_user(&format!("assignee.{i}@example.com"), "?activate=true", Some(creds))["id"].as_str().unwrap().to_string();
        assert_eq!(api.post(&format!("/api/v1/apps/{app}/users"), &json!({"id": user, "scope": "USER"})).status, 200);
        assigned.push(user);
    }
    let listed = ids(&api.get(&format!("/api/v1/apps/{app}/users")).json());
    assert_eq!(listed, sorted(assigned.clone()));
    assert_ne!(assigned, sorted(assigned.clone()), "ids happen to be created in order; the test would prove nothing");
}
