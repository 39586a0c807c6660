mod common;

use host_test::sim::FaultKind;
use serde_json::json;

#[test]
fn persistent_5xx_on_a_read_ends_unavailable_after_bounded_attempts() {
    let org = common::org(3);
    org.fail("GET", "/api/v1/users", 100, FaultKind::ServerError(503));
    let err = org.run("list-users", json!({})).unwrap_err();
    assert_eq!(err["error"], "unavailable");
    assert_eq!(err["okta"]["httpStatus"], 503);
    assert_eq!(org.requests_to("/api/v1/users").len(), 4);
}

#[test]
fn a_transient_5xx_on_a_read_is_retried_to_success() {
    let org = common::org(3);
    org.fail("GET", "/api/v1/users", 1, FaultKind::ServerError(500));
    assert!(org.run("list-users", json!({})).is_ok());
    assert_eq!(org.requests_to("/api/v1/users").len(), 2);
}

#[test]
fn a_5xx_on_a_create_is_not_retried_because_the_user_may_exist() {
    let org = common::org(0);
    org.fail("POST", "/api/v1/users", 1, FaultKind::ServerError(502));
    let err = org
        .run("create-user", json!({"profile": {"login": "a@example.com", "email": "a@example.com", "firstName": "A", "lastName": "B"}}))
        .unwrap_err();
    assert_eq!(err["error"], "unavailable");
    assert_eq!(org.requests_to("/api/v1/users").len(), 1);
}

#[test]
fn a_reset_connection_on_a_read_is_retried() {
    let org = common::org(2);
    org.fail("GET", "/api/v1/users", 1, FaultKind::ConnectionReset);
    assert!(org.run("list-users", json!({})).is_ok());
    assert_eq!(org.requests_to("/api/v1/users").len(), 2);
}

#[test]
fn a_slow_okta_times_out_as_unavailable() {
    let org = common::org(1);
    org.fail("GET", "/api/v1/users", 100, FaultKind::Delay(std::time::Duration::from_secs(3)));
    let err = org.run("get-user", json!({"userId": "someone@example.com"})).unwrap_err();
    assert_eq!(err["error"], "unavailable");
    assert!(err["message"].as_str().unwrap().contains("no answer from Okta"), "{err}");
}

#[test]
fn a_body_that_is_not_json_is_an_internal_error_not_a_crash() {
    let org = common::org(1);
    org.fail("GET", "/api/v1/users", 1, FaultKind::GarbageBody);
    let err = org.run("list-users", json!({})).unwrap_err();
    assert_eq!(err["error"], "internal");
    assert!(err["message"].as_str().unwrap().contains("unreadable response"));
}
