//! Bulk user import through a custom identity source, driven through the component.
mod common;

use serde_json::{json, Value};
use std::time::Instant;

fn person(i: usize) -> Value {
    json!({"externalId": format!("hr-{i:05}"), "profile": {"userName": format!("hr.{i:05}@example.com"), "email": format!("hr.{i:05}@example.com"), "firstName": "Imported", "lastName": format!("Person{i}")}})
}

/// An org whose connector waits as long as a loaded machine may need for 10,000 users.
fn org() -> common::Org {
    let mut org = common::org(0);
    let limits = host_test::Limits { first_byte_timeout: std::time::Duration::from_secs(30), ..host_test::Limits::default() };
    org.connector = host_test::Harness::load().unwrap().connector(vec![org.sim.url()], limits);
    org
}

fn open_session(org: &common::Org) -> (String, String) {
    let source = org.sim.identity_source_id();
    let session = org.run("create-import-session", json!({"identitySourceId": source})).unwrap();
    assert_eq!(session["status"], "CREATED");
    (source, session["id"].as_str().unwrap().to_string())
}

#[test]
fn importing_10000_users_ends_with_those_users_in_the_org() {
    let org = org();
    let (source, session) = open_session(&org);
    let users: Vec<Value> = (0..10_000).map(person).collect();
    let started = Instant::now();
    let out = org.run("bulk-user-import", json!({"identitySourceId": source, "sessionId": session, "operation": "upsert", "users": users})).unwrap();
    let uploaded = started.elapsed();
    assert_eq!((out["accepted"].as_u64(), out["rejected"].as_array().unwrap().len(), out["requests"].as_u64()), (Some(10_000), 0, Some(50)));
    let triggered = org.run("trigger-import-session", json!({"identitySourceId": source, "sessionId": session})).unwrap();
    assert_eq!(triggered["status"], "TRIGGERED");
    let total = started.elapsed();
    println!("bulk import of 10,000 users: upload {:.2?} (50 requests of 200), upload + import {:.2?}", uploaded, total);
    let done = org.run("get-import-session", json!({"identitySourceId": source, "sessionId": session})).unwrap();
    assert_eq!(done["status"], "COMPLETED");
    assert_eq!(org.sim.user_count(), 10_000);
    let (status, user) = org.okta_get("/api/v1/users/hr.09999@example.com");
    assert_eq!((status, user["status"].as_str(), user["profile"]["lastName"].as_str()), (200, Some("ACTIVE"), Some("Person9999")));
    let uploads = org.requests_to(&format!("/api/v1/identity-sources/{source}/sessions/{session}/bulk-upsert"));
    assert!(uploads.iter().all(|r| serde_json::from_str::<Value>(&r.body).unwrap()["profiles"].as_array().unwrap().len() == 200));
}

#[test]
fn rejected_users_are_reported_with_oktas_reason_and_the_rest_are_imported() {
    let org = org();
    org.create_user("taken@example.com");
    let (source, session) = open_session(&org);
    let mut bad_email = person(1);
    bad_email["profile"]["email"] = json!("not-an-email");
    let mut no_last = person(2);
    no_last["profile"].as_object_mut().unwrap().remove("lastName");
    let mut taken = person(3);
    taken["profile"]["userName"] = json!("taken@example.com");
    let users = json!([person(0), bad_email, no_last, taken, person(4)]);
    let out = org.run("bulk-user-import", json!({"identitySourceId": source, "sessionId": session, "operation": "upsert", "users": users})).unwrap();
    assert_eq!((out["accepted"].as_u64(), out["requests"].as_u64()), (Some(2), Some(2)));
    let rejected = out["rejected"].as_array().unwrap();
    let summary: Vec<(u64, &str)> = rejected.iter().map(|r| (r["index"].as_u64().unwrap(), r["externalId"].as_str().unwrap())).collect();
    assert_eq!(summary, [(1, "hr-00001"), (2, "hr-00002"), (3, "hr-00003")]);
    assert!(rejected[0]["reason"].as_str().unwrap().contains("profile.email"), "{out}");
    assert!(rejected[1]["reason"].as_str().unwrap().contains("profile.lastName"), "{out}");
    assert!(rejected[2]["reason"].as_str().unwrap().contains("already exists"), "{out}");
    org.run("trigger-import-session", json!({"identitySourceId": source, "sessionId": session})).unwrap();
    assert_eq!(org.okta_get("/api/v1/users/hr.00000@example.com").0, 200);
    assert_eq!(org.okta_get("/api/v1/users/hr.00004@example.com").0, 200);
    assert_eq!(org.okta_get("/api/v1/users/hr.00001@example.com").0, 404);
}

