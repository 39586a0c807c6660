mod common;

use serde_json::{json, Value};

#[test]
fn authorize_url_carries_client_scopes_state_and_a_pkce_challenge() {
    let org = common::org(0);
    let conn = org.web_connection(&["okta.users.read"]);
    let (url, verifier) = org.connector.oauth_authorize(&conn, "http://127.0.0.1:9/cb", "xyz").unwrap().unwrap();
    assert!(url.starts_with(&format!("{}/oauth2/v1/authorize?", org.sim.url())));
    for part in ["response_type=code", "state=xyz", "code_challenge_method=S256", "scope=okta.users.read%20offline_access"] {
        assert!(url.contains(part), "{part} in {url}");
    }
    assert!(verifier.len() >= 43);
    assert!(!url.contains(&verifier), "the verifier stays with the host");
}

#[test]
fn consented_connection_reads_users_with_a_bearer_token() {
    let org = common::org(2);
    let conn = org.consent(&org.web_connection(&["okta.users.read"])).unwrap();
    let state: Value = serde_json::from_str(&conn).unwrap();
    assert!(state["accessToken"].is_string() && state["refreshToken"].is_string() && state["expiresAt"].is_u64());
    let called = org.call("list-users", &conn, json!({"limit": 1}));
    assert!(called.result.is_ok(), "{:?}", called.result);
    assert!(called.connection.is_none(), "a fresh token is reused, not replaced");
    let req = org.requests_to("/api/v1/users").pop().unwrap();
    assert_eq!(req.header("authorization"), Some(format!("Bearer {}", state["accessToken"].as_str().unwrap()).as_str()));
}

#[test]
fn an_expired_access_token_is_refreshed_once_and_the_new_state_returned() {
    let org = common::org(2);
    let conn = org.consent(&org.web_connection(&["okta.users.read"])).unwrap();
    let before: Value = serde_json::from_str(&conn).unwrap();
    org.sim.expire_access_tokens();
    let called = org.call("list-users", &conn, json!({"limit": 1}));
    assert!(called.result.is_ok(), "{:?}", called.result);
    let after: Value = serde_json::from_str(&called.connection.expect("new token state")).unwrap();
    assert_ne!(after["accessToken"], before["accessToken"]);
    assert_ne!(after["refreshToken"], before["refreshToken"], "Okta rotated the refresh token");
    assert_eq!(org.token_requests(), 2, "the code exchange, then one refresh");
}

#[test]
fn a_revoked_refresh_token_asks_for_reconnection() {
    let org = common::org(0);
    let conn = org.consent(&org.web_connection(&["okta.users.read"])).unwrap();
    org.sim.expire_access_tokens();
    org.sim.revoke_refresh_tokens();
    let err = org.call("list-users", &conn, json!({})).result.unwrap_err();
    assert_eq!(err["error"], "unauthenticated");
    assert_eq!(err["okta"]["errorCode"], "invalid_grant");
    let state: Value = serde_json::from_str(&conn).unwrap();
    for secret in ["refreshToken", "accessToken", "clientSecret"] {
        assert!(!err.to_string().contains(state[secret].as_str().unwrap()), "{secret} leaked");
    }
}

#[test]
fn a_wrong_client_secret_is_unauthenticated_without_echoing_it() {
    let org = common::org(0);
    let mut conn: Value = serde_json::from_str(&org.web_connection(&["okta.users.read"])).unwrap();
    conn["clientSecret"] = json!("not-the-secret-123");
    let err = org.consent(&conn.to_string()).unwrap_err();
    assert_eq!(err["error"], "unauthenticated");
    assert_eq!(err["okta"]["errorCode"], "invalid_client");
    assert!(!err.to_string().contains("not-the-secret-123"));
}

#[test]
fn authorize_input_is_checked_before_anything_is_sent() {
    let org = common::org(0);
    let conn = org.web_connection(&["okta.users.read"]);
    for (redirect, state, path) in [("javascript:alert(1)", "s", "redirectUri"), ("http://127.0.0.1/cb", " ", "state")] {
        let err = host_test::error_json(&org.connector.oauth_authorize(&conn, redirect, state).unwrap().unwrap_err());
        assert_eq!(err["path"], path);
    }
    let api = json!({"type": "api-token", "oktaDomain": org.sim.url(), "apiToken": "x"}).to_string();
    let err = host_test::error_json(&org.connector.oauth_authorize(&api, "http://127.0.0.1/cb", "s").unwrap().unwrap_err());
    assert_eq!(err["path"], "connection.type");
    assert!(org.sim.requests().is_empty());
}
