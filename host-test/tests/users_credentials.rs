//! Passwords, recovery questions, sessions, factors and a user's groups.
mod common;

use serde_json::json;

const PASSWORD: &str = "Tr0ub4dor&3x";

#[test]
fn set_password_as_admin_and_as_user_validated_change() {
    let org = common::org(0);
    let id = org.create_user("pat@example.com")["id"].as_str().unwrap().to_string();
    let out = org.run("set-user-password", json!({"userId": id, "newPassword": "Adm1n-Chosen-x"})).unwrap();
    assert_eq!(out["credentials"]["password"], json!({}));
    assert!(!out.to_string().contains("Adm1n-Chosen-x"));
    let out = org.run("set-user-password", json!({"userId": id, "oldPassword": "Adm1n-Chosen-x", "newPassword": "Us3r-Chosen-x", "revokeSessions": true})).unwrap();
    assert_eq!(out["userId"], json!(id));
    let change = json!({"oldPassword": {"value": "Us3r-Chosen-x"}, "newPassword": {"value": "F1nal-Chosen-x"}});
    assert_eq!(org.okta("POST", &format!("/api/v1/users/{id}/credentials/change_password"), Some(change)).0, 200);
    let err = org.run("set-user-password", json!({"userId": id, "oldPassword": "wrong", "newPassword": "Wh4tever-x1"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("forbidden"), Some("E0000014")), "{err}");
    assert!(!err.to_string().contains("Wh4tever"));
}

#[test]
fn set_password_refuses_contradictions_before_sending() {
    let org = common::org(0);
    let hash = json!({"algorithm": "BCRYPT", "value": "abc", "salt": "s", "workFactor": 10});
    for (input, path) in [
        (json!({"userId": "x"}), "newPassword"),
        (json!({"userId": "x", "newPassword": "a", "newPasswordHash": hash}), "newPasswordHash"),
        (json!({"userId": "x", "oldPassword": "a", "newPasswordHash": hash}), "newPasswordHash"),
        (json!({"userId": "x", "newPassword": "a", "revokeSessions": true}), "revokeSessions"),
    ] {
        let err = org.run("set-user-password", input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)), "{err}");
    }
    assert!(org.sim.requests().is_empty());
}

#[test]
fn recovery_question_changes_with_the_password_or_by_the_admin() {
    let org = common::org(0);
    let id = org.create_user("rq@example.com")["id"].as_str().unwrap().to_string();
    let out = org.run("change-recovery-question", json!({"userId": id, "password": PASSWORD, "recoveryQuestion": {"question": "First car?", "answer": "Beetle"}})).unwrap();
    assert_eq!(out["credentials"]["recovery_question"]["question"], "First car?");
    org.run("change-recovery-question", json!({"userId": id, "recoveryQuestion": {"question": "Street?", "answer": "Main"}})).unwrap();
    assert_eq!(org.read(&format!("/api/v1/users/{id}"))["credentials"]["recovery_question"]["question"], "Street?");
    let err = org.run("change-recovery-question", json!({"userId": id, "password": "nope", "recoveryQuestion": {"question": "Q?", "answer": "A"}})).unwrap_err();
    assert_eq!(err["okta"]["errorCode"], "E0000014");
    assert!(!err.to_string().contains("nope"));
    let err = org.run("change-recovery-question", json!({"userId": id, "recoveryQuestion": {"question": "Q?"}})).unwrap_err();
    assert_eq!(err["path"], "recoveryQuestion.answer");
}

#[test]
fn clear_sessions_sends_the_options_and_logs_the_clear() {
    let org = common::org(0);
    let id = org.create_user("sess@example.com")["id"].as_str().unwrap().to_string();
    let out = org.run("clear-user-sessions", json!({"userId": id, "oauthTokens": true})).unwrap();
    assert_eq!(out, json!({"userId": id, "sessionsCleared": true, "oauthTokensRevoked": true, "devicesForgotten": false}));
    let req = org.requests_to(&format!("/api/v1/users/{id}/sessions")).pop().unwrap();
    assert_eq!((req.method.as_str(), req.query.as_deref()), ("DELETE", Some("oauthTokens=true&forgetDevices=false")));
    let logs = org.read("/api/v1/logs?filter=eventType%20eq%20%22user.session.clear%22");
    assert_eq!(logs[0]["target"][0]["id"], json!(id));
    let err = org.run("clear-user-sessions", json!({"userId": "00unosuchuser0000000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
}

#[test]
fn factors_are_listed_and_one_is_unenrolled() {
    let org = common::org(60);
    let active = org.read("/api/v1/users?search=status%20eq%20%22ACTIVE%22&limit=200");
    let (id, factors) = active.as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string())
        .map(|id| { let f = org.read(&format!("/api/v1/users/{id}/factors")); (id, f) })
        .find(|(_, f)| f.as_array().is_some_and(|f| !f.is_empty())).expect("a seeded user with factors");
    let listed = org.run("list-user-factors", json!({"userId": id})).unwrap();
    assert_eq!(listed["factors"].as_array().unwrap().len(), factors.as_array().unwrap().len());
    let factor = listed["factors"][0]["id"].as_str().unwrap().to_string();
    let out = org.run("unenroll-user-factor", json!({"userId": id, "factorId": factor})).unwrap();
    assert_eq!(out["unenrolled"], true);
    let left = org.read(&format!("/api/v1/users/{id}/factors"));
    assert!(left.as_array().unwrap().iter().all(|f| f["id"] != json!(factor)));
    let err = org.run("unenroll-user-factor", json!({"userId": id, "factorId": factor})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
    let err = org.run("unenroll-user-factor", json!({"userId": id})).unwrap_err();
    assert_eq!(err["path"], "factorId");
}

#[test]
fn user_groups_lists_every_membership() {
    let org = common::org(0);
    let id = org.create_user("member@example.com")["id"].as_str().unwrap().to_string();
    let g = org.group("Readers");
    org.okta("PUT", &format!("/api/v1/groups/{g}/users/{id}"), None);
    let out = org.run("list-user-groups", json!({"userId": "member@example.com"})).unwrap();
    let names: Vec<&str> = out["groups"].as_array().unwrap().iter().map(|g| g["profile"]["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Everyone") && names.contains(&"Readers"), "{names:?}");
    assert_eq!(org.run("list-user-groups", json!({"userId": "00unosuchuser0000000"})).unwrap_err()["error"], "not-found");
}
