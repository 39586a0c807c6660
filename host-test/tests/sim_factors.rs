//! The simulator's factors over plain HTTP: the authenticators, the catalog and security questions,
//! enrollment, activation and verification (TOTP against the issued secret, SMS/call/email passcodes
//! read through the control path, security questions), and Okta's refusals.
mod sim_support;
mod totp_support;

use host_test::sim::SimConfig;
use serde_json::{json, Value};
use sim_support::{Api, Resp};

fn api() -> Api {
    Api::with(SimConfig { control: true, ..SimConfig::default() })
}

fn user(api: &Api, login: &str) -> String {
    api.create_user(login, "?activate=true", Some(json!({"password": {"value": "Tr0ub4dor&3x"}})))["id"].as_str().unwrap().to_string()
}

fn enroll(api: &Api, user: &str, query: &str, body: Value) -> Resp {
    api.post(&format!("/api/v1/users/{user}/factors{query}"), &body)
}

/// The passcode the control path shows for the factor.
fn sent(api: &Api, factor: &str) -> Value {
    let all = api.get("/sim/passcodes").json();
    all.as_array().unwrap().iter().find(|p| p["factorId"] == factor).cloned().unwrap_or(Value::Null)
}

fn error(r: &Resp) -> (u16, String) {
    (r.status, r.error_code())
}

#[test]
fn the_test_totp_matches_the_rfc_6238_vectors() {
    // RFC 6238 Appendix B, SHA-1 (8 digits).
    for (t, code) in [(59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"), (2_000_000_000, "69279037")] {
        assert_eq!(totp_support::code_for_key(b"12345678901234567890", t, 8), code);
    }
    assert_eq!(totp_support::base32_decode("GEZDGNBVGY3TQOJQ"), b"1234567890");
}

#[test]
fn authenticators_list_the_methods_the_catalog_offers() {
    let api = api();
    let r = api.get("/api/v1/authenticators");
    assert_eq!(r.status, 200);
    let list = r.json();
    let keys: Vec<&str> = list.as_array().unwrap().iter().map(|a| a["key"].as_str().unwrap()).collect();
    for key in ["okta_email", "okta_password", "phone_number", "security_question", "okta_verify", "google_otp"] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    assert!(r.json().as_array().unwrap().iter().all(|a| a["status"] == "ACTIVE" && a["id"].as_str().unwrap().starts_with("aut")));
    assert_eq!(api.get("/api/v1/authenticators").json(), r.json(), "stable ids");
}

#[test]
fn the_catalog_shows_what_a_user_may_enroll_and_what_they_have() {
    let api = api();
    let id = user(&api, "cat@example.com");
    let catalog = api.get(&format!("/api/v1/users/{id}/factors/catalog")).json();
    let pairs: Vec<(String, String, String)> = catalog.as_array().unwrap().iter()
        .map(|f| (f["factorType"].as_str().unwrap().into(), f["provider"].as_str().unwrap().into(), f["status"].as_str().unwrap().into())).collect();
    for (t, p) in [("question", "OKTA"), ("sms", "OKTA"), ("call", "OKTA"), ("email", "OKTA"), ("token:software:totp", "OKTA"), ("token:software:totp", "GOOGLE")] {
        assert!(pairs.contains(&(t.into(), p.into(), "NOT_SETUP".into())), "{t}/{p} in {pairs:?}");
    }
    let question = catalog.as_array().unwrap().iter().find(|f| f["factorType"] == "question").unwrap();
    assert!(question["_links"]["questions"]["href"].as_str().unwrap().ends_with(&format!("/api/v1/users/{id}/factors/questions")));
    enroll(&api, &id, "", json!({"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+1-555-415-1337"}}));
    let catalog = api.get(&format!("/api/v1/users/{id}/factors/catalog")).json();
    assert_eq!(catalog.as_array().unwrap().iter().find(|f| f["factorType"] == "sms").unwrap()["status"], "PENDING_ACTIVATION");
    let questions = api.get(&format!("/api/v1/users/{id}/factors/questions")).json();
    assert!(questions.as_array().unwrap().len() >= 20);
    assert_eq!(questions[0], json!({"question": "disliked_food", "questionText": "What is the food you least liked as a child?"}));
    assert_eq!(error(&api.get("/api/v1/users/00unosuchuser0000000/factors/catalog")), (404, "E0000007".into()));
}

