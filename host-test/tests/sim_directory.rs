//! Realms, policies, factors and sessions.
mod sim_support;

use serde_json::Value;
use sim_support::{enc, Api};

#[test]
fn realms_list_search_by_name_contains_and_get() {
    let api = Api::start(0);
    let all = api.get("/api/v1/realms").json();
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert!(all.as_array().unwrap().iter().any(|r| r["isDefault"] == true));
    let hits = api.get(&format!("/api/v1/realms?search={}", enc("profile.name co \"car\""))).json();
    assert_eq!(hits[0]["profile"]["name"], "Car Co");
    let r = api.get(&format!("/api/v1/realms?search={}", enc("profile.name eq \"Car Co\"")));
    assert_eq!((r.status, r.error_code()), (400, "E0000031".into()));
    let id = hits[0]["id"].as_str().unwrap();
    assert!(id.starts_with("guo"));
    assert_eq!(api.get(&format!("/api/v1/realms/{id}")).json()["id"], id);
}

#[test]
fn policies_require_type_and_filter_by_status_and_name() {
    let api = Api::start(0);
    let r = api.get("/api/v1/policies");
    assert_eq!((r.status, r.error_code()), (400, "E0000028".into()));
    assert_eq!(api.get("/api/v1/policies?type=NOPE").status, 400);
    let sign_on = api.get("/api/v1/policies?type=OKTA_SIGN_ON").json();
    assert_eq!(sign_on.as_array().unwrap().len(), 2);
    let active = api.get("/api/v1/policies?type=OKTA_SIGN_ON&status=ACTIVE").json();
    assert_eq!(active[0]["name"], "Default Policy");
    let q = api.get("/api/v1/policies?type=OKTA_SIGN_ON&q=contr&expand=rules").json();
    assert_eq!((q[0]["status"].as_str(), q[0]["_embedded"]["rules"].is_array()), (Some("INACTIVE"), true));
}

fn credentialed_user(api: &Api) -> String {
    let u: Value = api.get("/api/v1/users?filter=status%20eq%20%22ACTIVE%22&limit=1").json();
    u[0]["id"].as_str().unwrap().to_string()
}

#[test]
fn factors_can_be_listed_unenrolled_and_reset() {
    let api = Api::start(30);
    let id = credentialed_user(&api);
    let factors = api.get(&format!("/api/v1/users/{id}/factors")).json();
    let email = factors.as_array().unwrap().iter().find(|f| f["factorType"] == "email").expect("email factor");
    let fid = email["id"].as_str().unwrap();
    assert_eq!(api.call("DELETE", &format!("/api/v1/users/{id}/factors/{fid}"), None).status, 204);
    let r = api.call("DELETE", &format!("/api/v1/users/{id}/factors/{fid}"), None);
    assert_eq!((r.status, r.error_code()), (404, "E0000007".into()));
    assert_eq!(api.post_empty(&format!("/api/v1/users/{id}/lifecycle/reset_factors")).status, 200);
    assert!(api.get(&format!("/api/v1/users/{id}/factors")).json().as_array().unwrap().is_empty());
}

#[test]
fn clearing_sessions_is_204_and_logged() {
    let api = Api::start(5);
    let id = credentialed_user(&api);
    assert_eq!(api.call("DELETE", &format!("/api/v1/users/{id}/sessions?oauthTokens=true"), None).status, 204);
    let log = api.get("/api/v1/logs?filter=eventType%20eq%20%22user.session.clear%22").json();
    assert_eq!(log[0]["target"][0]["id"], id.as_str());
    assert_eq!(api.call("DELETE", "/api/v1/users/00unknown00000000000/sessions", None).status, 404);
}

#[test]
fn users_can_be_placed_in_existing_realms_only() {
    let api = Api::start(0);
    let realm = api.get("/api/v1/realms").json()[1]["id"].as_str().unwrap().to_string();
    let body = |realm: &str| serde_json::json!({"profile": {"login": "partner@example.com", "email": "partner@example.com", "firstName": "P", "lastName": "R"}, "realmId": realm});
    assert_eq!(api.post("/api/v1/users", &body("guonothere0000000000")).error_code(), "E0000001");
    let u = api.post("/api/v1/users", &body(&realm)).json();
    assert_eq!(u["realmId"], realm.as_str());
}
