//! The user status state machine (API-NOTES §6.5, §7).
mod sim_support;

use host_test::sim::SEEDED_PASSWORD;
use serde_json::{json, Value};
use sim_support::Api;

const PASSWORD: &str = "Tr0ub4dor&3x";

fn op(api: &Api, id: &str, op: &str) -> sim_support::Resp {
    api.post_empty(&format!("/api/v1/users/{id}/lifecycle/{op}"))
}

fn status(api: &Api, id: &str) -> String {
    api.get(&format!("/api/v1/users/{id}")).json()["status"].as_str().unwrap().to_string()
}

fn new_user(api: &Api, login: &str, query: &str, password: bool) -> String {
    let creds = password.then(|| json!({"password": {"value": PASSWORD}}));
    api.create_user(login, query, creds)["id"].as_str().unwrap().to_string()
}

#[test]
fn activate_staged_user_returns_activation_link_only_without_email() {
    let api = Api::start(0);
    let id = new_user(&api, "staged.one@example.com", "?activate=false", false);
    let r = op(&api, &id, "activate?sendEmail=false");
    assert_eq!(r.status, 200);
    let body = r.json();
    let token = body["activationToken"].as_str().unwrap();
    assert!(body["activationUrl"].as_str().unwrap().ends_with(&format!("/welcome/{token}")));
    assert_eq!(status(&api, &id), "PROVISIONED", "no password → PROVISIONED");
    let id2 = new_user(&api, "staged.two@example.com", "?activate=false", true);
    assert_eq!(op(&api, &id2, "activate").json(), json!({}), "sendEmail defaults to true");
    assert_eq!(status(&api, &id2), "ACTIVE");
    let again = op(&api, &id2, "activate");
    assert_eq!((again.status, again.error_code()), (403, "E0000016".into()));
}

#[test]
fn suspend_and_unsuspend_refuse_with_400_e0000001_outside_their_status() {
    let api = Api::start(0);
    let id = new_user(&api, "susp@example.com", "?activate=false", true);
    let r = op(&api, &id, "suspend");
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()));
    op(&api, &id, "activate");
    assert_eq!(op(&api, &id, "suspend").status, 200);
    assert_eq!(status(&api, &id), "SUSPENDED");
    let links = api.get(&format!("/api/v1/users/{id}")).json()["_links"].clone();
    assert!(links.get("unsuspend").is_some() && links.get("suspend").is_none());
    assert_eq!(op(&api, &id, "unsuspend").status, 200);
    let r = op(&api, &id, "unsuspend");
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()));
}

#[test]
fn deactivate_then_reactivate_paths_use_okta_refusals() {
    let api = Api::start(0);
    let id = new_user(&api, "deact@example.com", "?activate=true", true);
    assert_eq!(op(&api, &id, "deactivate").status, 200);
    assert_eq!(status(&api, &id), "DEPROVISIONED");
    let r = op(&api, &id, "deactivate");
    assert_eq!((r.status, r.error_code()), (404, "E0000007".into()));
    let r = op(&api, &id, "reactivate");
    assert_eq!((r.status, r.error_code()), (403, "E0000038".into()));
    assert_eq!(op(&api, &id, "activate").status, 200, "DEPROVISIONED can be activated again");
    assert_eq!(status(&api, &id), "ACTIVE");
    let prov = new_user(&api, "prov.re@example.com", "?activate=true", false);
    let r = op(&api, &prov, "reactivate");
    assert!(r.json()["activationToken"].is_string(), "reactivate defaults to sendEmail=false");
}

#[test]
fn reset_password_requires_send_email_and_moves_to_recovery() {
    let api = Api::start(0);
    let id = new_user(&api, "reset.me@example.com", "?activate=true", true);
    let r = op(&api, &id, "reset_password");
    assert_eq!((r.status, r.error_code()), (400, "E0000028".into()));
    let r = op(&api, &id, "reset_password?sendEmail=false");
    assert!(r.json()["resetPasswordUrl"].as_str().unwrap().contains("/reset_password/"));
    assert_eq!(status(&api, &id), "RECOVERY");
    let staged = new_user(&api, "reset.staged@example.com", "?activate=false", false);
    assert_eq!(op(&api, &staged, "reset_password?sendEmail=true").error_code(), "E0000038");
}

