//! Event hook actions through the connector, with the org's hooks read back over HTTP.
mod common;
mod trigger_support;

use serde_json::{json, Value};
use trigger_support::{echo_endpoint, hooks, http, org};

const SECRET: &str = "Basic c2VjcmV0LXZhbHVlLTQy";

fn create(org: &common::Org, url: &str, extra: Value) -> Result<Value, Value> {
    let mut input = json!({"name": "Flows", "eventHookUrl": url, "eventTypes": ["user.lifecycle.create"],
        "authHeader": {"value": SECRET}, "headers": [{"key": "X-Flow", "value": "1"}]});
    input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    org.run("create-event-hook", input)
}

#[test]
fn create_verifies_the_hook_and_never_returns_the_secret() {
    let org = org(0, false);
    let (url, seen) = echo_endpoint(true);
    let filter = json!([{"eventType": "user.lifecycle.create", "expression": "event.target.?[type eq 'User'].size() > 0"}]);
    let hook = create(&org, &url, json!({"eventTypesCode": "[\"user.lifecycle.activate\"]", "filters": filter, "description": "d"})).unwrap();
    assert_eq!((hook["status"].as_str(), hook["verificationStatus"].as_str()), (Some("ACTIVE"), Some("VERIFIED")));
    assert_eq!(hook["events"]["items"], json!(["user.lifecycle.create", "user.lifecycle.activate"]));
    assert_eq!(hook["events"]["filter"]["eventFilterMap"][0]["event"], "user.lifecycle.create");
    assert!(!hook.to_string().contains("c2VjcmV0"), "{hook}");
    let stored = &hooks(&org)[0];
    assert_eq!(stored["id"], hook["id"]);
    assert_eq!(stored["channel"]["config"]["headers"], json!([{"key": "X-Flow", "value": "1"}]));
    let (method, headers) = seen.lock().unwrap()[0].clone();
    assert_eq!(method, "GET");
    assert!(headers.contains(&("authorization".into(), SECRET.into())) && headers.contains(&("x-flow".into(), "1".into())));
    // Every read keeps the secret out.
    let id = hook["id"].as_str().unwrap();
    let got = org.run("get-event-hook", json!({"eventHookId": id})).unwrap();
    let listed = org.run("list-event-hooks", json!({})).unwrap();
    assert_eq!(listed["eventHooks"][0]["id"], id);
    assert!(!got.to_string().contains("c2VjcmV0") && !listed.to_string().contains("c2VjcmV0"));
}

#[test]
fn create_refusals_leave_nothing_behind() {
    let org = org(0, false);
    let (url, _) = echo_endpoint(true);
    assert_eq!(create(&org, "ftp://x", json!({})).unwrap_err()["path"], "eventHookUrl");
    assert_eq!(create(&org, &url, json!({"eventTypes": []})).unwrap_err()["path"], "eventTypes");
    assert_eq!(create(&org, &url, json!({"name": " "})).unwrap_err()["path"], "name");
    assert_eq!(create(&org, &url, json!({"headers": [{"key": "Bad Header", "value": "x"}]})).unwrap_err()["path"], "headers.0.key");
    assert_eq!(create(&org, &url, json!({"filters": [{"eventType": "group.lifecycle.create", "expression": "true"}]})).unwrap_err()["path"], "filters.0.eventType");
    assert!(org.requests_to("/api/v1/eventHooks").is_empty(), "nothing was sent");
    // Okta's own refusal keeps its code: a type no hook may subscribe to.
    let e = create(&org, &url, json!({"eventTypes": ["user.lifecycle.delete.completed"]})).unwrap_err();
    assert_eq!((e["error"].as_str(), e["okta"]["errorCode"].as_str()), (Some("okta-api"), Some("E0000001")));
    // A URL that does not answer the challenge: verification fails and the hook is removed again.
    let (silent, _) = echo_endpoint(false);
    let e = create(&org, &silent, json!({})).unwrap_err();
    assert_eq!(e["okta"]["errorCode"], "E0000001");
    assert!(hooks(&org).is_empty());
}

#[test]
fn do_not_activate_leaves_the_hook_inactive_and_unverified() {
    let org = org(0, false);
    let (url, seen) = echo_endpoint(true);
    let hook = create(&org, &url, json!({"doNotActivate": true})).unwrap();
    assert_eq!((hook["status"].as_str(), hook["verificationStatus"].as_str()), (Some("INACTIVE"), Some("UNVERIFIED")));
    assert!(seen.lock().unwrap().is_empty(), "no verification request");
}

