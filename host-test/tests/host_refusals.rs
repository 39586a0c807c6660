//! Where the connector refuses to send, and what it says when the host refuses.
mod common;

use serde_json::json;

#[test]
fn a_request_the_host_denies_names_the_origin_and_how_to_allow_it() {
    let org = common::org(0);
    // Loopback by name: a valid org URL, but not the origin the host allows.
    let origin = format!("http://localhost:{}", org.sim.port());
    let connection = json!({"type": "api-token", "oktaDomain": origin, "apiToken": org.sim.api_token()}).to_string();
    let err = org.run_with("list-user-types", &connection, json!({})).unwrap_err();
    assert_eq!(err["error"], "unavailable");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains(&origin) && message.contains("add"), "{message}");
    assert!(!message.contains("HttpRequestDenied"), "{message}");
}

#[test]
fn an_ip_literal_org_is_invalid_input_and_nothing_is_sent() {
    let org = common::org(0);
    for domain in ["10.0.0.8", "https://192.168.1.20", "https://[2001:db8::1]"] {
        let connection = json!({"type": "api-token", "oktaDomain": domain, "apiToken": "x"}).to_string();
        let err = org.run_with("list-user-types", &connection, json!({})).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("connection.oktaDomain")), "{domain}");
    }
    assert!(org.sim.requests().is_empty());
}
