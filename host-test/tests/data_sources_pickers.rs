//! Pickers answer the org's objects as `{label, key}` options, search them, and page through any size of org.
mod common;

use common::Org;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Every option of a picker, following `nextCursor`; also returns how many answers it took.
fn all_options(org: &Org, key: &str, input: Value) -> (Vec<Value>, usize) {
    let (mut options, mut answers, mut cursor) = (Vec::new(), 0, None::<String>);
    loop {
        let mut input = input.clone();
        if let Some(c) = &cursor {
            input["cursor"] = json!(c);
        }
        let answer = org.data(key, input).unwrap_or_else(|e| panic!("{key}: {e}"));
        answers += 1;
        options.extend(answer["options"].as_array().unwrap().iter().cloned());
        match answer["nextCursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return (options, answers),
        }
        assert!(answers < 100, "{key} does not end");
    }
}

fn keys(options: &[Value]) -> BTreeSet<String> {
    options.iter().map(|o| o["key"].as_str().unwrap().to_string()).collect()
}

fn ids(objects: &Value) -> BTreeSet<String> {
    objects.as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap().to_string()).collect()
}

fn labels(answer: &Value) -> Vec<String> {
    answer["options"].as_array().unwrap().iter().map(|o| o["label"].as_str().unwrap().to_string()).collect()
}

#[test]
fn users_picker_pages_through_a_large_org_and_offers_every_listed_user_once() {
    let org = common::org(450);
    let (options, answers) = all_options(&org, "users", json!({"limit": 200}));
    let listed = org.run("list-users", json!({"fetchAll": true, "limit": 200})).unwrap();
    assert_eq!(keys(&options), ids(&listed["users"]));
    assert_eq!(options.len(), keys(&options).len(), "no user offered twice");
    assert_eq!(answers, options.len().div_ceil(200));
    let ada = listed["users"].as_array().unwrap().iter().find(|u| u["profile"]["login"].as_str().is_some()).unwrap();
    let option = options.iter().find(|o| o["key"] == ada["id"]).unwrap();
    let p = &ada["profile"];
    assert_eq!(option["label"], format!("{} {} ({})", p["firstName"].as_str().unwrap(), p["lastName"].as_str().unwrap(), p["login"].as_str().unwrap()));
}

#[test]
fn users_picker_searches_by_name_or_login() {
    let org = common::org(60);
    let made = org.create_user("zed.quigley@example.com");
    let by_login = org.data("users", json!({"search": "zed.q"})).unwrap();
    assert_eq!(by_login["options"], json!([{"label": "Test User (zed.quigley@example.com)", "key": made["id"]}]));
    let seeded = org.okta("GET", "/api/v1/users?limit=1", None).1;
    let last = seeded[0]["profile"]["lastName"].as_str().unwrap();
    let by_name = org.data("users", json!({"search": last})).unwrap();
    assert!(!labels(&by_name).is_empty() && labels(&by_name).iter().all(|l| l.contains(last)), "{by_name}");
    let full = org.data("users", json!({"search": "Test User"})).unwrap();
    assert_eq!(keys(full["options"].as_array().unwrap()), BTreeSet::from([made["id"].as_str().unwrap().to_string()]));
}

#[test]
fn groups_picker_pages_and_searches_within_names() {
    let org = common::org(20);
    for i in 0..25 {
        assert_eq!(org.okta("POST", "/api/v1/groups", Some(json!({"profile": {"name": format!("Project {i:02}")}}))).0, 200);
    }
    let (options, answers) = all_options(&org, "groups", json!({"limit": 10}));
    assert_eq!(keys(&options), ids(&org.okta("GET", "/api/v1/groups?limit=200", None).1));
    assert_eq!(answers, options.len().div_ceil(10));
    let found = org.data("groups", json!({"search": "ject 1"})).unwrap();
    assert_eq!(labels(&found).len(), 10, "{found}");
    assert!(labels(&found).iter().all(|l| l.starts_with("Project 1")));
}

