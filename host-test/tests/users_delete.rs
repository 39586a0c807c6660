//! Delete User: Okta's two steps, and the option that does both.
mod common;

use serde_json::json;

#[test]
fn first_delete_of_an_active_user_only_deactivates_and_says_so() {
    let org = common::org(0);
    let id = org.create_user("gone@example.com")["id"].as_str().unwrap().to_string();
    let out = org.run("delete-user", json!({"userId": "gone@example.com"})).unwrap();
    assert_eq!(out, json!({"userId": id, "outcome": "deactivated", "status": "DEPROVISIONED"}));
    assert_eq!(org.read(&format!("/api/v1/users/{id}"))["status"], "DEPROVISIONED");
    let out = org.run("delete-user", json!({"userId": id})).unwrap();
    assert_eq!(out, json!({"userId": id, "outcome": "deleted"}));
    assert_eq!(org.okta("GET", &format!("/api/v1/users/{id}"), None).0, 404);
}

#[test]
fn deactivate_first_deletes_an_active_user_in_one_action() {
    let org = common::org(0);
    let id = org.create_user("both@example.com")["id"].as_str().unwrap().to_string();
    let out = org.run("delete-user", json!({"userId": id, "deactivateFirst": true, "sendEmail": true})).unwrap();
    assert_eq!(out["outcome"], "deleted");
    assert_eq!(org.okta("GET", &format!("/api/v1/users/{id}"), None).0, 404);
    let deletes = org.requests_to(&format!("/api/v1/users/{id}")).into_iter().filter(|r| r.method == "DELETE").collect::<Vec<_>>();
    assert_eq!(deletes.len(), 2);
    assert!(deletes.iter().all(|r| r.query.as_deref() == Some("sendEmail=true")));
    let types: Vec<String> = org.read("/api/v1/logs?limit=100").as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap().to_string()).collect();
    for t in ["user.lifecycle.deactivate", "user.lifecycle.delete.initiated", "user.lifecycle.delete.completed"] {
        assert!(types.iter().any(|x| x == t), "{t}");
    }
}

#[test]
fn unknown_user_is_not_found_and_missing_id_sends_nothing() {
    let org = common::org(0);
    let err = org.run("delete-user", json!({"userId": "00unosuchuser0000000"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
    org.sim.clear_requests();
    let err = org.run("delete-user", json!({"deactivateFirst": "yes", "userId": "x"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("deactivateFirst")));
    assert!(org.sim.requests().is_empty());
}
