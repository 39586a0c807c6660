//! Users: create variants, validation, read, partial update vs replace, delete.
mod sim_support;

use serde_json::{json, Value};
use sim_support::Api;

const PASSWORD: &str = "Tr0ub4dor&3x";

#[test]
fn create_with_password_and_activate_is_active_and_never_echoes_the_password() {
    let api = Api::start(0);
    let u = api.create_user("rae.cloud@example.com", "?activate=true", Some(json!({"password": {"value": PASSWORD}})));
    assert_eq!(u["status"], "ACTIVE");
    assert!(u["id"].as_str().unwrap().starts_with("00u") && u["id"].as_str().unwrap().len() == 20);
    assert_eq!(u["credentials"]["password"], json!({}));
    assert_eq!(u["credentials"]["provider"], json!({"type": "OKTA", "name": "OKTA"}));
    assert!(!u.to_string().contains(PASSWORD));
    let created = u["created"].as_str().unwrap();
    assert!(created.len() == 24 && created.ends_with('Z') && &created[19..20] == ".", "{created}");
    assert_eq!(u["activated"], u["created"]);
    assert!(u["_links"]["suspend"]["href"].as_str().unwrap().ends_with("/lifecycle/suspend"));
}

#[test]
fn status_after_create_follows_activate_and_credentials() {
    let api = Api::start(0);
    let staged = api.create_user("staged@example.com", "?activate=false", Some(json!({"password": {"value": PASSWORD}})));
    assert_eq!(staged["status"], "STAGED");
    assert!(staged["activated"].is_null());
    let provisioned = api.create_user("prov@example.com", "?activate=true", None);
    assert_eq!(provisioned["status"], "PROVISIONED");
    assert!(provisioned["credentials"].get("password").is_none());
    let question = json!({"recovery_question": {"question": "Best band?", "answer": "Modest Mouse"}});
    let q = api.create_user("question@example.com", "", Some(question));
    assert_eq!(q["status"], "PROVISIONED", "activate defaults to true");
    assert_eq!(q["credentials"]["recovery_question"], json!({"question": "Best band?"}));
    let federated = api.create_user("fed@example.com", "?provider=true", Some(json!({"provider": {"type": "FEDERATION", "name": "FEDERATION"}})));
    assert_eq!(federated["status"], "ACTIVE");
}

#[test]
fn hashed_password_import_is_active_with_import_provider() {
    let api = Api::start(0);
    let hash = json!({"password": {"hash": {"algorithm": "BCRYPT", "workFactor": 10, "salt": "rwh3vH166HCH/NT9XV5FYu", "value": "qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna"}}});
    let u = api.create_user("imported@example.com", "?activate=true", Some(hash));
    assert_eq!((u["status"].as_str(), u["credentials"]["provider"]["type"].as_str()), (Some("ACTIVE"), Some("IMPORT")));
    let bad = json!({"profile": {"login": "bad.hash@example.com", "email": "bad.hash@example.com", "firstName": "B", "lastName": "H"},
        "credentials": {"password": {"hash": {"algorithm": "BCRYPT", "workFactor": 99, "salt": "x", "value": "y"}}}});
    let r = api.post("/api/v1/users", &bad);
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()));
}

#[test]
fn next_login_change_password_expires_the_password_and_needs_password_and_activation() {
    let api = Api::start(0);
    let u = api.create_user("expire.me@example.com", "?activate=true&nextLogin=changePassword", Some(json!({"password": {"value": PASSWORD}})));
    assert_eq!(u["status"], "PASSWORD_EXPIRED");
    let body = json!({"profile": {"login": "x.y@example.com", "email": "x.y@example.com", "firstName": "X", "lastName": "Y"}});
    let r = api.post("/api/v1/users?activate=true&nextLogin=changePassword", &body);
    assert_eq!((r.status, r.error_code()), (400, "E0000124".into()));
    let r = api.post("/api/v1/users?activate=false&nextLogin=changePassword", &body);
    assert_eq!((r.status, r.error_code()), (400, "E0000125".into()));
}

#[test]
fn duplicate_login_is_rejected_case_insensitively_with_okta_cause() {
    let api = Api::start(0);
    api.create_user("isaac.brock@example.com", "", None);
    let body = json!({"profile": {"login": "Isaac.Brock@example.com", "email": "isaac.brock@example.com", "firstName": "I", "lastName": "B"}});
    let r = api.post("/api/v1/users", &body);
    assert_eq!(r.status, 400);
    let e = r.json();
    assert_eq!(e["errorCode"], "E0000001");
    assert_eq!(e["errorSummary"], "Api validation failed: login");
    assert_eq!(e["errorCauses"][0]["errorSummary"], "login: An object with this field already exists in the current organization");
}

#[test]
fn missing_required_fields_and_bad_values_are_reported_per_field() {
    let api = Api::start(0);
    let r = api.post("/api/v1/users", &json!({"profile": {"login": "no.names@example.com"}}));
    assert_eq!(r.status, 400);
    let causes: Vec<String> = r.json()["errorCauses"].as_array().unwrap().iter().map(|c| c["errorSummary"].as_str().unwrap().to_string()).collect();
    assert!(causes.contains(&"email: The field cannot be left blank".to_string()), "{causes:?}");
    assert!(causes.iter().any(|c| c.starts_with("firstName:")) && causes.iter().any(|c| c.starts_with("lastName:")));
    let r = api.post("/api/v1/users", &json!({"profile": {"login": "ok.login@example.com", "email": "not-an-email", "firstName": "A", "lastName": "B"}}));
    assert_eq!(r.json()["errorCauses"][0]["errorSummary"], "email: Does not match required pattern");
    let r = api.post("/api/v1/users", &json!({"profile": {"login": "ok2@example.com", "email": "ok2@example.com", "firstName": "A", "lastName": "B", "favouriteColour": "red"}}));
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()));
}

