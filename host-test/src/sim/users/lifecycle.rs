//! Lifecycle operations and user-validated password change as a state
//! machine (API-NOTES §6.5, §6.6, §7). Activate and deactivate are
//! synchronous unless [`Simulator::set_activation_delay`] makes them take
//! time: then the user shows `transitioningToStatus` and further lifecycle
//! calls get 409 `E0000112` until the clock passes the delay.

use super::model::{Password, Status};
use super::resolve;
use crate::sim::clock::Millis;
use crate::sim::ctx::{empty_object, json_body, ok, Ctx};
use crate::sim::errors::{ApiError, ApiResult};
use crate::sim::org::Org;
use axum::body::Bytes;
use axum::extract::Path;
use serde_json::{json, Value};
use Status::*;

/// Okta's inconsistent refusals (API-NOTES §17.5).
fn refuse(op: &str) -> ApiError {
    match op {
        "activate" => ApiError::new(403, "E0000016", "Activation failed because the user is already active"),
        "suspend" | "unsuspend" => ApiError {
            causes: vec![format!("Cannot {op} a user that is not {}", if op == "suspend" { "active" } else { "suspended" })],
            ..ApiError::new(400, "E0000001", format!("Api validation failed: {op}User"))
        },
        "unlock" => ApiError {
            causes: vec!["The user is not locked out.".into()],
            ..ApiError::new(403, "E0000032", "Unlock is not allowed for this user.")
        },
        _ => ApiError::bad_status(),
    }
}

/// Statuses each operation accepts.
fn allowed(op: &str) -> Option<&'static [Status]> {
    Some(match op {
        "activate" => &[Staged, Deprovisioned],
        "reactivate" => &[Provisioned, Recovery],
        "deactivate" => &[Staged, Provisioned, Active, Recovery, LockedOut, PasswordExpired, Suspended],
        // Real orgs offer `suspend` on PASSWORD_EXPIRED users too.
        "suspend" => &[Active, PasswordExpired],
        "unsuspend" => &[Suspended],
        // Real orgs refuse an ACTIVE user (403 E0000032), even one blocked from unknown devices.
        "unlock" => &[LockedOut],
        "reset_password" => &[Active, LockedOut, PasswordExpired, Recovery],
        "expire_password" | "expire_password_with_temp_password" => &[Active, PasswordExpired, Recovery, LockedOut],
        "reset_factors" => &[Staged, Provisioned, Active, Recovery, LockedOut, PasswordExpired, Suspended],
        _ => return None,
    })
}

/// Activation/reset links returned instead of sending an email.
fn token_link(org: &mut Org, ctx: &Ctx, path: &str, url_key: &str) -> Value {
    let token = org.rng.alphanumeric(20);
    let mut v = json!({ url_key: format!("{}/{path}/{token}", ctx.base) });
    if url_key == "activationUrl" {
        v["activationToken"] = json!(token);
    }
    v
}

/// Moves to `target` now, or starts a transition when activation takes time.
fn transition(org: &mut Org, id: &str, target: Status, now: Millis) {
    match org.activation_delay {
        0 => {
            org.users.update(id, |u| u.set_status(target, now));
        }
        delay => org.users.begin_transition(id, target, now + delay),
    }
}

pub(crate) fn deactivate(org: &mut Org, ctx: &Ctx, id: &str, now: Millis) {
    transition(org, id, Deprovisioned, now);
    org.emit_user(ctx, "user.lifecycle.deactivate", id);
}

impl crate::sim::Simulator {
    /// Makes activate/deactivate asynchronous, completing after `delay` on
    /// the simulator's clock (Okta's `transitioningToStatus`, 409 `E0000112`).
    pub fn set_activation_delay(&self, delay: std::time::Duration) {
        self.shared.org.lock().unwrap().activation_delay = delay.as_millis() as Millis;
    }
}

