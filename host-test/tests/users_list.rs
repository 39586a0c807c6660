mod common;

use serde_json::{json, Value};
use std::collections::HashSet;

fn ids(out: &Value) -> Vec<String> {
    out["users"].as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn fetch_all_returns_every_user_exactly_once_across_pages() {
    let org = common::org(1_200);
    let out = org.run("list-users", json!({"fetchAll": true, "limit": 200})).unwrap();
    let listed = ids(&out);
    let unique: HashSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "no user twice");
    // A plain listing omits DEPROVISIONED users, as Okta does; a filter finds them.
    let gone = org.run("list-users", json!({"fetchAll": true, "filter": "status eq \"DEPROVISIONED\""})).unwrap();
    assert!(!ids(&gone).is_empty());
    assert_eq!(listed.len() + ids(&gone).len(), org.sim.user_count(), "every user once");
    assert!(listed.len() > 1_000);
    assert_eq!(out["pages"].as_u64().unwrap() as usize, listed.len().div_ceil(200));
    assert_eq!(out["nextCursor"], Value::Null);
}

#[test]
fn later_pages_follow_the_next_link_verbatim() {
    let org = common::org(450);
    org.run("list-users", json!({"fetchAll": true, "limit": 200})).unwrap();
    let reqs = org.requests_to("/api/v1/users");
    assert_eq!(reqs[0].query.as_deref(), Some("limit=200"));
    assert!(reqs[1..].iter().all(|r| r.query.as_deref().is_some_and(|q| q.contains("after="))));
}

#[test]
fn one_page_returns_a_cursor_that_resumes_without_overlap() {
    let org = common::org(30);
    let first = org.run("list-users", json!({"limit": 10})).unwrap();
    assert_eq!(ids(&first).len(), 10);
    assert_eq!(first["pages"], 1);
    let cursor = first["nextCursor"].as_str().expect("more users remain").to_string();
    let second = org.run("list-users", json!({"limit": 10, "after": cursor})).unwrap();
    let a: HashSet<String> = ids(&first).into_iter().collect();
    assert!(ids(&second).iter().all(|id| !a.contains(id)));
}

#[test]
fn search_and_sort_reach_okta_percent_encoded() {
    let org = common::org(40);
    let out = org
        .run("list-users", json!({"search": "status eq \"ACTIVE\"", "sortBy": "profile.lastName", "sortOrder": "desc", "limit": 5}))
        .unwrap();
    assert!(ids(&out).len() <= 5);
    assert!(out["users"].as_array().unwrap().iter().all(|u| u["status"] == "ACTIVE"));
    let req = org.requests_to("/api/v1/users").pop().unwrap();
    assert_eq!(req.query.as_deref(), Some("search=status%20eq%20%22ACTIVE%22&limit=5&sortBy=profile.lastName&sortOrder=desc"));
}

#[test]
fn q_finds_users_by_name_prefix() {
    let org = common::org(0);
    org.create_user("zelda.quist@example.com");
    let out = org.run("list-users", json!({"q": "zelda"})).unwrap();
    assert_eq!(out["users"][0]["profile"]["login"], "zelda.quist@example.com");
}

#[test]
fn extra_parameters_are_sent_and_may_not_shadow_fields() {
    let org = common::org(5);
    org.run("list-users", json!({"extraParameters": {"fields": "id,status"}})).unwrap();
    let req = org.requests_to("/api/v1/users").pop().unwrap();
    assert!(req.query.as_deref().unwrap().contains("fields=id%2Cstatus"));
    let err = org.run("list-users", json!({"extraParameters": {"limit": "3"}})).unwrap_err();
    assert_eq!(err["path"], "extraParameters.limit");
}

#[test]
fn sort_without_search_and_out_of_range_limit_are_rejected_before_sending() {
    let org = common::org(5);
    let err = org.run("list-users", json!({"sortBy": "profile.lastName"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("sortBy")));
    let err = org.run("list-users", json!({"limit": 500})).unwrap_err();
    assert_eq!(err["path"], "limit");
    assert!(org.requests_to("/api/v1/users").is_empty());
}
