//! Forgot password, with and without the recovery question, through the connector.
mod common;

use serde_json::{json, Value};

const PASSWORD: &str = "Tr0ub4dor&3x";

/// An ACTIVE user with a password and the recovery question "First pet?" / "Rex the Dog".
fn user_with_question(org: &common::Org, login: &str) -> String {
    let u = org.run("create-user", json!({"profile": {"login": login, "email": login, "firstName": "Fay", "lastName": "Lost"},
        "password": PASSWORD, "recoveryQuestion": {"question": "First pet?", "answer": "Rex the Dog"}})).unwrap();
    u["id"].as_str().unwrap().to_string()
}

fn change_password(org: &common::Org, id: &str, old: &str) -> u16 {
    let body = json!({"oldPassword": {"value": old}, "newPassword": {"value": "Ch4nged-Again-x"}});
    org.okta("POST", &format!("/api/v1/users/{id}/credentials/change_password"), Some(body)).0
}

#[test]
fn without_an_answer_it_issues_a_reset_link_mailed_or_returned() {
    let org = common::org(0);
    let id = user_with_question(&org, "fay@example.com");
    let link = org.run("forgot-password", json!({"userId": "fay@example.com", "sendEmail": false})).unwrap();
    assert!(link["resetPasswordUrl"].as_str().unwrap().contains("/reset-password/"), "{link}");
    assert_eq!((link["userId"].as_str(), link["passwordSet"].as_bool()), (Some("fay@example.com"), Some(false)));
    let req = org.requests_to(&format!("/api/v1/users/fay%40example.com/credentials/forgot_password")).pop().expect("sent by login");
    assert_eq!((req.method.as_str(), req.query.as_deref()), ("POST", Some("sendEmail=false")));
    let mailed = org.run("forgot-password", json!({"userId": id})).unwrap();
    assert!(mailed.get("resetPasswordUrl").is_none(), "{mailed}");
    assert_eq!(org.read(&format!("/api/v1/users/{id}"))["status"], "ACTIVE", "the status does not change");
    assert_eq!(change_password(&org, &id, PASSWORD), 200, "the old password still works");

    let no_question = org.create_user("noq@example.com")["id"].as_str().unwrap().to_string();
    let err = org.run("forgot-password", json!({"userId": no_question, "sendEmail": false})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("forbidden"), Some("E0000034")), "{err}");
}

#[test]
fn with_the_recovery_answer_it_sets_the_new_password() {
    let org = common::org(0);
    let id = user_with_question(&org, "rex@example.com");
    let wrong = org.run("forgot-password", json!({"userId": id, "recoveryAnswer": "Felix", "newPassword": "F0rgotten-Passw0rd"})).unwrap_err();
    assert_eq!((wrong["error"].as_str(), wrong["okta"]["errorCode"].as_str()), (Some("forbidden"), Some("E0000087")), "{wrong}");
    assert!(!wrong.to_string().contains("Felix") && !wrong.to_string().contains("F0rgotten"));
    assert_eq!(change_password(&org, &id, PASSWORD), 200, "a wrong answer changes nothing");

    let id = user_with_question(&org, "rex2@example.com");
    let out = org.run("forgot-password", json!({"userId": id, "recoveryAnswer": "rex the dog", "newPassword": "F0rgotten-Passw0rd"})).unwrap();
    assert_eq!((out["passwordSet"].as_bool(), out["credentials"]["recovery_question"]["question"].as_str()), (Some(true), Some("First pet?")));
    assert_eq!(out["credentials"]["password"], json!({}));
    let text = out.to_string();
    assert!(!text.contains("F0rgotten") && !text.contains("rex the dog"), "no secret in the output: {text}");
    let sent: Value = serde_json::from_str(&org.requests_to(&format!("/api/v1/users/{id}/credentials/forgot_password_recovery_question")).pop().unwrap().body).unwrap();
    assert_eq!(sent, json!({"password": {"value": "F0rgotten-Passw0rd"}, "recovery_question": {"answer": "rex the dog"}}));
    assert_eq!(change_password(&org, &id, PASSWORD), 403, "the old password is gone");
    assert_eq!(change_password(&org, &id, "F0rgotten-Passw0rd"), 200, "the new password works");
}

#[test]
fn bad_forgot_password_input_names_the_field_and_sends_nothing() {
    let org = common::org(0);
    for (input, path) in [
        (json!({"userId": " "}), "userId"),
        (json!({"userId": "a@example.com", "recoveryAnswer": "Rex"}), "newPassword"),
        (json!({"userId": "a@example.com", "newPassword": "N3w-Passw0rd-x"}), "recoveryAnswer"),
        (json!({"userId": "a@example.com", "recoveryAnswer": "  ", "newPassword": "N3w-Passw0rd-x"}), "recoveryAnswer"),
        (json!({"userId": "a@example.com", "sendEmail": "no"}), "sendEmail"),
    ] {
        let err = org.run("forgot-password", input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{err}");
        assert!(!err.to_string().contains("N3w-Passw0rd"));
    }
    assert!(org.sim.requests().is_empty());
}
