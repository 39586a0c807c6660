//! A security-question factor through the connector: enrolled active, verified with its answer; a
//! wrong answer keeps Okta's error; the answer never comes back.
mod common;

use serde_json::json;

#[test]
fn a_security_question_is_enrolled_active_and_verified_with_its_answer() {
    let org = common::org(0);
    let user = org.create_user("quinn@example.com")["id"].as_str().unwrap().to_string();
    let enrolled = org.run("enroll-user-factor", json!({"userId": user, "factorType": "question", "question": "first_award", "answer": "Spelling Bee 1999"})).unwrap();
    assert_eq!(enrolled["status"], "ACTIVE");
    assert_eq!(enrolled["factor"]["profile"], json!({"question": "first_award", "questionText": "What did you earn your first medal or award for?"}));
    assert!(!enrolled.to_string().to_lowercase().contains("spelling bee"));
    let factor = enrolled["factorId"].as_str().unwrap().to_string();
    let (_, stored) = org.okta("GET", &format!("/api/v1/users/{user}/factors/{factor}"), None);
    assert_eq!((stored["factorType"].as_str(), stored["status"].as_str()), (Some("question"), Some("ACTIVE")));

    let ok = org.run("verify-user-factor", json!({"userId": user, "factorId": factor, "answer": "spelling bee 1999"})).unwrap();
    assert_eq!((ok["factorResult"].as_str(), ok["verified"].as_bool()), (Some("SUCCESS"), Some(true)));
    let wrong = org.run("verify-user-factor", json!({"userId": user, "factorId": factor, "answer": "chess club"})).unwrap_err();
    assert_eq!((wrong["error"].as_str(), wrong["okta"]["httpStatus"].as_u64(), wrong["okta"]["errorCode"].as_str()), (Some("okta-api"), Some(403), Some("E0000068")));
    assert!(!wrong.to_string().contains("chess club"));
}

#[test]
fn an_answer_okta_refuses_keeps_oktas_validation_error() {
    let org = common::org(0);
    org.create_user("rae@example.com");
    let e = org.run("enroll-user-factor", json!({"userId": "rae@example.com", "factorType": "question", "question": "favorite_colour", "answer": "green"})).unwrap_err();
    assert_eq!((e["error"].as_str(), e["okta"]["httpStatus"].as_u64(), e["okta"]["errorCode"].as_str()), (Some("okta-api"), Some(400), Some("E0000001")));
    assert!(!e.to_string().contains("green"));
}
