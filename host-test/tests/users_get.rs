mod common;

use serde_json::json;

#[test]
fn get_user_by_id_returns_the_user() {
    let org = common::org(0);
    let created = org.create_user("grace.hopper@example.com");
    let user = org.run("get-user", json!({"userId": created["id"]})).unwrap();
    assert_eq!(user["id"], created["id"]);
    assert_eq!(user["status"], "ACTIVE");
    assert_eq!(user["profile"]["login"], "grace.hopper@example.com");
}

#[test]
fn get_user_by_login_finds_the_same_user_and_encodes_the_login() {
    let org = common::org(0);
    let created = org.create_user("ada+ops@example.com");
    let user = org.run("get-user", json!({"userId": "ada+ops@example.com"})).unwrap();
    assert_eq!(user["id"], created["id"]);
    let req = org.requests_to("/api/v1/users/").pop().unwrap();
    assert_eq!(req.path, "/api/v1/users/ada%2Bops%40example.com");
}

#[test]
fn unknown_user_is_not_found_with_oktas_error_code() {
    let org = common::org(3);
    let err = org.run("get-user", json!({"userId": "00unosuchuser0000000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
    assert_eq!(err["okta"]["errorCode"], "E0000007");
    assert_eq!(err["okta"]["httpStatus"], 404);
    assert!(err["okta"]["errorId"].as_str().is_some_and(|id| !id.is_empty()));
}

#[test]
fn expand_is_passed_to_okta() {
    let org = common::org(1);
    let created = org.create_user("expand.me@example.com");
    org.run("get-user", json!({"userId": created["id"], "expand": "blocks"})).unwrap();
    let req = org.requests_to("/api/v1/users/").pop().unwrap();
    assert_eq!(req.query.as_deref(), Some("expand=blocks"));
}
