//! What a user may enroll: the factor catalog and the security questions, and one enrolled factor,
//! read through the connector.
mod common;

use serde_json::json;

#[test]
fn the_catalog_lists_each_factor_with_the_users_enrollment_status() {
    let org = common::org(0);
    org.create_user("cora@example.com");
    org.run("enroll-user-factor", json!({"userId": "cora@example.com", "factorType": "email", "email": "cora@example.com", "activate": true})).unwrap();
    let catalog = org.run("list-supported-factors", json!({"userId": "cora@example.com"})).unwrap();
    let factors = catalog["factors"].as_array().unwrap();
    let status = |t: &str, p: &str| factors.iter().find(|f| f["factorType"] == t && f["provider"] == p).map(|f| f["status"].as_str().unwrap().to_string());
    assert_eq!(status("email", "OKTA").as_deref(), Some("ACTIVE"));
    for (t, p) in [("question", "OKTA"), ("sms", "OKTA"), ("call", "OKTA"), ("token:software:totp", "OKTA"), ("token:software:totp", "GOOGLE")] {
        assert_eq!(status(t, p).as_deref(), Some("NOT_SETUP"), "{t}/{p}");
    }
    let e = org.run("list-supported-factors", json!({"userId": "nobody@example.com"})).unwrap_err();
    assert_eq!((e["error"].as_str(), e["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
}

#[test]
fn security_questions_list_the_keys_to_enroll_with() {
    let org = common::org(0);
    org.create_user("sid@example.com");
    let out = org.run("list-security-questions", json!({"userId": "sid@example.com"})).unwrap();
    let questions = out["questions"].as_array().unwrap();
    assert!(questions.len() >= 20);
    assert!(questions.contains(&json!({"question": "disliked_food", "questionText": "What is the food you least liked as a child?"})));
    assert_eq!(org.requests_to("/api/v1/users/sid%40example.com/factors/questions").len(), 1);
}

#[test]
fn get_user_factor_reads_one_factor_and_unknown_ones_are_not_found() {
    let org = common::org(0);
    let user = org.create_user("gil@example.com")["id"].as_str().unwrap().to_string();
    let factor = org.run("enroll-user-factor", json!({"userId": user, "factorType": "sms", "phoneNumber": "+15554151337"})).unwrap()["factorId"].as_str().unwrap().to_string();
    let got = org.run("get-user-factor", json!({"userId": user, "factorId": factor})).unwrap();
    assert_eq!((got["id"].as_str(), got["factorType"].as_str(), got["status"].as_str()), (Some(factor.as_str()), Some("sms"), Some("PENDING_ACTIVATION")));
    let e = org.run("get-user-factor", json!({"userId": user, "factorId": "mblnosuchfactor000000"})).unwrap_err();
    assert_eq!((e["error"].as_str(), e["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
    org.run("unenroll-user-factor", json!({"userId": user, "factorId": factor})).unwrap();
    assert_eq!(org.okta("GET", &format!("/api/v1/users/{user}/factors/{factor}"), None).0, 404);
}