#[test]
fn a_later_session_updates_known_users_and_deactivates_deleted_ones() {
    let org = org();
    let (source, first) = open_session(&org);
    org.run("bulk-user-import", json!({"identitySourceId": source, "sessionId": first, "operation": "upsert", "users": [person(0), person(1)]})).unwrap();
    org.run("trigger-import-session", json!({"identitySourceId": source, "sessionId": first})).unwrap();
    let (_, second) = open_session(&org);
    let mut renamed = person(0);
    renamed["profile"]["firstName"] = json!("Renamed");
    org.run("bulk-user-import", json!({"identitySourceId": source, "sessionId": second, "operation": "upsert", "users": [renamed]})).unwrap();
    let out = org.run("bulk-user-import", json!({"identitySourceId": source, "sessionId": second, "operation": "delete", "users": [{"externalId": "hr-00001"}]})).unwrap();
    assert_eq!(out["accepted"], 1);
    org.run("trigger-import-session", json!({"identitySourceId": source, "sessionId": second})).unwrap();
    assert_eq!(org.okta_get("/api/v1/users/hr.00000@example.com").1["profile"]["firstName"], "Renamed");
    assert_eq!(org.okta_get("/api/v1/users/hr.00001@example.com").1["status"], "DEPROVISIONED");
    assert_eq!(org.sim.user_count(), 2);
    let events = org.event_types();
    for e in ["system.import.start", "user.lifecycle.create", "user.account.update_profile", "user.lifecycle.deactivate", "system.import.complete"] {
        assert!(events.contains(&e.to_string()), "{e}");
    }
    let listed = org.run("list-import-sessions", json!({"identitySourceId": source})).unwrap();
    let statuses: Vec<&str> = listed["sessions"].as_array().unwrap().iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["COMPLETED", "COMPLETED"]);
}

#[test]
fn session_state_unknown_ids_and_bad_input_are_refused() {
    let org = org();
    let (source, session) = open_session(&org);
    let err = org.run("create-import-session", json!({"identitySourceId": source})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("okta-api"), Some("E0000001")));
    let err = org.run("create-import-session", json!({"identitySourceId": "0oanosuchsource00000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
    let bulk = |users: Value, operation: &str| org.run("bulk-user-import", json!({"identitySourceId": source, "sessionId": session, "operation": operation, "users": users}));
    assert_eq!(bulk(json!([]), "upsert").unwrap_err()["path"], "users");
    assert_eq!(bulk(json!([{"externalId": "x"}]), "upsert").unwrap_err()["path"], "users.0.profile");
    assert_eq!(bulk(json!([person(0)]), "delete").unwrap_err()["path"], "users.0.profile");
    assert_eq!(bulk(json!([{"externalId": " "}]), "delete").unwrap_err()["path"], "users.0.externalId");
    let too_many: Vec<Value> = (0..10_001).map(|i| json!({"externalId": format!("x{i}")})).collect();
    assert_eq!(bulk(Value::Array(too_many), "delete").unwrap_err()["path"], "users");
    assert!(org.requests_to("/api/v1/identity-sources").iter().all(|r| !r.path.ends_with("bulk-upsert") && !r.path.ends_with("bulk-delete")));
    org.run("trigger-import-session", json!({"identitySourceId": source, "sessionId": session})).unwrap();
    let err = bulk(json!([person(0)]), "upsert").unwrap_err();
    assert_eq!(err["okta"]["errorCode"], "E0000001", "a triggered session takes no uploads");
    let err = org.run("trigger-import-session", json!({"identitySourceId": source, "sessionId": session})).unwrap_err();
    assert_eq!(err["okta"]["errorCode"], "E0000001");
    let out = org.run("delete-import-session", json!({"identitySourceId": source, "sessionId": session})).unwrap();
    assert_eq!(out["deleted"], true);
    let err = org.run("get-import-session", json!({"identitySourceId": source, "sessionId": session})).unwrap_err();
    assert_eq!(err["error"], "not-found");
}