#[test]
fn weak_password_violates_default_policy() {
    let api = Api::start(0);
    let body = json!({"profile": {"login": "weak@example.com", "email": "weak@example.com", "firstName": "W", "lastName": "P"}, "credentials": {"password": {"value": "short"}}});
    let r = api.post("/api/v1/users", &body);
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()));
    assert!(r.json()["errorCauses"][0]["errorSummary"].as_str().unwrap().starts_with("password: Password requirements were not met"));
}

#[test]
fn malformed_json_body_is_e0000003() {
    let api = Api::start(0);
    let r = api.call_as("POST", "/api/v1/users", Some(&format!("SSWS {}", api.sim.api_token())), None);
    assert_eq!(r.status, 400, "empty body means no profile: validation error");
    let resp = ureq::post(&format!("{}/api/v1/users", api.sim.url()))
        .set("Authorization", &format!("SSWS {}", api.sim.api_token()))
        .send_string("{not json");
    match resp {
        Err(ureq::Error::Status(400, r)) => assert!(r.into_string().unwrap().contains("E0000003")),
        other => panic!("expected 400, got {other:?}"),
    }
}

#[test]
fn get_by_id_login_or_short_name_and_unknown_is_404_e0000007() {
    let api = Api::start(0);
    let u = api.create_user("grace.hopper@example.com", "", None);
    let id = u["id"].as_str().unwrap();
    for key in [id, "grace.hopper@example.com", "grace.hopper"] {
        let r = api.get(&format!("/api/v1/users/{}", sim_support::enc(key)));
        assert_eq!((r.status, r.json()["id"].as_str()), (200, Some(id)), "{key}");
        assert!(r.header("etag").is_some());
    }
    let r = api.get("/api/v1/users/00unothere0000000000");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["errorSummary"], "Not found: Resource not found: 00unothere0000000000 (User)");
    assert_eq!(r.error_code(), "E0000007");
}

#[test]
fn post_merges_profile_while_put_replaces_and_clears_omitted_attributes() {
    let api = Api::start(0);
    let u = api.create_user("merge.me@example.com", "", None);
    let path = format!("/api/v1/users/{}", u["id"].as_str().unwrap());
    let r = api.post(&path, &json!({"profile": {"mobilePhone": "555-415-1337"}}));
    assert_eq!(r.status, 200);
    let p = &r.json()["profile"];
    assert_eq!((p["mobilePhone"].as_str(), p["firstName"].as_str()), (Some("555-415-1337"), Some("Test")));
    let r = api.call("PUT", &path, Some(&json!({"profile": {"login": "merge.me@example.com", "email": "merge.me@example.com", "firstName": "New", "lastName": "Name"}})));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["profile"]["mobilePhone"], Value::Null, "PUT clears omitted attributes");
    let r = api.call("PUT", &path, Some(&json!({"profile": {"login": "merge.me@example.com"}})));
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()));
}

#[test]
fn if_match_with_stale_etag_is_412() {
    let api = Api::start(0);
    let u = api.create_user("etag.user@example.com", "", None);
    let path = format!("/api/v1/users/{}", u["id"].as_str().unwrap());
    let etag = api.get(&path).header("etag").unwrap().to_string();
    api.sim.clock().advance(std::time::Duration::from_secs(1));
    assert_eq!(api.post(&path, &json!({"profile": {"title": "One"}})).status, 200);
    let stale = ureq::post(&format!("{}{path}", api.sim.url()))
        .set("Authorization", &format!("SSWS {}", api.sim.api_token()))
        .set("If-Match", &etag)
        .send_json(json!({"profile": {"title": "Two"}}));
    assert!(matches!(stale, Err(ureq::Error::Status(412, _))));
}

#[test]
fn delete_is_two_step_deactivate_then_remove() {
    let api = Api::start(0);
    let u = api.create_user("two.step@example.com", "", None);
    let path = format!("/api/v1/users/{}", u["id"].as_str().unwrap());
    assert_eq!(api.call("DELETE", &path, None).status, 204);
    assert_eq!(api.get(&path).json()["status"], "DEPROVISIONED");
    assert_eq!(api.call("DELETE", &path, None).status, 204);
    assert_eq!(api.get(&path).status, 404);
    assert_eq!(api.sim.user_count(), 0);
}

#[test]
fn seeded_org_is_deterministic_and_realistic() {
    let a = Api::start(50);
    let b = Api::start(50);
    let page = |api: &Api| api.get("/api/v1/users?search=id%20pr&limit=200").json();
    // Timestamps are relative to start-up and links carry the port: compare the rest.
    let identity = |v: serde_json::Value| -> Vec<_> {
        v.as_array().unwrap().iter().map(|u| (u["id"].clone(), u["status"].clone(), u["profile"].clone())).collect()
    };
    assert_eq!(identity(page(&a)), identity(page(&b)));
    assert_eq!(a.sim.api_token(), b.sim.api_token());
    let users = page(&a);
    let users = users.as_array().unwrap();
    assert_eq!(users.len(), 50);
    let statuses: std::collections::HashSet<&str> = users.iter().map(|u| u["status"].as_str().unwrap()).collect();
    assert!(statuses.contains("ACTIVE") && statuses.len() >= 3, "{statuses:?}");
    let login = users[0]["profile"]["login"].as_str().unwrap();
    assert!(login.ends_with("@example.com") && login.matches('.').count() >= 2, "{login}");
}
