//! Update User: partial and strict semantics, credentials, refusals.
mod common;

use serde_json::json;

#[test]
fn partial_update_changes_only_the_given_attributes() {
    let org = common::org(0);
    let id = org.create_user("ada@example.com")["id"].as_str().unwrap().to_string();
    org.okta("POST", &format!("/api/v1/users/{id}"), Some(json!({"profile": {"title": "Engineer", "city": "London"}})));
    let out = org.run("update-user", json!({"userId": "ada@example.com", "profile": {"department": "Research", "city": null}})).unwrap();
    assert_eq!(out["profile"]["department"], "Research");
    let read = org.read(&format!("/api/v1/users/{id}"))["profile"].clone();
    assert_eq!((read["department"].as_str(), read["title"].as_str(), read["firstName"].as_str()), (Some("Research"), Some("Engineer"), Some("Test")));
    assert!(read["city"].is_null(), "null clears: {read}");
    assert_eq!(org.requests_to("/api/v1/users/ada%40example.com").last().unwrap().method, "POST");
}

#[test]
fn strict_update_replaces_the_profile_clearing_what_is_not_given() {
    let org = common::org(0);
    let id = org.create_user("bob@example.com")["id"].as_str().unwrap().to_string();
    org.okta("POST", &format!("/api/v1/users/{id}"), Some(json!({"profile": {"title": "Engineer"}})));
    let profile = json!({"login": "bob@example.com", "email": "bob@example.com", "firstName": "Bob", "lastName": "Strict"});
    org.run("update-user", json!({"userId": id, "profile": profile, "semantics": "strict"})).unwrap();
    let read = org.read(&format!("/api/v1/users/{id}"))["profile"].clone();
    assert_eq!(read["lastName"], "Strict");
    assert!(read.get("title").is_none(), "strict cleared title: {read}");
    assert_eq!(org.requests_to(&format!("/api/v1/users/{id}")).iter().filter(|r| r.method == "PUT").count(), 1);
}

#[test]
fn admin_sets_password_and_recovery_question_through_update() {
    let org = common::org(0);
    let id = org.create_user("cy@example.com")["id"].as_str().unwrap().to_string();
    let out = org.run("update-user", json!({"userId": id, "password": "An0ther-Secret-9", "recoveryQuestion": {"question": "Colour?", "answer": "teal"}})).unwrap();
    assert_eq!(out["credentials"]["recovery_question"]["question"], "Colour?");
    assert!(!out.to_string().contains("An0ther-Secret-9") && !out.to_string().contains("teal"));
    let change = json!({"oldPassword": {"value": "An0ther-Secret-9"}, "newPassword": {"value": "Thr1rd-Secret-x"}});
    assert_eq!(org.okta("POST", &format!("/api/v1/users/{id}/credentials/change_password"), Some(change)).0, 200, "new password took effect");
}

#[test]
fn refusals_keep_oktas_detail_and_bad_input_sends_nothing() {
    let org = common::org(0);
    let err = org.run("update-user", json!({"userId": "00unosuchuser0000000", "profile": {"title": "x"}})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
    org.create_user("dee@example.com");
    let err = org.run("update-user", json!({"userId": "dee@example.com", "profile": {"email": "not-an-email"}})).unwrap_err();
    // Okta's refusal of a profile value names the field where the caller put it, keeping Okta's detail.
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("profile.email")), "{err}");
    assert!(err["message"].as_str().unwrap().starts_with("email: Does not match required pattern (Okta E0000001"), "{err}");
    org.sim.clear_requests();
    for (input, path) in [
        (json!({"userId": "dee@example.com"}), "profile"),
        (json!({"userId": "dee@example.com", "profile": {"title": "x"}, "semantics": "strict"}), "profile.login"),
        (json!({"userId": "dee@example.com", "typeId": "oty1"}), "typeId"),
        (json!({"userId": "dee@example.com", "profile": "title"}), "profile"),
        (json!({"profile": {"title": "x"}}), "userId"),
    ] {
        let err = org.run("update-user", input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{err}");
    }
    assert!(org.sim.requests().is_empty());
}