#[test]
fn lifecycle_actions_change_the_hook_and_refuse_unknown_ids() {
    let org = org(0, false);
    let (url, _) = echo_endpoint(true);
    let id = create(&org, &url, json!({"doNotActivate": true})).unwrap()["id"].as_str().unwrap().to_string();
    let verified = org.run("verify-event-hook", json!({"eventHookId": id})).unwrap();
    assert_eq!(verified["verificationStatus"], "VERIFIED");
    assert_eq!(org.run("activate-event-hook", json!({"eventHookId": id})).unwrap()["status"], "ACTIVE");
    assert_eq!(http(&org, "GET", &format!("/api/v1/eventHooks/{id}"), None).1["status"], "ACTIVE");
    assert_eq!(org.run("deactivate-event-hook", json!({"eventHookId": id})).unwrap()["status"], "INACTIVE");
    assert_eq!(http(&org, "GET", &format!("/api/v1/eventHooks/{id}"), None).1["status"], "INACTIVE");
    assert_eq!(org.run("activate-event-hook", json!({"eventHookId": "whoUnknown000000000"})).unwrap_err()["error"], "not-found");
    assert_eq!(org.run("verify-event-hook", json!({"eventHookId": ""})).unwrap_err()["path"], "eventHookId");
}

#[test]
fn update_keeps_unchanged_fields_and_needs_the_secret_again() {
    let org = org(0, false);
    let (url, _) = echo_endpoint(true);
    let id = create(&org, &url, json!({})).unwrap()["id"].as_str().unwrap().to_string();
    let e = org.run("update-event-hook", json!({"eventHookId": id, "name": "Renamed"})).unwrap_err();
    assert_eq!(e["path"], "authHeader");
    assert_eq!(hooks(&org)[0]["name"], "Flows", "nothing changed");
    let updated = org.run("update-event-hook", json!({"eventHookId": id, "name": "Renamed", "eventTypes": ["group.user_membership.add"], "authHeader": {"value": SECRET}})).unwrap();
    assert_eq!(updated["name"], "Renamed");
    let stored = &hooks(&org)[0];
    assert_eq!(stored["events"]["items"], json!(["group.user_membership.add"]));
    assert_eq!(stored["channel"]["config"]["headers"], json!([{"key": "X-Flow", "value": "1"}]), "headers kept");
    assert_eq!(stored["verificationStatus"], "VERIFIED");
    // A new URL un-verifies the hook; the action verifies it again.
    let (other, seen) = echo_endpoint(true);
    let moved = org.run("update-event-hook", json!({"eventHookId": id, "eventHookUrl": other, "authHeader": {"value": SECRET}})).unwrap();
    assert_eq!((moved["verificationStatus"].as_str(), seen.lock().unwrap().len()), (Some("VERIFIED"), 1));
    assert!(!moved.to_string().contains("c2VjcmV0"));
}

#[test]
fn delete_needs_an_inactive_hook_unless_told_to_deactivate_first() {
    let org = org(0, false);
    let (url, _) = echo_endpoint(true);
    let id = create(&org, &url, json!({})).unwrap()["id"].as_str().unwrap().to_string();
    let e = org.run("delete-event-hook", json!({"eventHookId": id})).unwrap_err();
    assert_eq!((e["error"].as_str(), e["okta"]["errorCode"].as_str()), (Some("okta-api"), Some("E0000001")));
    assert_eq!(hooks(&org).len(), 1);
    let out = org.run("delete-event-hook", json!({"eventHookId": id, "deactivateFirst": true})).unwrap();
    assert_eq!(out, json!({"eventHookId": id, "deleted": true}));
    assert_eq!(http(&org, "GET", &format!("/api/v1/eventHooks/{id}"), None).0, 404);
    assert_eq!(org.run("delete-event-hook", json!({"eventHookId": id})).unwrap_err()["error"], "not-found");
}

#[test]
fn delete_all_deletes_every_hook_or_those_of_one_url() {
    let org = org(0, false);
    let (a, _) = echo_endpoint(true);
    let (b, _) = echo_endpoint(true);
    for url in [&a, &a, &b] {
        create(&org, url, json!({})).unwrap();
    }
    create(&org, &b, json!({"doNotActivate": true})).unwrap();
    let out = org.run("delete-all-event-hooks", json!({"eventHookUrl": a})).unwrap();
    assert_eq!(out["count"], 2);
    let left: Vec<Value> = hooks(&org);
    assert!(left.len() == 2 && left.iter().all(|h| h["channel"]["config"]["uri"] == b.as_str()));
    assert_eq!(org.run("delete-all-event-hooks", json!({})).unwrap()["count"], 2);
    assert!(hooks(&org).is_empty());
    assert_eq!(org.run("delete-all-event-hooks", json!({"eventHookUrl": "nope"})).unwrap_err()["path"], "eventHookUrl");
}
