//! The lifecycle table: each action moves the user as Okta does, whatever form Okta's answer takes.
mod common;

use host_test::sim::FaultKind;
use serde_json::{json, Value};

/// The three answers orgs give to a successful lifecycle call.
fn answer_forms() -> [(&'static str, FaultKind); 3] {
    [
        ("{} as JSON", FaultKind::Replace { status: 200, content_type: Some("application/json".into()), body: "{}".into() }),
        ("empty 200", FaultKind::Replace { status: 200, content_type: None, body: String::new() }),
        ("204", FaultKind::Replace { status: 204, content_type: None, body: String::new() }),
    ]
}

/// A user in `status`, made through the org's own API.
fn user_in(org: &common::Org, login: &str, status: &str) -> String {
    let staged = status == "STAGED";
    let password = (status != "PROVISIONED").then(|| json!({"password": {"value": "Tr0ub4dor&3x"}}));
    let body = json!({"profile": {"login": login, "email": login, "firstName": "Life", "lastName": "Cycle"}, "credentials": password});
    let (code, user) = org.okta("POST", &format!("/api/v1/users?activate={}", !staged), Some(body));
    assert_eq!(code, 200, "{user}");
    let id = user["id"].as_str().unwrap().to_string();
    if status == "SUSPENDED" {
        assert_eq!(org.okta("POST", &format!("/api/v1/users/{id}/lifecycle/suspend"), None).0, 200);
    }
    id
}

/// (action, input beyond userId, status before, status after)
const CASES: &[(&str, &str, &str, &str)] = &[
    ("activate-user", r#"{"sendEmail": false}"#, "STAGED", "ACTIVE"),
    ("reactivate-user", "{}", "PROVISIONED", "PROVISIONED"),
    ("deactivate-user", "{}", "ACTIVE", "DEPROVISIONED"),
    ("suspend-user", "{}", "ACTIVE", "SUSPENDED"),
    ("unsuspend-user", "{}", "SUSPENDED", "ACTIVE"),
    ("reset-user-factors", "{}", "ACTIVE", "ACTIVE"),
    ("reset-user-password", r#"{"sendEmail": false}"#, "ACTIVE", "RECOVERY"),
    ("expire-user-password", "{}", "ACTIVE", "PASSWORD_EXPIRED"),
    ("expire-user-password", r#"{"tempPassword": true}"#, "ACTIVE", "PASSWORD_EXPIRED"),
];

#[test]
fn every_lifecycle_action_succeeds_with_each_answer_okta_gives_and_the_status_reads_back() {
    let org = common::org(60);
    // Seeded ACTIVE users come with enrolled factors; reset-user-factors takes those.
    let active = org.read("/api/v1/users?search=status%20eq%20%22ACTIVE%22&limit=200");
    let mut with_factors = active.as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string())
        .filter(|id| org.read(&format!("/api/v1/users/{id}/factors")).as_array().is_some_and(|f| !f.is_empty()));
    let mut n = 0;
    for (key, extra, before, after) in CASES {
        for (form, fault) in answer_forms() {
            n += 1;
            let id = match *key {
                "reset-user-factors" => with_factors.next().expect("a seeded user with factors"),
                _ => user_in(&org, &format!("life{n}@example.com"), before),
            };
            org.fail("POST", &format!("/api/v1/users/{id}/lifecycle/"), 1, fault);
            let mut input: Value = serde_json::from_str(extra).unwrap();
            input["userId"] = json!(id);
            let out = org.run(key, input).unwrap_or_else(|e| panic!("{key} with {form}: {e}"));
            assert_eq!(out["userId"], json!(id), "{key} with {form}");
            assert_eq!(out["status"], *after, "{key} with {form}: {out}");
            assert_eq!(org.read(&format!("/api/v1/users/{id}"))["status"], *after, "{key} with {form}: read back");
            if *key == "reset-user-factors" {
                assert_eq!(org.read(&format!("/api/v1/users/{id}/factors")), json!([]), "factors gone");
            }
        }
    }
}

#[test]
fn unlock_works_with_each_answer_form_on_locked_users() {
    let org = common::org(400);
    let locked = org.read("/api/v1/users?search=status%20eq%20%22LOCKED_OUT%22");
    let locked: Vec<String> = locked.as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()).collect();
    assert!(locked.len() >= 3, "seed has {} locked users", locked.len());
    for ((form, fault), id) in answer_forms().into_iter().zip(&locked) {
        org.fail("POST", &format!("/api/v1/users/{id}/lifecycle/"), 1, fault);
        let out = org.run("unlock-user", json!({"userId": id})).unwrap_or_else(|e| panic!("{form}: {e}"));
        assert_eq!(out["status"], "ACTIVE", "{form}");
        assert_eq!(org.read(&format!("/api/v1/users/{id}"))["status"], "ACTIVE", "{form}");
    }
}

#[test]
fn activation_and_reset_without_email_return_what_okta_hands_out() {
    let org = common::org(0);
    let staged = user_in(&org, "staged@example.com", "STAGED");
    let out = org.run("activate-user", json!({"userId": "staged@example.com", "sendEmail": false})).unwrap();
    assert_eq!(out["userId"], json!(staged), "login resolved to the id");
    let token = out["activationToken"].as_str().unwrap();
    assert!(out["activationUrl"].as_str().unwrap().ends_with(&format!("/welcome/{token}")), "{out}");
    let q = org.requests_to("/api/v1/users/staged%40example.com/lifecycle/activate").pop().unwrap().query;
    assert_eq!(q.as_deref(), Some("sendEmail=false"));
    let reset = org.run("reset-user-password", json!({"userId": staged, "sendEmail": false, "revokeSessions": true})).unwrap();
    assert!(reset["resetPasswordUrl"].as_str().unwrap().contains("/reset_password/"), "{reset}");
    assert_eq!(org.requests_to(&format!("/api/v1/users/{staged}/lifecycle/reset_password")).pop().unwrap().query.as_deref(), Some("sendEmail=false&revokeSessions=true"));
    // With email (Okta's default for activate), nothing to hand out.
    let other = user_in(&org, "other@example.com", "STAGED");
    let emailed = org.run("activate-user", json!({"userId": other})).unwrap();
    assert!(emailed.get("activationToken").is_none(), "{emailed}");
    assert_eq!(org.requests_to(&format!("/api/v1/users/{other}/lifecycle/activate")).pop().unwrap().query.as_deref(), Some("sendEmail=true"));
}

#[test]
fn expire_with_temp_password_returns_a_password_the_user_can_change() {
    let org = common::org(0);
    let id = user_in(&org, "temp@example.com", "ACTIVE");
    let out = org.run("expire-user-password", json!({"userId": id, "tempPassword": true})).unwrap();
    let temp = out["tempPassword"].as_str().unwrap();
    assert_eq!(out["status"], "PASSWORD_EXPIRED");
    let change = json!({"oldPassword": {"value": temp}, "newPassword": {"value": "N3w-Passw0rd-x"}});
    let (status, _) = org.okta("POST", &format!("/api/v1/users/{id}/credentials/change_password"), Some(change));
    assert_eq!(status, 200, "the temporary password is the user's password now");
    assert_eq!(org.read(&format!("/api/v1/users/{id}"))["status"], "ACTIVE");
}

#[test]
fn wrong_state_calls_keep_oktas_error_code_and_change_nothing() {
    let org = common::org(0);
    let active = user_in(&org, "active@example.com", "ACTIVE");
    let staged = user_in(&org, "staged@example.com", "STAGED");
    let suspended = user_in(&org, "suspended@example.com", "SUSPENDED");
    for (key, id, kind, code) in [
        ("activate-user", &active, "conflict", "E0000016"),
        ("unsuspend-user", &active, "okta-api", "E0000001"),
        ("suspend-user", &suspended, "okta-api", "E0000001"),
        ("expire-user-password", &staged, "conflict", "E0000038"),
        ("reactivate-user", &active, "conflict", "E0000038"),
    ] {
        let before = org.read(&format!("/api/v1/users/{id}"))["status"].clone();
        let err = org.run(key, json!({"userId": id})).unwrap_err();
        assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some(kind), Some(code)), "{key}: {err}");
        assert_eq!(org.read(&format!("/api/v1/users/{id}"))["status"], before, "{key} changed nothing");
    }
}

