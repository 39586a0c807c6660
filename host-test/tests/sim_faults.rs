//! Fault injection and the request record.
mod sim_support;

use host_test::sim::{Fault, FaultKind};
use sim_support::Api;
use std::time::{Duration, Instant};

fn fault(method: Option<&str>, prefix: &str, times: u32, kind: FaultKind) -> Fault {
    Fault { method: method.map(str::to_string), path_prefix: prefix.into(), times, kind }
}

#[test]
fn rate_limited_fault_answers_429_with_reset_then_is_spent() {
    let api = Api::start(2);
    api.sim.clock().freeze_at(1_800_000_000_000);
    api.sim.inject(fault(Some("GET"), "/api/v1/users", 2, FaultKind::RateLimited { reset_after_secs: 7 }));
    for _ in 0..2 {
        let r = api.get("/api/v1/users");
        assert_eq!((r.status, r.error_code()), (429, "E0000047".into()));
        assert_eq!(r.header("x-rate-limit-remaining"), Some("0"));
        assert_eq!(r.header("x-rate-limit-reset"), Some("1800000007"));
        assert_eq!(r.header("date"), Some("Fri, 15 Jan 2027 08:00:00 GMT"));
    }
    assert_eq!(api.get("/api/v1/users").status, 200);
}

#[test]
fn faults_match_method_and_path_prefix_only() {
    let api = Api::start(1);
    api.sim.inject(fault(Some("POST"), "/api/v1/users", 1, FaultKind::ServerError(503)));
    assert_eq!(api.get("/api/v1/users").status, 200, "GET does not match a POST fault");
    assert_eq!(api.get("/api/v1/logs").status, 200);
    let r = api.post("/api/v1/users", &serde_json::json!({}));
    assert_eq!((r.status, r.error_code()), (503, "E0000009".into()));
}

#[test]
fn delay_fault_waits_then_serves_normally() {
    let api = Api::start(1);
    api.sim.inject(fault(None, "/api/v1/users", 1, FaultKind::Delay(Duration::from_millis(250))));
    let t = Instant::now();
    assert_eq!(api.get("/api/v1/users").status, 200);
    assert!(t.elapsed() >= Duration::from_millis(250));
}

#[test]
fn garbage_body_is_200_but_not_json() {
    let api = Api::start(1);
    api.sim.inject(fault(None, "/api/v1/users", 1, FaultKind::GarbageBody));
    let r = api.get("/api/v1/users");
    assert_eq!(r.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&r.text).is_err());
}

#[test]
fn truncated_body_ends_before_the_announced_length() {
    let api = Api::start(20);
    api.sim.inject(fault(None, "/api/v1/users", 1, FaultKind::TruncatedBody));
    let resp = ureq::get(&format!("{}/api/v1/users", api.sim.url()))
        .set("Authorization", &format!("SSWS {}", api.sim.api_token()))
        .call()
        .unwrap();
    let announced: usize = resp.header("content-length").unwrap().parse().unwrap();
    let mut body = Vec::new();
    let read = std::io::Read::read_to_end(&mut resp.into_reader(), &mut body);
    assert!(read.is_err() || body.len() < announced, "read {} of {announced}", body.len());
}

#[test]
fn connection_reset_fault_drops_the_connection_without_a_response() {
    let api = Api::start(1);
    api.sim.inject(fault(None, "/api/v1/users", 1, FaultKind::ConnectionReset));
    let r = ureq::get(&format!("{}/api/v1/users", api.sim.url())).set("Authorization", &format!("SSWS {}", api.sim.api_token())).call();
    assert!(matches!(r, Err(ureq::Error::Transport(_))), "{r:?}");
    assert_eq!(api.get("/api/v1/users").status, 200, "the next connection is served");
}

#[test]
fn every_request_is_recorded_in_order_with_headers_and_body() {
    let api = Api::start(0);
    api.get("/api/v1/users?limit=5");
    api.post("/api/v1/users?activate=false", &serde_json::json!({"profile": {}}));
    let reqs = api.sim.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!((reqs[0].method.as_str(), reqs[0].path.as_str(), reqs[0].query.as_deref()), ("GET", "/api/v1/users", Some("limit=5")));
    assert_eq!(reqs[1].header("authorization"), Some(format!("SSWS {}", api.sim.api_token()).as_str()));
    assert_eq!(reqs[1].body, r#"{"profile":{}}"#);
    api.sim.clear_requests();
    assert!(api.sim.requests().is_empty());
}
