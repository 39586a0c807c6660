//! Response headers as real orgs send them (issue 14, item 9): `self` Links
//! with the effective limit and only known parameters, Links on a user's
//! groups, the rate-limit buckets recorded orgs report, and reset times that
//! fall anywhere in a running 60 s window.
mod sim_support;

use host_test::sim::SimConfig;
use sim_support::{Api, Resp};
use std::time::Duration;

fn num(r: &Resp, h: &str) -> i64 {
    r.header(h).unwrap_or_else(|| panic!("missing {h}")).parse().unwrap()
}

fn first_id(api: &Api, path: &str) -> String {
    api.get(path).json()[0]["id"].as_str().unwrap_or_else(|| panic!("{path} is not empty")).to_string()
}

#[test]
fn self_links_state_the_effective_default_limit_and_drop_unknown_parameters() {
    let api = Api::start(30);
    let base = api.sim.url();
    let app = first_id(&api, "/api/v1/apps");
    let group = first_id(&api, "/api/v1/groups");
    let cases = [
        ("/api/v1/users?foo=bar".to_string(), format!("{base}/api/v1/users?limit=200")),
        ("/api/v1/apps?unknown=1".into(), format!("{base}/api/v1/apps?limit=20")),
        (format!("/api/v1/apps/{app}/users?x=y"), format!("{base}/api/v1/apps/{app}/users?limit=50")),
        (format!("/api/v1/groups/{group}/users?zzz=1"), format!("{base}/api/v1/groups/{group}/users?limit=1000")),
        ("/api/v1/realms?nope=1".into(), format!("{base}/api/v1/realms?limit=10")),
        ("/api/v1/users?limit=5000&q=a".into(), format!("{base}/api/v1/users?q=a&limit=200")),
    ];
    for (request, expected) in cases {
        let r = api.get(&request);
        assert_eq!(r.status, 200, "{request}: {}", r.text);
        assert_eq!(r.link("self").as_deref(), Some(expected.as_str()), "{request}");
    }
    let r = api.get("/api/v1/users?limit=2&foo=bar");
    let next = r.link("next").expect("more users follow");
    assert!(next.contains("limit=2") && next.contains("after=") && !next.contains("foo"), "{next}");
}

#[test]
fn a_users_groups_carry_a_self_link() {
    let api = Api::start(5);
    let user = first_id(&api, "/api/v1/users");
    let r = api.get(&format!("/api/v1/users/{user}/groups"));
    assert_eq!(r.link("self"), Some(format!("{}/api/v1/users/{user}/groups", api.sim.url())));
    assert!(r.link("next").is_none(), "the list is not paged");
}

#[test]
fn rate_limit_buckets_are_the_ones_recorded_orgs_report() {
    let api = Api::start(10);
    let user = first_id(&api, "/api/v1/users");
    let group = first_id(&api, "/api/v1/groups");
    let realm = first_id(&api, "/api/v1/realms");
    let limit = |method: &str, path: &str| num(&api.call(method, path, None), "x-rate-limit-limit");
    assert_eq!(limit("POST", &format!("/api/v1/users/{user}/lifecycle/reset_factors")), 600);
    assert_eq!(limit("GET", &format!("/api/v1/users/{user}/factors")), 600);
    assert_eq!(limit("POST", &format!("/api/v1/users/{user}/credentials/change_password")), 600);
    assert_eq!(limit("PUT", &format!("/api/v1/groups/{group}/users/{user}")), 500);
    assert_eq!(limit("GET", &format!("/api/v1/groups/{group}/users")), 500);
    assert_eq!(limit("GET", "/api/v1/realms"), 500);
    assert_eq!(limit("GET", &format!("/api/v1/realms/{realm}")), 500);
    assert_eq!(limit("GET", "/api/v1/eventHooks"), 1000);
    // Calls below a user share one window with the users list.
    let list = api.get("/api/v1/users");
    let lifecycle = api.post_empty(&format!("/api/v1/users/{user}/lifecycle/reset_factors"));
    assert_eq!(num(&list, "x-rate-limit-remaining") - 1, num(&lifecycle, "x-rate-limit-remaining"));
}

#[test]
fn reset_minus_date_ranges_over_a_running_window() {
    let api = Api::with(SimConfig { users: 1, seed: 7, ..SimConfig::default() });
    let start = 1_800_000_000_000;
    let mut gaps = Vec::new();
    for offset in [0, 15, 30, 45, 59] {
        api.sim.clock().freeze_at(start + offset * 1000);
        let r = api.get("/api/v1/users");
        let date = (start / 1000) + offset;
        let gap = num(&r, "x-rate-limit-reset") - date;
        assert!((1..=60).contains(&gap), "reset − Date = {gap}");
        gaps.push(gap);
    }
    gaps.dedup();
    assert_eq!(gaps.len(), 5, "the gap shrinks as the window runs and restarts: {gaps:?}");
    // The window restarts exactly at the announced reset.
    let r = api.get("/api/v1/users");
    let (reset, remaining) = (num(&r, "x-rate-limit-reset"), num(&r, "x-rate-limit-remaining"));
    api.sim.clock().freeze_at(reset * 1000 - 1);
    assert_eq!(num(&api.get("/api/v1/users"), "x-rate-limit-remaining"), remaining - 1);
    api.sim.clock().advance(Duration::from_millis(1));
    assert_eq!(num(&api.get("/api/v1/users"), "x-rate-limit-remaining"), 599);
}
