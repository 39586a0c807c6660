//! Applications through the component: read, list, create, activate/deactivate, delete.
mod common;

use host_test::sim::FaultKind;
use serde_json::json;

#[test]
fn get_application_returns_the_app_and_unknown_ids_are_not_found() {
    let org = common::org(4);
    let id = org.app_id("Workday");
    let app = org.run("get-application", json!({"appId": id})).unwrap();
    assert_eq!((app["id"].as_str(), app["label"].as_str(), app["status"].as_str()), (Some(id.as_str()), Some("Workday"), Some("ACTIVE")));
    assert_eq!(app["signOnMode"], "SAML_2_0");
    let err = org.run("get-application", json!({"appId": "0oanosuchapp00000000"})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("not-found"), Some("E0000007")));
    let err = org.run("get-application", json!({"appId": " "})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("appId")));
}

#[test]
fn list_applications_sends_q_filter_and_include_non_deleted_and_pages() {
    let org = common::org(4);
    let active = org.run("list-applications", json!({})).unwrap();
    let labels = |v: &serde_json::Value| v["applications"].as_array().unwrap().iter().map(|a| a["label"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(!labels(&active).contains(&"Slack".to_string()), "INACTIVE apps are hidden by default");
    let all = org.run("list-applications", json!({"includeNonDeleted": true})).unwrap();
    assert!(labels(&all).contains(&"Slack".to_string()));
    let by_q = org.run("list-applications", json!({"q": "Team"})).unwrap();
    assert_eq!(labels(&by_q), ["Team Wiki"]);
    let filtered = org.run("list-applications", json!({"filter": "status eq \"INACTIVE\""})).unwrap();
    assert_eq!(labels(&filtered), ["Slack"]);
    let paged = org.run("list-applications", json!({"limit": 1, "includeNonDeleted": true, "fetchAll": true})).unwrap();
    assert_eq!((paged["pages"].as_u64(), paged["applications"].as_array().unwrap().len()), (Some(4), 4));
    let first = org.run("list-applications", json!({"limit": 1})).unwrap();
    assert!(first["nextCursor"].is_string());
    let err = org.run("list-applications", json!({"limit": 0})).unwrap_err();
    assert_eq!(err["path"], "limit");
    let err = org.run("list-applications", json!({"filter": "label sw \"x\""})).unwrap_err();
    assert_eq!(err["okta"]["errorCode"], "E0000031");
}

#[test]
fn list_applications_by_user_embeds_the_assignment() {
    let org = common::org(6);
    let (_, users) = org.okta_get(&format!("/api/v1/apps/{}/users?limit=1", org.app_id("Workday")));
    let user = users[0]["id"].as_str().unwrap().to_string();
    let out = org.run("list-applications", json!({"filter": format!("user.id eq \"{user}\""), "expand": format!("user/{user}")})).unwrap();
    let apps = out["applications"].as_array().unwrap();
    assert!(apps.iter().any(|a| a["label"] == "Workday"));
    assert!(apps.iter().all(|a| a["_embedded"]["user"]["id"] == user.as_str()));
}

#[test]
fn create_bookmark_and_swa_apps_puts_them_in_the_org() {
    let org = common::org(0);
    let bookmark = org
        .run("create-application", json!({"label": "Handbook", "signOnMode": "BOOKMARK", "url": "https://intranet.example.com/handbook"}))
        .unwrap();
    let (status, stored) = org.okta_get(&format!("/api/v1/apps/{}", bookmark["id"].as_str().unwrap()));
    assert_eq!(status, 200);
    assert_eq!((stored["name"].as_str(), stored["status"].as_str()), (Some("bookmark"), Some("ACTIVE")));
    assert_eq!(stored["settings"]["app"]["url"], "https://intranet.example.com/handbook");
    let swa = org
        .run("create-application", json!({"label": "Legacy CRM", "signOnMode": "AUTO_LOGIN", "url": "https://crm.example.com/login", "redirectUrl": "https://crm.example.com/home", "activate": false}))
        .unwrap();
    let (_, stored) = org.okta_get(&format!("/api/v1/apps/{}", swa["id"].as_str().unwrap()));
    assert_eq!((stored["signOnMode"].as_str(), stored["status"].as_str()), (Some("AUTO_LOGIN"), Some("INACTIVE")));
    assert_eq!(stored["settings"]["signOn"]["loginUrl"], "https://crm.example.com/login");
    let events = org.event_types();
    assert_eq!(events.iter().filter(|e| *e == "application.lifecycle.create").count(), 2);
    assert_eq!(events.iter().filter(|e| *e == "application.lifecycle.activate").count(), 1);
}

#[test]
fn create_application_refuses_bad_input_before_sending() {
    let org = common::org(0);
    for (input, path) in [
        (json!({"label": " ", "signOnMode": "BOOKMARK", "url": "https://x.example.com"}), "label"),
        (json!({"label": "X", "signOnMode": "BOOKMARK", "url": "javascript:alert(1)"}), "url"),
        (json!({"label": "X", "signOnMode": "BOOKMARK", "url": "https://x.example.com", "redirectUrl": "https://y.example.com"}), "redirectUrl"),
        (json!({"label": "X", "signOnMode": "SAML_2_0", "url": "https://x.example.com"}), "signOnMode"),
    ] {
        let err = org.run("create-application", input).unwrap_err();
        assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some(path)));
    }
    assert!(org.requests_to("/api/v1/apps").is_empty());
}

