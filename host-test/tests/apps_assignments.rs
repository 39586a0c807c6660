//! User and group assignments to apps through the component, checked against the org.
mod common;

use serde_json::{json, Value};

/// An org with a fresh active user and the Team Wiki app; returns (org, app id, user id).
fn setup() -> (common::Org, String, String) {
    let org = common::org(0);
    let user = org.create_user("ada.lovelace@example.com")["id"].as_str().unwrap().to_string();
    let app = org.app_id("Team");
    (org, app, user)
}

fn assignment(org: &common::Org, app: &str, user: &str) -> (u16, Value) {
    org.okta_get(&format!("/api/v1/apps/{app}/users/{user}"))
}

#[test]
fn assign_for_sso_and_provisioning_stores_credentials_and_profile() {
    let (org, app, user) = setup();
    org.okta_get(&format!("/api/v1/meta/schemas/apps/{app}/default"));
    let schema = json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "costCenter": {"title": "Cost center", "type": "string", "maxLength": 8}}, "required": []}}});
    let resp = ureq::post(&format!("{}/api/v1/meta/schemas/apps/{app}/default", org.sim.url()))
        .set("Authorization", &format!("SSWS {}", org.sim.api_token()))
        .send_json(schema)
        .unwrap();
    assert_eq!(resp.status(), 200);
    let out = org
        .run("assign-application-to-user", json!({"appId": app, "userId": user, "username": "ada", "password": "S3cret-app-pw", "profile": {"costCenter": "R&D-7"}}))
        .unwrap();
    assert_eq!((out["id"].as_str(), out["scope"].as_str()), (Some(user.as_str()), Some("USER")));
    assert!(!out.to_string().contains("S3cret-app-pw"));
    let (status, stored) = assignment(&org, &app, &user);
    assert_eq!(status, 200);
    assert_eq!(stored["credentials"]["userName"], "ada");
    assert_eq!(stored["credentials"]["password"], json!({}));
    assert_eq!(stored["profile"]["costCenter"], "R&D-7");
    let sent = org.requests_to(&format!("/api/v1/apps/{app}/users")).into_iter().rfind(|r| r.method == "POST").unwrap();
    let body: Value = serde_json::from_str(&sent.body).unwrap();
    assert_eq!(body["credentials"]["password"]["value"], "S3cret-app-pw");
    assert!(org.event_types().contains(&"application.user_membership.add".to_string()));
}

#[test]
fn the_app_schema_validates_assignment_profiles_and_names_the_callers_field() {
    let (org, app, user) = setup();
    let err = org.run("assign-application-to-user", json!({"appId": app, "userId": user, "profile": {"shoeSize": 44}})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("profile.shoeSize")), "{err}");
    assert!(err["message"].as_str().unwrap().contains("E0000001"), "Okta's code is kept: {err}");
    let err = org.run("assign-application-to-user", json!({"appId": app, "userId": user, "profile": {"email": 7}})).unwrap_err();
    assert_eq!(err["path"], "profile.email", "{err}");
    assert!(err["message"].as_str().unwrap().contains("type string"), "{err}");
    assert_eq!(assignment(&org, &app, &user).0, 404, "a refused assignment leaves nothing behind");
    org.run("assign-application-to-user", json!({"appId": app, "userId": user, "profile": {"email": "ada@apps.example.com"}})).unwrap();
    let err = org.run("update-application-user-assignment", json!({"appId": app, "userId": user, "profile": {"email": 8}})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("profile.email")), "{err}");
}

#[test]
fn assign_for_sso_takes_no_profile() {
    let (org, app, user) = setup();
    let err = org.run("assign-application-to-user-for-sso", json!({"appId": app, "userId": user, "profile": {"email": "x@example.com"}})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("profile")));
    let out = org.run("assign-application-to-user-for-sso", json!({"appId": app, "userId": user, "username": "ada.sso"})).unwrap();
    assert_eq!(out["credentials"]["userName"], "ada.sso");
    let sent = org.requests_to(&format!("/api/v1/apps/{app}/users")).into_iter().rfind(|r| r.method == "POST").unwrap();
    assert!(serde_json::from_str::<Value>(&sent.body).unwrap().get("profile").is_none());
    assert_eq!(assignment(&org, &app, &user).0, 200);
}

