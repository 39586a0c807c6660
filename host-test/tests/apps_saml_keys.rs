//! A SAML app's signing keys and IdP metadata through the component, checked against the org's own
//! answers over the simulator's HTTP.
mod common;

use base64::Engine;
use serde_json::json;

#[test]
fn a_saml_apps_signing_key_and_the_metadata_that_embeds_it() {
    let org = common::org(0);
    let app = org.app_id("Workday");
    let listed = org.run("list-application-keys", json!({"appId": app})).unwrap();
    let keys = listed["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    let key = &keys[0];
    assert_eq!(key, &org.read(&format!("/api/v1/apps/{app}/credentials/keys"))[0], "Okta's object as sent");
    let kid = key["kid"].as_str().unwrap();
    assert_eq!((key["kty"].as_str(), key["use"].as_str()), (Some("RSA"), Some("sig")));
    let der = base64::engine::general_purpose::STANDARD.decode(key["x5c"][0].as_str().unwrap()).unwrap();
    assert_eq!(der[0], 0x30, "x5c holds a DER certificate");
    assert!(key["expiresAt"].as_str().unwrap() > key["created"].as_str().unwrap());
    assert_eq!(org.read(&format!("/api/v1/apps/{app}"))["credentials"]["signing"]["kid"], kid, "the app signs with it");

    let one = org.run("get-application-key", json!({"appId": app, "keyId": kid})).unwrap();
    assert_eq!(&one, key);

    // Without keyId the metadata is the one of the key the app signs with.
    let out = org.run("get-application-saml-metadata", json!({"appId": app})).unwrap();
    assert_eq!(out["keyId"], kid);
    let xml = out["metadata"].as_str().unwrap();
    assert!(xml.starts_with("<?xml") && xml.contains(&format!("<ds:X509Certificate>{}</ds:X509Certificate>", key["x5c"][0].as_str().unwrap())));
    assert_eq!(out["certificate"], key["x5c"][0]);
    assert_eq!(out["entityId"].as_str(), Some(format!("http://www.okta.com/exk{}", &app[3..]).as_str()));
    assert_eq!(out["ssoUrl"].as_str(), Some(format!("{}/app/workday/exk{}/sso/saml", org.sim.url(), &app[3..]).as_str()));
    let asked = org.requests_to(&format!("/api/v1/apps/{app}/sso/saml/metadata")).pop().unwrap();
    assert_eq!((asked.query.as_deref(), asked.header("accept")), (Some(format!("kid={kid}").as_str()), Some("text/xml")));
    let same = org.run("get-application-saml-metadata", json!({"appId": app, "keyId": kid})).unwrap();
    assert_eq!(same["metadata"], out["metadata"]);
}

#[test]
fn apps_without_a_signing_key_and_unknown_keys_are_not_found() {
    let org = common::org(0);
    let bookmark = org.app_id("Team Wiki");
    assert_eq!(org.run("list-application-keys", json!({"appId": bookmark})).unwrap(), json!({"keys": []}));
    let err = org.run("get-application-saml-metadata", json!({"appId": bookmark})).unwrap_err();
    assert_eq!(err["error"], "not-found", "{err}");
    assert!(err["message"].as_str().unwrap().contains("BOOKMARK"), "{err}");
    assert!(org.requests_to(&format!("/api/v1/apps/{bookmark}/sso")).is_empty(), "no metadata request without a key");
    let saml = org.app_id("Workday");
    for (key, input) in [("get-application-key", json!({"appId": saml, "keyId": "nosuchkid"})), ("get-application-saml-metadata", json!({"appId": saml, "keyId": "nosuchkid"}))] {
        let err = org.run(key, input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")), "{key}: {err}");
    }
    for (key, input, path) in [
        ("list-application-keys", json!({"appId": " "}), "appId"),
        ("get-application-key", json!({"appId": saml, "keyId": ""}), "keyId"),
        ("get-application-saml-metadata", json!({"appId": saml, "keyId": " "}), "keyId"),
    ] {
        assert_eq!(org.run(key, input).unwrap_err()["path"], path, "{key}");
    }
}
