//! Raw Request through the component: it reaches only the org, keeps the connector's credentials,
//! and goes through the same HTTP layer (auth, DPoP, retries, errors) as every action.
mod common;

use host_test::sim::FaultKind;
use serde_json::{json, Value};

#[test]
fn hostile_paths_and_headers_are_refused_and_nothing_is_sent() {
    let org = common::org(0);
    let paths = [
        "https://evil.example/api/v1/users", "http://127.0.0.1:1/api/v1/users", "evil.example/api/v1/users", "//evil.example/api/v1/users",
        "/\\evil.example/x", "/api/v1\\..\\..\\x", "/@evil.example/x", "/user:pw@evil.example/api", "/api/v1/../../x", "/api/v1/users/..",
        "/%2F%2Fevil.example/x", "/%2f%2fevil.example", "/%5Cevil.example", "/api/%2e%2e/%2e%2e/x", "/%252e%252e/x", "/%25252F%25252Fevil.example",
        "/%40evil.example", "/api/v1/users#x", "/api/v1/users\r\nHost: evil.example", "/api/v1/us ers", "",
    ];
    for path in paths {
        let err = org.run("raw-request", json!({"method": "GET", "path": path})).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("path")), "{path:?}: {err}");
    }
    let headers = ["Authorization", "authorization", "DPoP", "Host", "Content-Length", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Authorization", "Cookie"];
    for name in headers {
        let err = org.run("raw-request", json!({"method": "GET", "path": "/users", "headers": {name: "SSWS stolen"}})).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(format!("headers.{name}").as_str())), "{name}");
    }
    let err = org.run("raw-request", json!({"method": "GET", "path": "/users", "headers": {"X-Note": "a\r\nAuthorization: SSWS x"}})).unwrap_err();
    assert_eq!(err["path"], "headers.X-Note");
    let err = org.run("raw-request", json!({"method": "GET", "path": "/users", "body": {"a": 1}})).unwrap_err();
    assert_eq!(err["path"], "body");
    assert!(org.sim.requests().is_empty(), "a refused raw request sends nothing");
}

#[test]
fn get_under_api_v1_with_query_returns_status_headers_and_body() {
    let org = common::org(30);
    let out = org.run("raw-request", json!({"method": "GET", "path": "/users?limit=2", "query": {"filter": "status eq \"ACTIVE\""}, "headers": {"Accept-Language": "en"}})).unwrap();
    assert_eq!(out["status"], 200);
    assert_eq!(out["body"].as_array().unwrap().len(), 2);
    assert!(out["headers"]["link"].as_str().unwrap().contains("rel=\"next\""));
    assert!(out["headers"]["x-rate-limit-limit"].is_string());
    let req = org.requests_to("/api/v1/users").pop().unwrap();
    assert_eq!(req.query.as_deref(), Some("limit=2&filter=status%20eq%20%22ACTIVE%22"));
    assert_eq!(req.header("accept-language"), Some("en"));
    assert!(req.header("authorization").unwrap().starts_with("SSWS "));
    let text = org.run("raw-request", json!({"method": "GET", "path": "/api/v1/meta/types/user", "responseType": "text"})).unwrap();
    assert!(text["body"].as_str().unwrap().starts_with('['));
    let binary = org.run("raw-request", json!({"method": "GET", "path": "/api/v1/meta/types/user", "responseType": "binary"})).unwrap();
    assert!(binary["body"].as_str().unwrap().starts_with("W3"), "base64 of `[`");
}

#[test]
fn patch_and_delete_change_the_org() {
    let org = common::org(20);
    let app = org.app_id("Team");
    let (_, groups) = org.okta_get("/api/v1/groups?q=Eng");
    let group = groups[0]["id"].as_str().unwrap().to_string();
    org.run("assign-group-to-application", json!({"appId": app, "groupId": group, "priority": 1})).unwrap();
    let patch = json!([{"op": "replace", "path": "/priority", "value": 7}, {"op": "add", "path": "/profile/email", "value": "eng@example.com"}]);
    let out = org.run("raw-request", json!({"method": "PATCH", "path": format!("/apps/{app}/groups/{group}"), "body": patch})).unwrap();
    assert_eq!((out["status"].as_u64(), out["body"]["priority"].as_i64()), (Some(200), Some(7)));
    let (_, stored) = org.okta_get(&format!("/api/v1/apps/{app}/groups/{group}"));
    assert_eq!((stored["priority"].as_i64(), stored["profile"]["email"].as_str()), (Some(7), Some("eng@example.com")));
    let out = org.run("raw-request", json!({"method": "DELETE", "path": format!("/api/v1/apps/{app}/groups/{group}")})).unwrap();
    assert_eq!((out["status"].as_u64(), &out["body"]), (Some(204), &Value::Null));
    assert_eq!(org.okta_get(&format!("/api/v1/apps/{app}/groups/{group}")).0, 404);
}

#[test]
fn a_rate_limited_raw_request_is_retried_like_any_action() {
    let org = common::org(2);
    org.fail("GET", "/api/v1/users", 1, FaultKind::RateLimited { reset_after_secs: 0 });
    let out = org.run("raw-request", json!({"method": "GET", "path": "/users"})).unwrap();
    assert_eq!((out["status"].as_u64(), out["attempts"].as_u64()), (Some(200), Some(1)));
    assert_eq!(org.requests_to("/api/v1/users").len(), 2, "the HTTP layer waited out the 429 and sent again");
}

#[test]
fn okta_errors_keep_their_detail_and_retry_options_repeat_failures() {
    let org = common::org(0);
    let err = org.run("raw-request", json!({"method": "GET", "path": "/users/00unosuchuser0000000"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
    // POST is not repeated after a 5xx by the connector's own policy; maxRetries opts in.
    let group = json!({"profile": {"name": "Raw Retried"}});
    org.fail("POST", "/api/v1/groups", 2, FaultKind::ServerError(503));
    let err = org.run("raw-request", json!({"method": "POST", "path": "/groups", "body": group})).unwrap_err();
    assert_eq!(err["error"], "unavailable");
    let out = org.run("raw-request", json!({"method": "POST", "path": "/groups", "body": group, "maxRetries": 2, "retryDelayMs": 10})).unwrap();
    assert_eq!((out["status"].as_u64(), out["attempts"].as_u64()), (Some(200), Some(2)));
    assert_eq!(org.okta_get("/api/v1/groups?q=Raw").1.as_array().unwrap().len(), 1);
    let none = org.run("raw-request", json!({"method": "GET", "path": "/users/nobody@example.com", "maxRetries": 2})).unwrap_err();
    assert_eq!(none["error"], "not-found");
    assert_eq!(org.requests_to("/api/v1/users/nobody").len(), 1, "a 404 is not retried unless retryOnAllErrors");
    org.run("raw-request", json!({"method": "GET", "path": "/users/nobody@example.com", "maxRetries": 2, "retryOnAllErrors": true})).unwrap_err();
    assert_eq!(org.requests_to("/api/v1/users/nobody").len(), 4);
}

#[test]
fn raw_requests_use_dpop_bound_oauth_like_every_action() {
    let org = common::org(2);
    let connection = org.service_connection(true, true, &["okta.users.read"]);
    let called = org.call("raw-request", &connection, json!({"method": "GET", "path": "/users"}));
    assert_eq!(called.result.unwrap()["status"], 200);
    let req = org.requests_to("/api/v1/users").pop().unwrap();
    assert!(req.header("authorization").unwrap().starts_with("DPoP "));
    assert!(req.header("dpop").is_some());
}
