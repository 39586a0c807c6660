//! Authentication and request-level errors in Okta's error shape.
mod sim_support;

use sim_support::{enc, Api};
use std::io::{Read, Write};

#[test]
fn missing_or_wrong_token_is_401_e0000011_with_full_error_object() {
    let api = Api::start(1);
    for auth in [None, Some("SSWS wrong"), Some("Bearer abc"), Some("garbage")] {
        let r = api.call_as("GET", "/api/v1/users", auth, None);
        assert_eq!(r.status, 401, "{auth:?}");
        let e = r.json();
        assert_eq!(e["errorCode"], "E0000011");
        assert_eq!(e["errorSummary"], "Invalid token provided");
        assert_eq!(e["errorLink"], "E0000011");
        assert!(e["errorId"].as_str().unwrap().starts_with("oae"));
        assert_eq!(e["errorCauses"], serde_json::json!([]));
    }
    let r = api.call_as("GET", "/api/v1/users", Some(&format!("ssws {}", api.sim.api_token())), None);
    assert_eq!(r.status, 200, "scheme is case-insensitive");
}

#[test]
fn search_with_filter_or_q_is_e0000033() {
    let api = Api::start(1);
    let r = api.get(&format!("/api/v1/users?search={}&q=a", enc("status eq \"ACTIVE\"")));
    assert_eq!((r.status, r.error_code()), (400, "E0000033".into()));
}

#[test]
fn malformed_or_unsupported_search_is_e0000031() {
    let api = Api::start(1);
    for expr in ["status eq", "(status eq \"ACTIVE\"", "status ne \"ACTIVE\"", "profile.title co \"x\"", "not status eq \"ACTIVE\"", "status eq \"A\" and"] {
        let r = api.get(&format!("/api/v1/users?search={}", enc(expr)));
        assert_eq!((r.status, r.error_code()), (400, "E0000031".into()), "{expr}");
    }
}

#[test]
fn malformed_dates_in_filter_or_search_are_e0000030() {
    let api = Api::start(1);
    for url in [
        format!("/api/v1/users?filter={}", enc("lastUpdated gt \"yesterday\"")),
        format!("/api/v1/users?search={}", enc("created lt \"2024-13-01\"")),
        format!("/api/v1/groups?filter={}", enc("lastMembershipUpdated gt \"soon\"")),
    ] {
        let r = api.get(&url);
        assert_eq!((r.status, r.error_code()), (400, "E0000030".into()), "{url}");
    }
}

#[test]
fn unknown_endpoint_is_404_in_okta_shape() {
    let api = Api::start(0);
    let r = api.get("/api/v1/nothing/here");
    assert_eq!((r.status, r.error_code()), (404, "E0000007".into()));
}

#[test]
fn post_without_content_length_is_411() {
    let api = Api::start(0);
    let mut s = std::net::TcpStream::connect(("127.0.0.1", api.sim.port())).unwrap();
    let req = format!("POST /api/v1/users/x/lifecycle/suspend HTTP/1.1\r\nHost: localhost\r\nAuthorization: SSWS {}\r\nConnection: close\r\n\r\n", api.sim.api_token());
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 411"), "{out}");
}

#[test]
fn wrong_method_on_a_known_path_is_405_e0000022() {
    let api = Api::start(0);
    let r = api.call("PATCH", "/api/v1/users", None);
    assert_eq!((r.status, r.error_code()), (405, "E0000022".into()));
}
