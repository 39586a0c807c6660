//! Rate-limit buckets, windows and the concurrency limit.
mod sim_support;

use host_test::sim::{Fault, FaultKind, SimConfig};
use sim_support::Api;
use std::time::Duration;

fn num(r: &sim_support::Resp, h: &str) -> i64 {
    r.header(h).unwrap_or_else(|| panic!("missing {h}")).parse().unwrap()
}

#[test]
fn every_api_response_carries_rate_limit_date_and_request_id_headers() {
    let api = Api::start(3);
    let a = api.get("/api/v1/users");
    let b = api.get("/api/v1/users");
    assert_eq!(num(&a, "x-rate-limit-limit"), 600);
    assert_eq!(num(&a, "x-rate-limit-remaining") - 1, num(&b, "x-rate-limit-remaining"));
    let now = api.sim.clock().now() / 1000;
    assert!((now..=now + 61).contains(&num(&a, "x-rate-limit-reset")));
    assert!(a.header("date").unwrap().ends_with(" GMT"));
    assert_ne!(a.header("x-okta-request-id"), b.header("x-okta-request-id"));
    let single = api.get("/api/v1/users/nobody");
    assert_eq!(num(&single, "x-rate-limit-limit"), 2000, "GET /users/{{id}} has its own bucket");
}

#[test]
fn exhausted_bucket_answers_429_until_the_window_resets() {
    let api = Api::with(SimConfig { users: 2, rate_limit_per_minute: Some(3), ..SimConfig::default() });
    api.sim.clock().freeze_at(1_800_000_000_000);
    for _ in 0..3 {
        assert_eq!(api.get("/api/v1/users").status, 200);
    }
    let r = api.get("/api/v1/users");
    assert_eq!((r.status, r.error_code()), (429, "E0000047".into()));
    assert_eq!(r.json()["errorSummary"], "API call exceeded rate limit due to too many requests.");
    assert_eq!(num(&r, "x-rate-limit-remaining"), 0);
    // Seed 42 puts the org's windows 42 s into each minute.
    assert_eq!(num(&r, "x-rate-limit-reset"), 1_800_000_042);
    assert_eq!(r.header("date"), Some("Fri, 15 Jan 2027 08:00:00 GMT"));
    assert_eq!(api.get("/api/v1/logs").status, 200, "other buckets are unaffected");
    api.sim.clock().advance(Duration::from_millis(41_999));
    assert_eq!(api.get("/api/v1/users").status, 429, "still the same window");
    api.sim.clock().advance(Duration::from_millis(1));
    let r = api.get("/api/v1/users");
    assert_eq!((r.status, num(&r, "x-rate-limit-remaining")), (200, 2));
}

#[test]
fn more_than_75_concurrent_requests_hit_the_concurrency_limit() {
    let api = Api::start(1);
    api.sim.inject(Fault { method: None, path_prefix: "/api/v1/users".into(), times: 90, kind: FaultKind::Delay(Duration::from_millis(400)) });
    let token = api.sim.api_token();
    let url = format!("{}/api/v1/users", api.sim.url());
    let results: Vec<(u16, Option<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..90)
            .map(|_| {
                s.spawn(|| match ureq::get(&url).set("Authorization", &format!("SSWS {token}")).call() {
                    Ok(r) => (r.status(), r.header("x-rate-limit-limit").map(str::to_string)),
                    Err(ureq::Error::Status(c, r)) => (c, r.header("x-rate-limit-limit").map(str::to_string)),
                    Err(e) => panic!("{e}"),
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let limited: Vec<_> = results.iter().filter(|(s, _)| *s == 429).collect();
    assert!(!limited.is_empty(), "some requests exceed 75 in flight");
    assert!(limited.iter().all(|(_, l)| l.as_deref() == Some("0")), "concurrency 429s report limit 0");
    assert!(results.iter().filter(|(s, _)| *s == 200).count() >= 60);
}