#[test]
fn applications_picker_pages_through_an_org_with_many_apps() {
    let org = common::org(0);
    for i in 0..56 {
        let app = json!({"label": format!("Bookmark {i:03}"), "signOnMode": "BOOKMARK", "settings": {"app": {"url": format!("https://b{i}.example.com")}}});
        let (status, body) = org.okta("POST", "/api/v1/apps", Some(app));
        assert_eq!(status, 200, "{body}");
    }
    let (options, answers) = all_options(&org, "applications", json!({"limit": 20}));
    assert_eq!((options.len(), answers), (60, 3));
    assert_eq!(keys(&options), ids(&org.okta("GET", "/api/v1/apps?includeNonDeleted=true&limit=200", None).1));
    assert_eq!(labels(&org.data("applications", json!({"search": "Bookmark 04"})).unwrap()).len(), 10);
}

#[test]
fn applications_picker_offers_active_and_inactive_apps_by_label() {
    let org = common::org(10);
    let (options, answers) = all_options(&org, "applications", json!({"limit": 3}));
    let all = org.okta("GET", "/api/v1/apps?includeNonDeleted=true&limit=200", None).1;
    assert_eq!(keys(&options), ids(&all));
    assert_eq!((options.len(), answers), (4, 2));
    assert!(options.iter().any(|o| o["label"] == "Slack"), "the inactive app is offered too");
    assert_eq!(labels(&org.data("applications", json!({"search": "work"})).unwrap()), vec!["Workday"]);
}

#[test]
fn user_types_realms_and_event_hooks_come_from_the_org() {
    let org = common::org(0);
    let made = org.okta("POST", "/api/v1/meta/types/user", Some(json!({"name": "contractor", "displayName": "Contractor"}))).1;
    let types = org.data("user-types", json!({})).unwrap();
    assert_eq!(labels(&types), vec!["User", "Contractor"]);
    assert_eq!(types["options"][1]["key"], made["id"]);
    assert_eq!(labels(&org.data("user-types", json!({"search": "contr"})).unwrap()), vec!["Contractor"]);

    let (realms, _) = all_options(&org, "realms", json!({"limit": 2}));
    assert_eq!(keys(&realms), ids(&org.okta("GET", "/api/v1/realms", None).1));
    assert_eq!(labels(&org.data("realms", json!({"search": "car"})).unwrap()), vec!["Car Co"]);

    let hook = json!({"name": "Audit feed", "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": "https://hooks.example/okta"}}});
    let hook = org.okta("POST", "/api/v1/eventHooks", Some(hook)).1;
    assert_eq!(org.data("event-hooks", json!({})).unwrap()["options"], json!([{"label": "Audit feed", "key": hook["id"]}]));
}

#[test]
fn policies_picker_lists_one_type_or_every_type_in_turn() {
    let org = common::org(0);
    let sign_on = org.data("policies", json!({"type": "OKTA_SIGN_ON"})).unwrap();
    // Okta's priority order: the default policy of a type is always last.
    assert_eq!(labels(&sign_on), vec!["Contractors (OKTA_SIGN_ON)", "Default Policy (OKTA_SIGN_ON)"]);
    assert_eq!(labels(&org.data("policies", json!({"type": "OKTA_SIGN_ON", "search": "contr"})).unwrap()), vec!["Contractors (OKTA_SIGN_ON)"]);
    let mut everything = BTreeSet::new();
    for kind in ["OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT"] {
        everything.extend(ids(&org.okta("GET", &format!("/api/v1/policies?type={kind}"), None).1));
    }
    let (options, answers) = all_options(&org, "policies", json!({"limit": 4}));
    assert_eq!(keys(&options), everything);
    assert_eq!((options.len(), answers), (6, 2));
    let bad = org.data("policies", json!({"type": "NOPE"})).unwrap_err();
    assert_eq!((bad["error"].as_str(), bad["path"].as_str()), (Some("invalid-input"), Some("type")));
}

