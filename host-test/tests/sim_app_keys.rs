//! A SAML app's signing key and IdP metadata over plain HTTP.
mod sim_support;

use base64::Engine;
use serde_json::Value;
use sim_support::Api;
use sha2::Digest;

fn app(api: &Api, q: &str) -> Value {
    api.get(&format!("/api/v1/apps?includeNonDeleted=true&q={q}")).json()[0].clone()
}

#[test]
fn a_saml_app_has_one_signing_key_named_by_the_app_and_embedded_in_its_metadata() {
    let api = Api::start(0);
    let workday = app(&api, "Workday");
    let id = workday["id"].as_str().unwrap();
    let keys = api.get(&format!("/api/v1/apps/{id}/credentials/keys")).json();
    let key = &keys[0];
    let kid = key["kid"].as_str().unwrap();
    assert_eq!(workday["credentials"]["signing"]["kid"], kid);
    assert_eq!((kid.len(), key["e"].as_str(), key["kty"].as_str()), (43, Some("AQAB"), Some("RSA")));
    let der = base64::engine::general_purpose::STANDARD.decode(key["x5c"][0].as_str().unwrap()).unwrap();
    let thumbprint = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(&der));
    assert_eq!(key["x5t#S256"], thumbprint.as_str());
    let n = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(key["n"].as_str().unwrap()).unwrap();
    assert_eq!(n.len(), 256, "RSA 2048");
    assert!(der.windows(n.len()).any(|w| w == n), "the certificate carries the key's modulus");
    assert_eq!(api.get(&format!("/api/v1/apps/{id}/credentials/keys/{kid}")).json(), *key);
    assert_eq!(api.get(&format!("/api/v1/apps/{id}/credentials/keys/other")).error_code(), "E0000007");

    let r = api.get(&format!("/api/v1/apps/{id}/sso/saml/metadata?kid={kid}"));
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/xml"));
    assert!(r.text.contains(&format!("entityID=\"http://www.okta.com/exk{}\"", &id[3..])));
    assert!(r.text.contains(&format!("<ds:X509Certificate>{}</ds:X509Certificate>", key["x5c"][0].as_str().unwrap())));
    assert!(r.text.contains("Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""));
    let r = api.get(&format!("/api/v1/apps/{id}/sso/saml/metadata"));
    assert_eq!((r.status, r.error_code()), (400, "E0000028".into()), "kid is required");
    assert_eq!(api.get(&format!("/api/v1/apps/{id}/sso/saml/metadata?kid=other")).status, 404);
    // Keys differ per app.
    let slack = app(&api, "Slack");
    assert_ne!(slack["credentials"]["signing"]["kid"], kid);
}

#[test]
fn apps_that_sign_nothing_list_no_keys_and_have_no_metadata() {
    let api = Api::start(0);
    for q in ["Team", "Internal"] {
        let a = app(&api, q);
        let id = a["id"].as_str().unwrap();
        assert_eq!(api.get(&format!("/api/v1/apps/{id}/credentials/keys")).json(), serde_json::json!([]), "{q}");
        assert!(a["credentials"]["signing"].get("kid").is_none());
        assert_eq!(api.get(&format!("/api/v1/apps/{id}/sso/saml/metadata?kid=x")).status, 404);
    }
    assert_eq!(api.get("/api/v1/apps/0oanosuchapp00000000/credentials/keys").error_code(), "E0000007");
}
