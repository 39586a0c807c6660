//! `_links` follow the status as on real orgs (issue 14, item 6).
mod sim_support;

use serde_json::{json, Value};
use sim_support::Api;

fn rels(v: &Value) -> Vec<String> {
    let mut rels: Vec<String> = v["_links"].as_object().unwrap().keys().cloned().collect();
    rels.sort();
    rels
}

fn user_links(api: &Api, id: &str) -> Vec<String> {
    rels(&api.get(&format!("/api/v1/users/{id}")).json())
}

fn op(api: &Api, id: &str, op: &str) {
    let r = api.post_empty(&format!("/api/v1/users/{id}/lifecycle/{op}"));
    assert_eq!(r.status, 200, "{op}: {}", r.text);
}

fn has(links: &[String], rel: &str) -> bool {
    links.iter().any(|l| l == rel)
}

#[test]
fn an_active_user_offers_forgot_password_recovery_question_and_reset_factors() {
    let api = Api::start(0);
    let id = api.create_user("links.active@example.com", "?activate=true", Some(json!({"password": {"value": "Tr0ub4dor&3x"}})))["id"].as_str().unwrap().to_string();
    let links = user_links(&api, &id);
    for rel in ["self", "type", "schema", "suspend", "deactivate", "resetPassword", "expirePassword", "resetFactors", "forgotPassword", "changePassword", "changeRecoveryQuestion"] {
        assert!(has(&links, rel), "ACTIVE lacks {rel}: {links:?}");
    }
    assert!(!has(&links, "activate") && !has(&links, "unlock"), "{links:?}");
}

#[test]
fn a_staged_user_offers_only_activation() {
    let api = Api::start(0);
    let id = api.create_user("links.staged@example.com", "?activate=false", Some(json!({"password": {"value": "Tr0ub4dor&3x"}})))["id"].as_str().unwrap().to_string();
    assert_eq!(user_links(&api, &id), ["activate", "schema", "self", "type"]);
}

#[test]
fn password_expired_and_suspended_users_offer_what_real_orgs_do() {
    let api = Api::start(0);
    let id = api.create_user("links.expired@example.com", "?activate=true", Some(json!({"password": {"value": "Tr0ub4dor&3x"}})))["id"].as_str().unwrap().to_string();
    op(&api, &id, "expire_password");
    let links = user_links(&api, &id);
    assert!(has(&links, "suspend") && has(&links, "resetFactors"), "PASSWORD_EXPIRED: {links:?}");
    op(&api, &id, "suspend");
    let links = user_links(&api, &id);
    assert_eq!(api.get(&format!("/api/v1/users/{id}")).json()["status"], "SUSPENDED");
    assert!(has(&links, "resetFactors") && has(&links, "unsuspend"), "SUSPENDED: {links:?}");
    assert!(!has(&links, "changePassword") && !has(&links, "suspend"), "SUSPENDED: {links:?}");
}

#[test]
fn a_users_schema_link_names_the_osc_schema_of_its_type() {
    let api = Api::start(0);
    let id = api.create_user("links.schema@example.com", "?activate=false", None)["id"].as_str().unwrap().to_string();
    let user = api.get(&format!("/api/v1/users/{id}")).json();
    let href = user["_links"]["schema"]["href"].as_str().unwrap();
    let schema_id = href.rsplit('/').next().unwrap();
    assert!(schema_id.starts_with("osc") && schema_id.len() == 20, "{href}");
    let types = api.get("/api/v1/meta/types/user").json();
    assert_eq!(types[0]["_links"]["schema"]["href"].as_str(), Some(href), "the type links the same schema");
    assert_eq!(api.get(href).status, 200);
}

#[test]
fn event_hook_links_follow_its_status() {
    let api = Api::start(0);
    let body = json!({"name": "links", "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": "https://hooks.example.com/okta"}}});
    let hook = api.post("/api/v1/eventHooks", &body).json();
    assert_eq!(rels(&hook), ["deactivate", "self", "verify"]);
    let id = hook["id"].as_str().unwrap();
    let inactive = api.post_empty(&format!("/api/v1/eventHooks/{id}/lifecycle/deactivate")).json();
    assert_eq!(rels(&inactive), ["activate", "delete", "self"]);
    assert_eq!(inactive["_links"]["delete"]["hints"]["allow"], json!(["DELETE"]));
}
