//! Validates simulator responses against the response schemas of the official
//! management spec (`shared/okta/management-openapi.yaml`, OpenAPI 3.0.3).
//! OpenAPI's `nullable` is translated to JSON Schema; everything else is the
//! spec as published (its known defects are listed in SOURCES.md and avoided
//! here, e.g. no `unique` custom attribute because the spec types it boolean).
mod sim_support;

use serde_json::{json, Value};
use sim_support::{enc, Api};
use std::sync::OnceLock;

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = std::env::var("OKTA_SPEC").unwrap_or_else(|_| format!("{}/../../shared/okta/management-openapi.yaml", env!("CARGO_MANIFEST_DIR")));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("spec not found at {path} ({e}); set OKTA_SPEC"));
        let mut spec: Value = serde_norway::from_str(&text).expect("spec parses");
        nullable_to_json_schema(&mut spec["components"]);
        spec
    })
}

/// OpenAPI 3.0 `nullable: true` → JSON Schema `null` alternative.
fn nullable_to_json_schema(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(nullable_to_json_schema),
        Value::Object(map) => {
            map.values_mut().for_each(nullable_to_json_schema);
            if map.get("nullable") != Some(&Value::Bool(true)) {
                return;
            }
            map.remove("nullable");
            match map.get("type").cloned() {
                Some(Value::String(t)) => {
                    map.insert("type".into(), json!([t, "null"]));
                    if let Some(Value::Array(e)) = map.get_mut("enum") {
                        e.push(Value::Null);
                    }
                }
                _ => {
                    let inner = Value::Object(std::mem::take(map));
                    *v = json!({"anyOf": [inner, {"type": "null"}]});
                }
            }
        }
        _ => {}
    }
}

