//! The simulator's org authorization server over plain HTTP: authorization
//! code with PKCE, refresh rotation, client credentials with
//! `private_key_jwt`, and scope enforcement on API routes.
mod sim_oauth_support;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use host_test::sim::Simulator;
use serde_json::json;
use sha2::Digest;
use sim_oauth_support::*;

const REDIRECT: &str = "http://127.0.0.1:8765/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

/// Runs `/authorize` and returns the code from the redirect.
fn authorize(sim: &Simulator, scope: &str) -> String {
    let challenge = URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(VERIFIER.as_bytes()));
    let url = format!("{}/oauth2/v1/authorize", sim.url());
    let client_id = sim.web_app().client_id;
    let params = [
        ("client_id", client_id.as_str()),
        ("response_type", "code"),
        ("scope", scope),
        ("redirect_uri", REDIRECT),
        ("state", "st-123"),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ];
    let request = params.iter().fold(agent().get(&url), |r, (k, v)| r.query(k, v));
    let reply = send(request, None);
    assert_eq!(reply.status, 302);
    let location = reply.header("location").unwrap().to_string();
    assert!(location.starts_with(REDIRECT), "{location}");
    let query = location.split_once('?').unwrap().1;
    let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    assert!(params.contains(&("state".into(), "st-123".into())));
    params.into_iter().find(|(k, _)| k == "code").expect("code in redirect").1
}

fn basic(sim: &Simulator, secret: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{}:{secret}", sim.web_app().client_id)))
}

fn token(sim: &Simulator, auth: &str, form: &[(&str, &str)]) -> Reply {
    send(agent().post(&format!("{}/oauth2/v1/token", sim.url())).set("Authorization", auth), Some(form))
}

fn exchange(sim: &Simulator, code: &str, verifier: &str) -> Reply {
    let secret = sim.web_app().client_secret;
    token(sim, &basic(sim, &secret), &[("grant_type", "authorization_code"), ("code", code), ("redirect_uri", REDIRECT), ("code_verifier", verifier)])
}

fn bearer(reply: &Reply) -> String {
    format!("Bearer {}", reply.body["access_token"].as_str().unwrap())
}

#[test]
fn authorization_code_with_pkce_yields_a_bearer_token_that_reads_users() {
    let sim = start();
    let code = authorize(&sim, "okta.users.read offline_access");
    let reply = exchange(&sim, &code, VERIFIER);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["token_type"], "Bearer");
    assert_eq!(reply.body["expires_in"], 3600);
    assert_eq!(reply.body["scope"], "okta.users.read offline_access");
    assert!(reply.body["refresh_token"].is_string());
    assert_eq!(api_get(&sim, "/api/v1/users", &bearer(&reply), None).status, 200);
    // The code is single-use.
    assert_eq!(exchange(&sim, &code, VERIFIER).body["error"], "invalid_grant");
    let paths: Vec<String> = sim.requests().iter().map(|r| r.path.clone()).collect();
    assert!(paths.contains(&"/oauth2/v1/authorize".to_string()) && paths.contains(&"/oauth2/v1/token".to_string()));
}

#[test]
fn client_secret_post_is_accepted_and_no_refresh_token_without_offline_access() {
    let sim = start();
    let code = authorize(&sim, "okta.users.read");
    let app = sim.web_app();
    let form = [("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", REDIRECT), ("code_verifier", VERIFIER), ("client_id", &app.client_id), ("client_secret", &app.client_secret)];
    let reply = send(agent().post(&format!("{}/oauth2/v1/token", sim.url())), Some(&form));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.get("refresh_token").is_none());
}

#[test]
fn wrong_pkce_verifier_is_invalid_grant() {
    let sim = start();
    let code = authorize(&sim, "okta.users.read");
    let reply = exchange(&sim, &code, "not-the-verifier-not-the-verifier-not-the-verifier");
    assert_eq!((reply.status, reply.body["error"].as_str()), (400, Some("invalid_grant")));
}

#[test]
fn wrong_client_secret_is_invalid_client() {
    let sim = start();
    let code = authorize(&sim, "okta.users.read");
    let form = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT), ("code_verifier", VERIFIER)];
    let reply = token(&sim, &basic(&sim, "wrong-secret"), &form);
    assert_eq!((reply.status, reply.body["error"].as_str()), (401, Some("invalid_client")));
}

#[test]
fn authorize_rejects_unknown_redirect_and_redirects_other_errors() {
    let sim = start();
    let url = format!("{}/oauth2/v1/authorize", sim.url());
    let client_id = sim.web_app().client_id;
    let base = [("client_id", client_id.as_str()), ("response_type", "code"), ("state", "s1")];
    let evil = base.iter().chain(&[("scope", "okta.users.read"), ("redirect_uri", "https://evil.example/cb")]).fold(agent().get(&url), |r, (k, v)| r.query(k, v));
    assert_eq!(send(evil, None).status, 400);
    let bad_scope = base.iter().chain(&[("scope", "okta.nothing.read"), ("redirect_uri", "http://localhost:9/cb")]).fold(agent().get(&url), |r, (k, v)| r.query(k, v));
    let reply = send(bad_scope, None);
    assert_eq!(reply.status, 302);
    let location = reply.header("location").unwrap();
    assert!(location.starts_with("http://localhost:9/cb?error=invalid_scope") && location.ends_with("state=s1"), "{location}");
}

