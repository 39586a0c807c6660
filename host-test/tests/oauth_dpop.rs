mod common;

use serde_json::{json, Value};

#[test]
fn dpop_bound_token_is_fetched_through_the_nonce_challenge_and_used_with_proofs() {
    let org = common::org(2);
    let called = org.call("list-users", &org.service_connection(true, true, &["okta.users.read"]), json!({"limit": 1}));
    assert!(called.result.is_ok(), "{:?}", called.result);
    let state: Value = serde_json::from_str(&called.connection.unwrap()).unwrap();
    assert!(state["dpopKey"].as_str().unwrap().contains("PRIVATE KEY"), "the key the token is bound to is kept");
    let token_reqs = org.requests_to("/oauth2/v1/token");
    assert_eq!(token_reqs.len(), 2, "first refused with use_dpop_nonce, then granted");
    assert!(token_reqs.iter().all(|r| r.header("dpop").is_some()));
    let api = org.requests_to("/api/v1/users").pop().unwrap();
    assert!(api.header("authorization").unwrap().starts_with("DPoP "));
    assert!(api.header("dpop").is_some());
}

#[test]
fn a_stale_dpop_nonce_is_recovered_by_one_retry() {
    let org = common::org(2);
    let conn = org.call("list-users", &org.service_connection(true, true, &["okta.users.read"]), json!({})).connection.unwrap();
    org.sim.rotate_dpop_nonce();
    org.sim.clear_requests();
    let called = org.call("list-users", &conn, json!({}));
    assert!(called.result.is_ok(), "{:?}", called.result);
    assert_eq!(org.requests_to("/api/v1/users").len(), 2, "challenged once, then accepted");
    assert_eq!(org.token_requests(), 0, "the bound token is still good");
}

#[test]
fn dpop_required_but_absent_says_so() {
    let org = common::org(0);
    let err = org.call("list-users", &org.service_connection(true, false, &["okta.users.read"]), json!({})).result.unwrap_err();
    assert_eq!(err["error"], "unauthenticated");
    assert_eq!(err["okta"]["errorCode"], "invalid_dpop_proof");
    assert!(err["message"].as_str().unwrap().contains("dpop: true"), "{err}");
}

#[test]
fn proofs_match_oktas_decoded_path_for_logins_in_the_url() {
    let org = common::org(0);
    let conn = org.service_connection(true, true, &["okta.users.read", "okta.users.manage"]);
    let created = org.call("create-user", &conn, json!({"profile": {"login": "d+p@example.com", "email": "d+p@example.com", "firstName": "D", "lastName": "P"}}));
    let conn = created.connection.unwrap();
    let read = org.call("get-user", &conn, json!({"userId": "d+p@example.com"}));
    assert_eq!(read.result.unwrap()["profile"]["login"], "d+p@example.com");
}
