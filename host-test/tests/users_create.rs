mod common;

use serde_json::{json, Value};

fn ada(extra: Value) -> Value {
    let mut input = json!({"profile": {"login": "ada@example.com", "email": "ada@example.com", "firstName": "Ada", "lastName": "Lovelace"}});
    input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    input
}

#[test]
fn created_user_is_read_back_by_get_user() {
    let org = common::org(0);
    let created = org.run("create-user", ada(json!({"password": "Tr0ub4dor&3x"}))).unwrap();
    assert_eq!(created["status"], "ACTIVE");
    let read = org.run("get-user", json!({"userId": created["id"]})).unwrap();
    assert_eq!(read["profile"]["email"], "ada@example.com");
    assert_eq!(read["id"], created["id"]);
}

#[test]
fn request_carries_credentials_groups_type_and_activation_as_okta_expects() {
    let org = common::org(0);
    let err = org
        .run(
            "create-user",
            ada(json!({"password": "Tr0ub4dor&3x", "recoveryQuestion": {"question": "Pet?", "answer": "Rex"},
                       "groupIds": ["00gnosuchgroup000000"], "profileExtraAttributes": {"costCenter": "42"}, "nextLogin": "changePassword"})),
        )
        .map(|u| u["status"].clone());
    let req = org.requests_to("/api/v1/users").pop().expect("a request was sent");
    assert_eq!(req.method, "POST");
    assert_eq!(req.query.as_deref(), Some("activate=true&nextLogin=changePassword"));
    let body: Value = serde_json::from_str(&req.body).unwrap();
    assert_eq!(body["credentials"]["password"]["value"], "Tr0ub4dor&3x");
    assert_eq!(body["credentials"]["recovery_question"], json!({"question": "Pet?", "answer": "Rex"}));
    assert_eq!(body["groupIds"], json!(["00gnosuchgroup000000"]));
    assert_eq!(body["profile"]["costCenter"], "42");
    // Whatever Okta answered (the group does not exist), the password is never echoed back.
    assert!(!format!("{err:?}").contains("Tr0ub4dor"));
}

#[test]
fn without_activation_the_user_is_staged() {
    let org = common::org(0);
    let created = org.run("create-user", ada(json!({"activate": false}))).unwrap();
    assert_eq!(created["status"], "STAGED");
    assert_eq!(org.requests_to("/api/v1/users").pop().unwrap().query.as_deref(), Some("activate=false"));
}

#[test]
fn provider_user_is_created_with_provider_true() {
    let org = common::org(0);
    let created = org.run("create-user", ada(json!({"provider": {"type": "FEDERATION", "name": "FEDERATION"}}))).unwrap();
    assert_eq!(created["credentials"]["provider"]["type"], "FEDERATION");
    assert_eq!(org.requests_to("/api/v1/users").pop().unwrap().query.as_deref(), Some("activate=true&provider=true"));
}

#[test]
fn duplicate_login_keeps_oktas_validation_detail() {
    let org = common::org(0);
    org.run("create-user", ada(json!({}))).unwrap();
    let err = org.run("create-user", ada(json!({"password": "Tr0ub4dor&3x"}))).unwrap_err();
    assert_eq!(err["error"], "okta-api");
    assert_eq!(err["okta"]["httpStatus"], 400);
    assert_eq!(err["okta"]["errorCode"], "E0000001");
    let causes = err["okta"]["errorCauses"].to_string();
    assert!(causes.contains("login: An object with this field already exists"), "{causes}");
    assert!(!err.to_string().contains("Tr0ub4dor"));
}

#[test]
fn missing_required_profile_field_names_it_and_sends_nothing() {
    let org = common::org(0);
    let err = org.run("create-user", json!({"profile": {"email": "x@example.com", "firstName": "X", "lastName": "Y"}})).unwrap_err();
    assert_eq!(err, json!({"error": "invalid-input", "path": "profile.login", "message": "missing field `login`"}));
    assert!(org.sim.requests().is_empty());
}

#[test]
fn inconsistent_credentials_are_rejected_before_sending() {
    let org = common::org(0);
    let hash = json!({"algorithm": "BCRYPT", "value": "abc", "salt": "def", "workFactor": 10});
    for (input, path) in [
        (ada(json!({"password": "p4ssword!", "passwordHash": hash})), "passwordHash"),
        (ada(json!({"nextLogin": "changePassword"})), "nextLogin"),
        (ada(json!({"password": "p4ssword!", "nextLogin": "changePassword", "activate": false})), "nextLogin"),
        (ada(json!({"password": "p4ssword!", "provider": {"type": "SOCIAL", "name": "x"}})), "provider"),
        (ada(json!({"profileExtraAttributes": {"login": "other@example.com"}})), "profileExtraAttributes.login"),
        (ada(json!({"groupIds": ["00g1", " "]})), "groupIds.1"),
        (ada(json!({"passwordHash": {"algorithm": "ROT13", "value": "x"}})), "passwordHash.algorithm"),
        (json!({"profile": {"login": "a@b.co", "email": "a@b.co", "firstName": "A", "lastName": "B", "nickname": "typo"}}), "profile.nickname"),
    ] {
        let err = org.run("create-user", input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{err}");
        assert!(!err.to_string().contains("p4ssword"));
    }
    assert!(org.sim.requests().is_empty());
}

#[test]
fn hashed_password_import_is_sent_as_credentials_hash() {
    let org = common::org(0);
    let hash = json!({"algorithm": "SHA-512", "value": "aGFzaA==", "salt": "c2FsdA==", "saltOrder": "PREFIX"});
    let created = org.run("create-user", ada(json!({"passwordHash": hash}))).unwrap();
    assert_eq!(created["status"], "ACTIVE");
    let body: Value = serde_json::from_str(&org.requests_to("/api/v1/users").pop().unwrap().body).unwrap();
    assert_eq!(body["credentials"]["password"]["hash"], hash);
}
