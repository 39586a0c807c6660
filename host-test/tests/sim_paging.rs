//! Listing users: Link paging, q, filter, search, sortBy.
mod sim_support;

use serde_json::Value;
use sim_support::{enc, Api};
use std::collections::HashSet;

fn ids(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()).collect()
}

fn all_pages(api: &Api, first: &str) -> (Vec<Value>, usize) {
    let (mut seen, mut pages, mut url) = (Vec::new(), 0, Some(first.to_string()));
    while let Some(u) = url {
        let r = api.get(&u);
        assert_eq!(r.status, 200, "{}", r.text);
        assert!(r.link("self").is_some());
        seen.extend(r.json().as_array().unwrap().iter().cloned());
        pages += 1;
        url = r.link("next");
    }
    (seen, pages)
}

#[test]
fn list_users_follows_link_next_until_every_user_seen_once() {
    let api = Api::start(1200);
    let (users, pages) = all_pages(&api, "/api/v1/users");
    let unique: HashSet<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!(unique.len(), users.len(), "no duplicates across pages");
    let deprovisioned = all_pages(&api, &format!("/api/v1/users?filter={}", enc("status eq \"DEPROVISIONED\""))).0.len();
    assert!(deprovisioned > 0);
    assert_eq!(users.len() + deprovisioned, 1200, "default listing hides only DEPROVISIONED");
    assert!(users.iter().all(|u| u["status"] != "DEPROVISIONED"));
    assert_eq!(pages, users.len().div_ceil(200));
    assert!(users.iter().all(|u| u["_links"].as_object().unwrap().len() == 1), "collections carry only _links.self");
}

#[test]
fn limit_is_capped_at_200_and_next_link_keeps_other_parameters() {
    let api = Api::start(450);
    let r = api.get("/api/v1/users?limit=1000");
    assert_eq!(r.json().as_array().unwrap().len(), 200);
    let r = api.get("/api/v1/users?limit=7");
    let next = r.link("next").unwrap();
    assert!(next.contains("limit=7") && next.contains("after="), "{next}");
    let second = api.get(&next).json();
    assert!(ids(&r.json()).last().unwrap() < ids(&second).first().unwrap());
}

#[test]
fn link_urls_use_the_host_the_client_connected_to() {
    let api = Api::start(5);
    let r = api.get(&format!("http://localhost:{}/api/v1/users?limit=2", api.sim.port()));
    assert!(r.link("self").unwrap().starts_with(&format!("http://localhost:{}/api/v1/users", api.sim.port())));
    assert!(r.link("next").unwrap().starts_with("http://localhost:"));
}

#[test]
fn q_is_prefix_on_names_and_email_defaults_to_10_and_is_not_pageable() {
    let api = Api::start(1200);
    let r = api.get("/api/v1/users?q=ada");
    let users = r.json();
    let users = users.as_array().unwrap();
    assert_eq!(users.len(), 10);
    assert!(r.link("next").is_none());
    assert!(users.iter().all(|u| u["status"] != "DEPROVISIONED"));
    assert!(users.iter().all(|u| u["profile"]["firstName"].as_str().unwrap().to_lowercase().starts_with("ada")
        || u["profile"]["email"].as_str().unwrap().starts_with("ada")));
}

#[test]
fn filter_is_case_sensitive_eq_and_supports_last_updated_ranges() {
    let api = Api::start(300);
    let r = api.get(&format!("/api/v1/users?filter={}", enc("status eq \"SUSPENDED\" or status eq \"LOCKED_OUT\"")));
    let users = r.json();
    assert!(!users.as_array().unwrap().is_empty());
    assert!(users.as_array().unwrap().iter().all(|u| u["status"] == "SUSPENDED" || u["status"] == "LOCKED_OUT"));
    assert!(api.get(&format!("/api/v1/users?filter={}", enc("status eq \"suspended\""))).json().as_array().unwrap().is_empty());
    let all = all_pages(&api, "/api/v1/users?search=id%20pr").0;
    let pivot = all[0]["lastUpdated"].as_str().unwrap().to_string();
    let newer = all_pages(&api, &format!("/api/v1/users?filter={}", enc(&format!("lastUpdated gt \"{pivot}\"")))).0;
    let expected = all.iter().filter(|u| u["lastUpdated"].as_str().unwrap() > pivot.as_str()).count();
    assert_eq!(newer.len(), expected);
    let r = api.get(&format!("/api/v1/users?filter={}", enc("profile.firstName sw \"A\"")));
    assert_eq!((r.status, r.error_code()), (400, "E0000031".into()));
}

#[test]
fn search_supports_sw_co_pr_and_or_parentheses_case_insensitively() {
    let api = Api::start(600);
    let expr = "(profile.lastName sw \"tur\" or profile.lastName co \"OPP\") and status eq \"active\" and profile.department pr";
    let users = all_pages(&api, &format!("/api/v1/users?search={}", enc(expr))).0;
    assert!(!users.is_empty());
    for u in &users {
        let last = u["profile"]["lastName"].as_str().unwrap().to_lowercase();
        assert!(last.starts_with("tur") || last.contains("opp"), "{last}");
        assert_eq!(u["status"], "ACTIVE");
    }
    let deprovisioned = api.get(&format!("/api/v1/users?search={}", enc("status eq \"DEPROVISIONED\""))).json();
    assert!(!deprovisioned.as_array().unwrap().is_empty(), "search includes DEPROVISIONED");
}

#[test]
fn search_sort_by_orders_pages_with_ties_by_id() {
    let api = Api::start(500);
    let url = format!("/api/v1/users?search={}&sortBy=profile.lastName&sortOrder=desc&limit=50", enc("id pr"));
    let (users, pages) = all_pages(&api, &url);
    assert_eq!((users.len(), pages), (500, 10));
    let keys: Vec<(String, String)> = users
        .iter()
        .map(|u| (u["profile"]["lastName"].as_str().unwrap().to_lowercase(), u["id"].as_str().unwrap().to_string()))
        .collect();
    for w in keys.windows(2) {
        assert!(w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1), "{w:?}");
    }
}

#[test]
fn okta_response_omit_credentials_drops_credentials_from_list_items() {
    let api = Api::start(5);
    let url = format!("{}/api/v1/users", api.sim.url());
    let body: Value = ureq::get(&url)
        .set("Authorization", &format!("SSWS {}", api.sim.api_token()))
        .set("Content-Type", "application/json; okta-response=omitCredentials,omitCredentialsLinks,omitTransitioningToStatus")
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert!(body.as_array().unwrap().iter().all(|u| u.get("credentials").is_none() && u.get("profile").is_some()));
    assert!(api.get("/api/v1/users").json()[0].get("credentials").is_some());
}
