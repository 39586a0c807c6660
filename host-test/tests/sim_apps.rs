//! Applications and app-user assignments.
mod sim_support;

use serde_json::{json, Value};
use sim_support::{enc, Api};

fn app_id(api: &Api, label: &str) -> String {
    let apps = api.get(&format!("/api/v1/apps?q={}&includeNonDeleted=true", enc(label))).json();
    apps[0]["id"].as_str().unwrap().to_string()
}

#[test]
fn list_apps_hides_inactive_unless_asked_and_filters_by_user() {
    let api = Api::start(40);
    let active = api.get("/api/v1/apps").json();
    assert!(active.as_array().unwrap().iter().all(|a| a["status"] == "ACTIVE"));
    let all = api.get("/api/v1/apps?includeNonDeleted=true").json();
    assert_eq!(all.as_array().unwrap().len(), active.as_array().unwrap().len() + 1);
    let r = api.get("/api/v1/apps?limit=1");
    assert!(r.link("next").is_some());
    let u = api.create_user("app.user@example.com", "?activate=true", Some(json!({"password": {"value": "Tr0ub4dor&3x"}})));
    let wiki = app_id(&api, "Team Wiki");
    api.post(&format!("/api/v1/apps/{wiki}/users"), &json!({"id": u["id"], "scope": "USER"}));
    let filter = format!("user.id eq \"{}\"", u["id"].as_str().unwrap());
    let mine = api.get(&format!("/api/v1/apps?filter={}&expand=user/{}", enc(&filter), u["id"].as_str().unwrap())).json();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["_embedded"]["user"]["id"], u["id"]);
    let links = api.get(&format!("/api/v1/users/{}/appLinks", u["id"].as_str().unwrap())).json();
    assert_eq!((links[0]["appInstanceId"].as_str(), links[0]["id"].as_str()), (Some(wiki.as_str()), u["id"].as_str()));
}

#[test]
fn assign_update_and_unassign_an_app_user() {
    let api = Api::start(0);
    let wiki = app_id(&api, "Team Wiki");
    let u = api.create_user("assign.me@example.com", "?activate=true", Some(json!({"password": {"value": "Tr0ub4dor&3x"}})));
    let uid = u["id"].as_str().unwrap();
    let r = api.post(&format!("/api/v1/apps/{wiki}/users"), &json!({"id": uid, "scope": "USER", "credentials": {"userName": "assign.me"}}));
    assert_eq!(r.status, 200, "{}", r.text);
    let a = r.json();
    assert_eq!((a["scope"].as_str(), a["credentials"]["userName"].as_str(), a["profile"]["given_name"].as_str()), (Some("USER"), Some("assign.me"), Some("Test")));
    let again = api.post(&format!("/api/v1/apps/{wiki}/users"), &json!({"id": uid}));
    assert_eq!((again.status, again.error_code()), (409, "E0000062".into()));
    let path = format!("/api/v1/apps/{wiki}/users/{uid}");
    let r = api.post(&path, &json!({"profile": {"name": "Assigned Person"}}));
    assert_eq!(r.json()["profile"]["name"], "Assigned Person");
    let bad = api.post(&path, &json!({"profile": {"undeclared": 1}}));
    assert_eq!((bad.status, bad.error_code()), (400, "E0000001".into()));
    assert_eq!(api.get(&format!("{path}?expand=user")).json()["_embedded"]["user"]["id"], uid);
    assert_eq!(api.call("DELETE", &path, None).status, 204);
    assert_eq!(api.get(&path).status, 404);
    let log = api.get(&format!("/api/v1/logs?filter={}", enc("eventType sw \"application.user_membership\""))).json();
    let types: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap()).collect();
    assert_eq!(types, ["application.user_membership.add", "application.user_membership.update", "application.user_membership.remove"]);
}

#[test]
fn inactive_users_cannot_be_assigned() {
    let api = Api::start(0);
    let wiki = app_id(&api, "Team Wiki");
    let u = api.create_user("gone@example.com", "", None);
    api.post_empty(&format!("/api/v1/users/{}/lifecycle/deactivate", u["id"].as_str().unwrap()));
    let r = api.post(&format!("/api/v1/apps/{wiki}/users"), &json!({"id": u["id"]}));
    assert_eq!((r.status, r.error_code()), (403, "E0000117".into()));
}

#[test]
fn app_users_page_with_default_50() {
    let api = Api::start(400);
    let workday = app_id(&api, "Workday");
    let (mut url, mut seen) = (Some(format!("/api/v1/apps/{workday}/users")), Vec::<Value>::new());
    let first = api.get(url.as_ref().unwrap()).json();
    assert_eq!(first.as_array().unwrap().len(), 50);
    while let Some(u) = url {
        let r = api.get(&u);
        seen.extend(r.json().as_array().unwrap().iter().cloned());
        url = r.link("next");
    }
    let unique: std::collections::HashSet<&str> = seen.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert!(seen.len() > 50 && unique.len() == seen.len());
}

#[test]
fn apps_must_be_deactivated_before_delete() {
    let api = Api::start(0);
    let wiki = app_id(&api, "Team Wiki");
    let r = api.call("DELETE", &format!("/api/v1/apps/{wiki}"), None);
    assert_eq!((r.status, r.error_code()), (403, "E0000056".into()));
    assert_eq!(api.post_empty(&format!("/api/v1/apps/{wiki}/lifecycle/deactivate")).status, 200);
    assert_eq!(api.get(&format!("/api/v1/apps/{wiki}")).json()["status"], "INACTIVE");
    assert_eq!(api.call("DELETE", &format!("/api/v1/apps/{wiki}"), None).status, 204);
    assert_eq!(api.get(&format!("/api/v1/apps/{wiki}")).error_code(), "E0000007");
    let log = api.get("/api/v1/logs").json();
    let types: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap()).collect();
    assert_eq!(types, ["application.lifecycle.deactivate", "application.lifecycle.delete"]);
}
