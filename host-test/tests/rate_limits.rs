mod common;

use host_test::sim::FaultKind;
use serde_json::json;
use std::time::Instant;

#[test]
fn injected_429s_are_retried_after_the_reset_delay_then_succeed() {
    let org = common::org(10);
    org.fail("GET", "/api/v1/users", 2, FaultKind::RateLimited { reset_after_secs: 1 });
    let started = Instant::now();
    let out = org.run("list-users", json!({"limit": 5})).unwrap();
    assert_eq!(out["users"].as_array().unwrap().len(), 5);
    // Two resets of one second each were honoured (a lower bound, not a speed limit).
    assert!(started.elapsed().as_secs_f64() >= 2.0, "waited {:?}", started.elapsed());
    let reqs = org.requests_to("/api/v1/users");
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[2].header("x-okta-retry-count"), Some("2"));
    assert!(reqs[1].header("x-okta-retry-for").is_some_and(|v| !v.is_empty()));
}

#[test]
fn a_post_is_retried_on_429_because_okta_did_not_act() {
    let org = common::org(0);
    org.fail("POST", "/api/v1/users", 1, FaultKind::RateLimited { reset_after_secs: 1 });
    let user = org.create_user("retry.post@example.com");
    assert_eq!(user["status"], "ACTIVE");
    assert_eq!(org.requests_to("/api/v1/users").len(), 2);
}

#[test]
fn a_limit_that_stays_exhausted_ends_rate_limited_after_bounded_attempts() {
    let org = common::org(1);
    org.fail("GET", "/api/v1/users", 100, FaultKind::RateLimited { reset_after_secs: 1 });
    let err = org.run("list-users", json!({})).unwrap_err();
    assert_eq!(err["error"], "rate-limited");
    assert_eq!(err["okta"]["errorCode"], "E0000047");
    assert!(err["retryAfterSeconds"].as_u64().is_some());
    assert_eq!(org.requests_to("/api/v1/users").len(), 4);
}
