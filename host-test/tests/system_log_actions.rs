//! get-system-logs through the connector: bounded and polling requests, paging, refusals.
mod common;
mod trigger_support;

use host_test::sim::clock::iso;
use serde_json::{json, Value};
use trigger_support::{create_users, org};

fn uuids(out: &Value) -> Vec<String> {
    out["logs"].as_array().unwrap().iter().map(|e| e["uuid"].as_str().unwrap().to_string()).collect()
}

#[test]
fn bounded_requests_filter_order_and_end() {
    let org = org(0, false);
    let since = iso(org.sim.clock().now() - 1);
    let ids = create_users(&org, "sl", 12, true);
    let until = iso(org.sim.clock().now() + 1);
    let filter = "eventType eq \"user.lifecycle.create\"";
    let page = org.run("get-system-logs", json!({"since": since, "until": until, "filter": filter, "limit": 5})).unwrap();
    assert_eq!((page["logs"].as_array().unwrap().len(), page["polling"].as_bool()), (5, Some(false)));
    assert!(page["nextCursor"].is_string());
    let all = org.run("get-system-logs", json!({"since": since, "until": until, "filter": filter, "limit": 5, "fetchAll": true})).unwrap();
    assert_eq!((all["logs"].as_array().unwrap().len(), all["pages"].as_u64(), all["nextCursor"].is_null()), (12, Some(3), true));
    let targets: Vec<&str> = all["logs"].as_array().unwrap().iter().map(|e| e["target"][0]["id"].as_str().unwrap()).collect();
    assert_eq!(targets, ids.iter().map(String::as_str).collect::<Vec<_>>(), "ordered by published");
    let desc = org.run("get-system-logs", json!({"since": since, "until": until, "filter": filter, "sortOrder": "DESCENDING"})).unwrap();
    let mut reversed = uuids(&all);
    reversed.reverse();
    assert_eq!(uuids(&desc), reversed);
    let q = org.run("get-system-logs", json!({"since": since, "until": until, "q": "sl3@example.com"})).unwrap();
    assert!(q["logs"].as_array().unwrap().iter().all(|e| e["target"][0]["alternateId"] == "sl3@example.com"));
    assert_eq!(q["logs"].as_array().unwrap().len(), 2, "create and activate");
}

#[test]
fn a_polling_request_offers_a_cursor_that_returns_only_newer_events() {
    let org = org(0, false);
    let since = iso(org.sim.clock().now() - 1);
    create_users(&org, "p", 3, false);
    let first = org.run("get-system-logs", json!({"since": since, "limit": 100})).unwrap();
    assert_eq!((first["logs"].as_array().unwrap().len(), first["polling"].as_bool()), (3, Some(true)));
    let cursor = first["nextCursor"].as_str().expect("polling requests always have a next cursor").to_string();
    create_users(&org, "q", 2, false);
    let later = org.run("get-system-logs", json!({"after": cursor, "limit": 100})).unwrap();
    let logins: Vec<&str> = later["logs"].as_array().unwrap().iter().map(|e| e["target"][0]["alternateId"].as_str().unwrap()).collect();
    assert_eq!(logins, vec!["q0@example.com", "q1@example.com"]);
}

#[test]
fn refusals_name_the_field_or_keep_oktas_code() {
    let org = org(0, false);
    let refuse = |input: Value| org.run("get-system-logs", input).unwrap_err();
    assert_eq!(refuse(json!({"since": "last week"}))["path"], "since");
    assert_eq!(refuse(json!({"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"}))["path"], "since");
    assert_eq!(refuse(json!({"since": "2026-01-02T00:00:00Z", "after": "1_1"}))["path"], "after");
    assert_eq!(refuse(json!({"limit": 0}))["path"], "limit");
    assert_eq!(refuse(json!({"q": "a b c d e f g h i j k"}))["path"], "q");
    assert_eq!(refuse(json!({"sortOrder": "sideways"}))["path"], "sortOrder");
    assert!(org.requests_to("/api/v1/logs").is_empty(), "nothing was sent");
    let e = refuse(json!({"filter": "eventType eq"}));
    assert_eq!((e["error"].as_str(), e["okta"]["errorCode"].as_str()), (Some("okta-api"), Some("E0000053")));
}