#[test]
fn assigning_twice_or_an_unknown_user_keeps_oktas_error() {
    let (org, app, user) = setup();
    org.run("assign-application-to-user-for-sso", json!({"appId": app, "userId": user})).unwrap();
    let err = org.run("assign-application-to-user-for-sso", json!({"appId": app, "userId": user})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("conflict"), Some("E0000062")));
    let err = org.run("assign-application-to-user", json!({"appId": app, "userId": "00unosuchuser0000000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
    let err = org.run("assign-application-to-user", json!({"appId": app, "userId": ""})).unwrap_err();
    assert_eq!(err["path"], "userId");
}

#[test]
fn get_and_list_assignments_read_what_okta_holds() {
    let (org, app, user) = setup();
    org.run("assign-application-to-user-for-sso", json!({"appId": app, "userId": user})).unwrap();
    let one = org.run("get-application-user-assignment", json!({"appId": app, "userId": user, "expand": "user"})).unwrap();
    assert_eq!(one["_embedded"]["user"]["profile"]["login"], "ada.lovelace@example.com");
    let err = org.run("get-application-user-assignment", json!({"appId": app, "userId": "00unosuchuser0000000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
    for login in ["b1@example.com", "b2@example.com"] {
        let id = org.create_user(login)["id"].clone();
        org.run("assign-application-to-user-for-sso", json!({"appId": app, "userId": id})).unwrap();
    }
    let page = org.run("list-application-users", json!({"appId": app, "limit": 2})).unwrap();
    assert_eq!((page["appUsers"].as_array().unwrap().len(), page["nextCursor"].is_string()), (2, true));
    let all = org.run("list-application-users", json!({"appId": app, "limit": 2, "fetchAll": true})).unwrap();
    assert_eq!((all["appUsers"].as_array().unwrap().len(), all["pages"].as_u64()), (3, Some(2)));
    let first = org.run("list-application-users", json!({"appId": app, "resultSet": "first"})).unwrap();
    assert_eq!(first["appUsers"].as_array().unwrap().len(), 1);
    assert_eq!(org.requests_to(&format!("/api/v1/apps/{app}/users")).pop().unwrap().query.as_deref(), Some("limit=1"));
    let all = org.run("list-application-users", json!({"appId": app, "limit": 1, "resultSet": "all"})).unwrap();
    assert_eq!(all["appUsers"].as_array().unwrap().len(), 3);
    let err = org.run("list-application-users", json!({"appId": app, "resultSet": "page", "fetchAll": true})).unwrap_err();
    assert_eq!(err["path"], "fetchAll");
    let err = org.run("list-application-users", json!({"appId": app, "limit": 501})).unwrap_err();
    assert_eq!(err["path"], "limit");
}

#[test]
fn update_changes_profile_and_credentials_in_the_org() {
    let (org, app, user) = setup();
    org.run("assign-application-to-user-for-sso", json!({"appId": app, "userId": user})).unwrap();
    org.run("update-application-user-assignment", json!({"appId": app, "userId": user, "profile": {"given_name": "Augusta"}})).unwrap();
    org.run("update-application-user-assignment", json!({"appId": app, "userId": user, "username": "augusta", "password": "N3w-app-pw"})).unwrap();
    let (_, stored) = assignment(&org, &app, &user);
    assert_eq!((stored["profile"]["given_name"].as_str(), stored["credentials"]["userName"].as_str()), (Some("Augusta"), Some("augusta")));
    assert_eq!(stored["credentials"]["password"], json!({}));
    assert!(org.event_types().contains(&"application.user_membership.update".to_string()));
    let err = org.run("update-application-user-assignment", json!({"appId": app, "userId": user})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("profile")));
    let err = org.run("update-application-user-assignment", json!({"appId": app, "userId": "00unosuchuser0000000", "username": "x"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
}

#[test]
fn remove_unassigns_and_a_second_remove_is_not_found() {
    let (org, app, user) = setup();
    org.run("assign-application-to-user-for-sso", json!({"appId": app, "userId": user})).unwrap();
    let out = org.run("remove-application-user-assignment", json!({"appId": app, "userId": user})).unwrap();
    assert_eq!(out, json!({"appId": app, "id": user, "removed": true}));
    assert_eq!(assignment(&org, &app, &user).0, 404);
    assert!(org.event_types().contains(&"application.user_membership.remove".to_string()));
    let err = org.run("remove-application-user-assignment", json!({"appId": app, "userId": user})).unwrap_err();
    assert_eq!(err["error"], "not-found");
}

#[test]
fn list_user_applications_returns_the_users_app_links_by_login() {
    let (org, app, user) = setup();
    assert_eq!(org.run("list-user-applications", json!({"userId": user})).unwrap()["appLinks"], json!([]));
    org.run("assign-application-to-user-for-sso", json!({"appId": app, "userId": user})).unwrap();
    let out = org.run("list-user-applications", json!({"userId": "ada.lovelace@example.com"})).unwrap();
    let links = out["appLinks"].as_array().unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!((links[0]["appInstanceId"].as_str(), links[0]["label"].as_str()), (Some(app.as_str()), Some("Team Wiki")));
    let err = org.run("list-user-applications", json!({"userId": "nobody@example.com"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
}

#[test]
fn group_assignments_keep_priority_and_profile_and_can_be_removed() {
    let org = common::org(20);
    let app = org.app_id("Team");
    let (_, groups) = org.okta_get("/api/v1/groups?q=Eng");
    let group = groups[0]["id"].as_str().unwrap().to_string();
    let out = org.run("assign-group-to-application", json!({"appId": app, "groupId": group, "priority": 2, "profile": {"email": "eng@example.com"}})).unwrap();
    assert_eq!((out["id"].as_str(), out["priority"].as_i64()), (Some(group.as_str()), Some(2)));
    let (status, stored) = org.okta_get(&format!("/api/v1/apps/{app}/groups/{group}"));
    assert_eq!((status, stored["priority"].as_i64(), stored["profile"]["email"].as_str()), (200, Some(2), Some("eng@example.com")));
    let listed = org.run("list-application-groups", json!({"appId": app})).unwrap();
    assert_eq!(listed["appGroups"].as_array().unwrap().len(), 1);
    let by_group = org.run("list-applications", json!({"filter": format!("group.id eq \"{group}\"")})).unwrap();
    assert_eq!(by_group["applications"][0]["id"], app.as_str());
    let err = org.run("assign-group-to-application", json!({"appId": app, "groupId": group, "profile": {"nope": 1}})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("profile.nope")), "{err}");
    assert!(err["message"].as_str().unwrap().contains("E0000001"), "Okta's code is kept: {err}");
    assert_eq!(org.okta_get(&format!("/api/v1/apps/{app}/groups/{group}")).1["priority"], 2, "a refused update changes nothing");
    let err = org.run("assign-group-to-application", json!({"appId": app, "groupId": "00gnosuchgroup000000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
    let err = org.run("assign-group-to-application", json!({"appId": app, "groupId": group, "priority": 101})).unwrap_err();
    assert_eq!(err["path"], "priority");
    let out = org.run("remove-group-from-application", json!({"appId": app, "groupId": group})).unwrap();
    assert_eq!(out["removed"], true);
    assert_eq!(org.okta_get(&format!("/api/v1/apps/{app}/groups/{group}")).0, 404);
    let events = org.event_types();
    for e in ["group.application_assignment.add", "group.application_assignment.remove"] {
        assert!(events.contains(&e.to_string()), "{e}");
    }
    let err = org.run("remove-group-from-application", json!({"appId": app, "groupId": group})).unwrap_err();
    assert_eq!(err["error"], "not-found");
}