#[test]
fn expire_password_returns_user_and_temp_password_variant_sets_one() {
    let api = Api::start(0);
    let id = new_user(&api, "expire@example.com", "?activate=true", true);
    let r = op(&api, &id, "expire_password");
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("PASSWORD_EXPIRED")));
    let r = op(&api, &id, "expire_password_with_temp_password");
    let temp = r.json()["tempPassword"].as_str().unwrap().to_string();
    let change = json!({"oldPassword": {"value": temp}, "newPassword": {"value": "Brand-N3w-Secret"}});
    let r = api.post(&format!("/api/v1/users/{id}/credentials/change_password"), &change);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["password"], json!({}));
    assert_eq!(status(&api, &id), "ACTIVE", "changing an expired password activates");
    let no_pw = new_user(&api, "nopw@example.com", "?activate=true", false);
    assert_eq!(op(&api, &no_pw, "expire_password").error_code(), "E0000038");
}

#[test]
fn change_password_checks_old_password_and_policy() {
    let api = Api::start(0);
    let id = new_user(&api, "change.pw@example.com", "?activate=true", true);
    let path = format!("/api/v1/users/{id}/credentials/change_password");
    let wrong = api.post(&path, &json!({"oldPassword": {"value": "nope"}, "newPassword": {"value": "An0ther-Secret"}}));
    assert_eq!((wrong.status, wrong.error_code()), (403, "E0000014".into()));
    let weak = api.post(&path, &json!({"oldPassword": {"value": PASSWORD}, "newPassword": {"value": "weak"}}));
    assert_eq!((weak.status, weak.error_code()), (403, "E0000014".into()));
    let ok = api.post(&path, &json!({"oldPassword": {"value": PASSWORD}, "newPassword": {"value": "An0ther-Secret"}}));
    assert_eq!(ok.status, 200);
    let provisioned = new_user(&api, "no.pw.change@example.com", "?activate=true", false);
    let r = api.post(&format!("/api/v1/users/{provisioned}/credentials/change_password"), &json!({"oldPassword": {"value": "x"}, "newPassword": {"value": "y"}}));
    assert_eq!((r.status, r.error_code()), (403, "E0000035".into()));
}

#[test]
fn seeded_locked_out_user_can_be_unlocked_with_seeded_password_intact() {
    let api = Api::start(200);
    let found: Value = api.get("/api/v1/users?filter=status%20eq%20%22LOCKED_OUT%22").json();
    let id = found[0]["id"].as_str().expect("seed has a LOCKED_OUT user").to_string();
    assert_eq!(op(&api, &id, "unlock").status, 200);
    assert_eq!(status(&api, &id), "ACTIVE");
    let staged: Value = api.get("/api/v1/users?filter=status%20eq%20%22STAGED%22").json();
    let r = op(&api, staged[0]["id"].as_str().unwrap(), "unlock");
    assert_eq!((r.status, r.error_code()), (403, "E0000032".into()));
    let change = json!({"oldPassword": {"value": SEEDED_PASSWORD}, "newPassword": {"value": "Fresh-Passw0rd"}});
    assert_eq!(api.post(&format!("/api/v1/users/{id}/credentials/change_password"), &change).status, 200);
}

#[test]
fn recovery_question_changes_with_the_current_password_only() {
    let api = Api::start(0);
    let id = new_user(&api, "question.change@example.com", "?activate=true", true);
    let path = format!("/api/v1/users/{id}/credentials/change_recovery_question");
    let body = |pw: &str| json!({"password": {"value": pw}, "recovery_question": {"question": "First pet?", "answer": "Rex the dog"}});
    assert_eq!(api.post(&path, &body("wrong")).error_code(), "E0000014");
    let r = api.post(&path, &body(PASSWORD));
    assert_eq!((r.status, r.json()["recovery_question"]["question"].as_str()), (200, Some("First pet?")));
    assert!(!r.text.contains("Rex"), "the answer is never returned");
}