#[test]
fn a_totp_factor_activates_and_verifies_with_codes_from_its_secret_once_each() {
    let api = api();
    let id = user(&api, "totp@example.com");
    let r = enroll(&api, &id, "", json!({"factorType": "token:software:totp", "provider": "OKTA"}));
    assert_eq!(r.status, 200, "{}", r.text);
    let f = r.json();
    assert_eq!((f["status"].as_str(), f["profile"]["credentialId"].as_str()), (Some("PENDING_ACTIVATION"), Some("totp@example.com")));
    let activation = &f["_embedded"]["activation"];
    assert_eq!((activation["timeStep"].as_u64(), activation["keyLength"].as_u64(), activation["encoding"].as_str()), (Some(30), Some(6), Some("base32")));
    let secret = activation["sharedSecret"].as_str().unwrap();
    let factor = f["id"].as_str().unwrap();
    let at = totp_support::freeze_at_step(&api.sim);
    let activate = format!("/api/v1/users/{id}/factors/{factor}/lifecycle/activate");
    let verify = format!("/api/v1/users/{id}/factors/{factor}/verify");
    assert_eq!(error(&api.post(&verify, &json!({"passCode": totp_support::code(secret, at)}))), (400, "E0000001".into()), "pending factors do not verify");
    let bad = api.post(&activate, &json!({"passCode": totp_support::wrong(&totp_support::code(secret, at))}));
    assert_eq!(error(&bad), (403, "E0000068".into()));
    assert_eq!(bad.json()["errorSummary"], "Invalid Passcode/Answer");
    // The previous step's code is within the drift Okta allows.
    let r = api.post(&activate, &json!({"passCode": totp_support::code(secret, at - 30_000)}));
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("ACTIVE")), "{}", r.text);
    assert!(r.json()["_links"]["verify"]["href"].as_str().unwrap().ends_with("/verify"));
    assert_eq!(api.get(&format!("/api/v1/users/{id}/factors/{factor}")).json()["status"], "ACTIVE");
    let r = api.post(&verify, &json!({"passCode": totp_support::code(secret, at)}));
    assert_eq!((r.status, r.json()), (200, json!({"factorResult": "SUCCESS"})));
    assert_eq!(error(&api.post(&verify, &json!({"passCode": totp_support::code(secret, at)}))), (403, "E0000082".into()), "a code is good once");
    assert_eq!(error(&api.post(&verify, &json!({"passCode": totp_support::code(secret, at + 90_000)}))), (403, "E0000068".into()), "two steps ahead");
    api.sim.clock().advance(std::time::Duration::from_secs(30));
    assert_eq!(api.post(&verify, &json!({"passCode": totp_support::code(secret, at + 30_000)})).json()["factorResult"], "SUCCESS");
    assert_eq!(error(&api.post(&activate, &json!({"passCode": "123456"}))), (400, "E0000001".into()), "already active");
    let again = enroll(&api, &id, "", json!({"factorType": "token:software:totp", "provider": "OKTA"}));
    assert_eq!(error(&again), (400, "E0000001".into()));
}

#[test]
fn sms_and_email_passcodes_are_read_through_the_control_path_and_spent_on_use() {
    let api = api();
    let id = user(&api, "sms@example.com");
    let f = enroll(&api, &id, "", json!({"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+1-555-415-1337"}})).json();
    assert_eq!(f["status"], "PENDING_ACTIVATION");
    assert!(f["_links"]["activate"]["href"].is_string() && f["_links"]["resend"][0]["name"] == "sms");
    let factor = f["id"].as_str().unwrap();
    let code = sent(&api, factor);
    assert_eq!((code["to"].as_str(), code["factorType"].as_str(), code["userId"].as_str()), (Some("+1-555-415-1337"), Some("sms"), Some(id.as_str())));
    let pass_code = code["passCode"].as_str().unwrap();
    assert_eq!(api.sim.passcodes().iter().find(|p| p.factor_id == factor).map(|p| p.pass_code.as_str()), Some(pass_code));
    let activate = format!("/api/v1/users/{id}/factors/{factor}/lifecycle/activate");
    assert_eq!(error(&api.post(&activate, &json!({"passCode": totp_support::wrong(pass_code)}))), (403, "E0000068".into()));
    // A resend replaces the passcode: the first one no longer activates.
    let resent = api.post(&format!("/api/v1/users/{id}/factors/{factor}/resend"), &json!({"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+1-555-415-1337"}}));
    assert_eq!((resent.status, resent.json()["status"].as_str()), (200, Some("PENDING_ACTIVATION")));
    let old = pass_code.to_string();
    let pass_code = sent(&api, factor)["passCode"].as_str().unwrap().to_string();
    if pass_code != old {
        assert_eq!(error(&api.post(&activate, &json!({"passCode": old}))), (403, "E0000068".into()));
    }
    assert_eq!(api.post(&activate, &json!({"passCode": pass_code})).json()["status"], "ACTIVE");
    assert_eq!(error(&api.post(&format!("/api/v1/users/{id}/factors/{factor}/resend"), &json!({}))), (400, "E0000001".into()), "nothing pending");
    assert!(sent(&api, factor).is_null(), "spent");
    // Verify: a call without a passcode sends one (CHALLENGE), the next checks it.
    let verify = format!("/api/v1/users/{id}/factors/{factor}/verify");
    let challenge = api.post_empty(&verify).json();
    assert_eq!((challenge["factorResult"].as_str(), challenge["profile"]["phoneNumber"].as_str()), (Some("CHALLENGE"), Some("+1-555-415-1337")));
    let pass_code = sent(&api, factor)["passCode"].as_str().unwrap().to_string();
    assert_eq!(api.post(&verify, &json!({"passCode": pass_code})).json()["factorResult"], "SUCCESS");
    assert_eq!(error(&api.post(&verify, &json!({"passCode": pass_code}))), (403, "E0000068".into()), "spent");
    // An email passcode expires with its lifetime.
    let email = enroll(&api, &id, "?tokenLifetimeSeconds=60", json!({"factorType": "email", "provider": "OKTA", "profile": {"email": "sms@example.com"}})).json();
    let email_id = email["id"].as_str().unwrap();
    let pass_code = sent(&api, email_id)["passCode"].as_str().unwrap().to_string();
    api.sim.clock().advance(std::time::Duration::from_secs(61));
    assert_eq!(error(&api.post(&format!("/api/v1/users/{id}/factors/{email_id}/lifecycle/activate"), &json!({"passCode": pass_code}))), (403, "E0000068".into()));
}

