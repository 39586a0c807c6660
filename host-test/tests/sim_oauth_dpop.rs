//! DPoP (RFC 9449) against the simulator: the nonce dance at the token
//! endpoint and at the resource server, and token binding.
mod sim_oauth_support;

use host_test::sim::Simulator;
use sim_oauth_support::*;

/// Client credentials for the DPoP app, doing the token-endpoint nonce dance.
/// Returns the access token.
fn dpop_token(sim: &Simulator, key: &DpopKey, scope: &str) -> String {
    let app = sim.dpop_service_app();
    let url = format!("{}/oauth2/v1/token", sim.url());
    let first = client_credentials(sim, &app, scope, Some(&key.proof("POST", &url, None, None)));
    assert_eq!((first.status, first.body["error"].as_str()), (400, Some("use_dpop_nonce")), "{}", first.body);
    let nonce = first.header("dpop-nonce").expect("DPoP-Nonce header").to_string();
    let second = client_credentials(sim, &app, scope, Some(&key.proof("POST", &url, Some(&nonce), None)));
    assert_eq!(second.status, 200, "{}", second.body);
    assert_eq!(second.body["token_type"], "DPoP");
    second.body["access_token"].as_str().unwrap().to_string()
}

/// A resource `GET` with the resource nonce dance; returns the final reply.
fn dpop_get(sim: &Simulator, key: &DpopKey, token: &str, path: &str) -> Reply {
    let htu = format!("{}{}", sim.url(), path.split('?').next().unwrap());
    let auth = format!("DPoP {token}");
    let first = api_get(sim, path, &auth, Some(&key.proof("GET", &htu, None, Some(token))));
    if first.status != 401 {
        return first;
    }
    let challenge = first.header("www-authenticate").unwrap();
    assert!(challenge.contains("error=\"use_dpop_nonce\""), "{challenge}");
    let nonce = first.header("dpop-nonce").expect("DPoP-Nonce header").to_string();
    api_get(sim, path, &auth, Some(&key.proof("GET", &htu, Some(&nonce), Some(token))))
}

#[test]
fn token_request_without_a_proof_is_invalid_dpop_proof() {
    let sim = start();
    let reply = client_credentials(&sim, &sim.dpop_service_app(), "okta.users.read", None);
    assert_eq!((reply.status, reply.body["error"].as_str()), (400, Some("invalid_dpop_proof")));
}

