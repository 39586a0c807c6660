//! Factor inputs the connector refuses before any request: the error names the field.
mod common;

use serde_json::json;

#[test]
fn bad_factor_input_names_the_field_and_sends_nothing() {
    let org = common::org(0);
    let u = "ivy@example.com";
    let cases = [
        ("enroll-user-factor", json!({"userId": u, "factorType": "push"}), "factorType"),
        ("enroll-user-factor", json!({"userId": " ", "factorType": "sms", "phoneNumber": "+15554151337"}), "userId"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "sms"}), "phoneNumber"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "sms", "phoneNumber": "555-1337"}), "phoneNumber"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "sms", "phoneNumber": "+15554151337", "phoneExtension": "12"}), "phoneExtension"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "call", "phoneNumber": "+15554151337", "phoneExtension": "x12"}), "phoneExtension"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "email"}), "email"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "email", "email": "ivy"}), "email"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "question", "answer": "long enough"}), "question"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "question", "question": "first_award", "answer": "abc"}), "answer"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "question", "question": "first_award", "answer": "enough", "activate": true}), "activate"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "token:software:totp", "activate": true}), "activate"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "sms", "phoneNumber": "+15554151337", "provider": "GOOGLE"}), "provider"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "email", "email": "ivy@example.com", "updatePhone": true}), "updatePhone"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "token:software:totp", "answer": "stray"}), "answer"),
        ("enroll-user-factor", json!({"userId": u, "factorType": "sms", "phone": "+15554151337"}), "phone"),
        ("activate-user-factor", json!({"userId": u, "factorId": "ost1"}), "passCode"),
        ("activate-user-factor", json!({"userId": u, "factorId": "ost1", "passCode": ""}), "passCode"),
        ("activate-user-factor", json!({"userId": u, "factorId": " ", "passCode": "123456"}), "factorId"),
        ("verify-user-factor", json!({"userId": u, "factorId": "ufs1", "passCode": "123456", "answer": "Mayonnaise"}), "answer"),
        ("verify-user-factor", json!({"userId": u, "factorId": "ufs1", "answer": " "}), "answer"),
        ("get-user-factor", json!({"userId": u}), "factorId"),
        ("list-supported-factors", json!({"userId": ""}), "userId"),
        ("list-security-questions", json!({}), "userId"),
    ];
    for (key, input, path) in cases {
        let e = org.run(key, input.clone()).unwrap_err();
        assert_eq!(e["error"], "invalid-input", "{key} {input}: {e}");
        assert_eq!(e["path"], path, "{key} {input}: {e}");
        for secret in ["answer", "passCode"].iter().filter_map(|f| input[f].as_str()).filter(|s| s.trim().len() > 2) {
            assert!(!e.to_string().contains(secret), "{e} echoes {secret}");
        }
    }
    assert!(org.sim.requests().is_empty(), "no request was sent: {:?}", org.sim.requests());
}
