//! `/api/v1/users` (API-NOTES §6, §7).

mod create;
mod lifecycle;
mod list;
pub mod model;
pub mod validate;

use super::ctx::{json_body, no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::org::Org;
use super::Shared;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use model::{Password, Status};
use serde_json::{Map, Value};
use std::sync::Arc;

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/users", post(create::create).get(list::list))
        .route("/api/v1/users/{id}", get(get_user).post(partial_update).put(replace).delete(delete))
        .route("/api/v1/users/{id}/lifecycle/{op}", post(lifecycle::lifecycle))
        .route("/api/v1/users/{id}/credentials/change_password", post(lifecycle::change_password))
        .route("/api/v1/users/{id}/credentials/change_recovery_question", post(lifecycle::change_recovery_question))
        .route("/api/v1/users/{id}/credentials/forgot_password", post(lifecycle::forgot_password))
        .route("/api/v1/users/{id}/credentials/forgot_password_recovery_question", post(lifecycle::forgot_password_recovery_question))
}

/// Resolves `{idOrLogin}` or answers 404 `E0000007`.
pub(crate) fn resolve(org: &Org, key: &str) -> ApiResult<String> {
    org.users.resolve(key).ok_or_else(|| ApiError::not_found(key, "User"))
}

/// Weak validator over the last modification, like Okta's per-user ETag.
fn etag(org: &Org, id: &str) -> String {
    org.users.get(id).map_or_else(String::new, |u| format!("W/\"{}\"", u.last_updated))
}

async fn get_user(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let mut response = ok(org.users.get(&id).unwrap().to_json(&ctx.base, true));
    response.headers_mut().insert(header::ETAG, HeaderValue::from_str(&etag(&org, &id)).unwrap());
    Ok(response)
}

async fn partial_update(ctx: Ctx, Path(key): Path<String>, body: Bytes) -> ApiResult {
    update(ctx, key, body, false)
}

async fn replace(ctx: Ctx, Path(key): Path<String>, body: Bytes) -> ApiResult {
    update(ctx, key, body, true)
}

/// POST merges the sent profile attributes; PUT replaces the profile, so
/// omitted attributes are cleared (API-NOTES §6.3, §17.2).
fn update(ctx: Ctx, key: String, body: Bytes, replace: bool) -> ApiResult {
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    if let Some(expected) = ctx.headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) {
        if expected != etag(&org, &id) {
            return Err(ApiError::new(412, "E0000231", "The request does not match the expected ETag."));
        }
    }
    let user = org.users.get(&id).unwrap().clone();
    // Orgs must opt in to editing deactivated users; the simulated one has not.
    if user.status == Status::Deprovisioned {
        return Err(ApiError::bad_status());
    }
    if let Some(t) = body.pointer("/type/id").and_then(Value::as_str) {
        if !replace && t != user.type_id {
            return Err(ApiError::validation(&[("type", "The user type cannot be changed with a partial update")]));
        }
        if !org.user_types.iter().any(|known| known.id == t) {
            return Err(ApiError::validation(&[("type", "Invalid user type")]));
        }
    }
    if let Some(realm) = body.get("realmId").and_then(Value::as_str) {
        if !org.realms.iter().any(|r| r.id == realm) {
            return Err(ApiError::validation(&[("realmId", "Invalid realm")]));
        }
    }
    let sent = match body.get("profile") {
        Some(Value::Object(p)) => Some(p.clone()),
        None | Some(Value::Null) => None,
        Some(_) => return Err(ApiError::malformed_body()),
    };
    let profile = match (replace, sent) {
        (true, Some(p)) => p.into_iter().filter(|(_, v)| !v.is_null()).collect(),
        (true, None) => Map::new(),
        (false, Some(p)) => {
            let mut merged = user.profile.clone();
            merged.extend(p);
            merged
        }
        (false, None) => user.profile.clone(),
    };
    // A replace may move the user to another type: the profile must fit that type's schema.
    let type_id = body.pointer("/type/id").and_then(Value::as_str).unwrap_or(&user.type_id);
    let mut errors = validate::profile_errors(&profile, Some(&user.profile), org.custom_attributes(type_id), &org.users, Some(&id));
    let password = body.pointer("/credentials/password/value").and_then(Value::as_str);
    if let Some(reason) = password.and_then(|p| validate::password_error(p, &profile)) {
        errors.push(("password".into(), reason));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(&errors));
    }
    let recovery = body.pointer("/credentials/recovery_question").map(create::recovery_question).transpose()?;
    let now = ctx.now();
    let changed_profile = profile != user.profile;
    let rendered = org
        .users
        .update(&id, |u| {
            u.profile = profile;
            u.last_updated = now;
            if let Some(p) = password {
                u.password = Some(Password::Plain(p.to_string()));
                u.password_changed = Some(now);
            }
            if let Some(rq) = recovery {
                u.recovery = Some(rq);
            }
            if let Some(t) = body.pointer("/type/id").and_then(Value::as_str) {
                u.type_id = t.to_string();
            }
            if let Some(r) = body.get("realmId").and_then(Value::as_str) {
                u.realm_id = Some(r.to_string());
            }
            u.to_json(&ctx.base, true)
        })
        .unwrap();
    if changed_profile {
        org.emit_user(&ctx, "user.account.update_profile", &id);
        org.apply_rules_to(&ctx, &id);
    }
    if password.is_some() {
        org.emit_user(&ctx, "user.account.update_password", &id);
    }
    Ok(ok(rendered))
}

/// Two-step delete: a non-DEPROVISIONED user is only deactivated; a
/// DEPROVISIONED one is removed (API-NOTES §6.3).
async fn delete(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    ctx.flag("sendEmail", false)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let now = ctx.now();
    if org.users.get(&id).unwrap().status == Status::Deprovisioned {
        org.emit_user(&ctx, "user.lifecycle.delete.initiated", &id);
        org.emit_user(&ctx, "user.lifecycle.delete.completed", &id);
        org.remove_user(&id);
    } else {
        lifecycle::deactivate(&mut org, &ctx, &id, now);
    }
    Ok(no_content())
}