#[test]
fn nonce_dance_yields_a_dpop_token_usable_with_a_resource_nonce() {
    let sim = start();
    let key = DpopKey::new();
    let token = dpop_token(&sim, &key, "okta.users.read");
    let reply = dpop_get(&sim, &key, &token, "/api/v1/users?limit=2");
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn rotated_nonce_is_challenged_again_at_token_and_resource() {
    let sim = start();
    let key = DpopKey::new();
    let app = sim.dpop_service_app();
    let url = format!("{}/oauth2/v1/token", sim.url());
    let first = client_credentials(&sim, &app, "okta.users.read", Some(&key.proof("POST", &url, None, None)));
    let old = first.header("dpop-nonce").unwrap().to_string();
    sim.rotate_dpop_nonce();
    let stale = client_credentials(&sim, &app, "okta.users.read", Some(&key.proof("POST", &url, Some(&old), None)));
    assert_eq!(stale.body["error"], "use_dpop_nonce");
    let fresh = stale.header("dpop-nonce").unwrap().to_string();
    assert_ne!(fresh, old);

    let token = dpop_token(&sim, &key, "okta.users.read");
    let htu = format!("{}/api/v1/users", sim.url());
    let first = api_get(&sim, "/api/v1/users", &format!("DPoP {token}"), Some(&key.proof("GET", &htu, None, Some(&token))));
    let resource_nonce = first.header("dpop-nonce").unwrap().to_string();
    sim.rotate_dpop_nonce();
    let stale = api_get(&sim, "/api/v1/users", &format!("DPoP {token}"), Some(&key.proof("GET", &htu, Some(&resource_nonce), Some(&token))));
    assert_eq!((stale.status, stale.body["errorCode"].as_str()), (401, Some("E0000011")));
    assert_eq!(
        stale.header("www-authenticate"),
        Some("DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"")
    );
    assert_ne!(stale.header("dpop-nonce"), Some(resource_nonce.as_str()));
    assert_eq!(dpop_get(&sim, &key, &token, "/api/v1/users").status, 200);
}

#[test]
fn dpop_bound_token_presented_as_bearer_is_rejected() {
    let sim = start();
    let key = DpopKey::new();
    let token = dpop_token(&sim, &key, "okta.users.read");
    let reply = api_get(&sim, "/api/v1/users", &format!("Bearer {token}"), None);
    // API-NOTES §1.5: 400 invalid_request under the DPoP scheme.
    assert_eq!(reply.status, 400);
    assert!(reply.header("www-authenticate").unwrap().contains("error=\"invalid_request\""));
}

#[test]
fn resource_proof_must_carry_ath_method_url_and_unused_jti() {
    let sim = start();
    let key = DpopKey::new();
    let token = dpop_token(&sim, &key, "okta.users.read");
    let htu = format!("{}/api/v1/users", sim.url());
    let auth = format!("DPoP {token}");
    let first = api_get(&sim, "/api/v1/users", &auth, Some(&key.proof("GET", &htu, None, Some(&token))));
    let nonce = first.header("dpop-nonce").unwrap().to_string();
    let cases = [
        ("no ath", key.proof("GET", &htu, Some(&nonce), None)),
        ("wrong method", key.proof("POST", &htu, Some(&nonce), Some(&token))),
        ("wrong url", key.proof("GET", &format!("{}/api/v1/groups", sim.url()), Some(&nonce), Some(&token))),
    ];
    for (case, proof) in cases {
        let reply = api_get(&sim, "/api/v1/users", &auth, Some(&proof));
        assert_eq!(reply.status, 400, "{case}");
        assert!(reply.header("www-authenticate").unwrap().contains("error=\"invalid_dpop_proof\""), "{case}");
    }
    let proof = key.proof("GET", &htu, Some(&nonce), Some(&token));
    assert_eq!(api_get(&sim, "/api/v1/users", &auth, Some(&proof)).status, 200);
    assert_eq!(api_get(&sim, "/api/v1/users", &auth, Some(&proof)).status, 400, "replayed proof");
}

#[test]
fn dpop_insufficient_scope_challenge_uses_the_dpop_scheme() {
    let sim = start();
    let key = DpopKey::new();
    let token = dpop_token(&sim, &key, "okta.users.read");
    let reply = dpop_get(&sim, &key, &token, "/api/v1/policies");
    assert_eq!((reply.status, reply.body["errorCode"].as_str()), (403, Some("E0000006")));
    let challenge = reply.header("www-authenticate").unwrap();
    assert!(challenge.starts_with("DPoP algs=\"RS256 RS384 RS512 ES256 ES384 ES512\""), "{challenge}");
    assert!(challenge.contains("scope=\"okta.policies.read\""), "{challenge}");
}

#[test]
fn htu_is_compared_with_the_percent_decoded_path() {
    let sim = start();
    let key = DpopKey::new();
    let token = dpop_token(&sim, &key, "okta.users.read");
    let path = "/api/v1/users/nobody%40example.com";
    let auth = format!("DPoP {token}");
    let decoded = format!("{}/api/v1/users/nobody@example.com", sim.url());
    let nonce = api_get(&sim, path, &auth, Some(&key.proof("GET", &decoded, None, Some(&token)))).header("dpop-nonce").unwrap().to_string();
    // Okta decodes before comparing (okta-sdk-python#541): the encoded form fails.
    let encoded = api_get(&sim, path, &auth, Some(&key.proof("GET", &format!("{}{path}", sim.url()), Some(&nonce), Some(&token))));
    assert_eq!(encoded.status, 400);
    let reply = api_get(&sim, path, &auth, Some(&key.proof("GET", &decoded, Some(&nonce), Some(&token))));
    assert_eq!((reply.status, reply.body["errorCode"].as_str()), (404, Some("E0000007")), "{}", reply.body);
}
