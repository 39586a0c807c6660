mod common;

use serde_json::{json, Value};

#[test]
fn many_calls_reuse_one_token_through_the_connection_state() {
    let org = common::org(3);
    let mut conn = org.service_connection(false, false, &["okta.users.read"]);
    for _ in 0..4 {
        let called = org.call("list-users", &conn, json!({"limit": 1}));
        assert!(called.result.is_ok(), "{:?}", called.result);
        if let Some(updated) = called.connection {
            conn = updated;
        }
    }
    assert_eq!(org.token_requests(), 1);
    let assertion = org.requests_to("/oauth2/v1/token")[0].body.clone();
    assert!(assertion.contains("grant_type=client_credentials") && assertion.contains("client_assertion="));
    let token: Value = serde_json::from_str(&conn).unwrap();
    let req = org.requests_to("/api/v1/users").pop().unwrap();
    assert_eq!(req.header("authorization"), Some(format!("Bearer {}", token["accessToken"].as_str().unwrap()).as_str()));
}

#[test]
fn an_expired_token_is_replaced_with_a_new_assertion() {
    let org = common::org(1);
    let conn = org.call("list-users", &org.service_connection(false, false, &["okta.users.read"]), json!({})).connection.unwrap();
    org.sim.expire_access_tokens();
    let called = org.call("list-users", &conn, json!({}));
    assert!(called.result.is_ok());
    let (old, new): (Value, Value) = (serde_json::from_str(&conn).unwrap(), serde_json::from_str(&called.connection.unwrap()).unwrap());
    assert_ne!(old["accessToken"], new["accessToken"]);
    assert_eq!(org.token_requests(), 2);
}

#[test]
fn an_assertion_signed_by_another_key_is_refused() {
    let org = common::org(0);
    let mut conn: Value = serde_json::from_str(&org.service_connection(false, false, &["okta.users.read"])).unwrap();
    conn["privateKey"] = json!(org.sim.dpop_service_app().private_key_pem);
    let err = org.call("list-users", &conn.to_string(), json!({})).result.unwrap_err();
    assert_eq!(err["error"], "unauthenticated");
    assert_eq!(err["okta"]["errorCode"], "invalid_client");
}

#[test]
fn an_assertion_outside_oktas_time_window_is_refused() {
    let org = common::org(0);
    // Okta's clock two hours ahead: the connector's assertion has expired by Okta's reckoning.
    org.sim.clock().advance(std::time::Duration::from_secs(7200));
    let err = org.call("list-users", &org.service_connection(false, false, &["okta.users.read"]), json!({})).result.unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("unauthenticated"), Some("invalid_client")));
}

#[test]
fn a_missing_scope_is_forbidden_and_named() {
    let org = common::org(0);
    let app = org.sim.service_app();
    org.sim.set_client_scopes(&app.client_id, &["okta.groups.read"]);
    let conn = org.service_connection(false, false, &["okta.groups.read"]);
    let err = host_test::error_json(&org.connector.test_connection(&conn).unwrap().unwrap_err());
    assert_eq!(err["error"], "forbidden");
    assert_eq!(err["okta"]["errorCode"], "E0000006");
    assert!(err["message"].as_str().unwrap().contains("okta.users.read"), "{err}");
}

#[test]
fn a_key_that_is_not_pem_is_invalid_input_before_any_request() {
    let org = common::org(0);
    let mut conn: Value = serde_json::from_str(&org.service_connection(false, false, &["okta.users.read"])).unwrap();
    conn["privateKey"] = json!("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----");
    let err = org.call("list-users", &conn.to_string(), json!({})).result.unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("connection.privateKey")));
    assert!(!err.to_string().contains("not a key"));
    assert!(org.sim.requests().is_empty());
}