#[test]
fn auto_activation_sends_nothing_and_a_question_is_active_at_once() {
    let api = api();
    let id = user(&api, "auto@example.com");
    let f = enroll(&api, &id, "?activate=true", json!({"factorType": "call", "provider": "OKTA", "profile": {"phoneNumber": "+1-555-415-1337", "phoneExtension": "1234"}})).json();
    assert_eq!((f["status"].as_str(), f["profile"]["phoneExtension"].as_str()), (Some("ACTIVE"), Some("1234")));
    assert!(sent(&api, f["id"].as_str().unwrap()).is_null());
    let q = enroll(&api, &id, "", json!({"factorType": "question", "provider": "OKTA", "profile": {"question": "disliked_food", "answer": "Mayonnaise"}}));
    assert_eq!(q.status, 200, "{}", q.text);
    let q = q.json();
    assert_eq!((q["status"].as_str(), q["profile"]["questionText"].as_str()), (Some("ACTIVE"), Some("What is the food you least liked as a child?")));
    assert!(!q.to_string().to_lowercase().contains("mayonnaise"), "the answer is never echoed");
    let verify = format!("/api/v1/users/{id}/factors/{}/verify", q["id"].as_str().unwrap());
    assert_eq!(api.post(&verify, &json!({"answer": "  mayonnaise "})).json()["factorResult"], "SUCCESS", "case-insensitive");
    let wrong = api.post(&verify, &json!({"answer": "ketchup"}));
    assert_eq!(error(&wrong), (403, "E0000068".into()));
    assert!(!wrong.text.contains("ketchup"));
    let events: Vec<Value> = api.get("/api/v1/logs?filter=eventType+eq+%22user.mfa.factor.activate%22").json().as_array().unwrap().clone();
    assert_eq!(events.len(), 2, "the call and the question became active");
}

#[test]
fn enrollments_okta_refuses() {
    let api = api();
    let id = user(&api, "refuse@example.com");
    let code = |query: &str, body: Value| error(&enroll(&api, &id, query, body));
    let e0000001 = (400, "E0000001".to_string());
    assert_eq!(code("", json!({"factorType": "push", "provider": "OKTA"})), e0000001, "not offered");
    assert_eq!(code("", json!({"factorType": "token:software:totp", "provider": "RSA"})), e0000001);
    assert_eq!(code("", json!({"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "555"}})), e0000001);
    assert_eq!(code("", json!({"factorType": "email", "provider": "OKTA", "profile": {}})), e0000001);
    assert_eq!(code("", json!({"factorType": "question", "provider": "OKTA", "profile": {"question": "disliked_food", "answer": "abc"}})), e0000001);
    assert_eq!(code("", json!({"factorType": "question", "provider": "OKTA", "profile": {"question": "favorite_colour", "answer": "green"}})), e0000001);
    assert_eq!(code("?activate=maybe", json!({"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+15554151337"}})), e0000001);
    // A pending phone is replaced only with updatePhone.
    assert_eq!(code("", json!({"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+15554151337"}})).0, 200);
    assert_eq!(code("", json!({"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+15554150000"}})), e0000001);
    assert_eq!(code("?updatePhone=true", json!({"factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+15554150000"}})).0, 200);
    let smses: Vec<Value> = api.get(&format!("/api/v1/users/{id}/factors")).json().as_array().unwrap().iter().filter(|f| f["factorType"] == "sms").cloned().collect();
    assert_eq!((smses.len(), smses[0]["profile"]["phoneNumber"].as_str()), (1, Some("+15554150000")));
    assert_eq!(error(&api.get(&format!("/api/v1/users/{id}/factors/mblnosuchfactor000000"))), (404, "E0000007".into()));
    api.post_empty(&format!("/api/v1/users/{id}/lifecycle/deactivate"));
    assert_eq!(code("", json!({"factorType": "token:software:totp", "provider": "GOOGLE"})), (403, "E0000038".into()));
}
