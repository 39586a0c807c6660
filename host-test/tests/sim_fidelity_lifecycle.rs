//! Lifecycle answers as real orgs give them (issue 14, items 1 and 2): `{}`
//! with `application/json` where the spec declares no body, and unlock of a
//! user who is not locked out refused with 403 `E0000032`.
mod sim_support;

use serde_json::json;
use sim_support::{enc, Api, Resp};

fn first_with_status(api: &Api, status: &str) -> String {
    let found = api.get(&format!("/api/v1/users?filter={}&limit=1", enc(&format!("status eq \"{status}\""))));
    found.json()[0]["id"].as_str().unwrap_or_else(|| panic!("seed has a {status} user")).to_string()
}

fn assert_empty_object(r: &Resp, what: &str) {
    assert_eq!(r.status, 200, "{what}: {}", r.text);
    assert_eq!(r.text, "{}", "{what}: real orgs answer `{{}}`");
    let content_type = r.header("content-type").unwrap_or("");
    assert!(content_type.starts_with("application/json"), "{what}: Content-Type {content_type:?}");
}

#[test]
fn user_lifecycle_calls_without_a_result_answer_an_empty_json_object() {
    let api = Api::start(200);
    let user = api.create_user("lifecycle.body@example.com", "?activate=true", Some(json!({"password": {"value": "Tr0ub4dor&3x"}})));
    let id = user["id"].as_str().unwrap();
    for op in ["suspend", "unsuspend", "reset_factors", "deactivate"] {
        assert_empty_object(&api.post_empty(&format!("/api/v1/users/{id}/lifecycle/{op}")), op);
    }
    assert_eq!(api.get(&format!("/api/v1/users/{id}")).json()["status"], "DEPROVISIONED");
    let locked = first_with_status(&api, "LOCKED_OUT");
    assert_empty_object(&api.post_empty(&format!("/api/v1/users/{locked}/lifecycle/unlock")), "unlock");
    assert_eq!(api.get(&format!("/api/v1/users/{locked}")).json()["status"], "ACTIVE");
}

#[test]
fn app_activate_and_deactivate_answer_an_empty_json_object() {
    let api = Api::start(0);
    let app = api.get("/api/v1/apps?q=Team").json()[0]["id"].as_str().unwrap().to_string();
    assert_empty_object(&api.post_empty(&format!("/api/v1/apps/{app}/lifecycle/deactivate")), "app deactivate");
    assert_eq!(api.get(&format!("/api/v1/apps/{app}")).json()["status"], "INACTIVE");
    assert_empty_object(&api.post_empty(&format!("/api/v1/apps/{app}/lifecycle/activate")), "app activate");
    assert_eq!(api.get(&format!("/api/v1/apps/{app}")).json()["status"], "ACTIVE");
}

#[test]
fn unlocking_an_active_user_is_refused_with_e0000032_and_its_cause() {
    let api = Api::start(20);
    let id = first_with_status(&api, "ACTIVE");
    let r = api.post_empty(&format!("/api/v1/users/{id}/lifecycle/unlock"));
    assert_eq!((r.status, r.error_code()), (403, "E0000032".to_string()), "{}", r.text);
    let body = r.json();
    assert_eq!(body["errorSummary"], "Unlock is not allowed for this user.");
    assert_eq!(body["errorCauses"], json!([{"errorSummary": "The user is not locked out."}]));
    assert_eq!(api.get(&format!("/api/v1/users/{id}")).json()["status"], "ACTIVE", "nothing changed");
}