/// Checks one response against `paths[path][method].responses[status]`;
/// returns the violations found.
fn check(api: &Api, method: &str, url: &str, body: Option<&Value>, path: &str, status: u16) -> Vec<String> {
    let op = &spec()["paths"][path][method.to_lowercase()];
    assert!(op.is_object(), "spec has no {method} {path}");
    let schema = &op["responses"][status.to_string()]["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "spec has no JSON {status} response for {method} {path}");
    let r = api.call(method, url, body);
    if r.status != status {
        return vec![format!("{method} {url}: status {} (expected {status}): {}", r.status, r.text)];
    }
    let root = json!({"allOf": [schema], "components": spec()["components"]});
    let validator = jsonschema::draft4::new(&root).unwrap_or_else(|e| panic!("schema for {method} {path} compiles: {e}"));
    let instance = r.json();
    validator.iter_errors(&instance).map(|e| format!("{method} {url} vs {path}: {} at {}", e, e.instance_path())).take(5).collect()
}

#[test]
fn user_and_group_responses_match_the_spec() {
    let api = Api::start(60);
    let u = api.create_user("conform@example.com", "?activate=true", Some(json!({"password": {"value": "Tr0ub4dor&3x"}, "recovery_question": {"question": "q?", "answer": "answer"}})));
    let id = u["id"].as_str().unwrap();
    let group = api.get("/api/v1/groups?q=Eng").json()[0]["id"].as_str().unwrap().to_string();
    let profile = json!({"profile": {"title": "Tester"}});
    let mut errors = Vec::new();
    errors.extend(check(&api, "GET", "/api/v1/users?limit=50", None, "/api/v1/users", 200));
    errors.extend(check(&api, "GET", &format!("/api/v1/users?search={}", enc("status eq \"DEPROVISIONED\"")), None, "/api/v1/users", 200));
    errors.extend(check(&api, "GET", &format!("/api/v1/users/{id}"), None, "/api/v1/users/{id}", 200));
    errors.extend(check(&api, "POST", &format!("/api/v1/users/{id}"), Some(&profile), "/api/v1/users/{id}", 200));
    errors.extend(check(&api, "GET", "/api/v1/users/00unknown00000000000", None, "/api/v1/users/{id}", 404));
    errors.extend(check(&api, "GET", &format!("/api/v1/users/{id}/groups"), None, "/api/v1/users/{id}/groups", 200));
    errors.extend(check(&api, "GET", &format!("/api/v1/users/{id}/appLinks"), None, "/api/v1/users/{id}/appLinks", 200));
    errors.extend(check(&api, "GET", &format!("/api/v1/users/{id}/factors"), None, "/api/v1/users/{userId}/factors", 200));
    errors.extend(check(&api, "POST", &format!("/api/v1/users/{id}/lifecycle/expire_password"), None, "/api/v1/users/{id}/lifecycle/expire_password", 200));
    errors.extend(check(&api, "POST", &format!("/api/v1/users/{id}/lifecycle/reset_password?sendEmail=false"), None, "/api/v1/users/{id}/lifecycle/reset_password", 200));
    errors.extend(check(&api, "GET", "/api/v1/groups", None, "/api/v1/groups", 200));
    errors.extend(check(&api, "GET", &format!("/api/v1/groups/{group}"), None, "/api/v1/groups/{groupId}", 200));
    errors.extend(check(&api, "GET", &format!("/api/v1/groups/{group}/users"), None, "/api/v1/groups/{groupId}/users", 200));
    let staged = api.create_user("conform.staged@example.com", "?activate=false", None);
    let activate = format!("/api/v1/users/{}/lifecycle/activate?sendEmail=false", staged["id"].as_str().unwrap());
    errors.extend(check(&api, "POST", &activate, None, "/api/v1/users/{id}/lifecycle/activate", 200));
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn app_log_hook_schema_and_directory_responses_match_the_spec() {
    let api = Api::start(60);
    let app = api.get("/api/v1/apps?q=Workday").json()[0].clone();
    let app_id = app["id"].as_str().unwrap();
    let assigned = api.get(&format!("/api/v1/apps/{app_id}/users?limit=1")).json()[0]["id"].as_str().unwrap().to_string();
    let hook = json!({"name": "h", "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": "https://hooks.example.com/okta", "authScheme": {"type": "HEADER", "key": "Authorization", "value": "x"}}}});
    let mut errors = Vec::new();
    errors.extend(check(&api, "GET", "/api/v1/apps", None, "/api/v1/apps", 200));
    errors.extend(check(&api, "GET", &format!("/api/v1/apps/{app_id}"), None, "/api/v1/apps/{appId}", 200));
    errors.extend(check(&api, "GET", &format!("/api/v1/apps/{app_id}/users"), None, "/api/v1/apps/{appId}/users", 200));
    errors.extend(check(&api, "GET", &format!("/api/v1/apps/{app_id}/users/{assigned}"), None, "/api/v1/apps/{appId}/users/{userId}", 200));
    errors.extend(check(&api, "POST", "/api/v1/eventHooks", Some(&hook), "/api/v1/eventHooks", 200));
    errors.extend(check(&api, "GET", "/api/v1/eventHooks", None, "/api/v1/eventHooks", 200));
    api.create_user("log.subject@example.com", "", None);
    errors.extend(check(&api, "GET", "/api/v1/logs", None, "/api/v1/logs", 200));
    errors.extend(check(&api, "GET", "/api/v1/meta/schemas/user/default", None, "/api/v1/meta/schemas/user/{schemaId}", 200));
    errors.extend(check(&api, "GET", &format!("/api/v1/meta/schemas/apps/{app_id}/default"), None, "/api/v1/meta/schemas/apps/{appId}/default", 200));
    errors.extend(check(&api, "GET", "/api/v1/meta/types/user", None, "/api/v1/meta/types/user", 200));
    errors.extend(check(&api, "GET", "/api/v1/realms", None, "/api/v1/realms", 200));
    errors.extend(check(&api, "GET", "/api/v1/policies?type=PASSWORD", None, "/api/v1/policies", 200));
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn create_and_credential_responses_match_the_spec() {
    let api = Api::start(5);
    let password = "Tr0ub4dor&3x";
    let new_user = json!({"profile": {"login": "created@example.com", "email": "created@example.com", "firstName": "C", "lastName": "R"},
        "credentials": {"password": {"value": password}, "recovery_question": {"question": "q?", "answer": "an answer"}}});
    let mut errors = Vec::new();
    errors.extend(check(&api, "POST", "/api/v1/users?activate=true", Some(&new_user), "/api/v1/users", 200));
    errors.extend(check(&api, "POST", "/api/v1/users", Some(&new_user), "/api/v1/users", 400));
    let id = api.get("/api/v1/users/created@example.com").json()["id"].as_str().unwrap().to_string();
    let change = json!({"oldPassword": {"value": password}, "newPassword": {"value": "N3w-Passw0rd-x"}});
    errors.extend(check(&api, "POST", &format!("/api/v1/users/{id}/credentials/change_password"), Some(&change), "/api/v1/users/{userId}/credentials/change_password", 200));
    let question = json!({"password": {"value": "N3w-Passw0rd-x"}, "recovery_question": {"question": "new?", "answer": "new answer"}});
    errors.extend(check(&api, "POST", &format!("/api/v1/users/{id}/credentials/change_recovery_question"), Some(&question), "/api/v1/users/{userId}/credentials/change_recovery_question", 200));
    let provisioned = api.create_user("prov.conform@example.com", "?activate=true", None)["id"].as_str().unwrap().to_string();
    errors.extend(check(&api, "POST", &format!("/api/v1/users/{provisioned}/lifecycle/reactivate?sendEmail=false"), None, "/api/v1/users/{id}/lifecycle/reactivate", 200));
    errors.extend(check(&api, "POST", "/api/v1/groups", Some(&json!({"profile": {"name": "Conformists", "description": "d"}})), "/api/v1/groups", 200));
    let app = api.get("/api/v1/apps?q=Team").json()[0]["id"].as_str().unwrap().to_string();
    errors.extend(check(&api, "POST", &format!("/api/v1/apps/{app}/users"), Some(&json!({"id": id, "scope": "USER"})), "/api/v1/apps/{appId}/users", 200));
    let hook = json!({"name": "h", "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": "https://hooks.example.com/okta"}}});
    let hook_id = api.post("/api/v1/eventHooks", &hook).json()["id"].as_str().unwrap().to_string();
    errors.extend(check(&api, "GET", &format!("/api/v1/eventHooks/{hook_id}"), None, "/api/v1/eventHooks/{eventHookId}", 200));
    errors.extend(check(&api, "POST", &format!("/api/v1/eventHooks/{hook_id}/lifecycle/deactivate"), None, "/api/v1/eventHooks/{eventHookId}/lifecycle/deactivate", 200));
    let realm = api.get("/api/v1/realms").json()[0]["id"].as_str().unwrap().to_string();
    errors.extend(check(&api, "GET", &format!("/api/v1/realms/{realm}"), None, "/api/v1/realms/{realmId}", 200));
    let policy = api.get("/api/v1/policies?type=OKTA_SIGN_ON").json()[0]["id"].as_str().unwrap().to_string();
    errors.extend(check(&api, "GET", &format!("/api/v1/policies/{policy}"), None, "/api/v1/policies/{policyId}", 200));
    let user_type = api.get("/api/v1/meta/types/user").json()[0]["id"].as_str().unwrap().to_string();
    errors.extend(check(&api, "GET", &format!("/api/v1/meta/types/user/{user_type}"), None, "/api/v1/meta/types/user/{typeId}", 200));
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