#[test]
fn deactivate_then_activate_changes_the_apps_status() {
    let org = common::org(0);
    let id = org.app_id("Team");
    let out = org.run("deactivate-application", json!({"appId": id})).unwrap();
    assert_eq!(out, json!({"appId": id, "status": "INACTIVE"}));
    assert_eq!(org.okta_get(&format!("/api/v1/apps/{id}")).1["status"], "INACTIVE");
    let out = org.run("activate-application", json!({"appId": id})).unwrap();
    assert_eq!(out["status"], "ACTIVE");
    assert_eq!(org.okta_get(&format!("/api/v1/apps/{id}")).1["status"], "ACTIVE");
    let events = org.event_types();
    assert!(events.contains(&"application.lifecycle.deactivate".to_string()) && events.contains(&"application.lifecycle.activate".to_string()));
    let err = org.run("activate-application", json!({"appId": "0oanosuchapp00000000"})).unwrap_err();
    assert_eq!(err["error"], "not-found");
}

#[test]
fn lifecycle_calls_are_retried_on_rate_limits_like_any_action() {
    let org = common::org(0);
    let id = org.app_id("Team");
    org.fail("POST", &format!("/api/v1/apps/{id}/lifecycle"), 1, FaultKind::RateLimited { reset_after_secs: 0 });
    org.run("deactivate-application", json!({"appId": id})).unwrap();
    assert_eq!(org.requests_to(&format!("/api/v1/apps/{id}/lifecycle")).len(), 2);
}

#[test]
fn delete_of_an_active_app_says_to_deactivate_first_and_keeps_the_app() {
    let org = common::org(0);
    let id = org.app_id("Team");
    let err = org.run("delete-application", json!({"appId": id})).unwrap_err();
    assert_eq!((err["error"].as_str(), err["okta"]["errorCode"].as_str()), (Some("forbidden"), Some("E0000056")));
    assert!(err["message"].as_str().unwrap().contains("deactivateFirst"), "{err}");
    assert_eq!(org.okta_get(&format!("/api/v1/apps/{id}")).0, 200);
}

#[test]
fn delete_with_deactivate_first_removes_the_app() {
    let org = common::org(0);
    let id = org.app_id("Team");
    let out = org.run("delete-application", json!({"appId": id, "deactivateFirst": true})).unwrap();
    assert_eq!(out, json!({"appId": id, "deleted": true, "deactivated": true}));
    assert_eq!(org.okta_get(&format!("/api/v1/apps/{id}")).0, 404);
    let inactive = org.app_id("Slack");
    let out = org.run("delete-application", json!({"appId": inactive, "deactivateFirst": true})).unwrap();
    assert_eq!(out["deactivated"], false);
    assert_eq!(org.okta_get(&format!("/api/v1/apps/{inactive}")).0, 404);
    assert!(org.event_types().contains(&"application.lifecycle.delete".to_string()));
}
