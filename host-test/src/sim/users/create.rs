//! `POST /api/v1/users` (API-NOTES §6.2): credential variants, activation and
//! `nextLogin=changePassword`.

use super::model::{Password, Status, User};
use super::validate::{password_error, profile_errors};
use crate::sim::ctx::{json_body, ok, Ctx};
use crate::sim::errors::{ApiError, ApiResult};
use axum::body::Bytes;
use serde_json::Value;

const HASH_ALGORITHMS: &[&str] = &["BCRYPT", "SHA-512", "SHA-256", "SHA-1", "MD5", "PBKDF2"];

/// `{question, answer}` → stored pair; the answer must be 1–100 chars.
pub(super) fn recovery_question(v: &Value) -> ApiResult<(String, String)> {
    let text = |k| v.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    match (text("question"), text("answer")) {
        (Some(q), Some(a)) if a.chars().count() <= 100 => Ok((q.to_string(), a.to_string())),
        (None, _) => Err(ApiError::validation(&[("recovery_question", "The security question must be specified")])),
        _ => Err(ApiError::validation(&[("recovery_question", "The security question answer must be between 1 and 100 characters")])),
    }
}

/// Checks an imported password hash's parameters.
fn hash_error(hash: &Value) -> Option<&'static str> {
    let alg = hash.get("algorithm").and_then(Value::as_str).unwrap_or("");
    let int = |k| hash.get(k).and_then(Value::as_i64);
    if !HASH_ALGORITHMS.contains(&alg) {
        return Some("The hash algorithm is not supported");
    }
    if hash.get("value").and_then(Value::as_str).is_none_or(str::is_empty) {
        return Some("The hash value must be specified");
    }
    match alg {
        "BCRYPT" if !int("workFactor").is_some_and(|w| (1..=20).contains(&w)) => Some("workFactor must be between 1 and 20"),
        "BCRYPT" if hash.get("salt").and_then(Value::as_str).is_none_or(|s| s.len() != 22) => Some("salt must be 22 characters"),
        "PBKDF2" if !int("iterationCount").is_some_and(|n| n >= 4096) => Some("iterationCount must be at least 4096"),
        _ => None,
    }
}

pub(super) async fn create(ctx: Ctx, body: Bytes) -> ApiResult {
    let activate = ctx.flag("activate", true)?;
    ctx.flag("provider", false)?;
    let expire_at_login = match ctx.param("nextLogin") {
        None => false,
        Some("changePassword") => true,
        Some(_) => return Err(ApiError::validation(&[("nextLogin", "Invalid value")])),
    };
    let body = json_body(&body)?;
    let profile = body.get("profile").and_then(Value::as_object).cloned().unwrap_or_default();
    let creds = body.get("credentials").cloned().unwrap_or(Value::Null);
    let plain = creds.pointer("/password/value").and_then(Value::as_str);
    let hash = creds.pointer("/password/hash");
    let hook = creds.pointer("/password/hook");
    let provider = creds.get("provider").map(|p| {
        let field = |k| p.get(k).and_then(Value::as_str).unwrap_or("OKTA").to_string();
        (field("type"), field("name"))
    });
    if expire_at_login && !activate {
        return Err(ApiError::new(400, "E0000125", "nextLogin=changePassword is only valid when activate=true"));
    }
    if expire_at_login && plain.is_none() {
        return Err(ApiError::new(400, "E0000124", "nextLogin=changePassword requires a password"));
    }

    let mut org = ctx.shared.org.lock().unwrap();
    let type_id = body.pointer("/type/id").and_then(Value::as_str).unwrap_or(&org.default_type_id).to_string();
    let mut errors = profile_errors(&profile, None, org.custom_attributes(&type_id), &org.users, None);
    if let Some(reason) = plain.and_then(|p| password_error(p, &profile)) {
        errors.push(("password".into(), reason));
    }
    if let Some(reason) = hash.and_then(hash_error) {
        errors.push(("password".into(), reason.into()));
    }
    let federated = provider.as_ref().is_some_and(|(t, _)| t == "FEDERATION" || t == "SOCIAL");
    if federated && (creds.get("password").is_some() || creds.get("recovery_question").is_some()) {
        errors.push(("credentials".into(), "Password and recovery question are not allowed for this provider".into()));
    }
    if !org.user_types.iter().any(|t| t.id == type_id) {
        errors.push(("type".into(), "Invalid user type".into()));
    }
    if let Some(realm) = body.get("realmId").and_then(Value::as_str) {
        if !org.realms.iter().any(|r| r.id == realm) {
            errors.push(("realmId".into(), "Invalid realm".into()));
        }
    }
    let group_ids: Vec<String> = match body.get("groupIds") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(ids)) => ids.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(_) => return Err(ApiError::malformed_body()),
    };
    if group_ids.len() > 20 {
        errors.push(("groupIds".into(), "At most 20 groups can be assigned at creation".into()));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(&errors));
    }
    if let Some(missing) = group_ids.iter().find(|g| !org.groups.by_id.contains_key(g.as_str())) {
        return Err(ApiError::not_found(missing, "UserGroup"));
    }
    let recovery = creds.get("recovery_question").map(recovery_question).transpose()?;
    let imported = hash.is_some() || hook.is_some();
    let password = match (plain, imported) {
        (Some(p), _) => Some(Password::Plain(p.to_string())),
        (None, true) => Some(Password::Imported),
        (None, false) => None,
    };
    let status = match (activate, password.is_some() || federated, expire_at_login) {
        (false, _, _) => Status::Staged,
        (true, _, true) => Status::PasswordExpired,
        (true, true, false) => Status::Active,
        (true, false, false) => Status::Provisioned,
    };
    let now = ctx.now();
    let user = User {
        id: org.rng.id("00u"),
        status,
        created: now,
        activated: activate.then_some(now),
        status_changed: activate.then_some(now),
        last_login: None,
        last_updated: now,
        password_changed: password.as_ref().map(|_| now),
        profile,
        password,
        recovery,
        provider: match provider {
            Some(p) => p,
            None if imported => ("IMPORT".into(), "IMPORT".into()),
            None => ("OKTA".into(), "OKTA".into()),
        },
        type_id,
        realm_id: body.get("realmId").and_then(Value::as_str).map(str::to_string),
        transition: None,
    };
    let id = user.id.clone();
    let rendered = user.to_json(&ctx.base, true);
    org.users.insert(user);
    if let Some(everyone) = org.groups.everyone_mut() {
        everyone.members.insert(id.clone());
    }
    org.emit_user(&ctx, "user.lifecycle.create", &id);
    for g in &group_ids {
        org.set_membership(&ctx, g, &id, true);
    }
    org.apply_rules_to(&ctx, &id);
    if activate {
        org.emit_user(&ctx, "user.lifecycle.activate", &id);
    }
    Ok(ok(rendered))
}