pub(super) async fn lifecycle(ctx: Ctx, Path((key, op)): Path<(String, String)>) -> ApiResult {
    let Some(from) = allowed(&op) else {
        return Err(ApiError::not_found(&ctx.path, "GenericResource"));
    };
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let user = org.users.get(&id).unwrap().clone();
    if user.transition.is_some() {
        return Err(ApiError::new(409, "E0000112", "Unable to complete the request. The user is still being activated."));
    }
    if !from.contains(&user.status) {
        return Err(match (op.as_str(), user.status) {
            ("deactivate", _) => ApiError::not_found(&key, "User"),
            ("activate", Active) => refuse("activate"),
            ("activate", _) => ApiError::bad_status(),
            _ => refuse(&op),
        });
    }
    let needs_password = matches!(op.as_str(), "expire_password" | "expire_password_with_temp_password");
    if needs_password && user.password.is_none() {
        return Err(ApiError::bad_status());
    }
    let now = ctx.now();
    let set = |org: &mut Org, s: Status| org.users.update(&id, |u| u.set_status(s, now));
    let body = match op.as_str() {
        "activate" => {
            let send_email = ctx.flag("sendEmail", true)?;
            let federated = matches!(user.provider.0.as_str(), "FEDERATION" | "SOCIAL");
            transition(&mut org, &id, if user.password.is_some() || federated { Active } else { Provisioned }, now);
            org.users.update(&id, |u| u.activated = Some(now));
            org.emit_user(&ctx, "user.lifecycle.activate", &id);
            if send_email { json!({}) } else { token_link(&mut org, &ctx, "welcome", "activationUrl") }
        }
        "reactivate" => {
            let send_email = ctx.flag("sendEmail", false)?;
            set(&mut org, Provisioned);
            org.emit_user(&ctx, "user.lifecycle.reactivate", &id);
            if send_email { json!({}) } else { token_link(&mut org, &ctx, "welcome", "activationUrl") }
        }
        "deactivate" => {
            ctx.flag("sendEmail", false)?;
            deactivate(&mut org, &ctx, &id, now);
            Value::Null
        }
        "suspend" | "unsuspend" => {
            set(&mut org, if op == "suspend" { Suspended } else { Active });
            org.emit_user(&ctx, &format!("user.lifecycle.{op}"), &id);
            Value::Null
        }
        "unlock" => {
            set(&mut org, Active);
            org.emit_user(&ctx, "user.account.unlock", &id);
            Value::Null
        }
        "reset_password" => {
            let send_email = match ctx.param("sendEmail") {
                None => return Err(ApiError::new(400, "E0000028", "The request is missing a required parameter: sendEmail")),
                Some(_) => ctx.flag("sendEmail", true)?,
            };
            ctx.flag("revokeSessions", false)?;
            set(&mut org, Recovery);
            org.emit_user(&ctx, "user.account.reset_password", &id);
            if send_email { json!({}) } else { token_link(&mut org, &ctx, "reset_password", "resetPasswordUrl") }
        }
        "expire_password" => {
            set(&mut org, PasswordExpired);
            org.emit_user(&ctx, "user.account.expire_password", &id);
            org.users.get(&id).unwrap().to_json(&ctx.base, true)
        }
        "expire_password_with_temp_password" => {
            ctx.flag("revokeSessions", false)?;
            let temp = format!("Tmp{}9", org.rng.alphanumeric(6));
            set(&mut org, PasswordExpired);
            org.users.update(&id, |u| {
                u.password = Some(Password::Plain(temp.clone()));
                u.password_changed = Some(now);
            });
            org.emit_user(&ctx, "user.account.expire_password", &id);
            json!({ "tempPassword": temp })
        }
        _ => {
            // reset_factors: every enrollment goes, the status stays.
            org.factors.remove(&id);
            org.emit_user(&ctx, "user.mfa.factor.reset_all", &id);
            Value::Null
        }
    };
    // Null: deactivate, suspend, unsuspend, unlock and reset_factors answer
    // `{}` as real orgs do (the spec declares no body; API-NOTES §6.5).
    Ok(if body.is_null() { empty_object() } else { ok(body) })
}

/// 403 `E0000014` with the reason as cause.
fn credentials_failed(reason: &str) -> ApiError {
    ApiError { causes: vec![reason.to_string()], ..ApiError::new(403, "E0000014", "Update of credentials failed") }
}

/// `POST /users/{id}/credentials/change_recovery_question`: the current
/// password authorises replacing the question and answer.
pub(super) async fn change_recovery_question(ctx: Ctx, Path(key): Path<String>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let user = org.users.get(&id).unwrap().clone();
    let current = body.pointer("/password/value").and_then(Value::as_str);
    if !matches!((&user.password, current), (Some(Password::Plain(p)), Some(c)) if p == c) {
        return Err(credentials_failed("password: The credentials provided were incorrect."));
    }
    let recovery = super::create::recovery_question(&body["recovery_question"])?;
    let now = ctx.now();
    let credentials = org
        .users
        .update(&id, |u| {
            u.recovery = Some(recovery);
            u.last_updated = now;
            u.credentials_json()
        })
        .unwrap();
    Ok(ok(credentials))
}

