//! SMS, call and email factors through the connector: the passcode the org sent (read through the
//! simulator's test-only control) activates the enrollment; verify sends a challenge, then checks it.
mod common;

use serde_json::{json, Value};

/// The passcode the org last sent for the factor.
fn sent(org: &common::Org, factor: &str) -> Option<String> {
    org.sim.passcodes().into_iter().find(|p| p.factor_id == factor).map(|p| p.pass_code)
}

fn status_in_org(org: &common::Org, user: &str, factor: &str) -> Value {
    org.okta("GET", &format!("/api/v1/users/{user}/factors/{factor}"), None).1["status"].clone()
}

#[test]
fn an_sms_factor_is_activated_with_the_texted_passcode_and_verified_through_a_challenge() {
    let org = common::org(0);
    let user = org.create_user("sam@example.com")["id"].as_str().unwrap().to_string();
    let enrolled = org.run("enroll-user-factor", json!({"userId": user, "factorType": "sms", "phoneNumber": "+1-555-415-1337"})).unwrap();
    assert_eq!((enrolled["status"].as_str(), enrolled["activation"].as_null()), (Some("PENDING_ACTIVATION"), Some(())));
    let factor = enrolled["factorId"].as_str().unwrap().to_string();
    assert_eq!(enrolled["factor"]["profile"]["phoneNumber"], "+1-555-415-1337");
    let texted = sent(&org, &factor).expect("enrollment texts a passcode");
    let active = org.run("activate-user-factor", json!({"userId": user, "factorId": factor, "passCode": texted})).unwrap();
    assert_eq!(active["status"], "ACTIVE");
    assert_eq!(status_in_org(&org, &user, &factor), "ACTIVE");

    let challenge = org.run("verify-user-factor", json!({"userId": user, "factorId": factor})).unwrap();
    assert_eq!((challenge["factorResult"].as_str(), challenge["verified"].as_bool()), (Some("CHALLENGE"), Some(false)));
    assert_eq!(challenge["profile"]["phoneNumber"], "+1-555-415-1337");
    let code = sent(&org, &factor).expect("the challenge texts a passcode");
    let verified = org.run("verify-user-factor", json!({"userId": user, "factorId": factor, "passCode": code})).unwrap();
    assert_eq!((verified["factorResult"].as_str(), verified["verified"].as_bool()), (Some("SUCCESS"), Some(true)));
    let e = org.run("verify-user-factor", json!({"userId": user, "factorId": factor, "passCode": code})).unwrap_err();
    assert_eq!((e["error"].as_str(), e["okta"]["errorCode"].as_str()), (Some("okta-api"), Some("E0000068")), "a passcode is good once");
}

#[test]
fn an_email_factor_is_activated_with_the_mailed_passcode() {
    let org = common::org(0);
    let user = org.create_user("eve@example.com")["id"].as_str().unwrap().to_string();
    let enrolled = org.run("enroll-user-factor", json!({"userId": user, "factorType": "email", "email": "eve.other@example.com"})).unwrap();
    let factor = enrolled["factorId"].as_str().unwrap().to_string();
    let mail = org.sim.passcodes().into_iter().find(|p| p.factor_id == factor).unwrap();
    assert_eq!((mail.factor_type.as_str(), mail.to.as_str()), ("email", "eve.other@example.com"));
    org.run("activate-user-factor", json!({"userId": user, "factorId": factor, "passCode": mail.pass_code})).unwrap();
    assert_eq!(status_in_org(&org, &user, &factor), "ACTIVE");
    let listed = org.run("list-user-factors", json!({"userId": user})).unwrap();
    assert_eq!(listed["factors"].as_array().unwrap().iter().filter(|f| f["id"] == factor.as_str() && f["status"] == "ACTIVE").count(), 1);
}

#[test]
fn activate_enrolls_a_call_factor_active_without_sending_a_passcode() {
    let org = common::org(0);
    let user = org.create_user("cal@example.com")["id"].as_str().unwrap().to_string();
    let enrolled = org.run("enroll-user-factor", json!({"userId": user, "factorType": "call", "phoneNumber": "+44 20 7946 0018", "phoneExtension": "42", "activate": true})).unwrap();
    let factor = enrolled["factorId"].as_str().unwrap().to_string();
    assert_eq!((enrolled["status"].as_str(), enrolled["activateUrl"].as_str()), (Some("ACTIVE"), None));
    assert_eq!(enrolled["factor"]["profile"], json!({"phoneNumber": "+44 20 7946 0018", "phoneExtension": "42"}));
    assert_eq!(sent(&org, &factor), None);
    assert_eq!(status_in_org(&org, &user, &factor), "ACTIVE");
    let request = org.requests_to(&format!("/api/v1/users/{user}/factors")).into_iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(request.query.as_deref(), Some("activate=true"));
}