#[test]
fn refresh_rotates_and_reuse_of_an_old_refresh_token_is_invalid_grant() {
    let sim = start();
    let first = exchange(&sim, &authorize(&sim, "okta.users.read offline_access"), VERIFIER);
    let auth = basic(&sim, &sim.web_app().client_secret);
    let old = first.body["refresh_token"].as_str().unwrap().to_string();
    let second = token(&sim, &auth, &[("grant_type", "refresh_token"), ("refresh_token", &old)]);
    assert_eq!(second.status, 200, "{}", second.body);
    let new = second.body["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert_eq!(api_get(&sim, "/api/v1/users", &bearer(&second), None).status, 200);
    let reuse = token(&sim, &auth, &[("grant_type", "refresh_token"), ("refresh_token", &old)]);
    assert_eq!((reuse.status, reuse.body["error"].as_str()), (400, Some("invalid_grant")));
    // Reuse revokes the family, the newest token included.
    let after = token(&sim, &auth, &[("grant_type", "refresh_token"), ("refresh_token", &new)]);
    assert_eq!(after.body["error"], "invalid_grant");
}

#[test]
fn revoked_refresh_tokens_are_invalid_grant() {
    let sim = start();
    let first = exchange(&sim, &authorize(&sim, "okta.users.read offline_access"), VERIFIER);
    sim.revoke_refresh_tokens();
    let auth = basic(&sim, &sim.web_app().client_secret);
    let reply = token(&sim, &auth, &[("grant_type", "refresh_token"), ("refresh_token", first.body["refresh_token"].as_str().unwrap())]);
    assert_eq!((reply.status, reply.body["error"].as_str()), (400, Some("invalid_grant")));
}

#[test]
fn client_credentials_with_private_key_jwt_yields_a_bearer_token() {
    let sim = start();
    let reply = client_credentials(&sim, &sim.service_app(), "okta.users.read okta.groups.manage", None);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!((reply.body["token_type"].as_str(), reply.body["expires_in"].as_i64()), (Some("Bearer"), Some(3600)));
    assert!(reply.body.get("refresh_token").is_none());
    assert_eq!(api_get(&sim, "/api/v1/groups", &bearer(&reply), None).status, 200);
}

fn assertion_reply(sim: &Simulator, jwt: &str) -> Reply {
    let form = [("grant_type", "client_credentials"), ("scope", "okta.users.read"), ("client_assertion_type", JWT_BEARER), ("client_assertion", jwt)];
    send(agent().post(&format!("{}/oauth2/v1/token", sim.url())), Some(&form))
}

fn assert_invalid_client(reply: &Reply) {
    assert_eq!((reply.status, reply.body["error"].as_str()), (401, Some("invalid_client")), "{}", reply.body);
}

#[test]
fn assertion_signed_by_another_key_is_invalid_client() {
    let sim = start();
    let url = format!("{}/oauth2/v1/token", sim.url());
    // Same algorithm (ES256), different key.
    let mut impostor = sim.dpop_service_app();
    impostor.private_key_pem = DPOP_PEM.to_string();
    assert_invalid_client(&assertion_reply(&sim, &assertion(&impostor, &url, json!({}))));
    // The right key announced under an unknown `kid`.
    let mut unknown_kid = sim.service_app();
    unknown_kid.key_id = "not-a-registered-kid".into();
    assert_invalid_client(&assertion_reply(&sim, &assertion(&unknown_kid, &url, json!({}))));
    // A key of the wrong type for the registered one.
    let mut mismatched = sim.service_app();
    mismatched.private_key_pem = sim.dpop_service_app().private_key_pem;
    assert_invalid_client(&assertion_reply(&sim, &assertion(&mismatched, &url, json!({}))));
}

#[test]
fn expired_or_too_long_lived_assertion_is_invalid_client() {
    let sim = start();
    let (app, url) = (sim.service_app(), format!("{}/oauth2/v1/token", sim.url()));
    let now = now_s();
    assert_invalid_client(&assertion_reply(&sim, &assertion(&app, &url, json!({"iat": now - 600, "exp": now - 10}))));
    assert_invalid_client(&assertion_reply(&sim, &assertion(&app, &url, json!({"exp": now + 7200}))));
    assert_invalid_client(&assertion_reply(&sim, &assertion(&app, &url, json!({"exp": null}))));
}

#[test]
fn replayed_assertion_jti_is_invalid_client() {
    let sim = start();
    let jwt = assertion(&sim.service_app(), &format!("{}/oauth2/v1/token", sim.url()), json!({}));
    assert_eq!(assertion_reply(&sim, &jwt).status, 200);
    assert_invalid_client(&assertion_reply(&sim, &jwt));
}

#[test]
fn assertion_for_another_audience_is_invalid_client() {
    let sim = start();
    let app = sim.service_app();
    assert_invalid_client(&assertion_reply(&sim, &assertion(&app, "https://other.okta.com/oauth2/v1/token", json!({}))));
    let custom_as = format!("{}/oauth2/default/v1/token", sim.url());
    assert_invalid_client(&assertion_reply(&sim, &assertion(&app, &custom_as, json!({}))));
}

#[test]
fn client_credentials_with_a_secret_or_ungranted_scope_is_refused() {
    let sim = start();
    let web = sim.web_app();
    let form = [("grant_type", "client_credentials"), ("scope", "okta.users.read")];
    let reply = token(&sim, &basic(&sim, &web.client_secret), &form);
    assert_invalid_client(&reply);
    let app = sim.service_app();
    sim.set_client_scopes(&app.client_id, &["okta.users.read"]);
    let reply = client_credentials(&sim, &app, "okta.users.read okta.groups.read", None);
    assert_eq!((reply.status, reply.body["error"].as_str()), (400, Some("invalid_scope")));
}

#[test]
fn missing_scope_is_403_naming_the_scope() {
    let sim = start();
    let reply = client_credentials(&sim, &sim.service_app(), "okta.users.read", None);
    let auth = bearer(&reply);
    let denied = api_get(&sim, "/api/v1/policies?type=OKTA_SIGN_ON", &auth, None);
    assert_eq!((denied.status, denied.body["errorCode"].as_str()), (403, Some("E0000006")));
    let challenge = denied.header("www-authenticate").unwrap();
    assert!(challenge.starts_with("Bearer "), "{challenge}");
    assert!(challenge.contains("scope=\"okta.policies.read\"") && challenge.contains("error=\"insufficient_scope\""), "{challenge}");
    assert!(challenge.contains("resource=\"/api/v1/policies\""), "{challenge}");
    // A read scope does not allow writes.
    let write = send(agent().delete(&format!("{}/api/v1/users/00u0000000000000000/sessions", sim.url())).set("Authorization", &auth), None);
    assert!(write.header("www-authenticate").unwrap().contains("scope=\"okta.users.manage\""));
}

#[test]
fn expired_or_unknown_access_token_is_401_invalid_token() {
    let sim = start();
    let auth = bearer(&client_credentials(&sim, &sim.service_app(), "okta.users.read", None));
    sim.expire_access_tokens();
    let reply = api_get(&sim, "/api/v1/users", &auth, None);
    assert_eq!((reply.status, reply.body["errorCode"].as_str()), (401, Some("E0000011")));
    assert!(reply.header("www-authenticate").unwrap().contains("error=\"invalid_token\""));
    assert_eq!(api_get(&sim, "/api/v1/users", "Bearer nope", None).status, 401);
    // The clock route: a fresh token dies an hour later.
    let auth = bearer(&client_credentials(&sim, &sim.service_app(), "okta.users.read", None));
    sim.clock().advance(std::time::Duration::from_secs(3601));
    assert_eq!(api_get(&sim, "/api/v1/users", &auth, None).status, 401);
}

#[test]
fn ssws_tokens_are_not_scope_limited() {
    let sim = start();
    let reply = api_get(&sim, "/api/v1/policies?type=OKTA_SIGN_ON", &format!("SSWS {}", sim.api_token()), None);
    assert_eq!(reply.status, 200);
}

#[test]
fn two_client_credentials_at_once_is_401_invalid_request() {
    let sim = start();
    let app = sim.web_app();
    let code = authorize(&sim, "okta.users.read");
    let form = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT), ("code_verifier", VERIFIER), ("client_secret", app.client_secret.as_str())];
    let reply = token(&sim, &basic(&sim, &app.client_secret), &form);
    assert_eq!((reply.status, reply.body["error"].as_str()), (401, Some("invalid_request")));
}

#[test]
fn revoked_access_and_refresh_tokens_stop_working() {
    let sim = start();
    let first = exchange(&sim, &authorize(&sim, "okta.users.read offline_access"), VERIFIER);
    let auth = basic(&sim, &sim.web_app().client_secret);
    let revoke = |token: &str| send(agent().post(&format!("{}/oauth2/v1/revoke", sim.url())).set("Authorization", &auth), Some(&[("token", token)]));
    assert_eq!(revoke(first.body["access_token"].as_str().unwrap()).status, 200);
    assert_eq!(api_get(&sim, "/api/v1/users", &bearer(&first), None).status, 401);
    let refresh_token = first.body["refresh_token"].as_str().unwrap();
    assert_eq!(revoke(refresh_token).status, 200);
    let reply = token(&sim, &auth, &[("grant_type", "refresh_token"), ("refresh_token", refresh_token)]);
    assert_eq!(reply.body["error"], "invalid_grant");
}
