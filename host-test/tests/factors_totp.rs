//! A TOTP factor through the connector: enrolled (the output carries the secret and otpauth URI),
//! activated and verified with codes the test computes from that secret as an authenticator app
//! would; wrong and reused codes keep Okta's error codes.
mod common;
mod totp_support;

use serde_json::{json, Value};

fn okta_code(e: &Value) -> (&str, Option<u64>, Option<&str>) {
    (e["error"].as_str().unwrap(), e["okta"]["httpStatus"].as_u64(), e["okta"]["errorCode"].as_str())
}

#[test]
fn a_totp_factor_is_enrolled_activated_with_a_code_from_its_secret_and_verified() {
    let org = common::org(0);
    let user = org.create_user("tess@example.com")["id"].as_str().unwrap().to_string();
    let enrolled = org.run("enroll-user-factor", json!({"userId": "tess@example.com", "factorType": "token:software:totp"})).unwrap();
    assert_eq!((enrolled["factorType"].as_str(), enrolled["status"].as_str()), (Some("token:software:totp"), Some("PENDING_ACTIVATION")));
    let factor = enrolled["factorId"].as_str().unwrap().to_string();
    assert!(enrolled["activateUrl"].as_str().unwrap().ends_with(&format!("/factors/{factor}/lifecycle/activate")));
    let activation = &enrolled["activation"];
    let secret = activation["sharedSecret"].as_str().unwrap().to_string();
    assert_eq!(secret, enrolled["factor"]["_embedded"]["activation"]["sharedSecret"].as_str().unwrap(), "Okta's object is passed through");
    assert_eq!((activation["timeStep"].as_u64(), activation["keyLength"].as_u64()), (Some(30), Some(6)));
    let host = org.sim.url().trim_start_matches("http://").replace(':', "%3A");
    assert_eq!(
        activation["otpauthUri"].as_str().unwrap(),
        format!("otpauth://totp/{host}:tess%40example.com?secret={secret}&issuer={host}&algorithm=SHA1&digits=6&period=30")
    );
    assert!(activation["qrCodeUrl"].as_str().unwrap().contains(&format!("/factors/{factor}/qr/")));

    let at = totp_support::freeze_at_step(&org.sim);
    let code = totp_support::code(&secret, at);
    let active = org.run("activate-user-factor", json!({"userId": user, "factorId": factor, "passCode": code})).unwrap();
    assert_eq!(active["status"], "ACTIVE");
    let (status, stored) = org.okta("GET", &format!("/api/v1/users/{user}/factors/{factor}"), None);
    assert_eq!((status, stored["status"].as_str()), (200, Some("ACTIVE")), "the org has it active");

    let replayed = org.run("verify-user-factor", json!({"userId": user, "factorId": factor, "passCode": code})).unwrap_err();
    assert_eq!(okta_code(&replayed), ("okta-api", Some(403), Some("E0000082")), "the activation spent this step's code");
    org.sim.clock().advance(std::time::Duration::from_secs(30));
    let verified = org.run("verify-user-factor", json!({"userId": user, "factorId": factor, "passCode": totp_support::code(&secret, at + 30_000)})).unwrap();
    assert_eq!(verified, json!({"userId": user, "factorId": factor, "factorResult": "SUCCESS", "verified": true, "factorMessage": null, "expiresAt": null, "profile": null, "pollUrl": null}));
}

#[test]
fn a_wrong_passcode_keeps_oktas_invalid_passcode_error_and_leaves_the_factor_pending() {
    let org = common::org(0);
    org.create_user("wes@example.com");
    let enrolled = org.run("enroll-user-factor", json!({"userId": "wes@example.com", "factorType": "token:software:totp", "provider": "GOOGLE"})).unwrap();
    assert_eq!(enrolled["factor"]["provider"], "GOOGLE");
    let (factor, secret) = (enrolled["factorId"].as_str().unwrap(), enrolled["activation"]["sharedSecret"].as_str().unwrap());
    let at = totp_support::freeze_at_step(&org.sim);
    let wrong = totp_support::wrong(&totp_support::code(secret, at));
    let e = org.run("activate-user-factor", json!({"userId": "wes@example.com", "factorId": factor, "passCode": wrong})).unwrap_err();
    assert_eq!(okta_code(&e), ("okta-api", Some(403), Some("E0000068")));
    assert_eq!(e["okta"]["errorSummary"], "Invalid Passcode/Answer");
    assert_eq!(e["okta"]["errorCauses"], json!(["Your passcode doesn't match our records. Please try again."]));
    assert!(!e.to_string().contains(&wrong), "the passcode is not echoed");
    let got = org.run("get-user-factor", json!({"userId": "wes@example.com", "factorId": factor})).unwrap();
    assert_eq!(got["status"], "PENDING_ACTIVATION");
    let e = org.run("verify-user-factor", json!({"userId": "wes@example.com", "factorId": factor, "passCode": totp_support::code(secret, at)})).unwrap_err();
    assert_eq!(okta_code(&e), ("okta-api", Some(400), Some("E0000001")), "a pending factor does not verify");
}