#[test]
fn unknown_user_is_not_found_and_bad_input_sends_nothing() {
    let org = common::org(0);
    let err = org.run("suspend-user", json!({"userId": "00unosuchuser0000000"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")), "{err}");
    org.sim.clear_requests();
    for (key, input, path) in [
        ("suspend-user", json!({}), "userId"),
        ("activate-user", json!({"userId": "x", "sendEmail": "yes"}), "sendEmail"),
        ("expire-user-password", json!({"userId": "x", "tempPassword": 1}), "tempPassword"),
        ("reset-user-password", json!({"userId": " "}), "userId"),
        ("unlock-user", json!({"userId": "x", "sendEmail": true}), "sendEmail"),
    ] {
        let err = org.run(key, input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{key}: {err}");
    }
    assert!(org.sim.requests().is_empty());
}

#[test]
fn lifecycle_calls_write_the_system_log_events_okta_writes() {
    let org = common::org(0);
    let id = user_in(&org, "logged@example.com", "ACTIVE");
    for key in ["suspend-user", "unsuspend-user", "deactivate-user"] {
        org.run(key, json!({"userId": id})).unwrap();
    }
    let events = org.read("/api/v1/logs?limit=100");
    let types: Vec<&str> = events.as_array().unwrap().iter().filter(|e| e["target"][0]["id"] == json!(id)).map(|e| e["eventType"].as_str().unwrap()).collect();
    for t in ["user.lifecycle.suspend", "user.lifecycle.unsuspend", "user.lifecycle.deactivate"] {
        assert!(types.contains(&t), "{t} in {types:?}");
    }
}