#[test]
fn deactivated_users_cannot_be_edited() {
    let api = Api::start(0);
    let id = new_user(&api, "frozen@example.com", "?activate=true", true);
    op(&api, &id, "deactivate");
    let r = api.post(&format!("/api/v1/users/{id}"), &json!({"profile": {"title": "x"}}));
    assert_eq!((r.status, r.error_code()), (403, "E0000038".into()));
}

#[test]
fn slow_activation_shows_transitioning_status_and_refuses_overlapping_calls() {
    let api = Api::start(0);
    api.sim.clock().freeze_at(1_800_000_000_000);
    api.sim.set_activation_delay(std::time::Duration::from_secs(5));
    let id = new_user(&api, "slow@example.com", "?activate=false", true);
    assert_eq!(op(&api, &id, "activate").status, 200);
    let u = api.get(&format!("/api/v1/users/{id}")).json();
    assert_eq!((u["status"].as_str(), u["transitioningToStatus"].as_str()), (Some("STAGED"), Some("ACTIVE")));
    let r = op(&api, &id, "deactivate");
    assert_eq!((r.status, r.error_code()), (409, "E0000112".into()));
    api.sim.clock().advance(std::time::Duration::from_secs(5));
    let u = api.get(&format!("/api/v1/users/{id}")).json();
    assert_eq!(u["status"], "ACTIVE");
    assert!(u.get("transitioningToStatus").is_none());
    assert_eq!(op(&api, &id, "deactivate").status, 200);
}

#[test]
fn forgot_password_returns_a_reset_link_only_without_email_and_keeps_the_status() {
    let api = Api::start(0);
    let creds = json!({"password": {"value": PASSWORD}, "recovery_question": {"question": "First pet?", "answer": "Rex"}});
    let id = api.create_user("forgot.link@example.com", "?activate=true", Some(creds))["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/users/{id}/credentials/forgot_password");
    let link = api.post_empty(&format!("{path}?sendEmail=false"));
    assert_eq!(link.status, 200);
    assert!(link.json()["resetPasswordUrl"].as_str().unwrap().contains("/signin/reset-password/"), "{}", link.text);
    let mailed = api.post_empty(&path);
    assert_eq!((mailed.status, mailed.json()), (200, json!({})));
    assert_eq!(status(&api, &id), "ACTIVE");
    let no_question = new_user(&api, "forgot.noq@example.com", "?activate=true", true);
    let r = api.post_empty(&format!("/api/v1/users/{no_question}/credentials/forgot_password?sendEmail=false"));
    assert_eq!((r.status, r.error_code()), (403, "E0000034".into()));
}

#[test]
fn forgot_password_with_the_recovery_answer_sets_the_new_password() {
    let api = Api::start(0);
    let creds = json!({"password": {"value": PASSWORD}, "recovery_question": {"question": "First pet?", "answer": "Rex the Dog"}});
    let id = api.create_user("forgot.answer@example.com", "?activate=true", Some(creds))["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/users/{id}/credentials/forgot_password_recovery_question");
    let body = |pw: &str, answer: &str| json!({"password": {"value": pw}, "recovery_question": {"answer": answer}});
    let wrong = api.post(&path, &body("F0rgotten-Passw0rd", "Felix"));
    assert_eq!((wrong.status, wrong.error_code()), (403, "E0000087".into()));
    assert!(!wrong.text.contains("F0rgotten") && !wrong.text.contains("Felix"));
    let weak = api.post(&path, &body("weak", "rex the dog"));
    assert_eq!((weak.status, weak.error_code()), (403, "E0000014".into()));
    let ok = api.post(&path, &body("F0rgotten-Passw0rd", "rex the dog"));
    assert_eq!((ok.status, ok.json()["recovery_question"]["question"].as_str()), (200, Some("First pet?")), "{}", ok.text);
    assert!(!ok.text.contains("F0rgotten") && !ok.text.contains("Rex"));
    let change = |old: &str| json!({"oldPassword": {"value": old}, "newPassword": {"value": "Th1rd-Passw0rd"}});
    let change_path = format!("/api/v1/users/{id}/credentials/change_password");
    assert_eq!(api.post(&change_path, &change(PASSWORD)).error_code(), "E0000014", "the old password no longer works");
    assert_eq!(api.post(&change_path, &change("F0rgotten-Passw0rd")).status, 200, "the new one does");
}