/// `POST /users/{id}/credentials/change_password`: checks the old password
/// and the policy; RECOVERY/PASSWORD_EXPIRED users become ACTIVE.
pub(super) async fn change_password(ctx: Ctx, Path(key): Path<String>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let user = org.users.get(&id).unwrap().clone();
    if !matches!(user.status, Staged | Active | PasswordExpired | Recovery) || user.password.is_none() {
        return Err(ApiError::new(403, "E0000035", "Change password not allowed for specified user."));
    }
    let old = body.pointer("/oldPassword/value").and_then(Value::as_str);
    let new = body.pointer("/newPassword/value").and_then(Value::as_str);
    let (Some(old), Some(new)) = (old, new) else {
        return Err(ApiError::validation(&[("password", "oldPassword and newPassword are required")]));
    };
    if !matches!(&user.password, Some(Password::Plain(p)) if p == old) {
        return Err(credentials_failed("oldPassword: The credentials provided were incorrect."));
    }
    set_authorised_password(&mut org, &ctx, &id, new)
}

/// Sets a password the caller has authorised (old password or recovery answer), after Okta's password
/// policy: RECOVERY/PASSWORD_EXPIRED users become ACTIVE.
fn set_authorised_password(org: &mut Org, ctx: &Ctx, id: &str, new: &str) -> ApiResult {
    let profile = &org.users.get(id).unwrap().profile;
    if let Some(reason) = super::validate::password_error(new, profile) {
        return Err(credentials_failed(&format!("password: {reason}")));
    }
    let now = ctx.now();
    let credentials = org
        .users
        .update(id, |u| {
            u.password = Some(Password::Plain(new.to_string()));
            u.password_changed = Some(now);
            u.last_updated = now;
            if matches!(u.status, Recovery | PasswordExpired) {
                u.set_status(Active, now);
            }
            u.credentials_json()
        })
        .unwrap();
    org.emit_user(ctx, "user.account.update_password", id);
    Ok(ok(credentials))
}

/// Okta starts a forgot-password flow only for ACTIVE users with a recovery question (the spec's rule).
fn forgot_refused(user: &super::model::User) -> Option<ApiError> {
    (user.status != Active || user.recovery.is_none()).then(|| ApiError::new(403, "E0000034", "Forgot password not allowed on specified user."))
}

/// `POST /users/{id}/credentials/forgot_password`: a one-time reset link, mailed (`{}`) or, with
/// `sendEmail=false`, returned as `resetPasswordUrl`; the user's status does not change.
pub(super) async fn forgot_password(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    let send_email = ctx.flag("sendEmail", true)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    if let Some(refusal) = forgot_refused(org.users.get(&id).unwrap()) {
        return Err(refusal);
    }
    org.emit_user(&ctx, "user.account.reset_password", &id);
    Ok(ok(if send_email { json!({}) } else { token_link(&mut org, &ctx, "signin/reset-password", "resetPasswordUrl") }))
}

/// `POST /users/{id}/credentials/forgot_password_recovery_question`: the recovery answer
/// (case-insensitive) authorises the new password; a wrong answer is 403 `E0000087`.
pub(super) async fn forgot_password_recovery_question(ctx: Ctx, Path(key): Path<String>, body: Bytes) -> ApiResult {
    ctx.flag("sendEmail", true)?;
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let user = org.users.get(&id).unwrap().clone();
    if let Some(refusal) = forgot_refused(&user) {
        return Err(refusal);
    }
    let new = body.pointer("/password/value").and_then(Value::as_str).filter(|p| !p.is_empty());
    let answer = body.pointer("/recovery_question/answer").and_then(Value::as_str).filter(|a| !a.trim().is_empty());
    let (Some(new), Some(answer)) = (new, answer) else {
        let field = if new.is_none() { "password" } else { "recovery_question" };
        return Err(ApiError::validation(&[(field, "The field cannot be left blank")]));
    };
    if !user.recovery.as_ref().is_some_and(|(_, a)| a.trim().to_lowercase() == answer.trim().to_lowercase()) {
        return Err(ApiError::new(403, "E0000087", "The recovery question answer did not match our records."));
    }
    set_authorised_password(&mut org, &ctx, &id, new)
}
