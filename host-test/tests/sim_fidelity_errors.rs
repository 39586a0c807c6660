//! Error wording as real orgs send it (issue 14, item 8).
mod sim_support;

use serde_json::json;
use sim_support::Api;

#[test]
fn deleting_an_active_app_names_the_cause() {
    let api = Api::start(0);
    let app = api.get("/api/v1/apps?q=Team").json()[0]["id"].as_str().unwrap().to_string();
    let r = api.call("DELETE", &format!("/api/v1/apps/{app}"), None);
    assert_eq!((r.status, r.error_code()), (403, "E0000056".to_string()));
    assert_eq!(r.json()["errorCauses"], json!([{"errorSummary": "The application must be deactivated before deletion."}]));
}

#[test]
fn the_generic_status_refusal_has_no_suffix() {
    let api = Api::start(0);
    let id = api.create_user("refused@example.com", "?activate=true", None)["id"].as_str().unwrap().to_string();
    let r = api.post_empty(&format!("/api/v1/users/{id}/lifecycle/expire_password"));
    assert_eq!((r.status, r.error_code()), (403, "E0000038".to_string()));
    assert_eq!(r.json()["errorSummary"], "This operation is not allowed in the user's current status.");
}

#[test]
fn not_found_summaries_name_oktas_resource_kinds() {
    let api = Api::start(0);
    let hook = api.get("/api/v1/eventHooks/who00000000000000000");
    assert_eq!(hook.json()["errorSummary"], "Not found: Resource not found: who00000000000000000 (Webhook)");
    let t = api.get("/api/v1/meta/types/user/oty00000000000000000");
    assert_eq!(t.json()["errorSummary"], "Not found: Resource not found: oty00000000000000000 (CVDType)");
}
