mod common;

use serde_json::json;

#[test]
fn test_connection_makes_one_cheap_read() {
    let org = common::org(2);
    let out: serde_json::Value = serde_json::from_str(&org.connector.test_connection(&org.connection).unwrap().unwrap()).unwrap();
    assert_eq!(out["oktaDomain"], org.sim.url());
    let reqs = org.sim.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].header("authorization"), Some(format!("SSWS {}", org.sim.api_token()).as_str()));
}

#[test]
fn a_wrong_token_is_unauthenticated_and_never_echoed() {
    let org = common::org(2);
    let bad = json!({"type": "api-token", "oktaDomain": org.sim.url(), "apiToken": "00-not-the-token-xyz"}).to_string();
    let err = host_test::error_json(&org.connector.test_connection(&bad).unwrap().unwrap_err());
    assert_eq!(err["error"], "unauthenticated");
    assert_eq!(err["okta"]["errorCode"], "E0000011");
    assert!(!err.to_string().contains("00-not-the-token-xyz"));
}

#[test]
fn a_domain_with_path_or_query_is_rejected_before_any_request() {
    let org = common::org(0);
    let evil = json!({"type": "api-token", "oktaDomain": "https://evil.example/x?y", "apiToken": "t0ken"}).to_string();
    let err = org.run_with("get-user", &evil, json!({"userId": "a"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("connection.oktaDomain")));
    assert!(org.sim.requests().is_empty());
}

#[test]
fn malformed_connections_name_the_field() {
    let org = common::org(0);
    for (conn, path) in [
        (json!({"oktaDomain": "a.okta.com", "apiToken": "t"}), "connection.type"),
        (json!({"type": "smoke-signals"}), "connection.type"),
        (json!({"type": "api-token", "oktaDomain": "a.okta.com"}), "connection.apiToken"),
        (json!({"type": "api-token", "oktaDomain": 7, "apiToken": "t"}), "connection.oktaDomain"),
        (json!({"type": "api-token", "oktaDomain": "a.okta.com", "apiToken": "t", "extra": 1}), "connection.extra"),
    ] {
        let err = org.run_with("get-user", &conn.to_string(), json!({"userId": "a"})).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{err}");
    }
}

#[test]
fn the_host_denies_origins_it_was_not_given() {
    let org = common::org(0);
    let elsewhere = json!({"type": "api-token", "oktaDomain": "acme.okta.com", "apiToken": "t0ken"}).to_string();
    let err = org.run_with("get-user", &elsewhere, json!({"userId": "a"})).unwrap_err();
    assert_eq!(err["error"], "unavailable");
    assert!(err["message"].as_str().unwrap().contains("the host refused the request to https://acme.okta.com"), "{err}");
}