#[test]
fn a_users_factors_and_groups_are_offered_for_that_user() {
    let org = common::org(40);
    let users = org.okta("GET", "/api/v1/users?limit=200", None).1;
    let with_factors = users.as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string())
        .find(|id| org.okta("GET", &format!("/api/v1/users/{id}/factors"), None).1.as_array().unwrap().len() > 1)
        .expect("a seeded user with two factors");
    let factors = org.data("user-factors", json!({"userId": with_factors})).unwrap();
    assert_eq!(keys(factors["options"].as_array().unwrap()), ids(&org.okta("GET", &format!("/api/v1/users/{with_factors}/factors"), None).1));
    assert!(labels(&factors).contains(&"email (OKTA)".to_string()), "{factors}");
    assert_eq!(labels(&org.data("user-factors", json!({"userId": with_factors, "search": "totp"})).unwrap()), vec!["token:software:totp (GOOGLE)"]);

    let groups = org.data("user-groups", json!({"userId": with_factors})).unwrap();
    assert_eq!(keys(groups["options"].as_array().unwrap()), ids(&org.okta("GET", &format!("/api/v1/users/{with_factors}/groups"), None).1));
    assert!(labels(&groups).contains(&"Everyone".to_string()));
}

#[test]
fn an_apps_assigned_users_page_by_cursor() {
    let org = common::org(300);
    let apps = org.okta("GET", "/api/v1/apps?q=Workday", None).1;
    let app = apps[0]["id"].as_str().unwrap();
    let assigned = org.okta("GET", &format!("/api/v1/apps/{app}/users?limit=500"), None).1;
    assert!(assigned.as_array().unwrap().len() > 50, "a large assignment list");
    let (options, answers) = all_options(&org, "app-users", json!({"appId": app, "limit": 50}));
    assert_eq!(keys(&options), ids(&assigned));
    assert_eq!(answers, options.len().div_ceil(50));
    let first = &assigned[0]["credentials"]["userName"];
    let found = org.data("app-users", json!({"appId": app, "search": first})).unwrap();
    assert!(labels(&found).contains(&first.as_str().unwrap().to_string()));
}

#[test]
fn event_types_are_the_hook_eligible_catalogue_that_okta_accepts() {
    let org = common::org(0);
    let (options, answers) = all_options(&org, "event-types", json!({"limit": 10}));
    assert!(answers >= 3 && options.iter().any(|o| o["key"] == "user.lifecycle.create"));
    let hook = json!({"name": "Everything", "events": {"type": "EVENT_TYPE", "items": keys(&options)},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": "https://hooks.example/okta"}}});
    let (status, body) = org.okta("POST", "/api/v1/eventHooks", Some(hook));
    assert_eq!(status, 200, "Okta accepts every offered event type: {body}");
    let groups = org.data("event-types", json!({"search": "group.user_membership"})).unwrap();
    assert_eq!(keys(groups["options"].as_array().unwrap()), BTreeSet::from(["group.user_membership.add".to_string(), "group.user_membership.remove".to_string()]));
}

#[test]
fn missing_or_foreign_parent_fields_are_named_before_any_request() {
    let org = common::org(0);
    let missing = org.data("user-factors", json!({})).unwrap_err();
    assert_eq!((missing["error"].as_str(), missing["path"].as_str()), (Some("invalid-input"), Some("userId")));
    let foreign = org.data("users", json!({"appId": "0oa1"})).unwrap_err();
    assert_eq!((foreign["error"].as_str(), foreign["path"].as_str()), (Some("invalid-input"), Some("appId")));
    let typo = org.data("groups", json!({"serch": "x"})).unwrap_err();
    assert_eq!((typo["error"].as_str(), typo["path"].as_str()), (Some("invalid-input"), Some("serch")));
    let cursor = org.data("event-types", json!({"cursor": "x"})).unwrap_err();
    assert_eq!(cursor["path"], "cursor");
    assert!(org.sim.requests().is_empty());
    let unknown_user = org.data("user-groups", json!({"userId": "00unobody"})).unwrap_err();
    assert_eq!(unknown_user["error"], "not-found");
}

#[test]
fn the_cli_prints_a_data_source_answer() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_host-test"))
        .args(["data-source", "event-types", "--input", r#"{"search": "user.lifecycle.create"}"#])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["options"][0]["key"], "user.lifecycle.create");
}
