//! `/api/v1/apps/{appId}/users` (API-NOTES §10): assign, get, list, update,
//! unassign. Assignments are always direct (`scope: USER`).

use super::find;
use super::model::{AppUser, APP_BASE_ATTRIBUTES};
use crate::sim::ctx::{json_body, no_content, ok, Ctx};
use crate::sim::errors::{ApiError, ApiResult};
use crate::sim::org::Org;
use crate::sim::users::model::{Status, User};
use crate::sim::users::validate;
use crate::sim::{paging, Shared};
use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};
use std::sync::Arc;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/apps/{id}/users", get(list).post(assign))
        .route("/api/v1/apps/{id}/users/{user}", get(get_one).post(update).delete(unassign))
}

/// `expand=user` embeds the Okta user; any other value is malformed.
fn expand_user(ctx: &Ctx) -> ApiResult<bool> {
    Ok(ctx.expand(|e| e == "user")?.is_some())
}

fn render(ctx: &Ctx, org: &Org, app_id: &str, a: &AppUser) -> Value {
    let user = (ctx.param("expand") == Some("user")).then(|| org.users.get(&a.user_id).map(|u| u.to_json(&ctx.base, false))).flatten();
    a.to_json(&ctx.base, app_id, user)
}

fn assignment<'a>(org: &'a Org, app_id: &str, user_id: &str) -> ApiResult<&'a AppUser> {
    find(org, app_id)?.users.get(user_id).ok_or_else(|| ApiError::not_found(user_id, "AppUser"))
}

/// The profile must follow the app-user schema; `previous` is the stored profile on an update.
pub(super) fn check_profile(org: &Org, app_id: &str, profile: &Map<String, Value>, previous: Option<&Map<String, Value>>) -> ApiResult<()> {
    let custom = &find(org, app_id)?.schema_custom;
    let mut errors = validate::undeclared_or_untyped(profile, APP_BASE_ATTRIBUTES, custom);
    errors.extend(validate::definition_errors(profile, previous, custom));
    if errors.is_empty() { Ok(()) } else { Err(ApiError::validation(&errors)) }
}

/// Mapped defaults from the Okta user, then the body's values on top.
fn mapped_profile(user: &User, sent: &Map<String, Value>) -> Map<String, Value> {
    let p = |k: &str| user.profile.get(k).cloned().unwrap_or(Value::Null);
    let mut profile: Map<String, Value> = [("email", p("email")), ("given_name", p("firstName")), ("family_name", p("lastName")), ("name", json!(user.display_name()))]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    profile.extend(sent.clone());
    profile
}

async fn assign(ctx: Ctx, Path(app_id): Path<String>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    find(&org, &app_id)?;
    let user_key = body["id"].as_str().ok_or_else(|| ApiError::validation(&[("id", "The field cannot be left blank")]))?;
    let user = org.users.get(user_key).cloned().ok_or_else(|| ApiError::not_found(user_key, "User"))?;
    if matches!(user.status, Status::Deprovisioned | Status::Suspended) {
        return Err(ApiError::new(403, "E0000117", "Cannot assign apps or update app profiles for an inactive user."));
    }
    if org.apps[&app_id].users.contains_key(&user.id) {
        return Err(ApiError::new(409, "E0000062", "The specified user is already assigned to the application."));
    }
    if body.get("scope").is_some_and(|s| s != "USER") {
        return Err(ApiError::validation(&[("scope", "A direct assignment has scope USER")]));
    }
    let profile = mapped_profile(&user, &body["profile"].as_object().cloned().unwrap_or_default());
    check_profile(&org, &app_id, &profile, None)?;
    let now = ctx.now();
    let user_name = body.pointer("/credentials/userName").and_then(Value::as_str).unwrap_or(user.login()).to_string();
    let a = AppUser {
        user_id: user.id.clone(),
        created: now,
        last_updated: now,
        user_name,
        has_password: body.pointer("/credentials/password/value").is_some(),
        profile,
    };
    let rendered = render(&ctx, &org, &app_id, &a);
    let app = org.apps.get_mut(&app_id).unwrap();
    app.users.insert(a.user_id.clone(), a);
    let app_target = app.target();
    org.emit(&ctx, "application.user_membership.add", vec![user.target(), app_target]);
    Ok(ok(rendered))
}

async fn get_one(ctx: Ctx, Path((app_id, user_id)): Path<(String, String)>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let a = assignment(&org, &app_id, &user_id)?;
    expand_user(&ctx)?;
    Ok(ok(render(&ctx, &org, &app_id, a)))
}

/// Partial update of credentials and/or profile.
async fn update(ctx: Ctx, Path((app_id, user_id)): Path<(String, String)>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let stored = assignment(&org, &app_id, &user_id)?.profile.clone();
    let mut merged = stored.clone();
    merged.extend(body["profile"].as_object().cloned().unwrap_or_default());
    check_profile(&org, &app_id, &merged, Some(&stored))?;
    let now = ctx.now();
    let app = org.apps.get_mut(&app_id).unwrap();
    let app_target = app.target();
    let a = app.users.get_mut(&user_id).unwrap();
    a.profile = merged;
    if let Some(name) = body.pointer("/credentials/userName").and_then(Value::as_str) {
        a.user_name = name.to_string();
    }
    a.has_password |= body.pointer("/credentials/password/value").is_some();
    a.last_updated = now;
    let a = a.clone();
    let user_target = org.users.get(&user_id).map(|u| u.target());
    org.emit(&ctx, "application.user_membership.update", user_target.into_iter().chain([app_target]).collect());
    Ok(ok(render(&ctx, &org, &app_id, &a)))
}

/// 204 as in the spec (older docs said 200 `{}`).
async fn unassign(ctx: Ctx, Path((app_id, user_id)): Path<(String, String)>) -> ApiResult {
    ctx.flag("sendEmail", false)?;
    let mut org = ctx.shared.org.lock().unwrap();
    assignment(&org, &app_id, &user_id)?;
    let app = org.apps.get_mut(&app_id).unwrap();
    app.users.remove(&user_id);
    let app_target = app.target();
    let user_target = org.users.get(&user_id).map(|u| u.target());
    org.emit(&ctx, "application.user_membership.remove", user_target.into_iter().chain([app_target]).collect());
    Ok(no_content())
}

/// `q` prefixes userName / first / last name / email; default page 50, max 500.
async fn list(ctx: Ctx, Path(app_id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let app = find(&org, &app_id)?;
    expand_user(&ctx)?;
    let q = ctx.param("q").map(str::to_lowercase);
    let hit = |a: &&AppUser| {
        q.as_deref().is_none_or(|q| {
            let profile = ["given_name", "family_name", "email"].iter().filter_map(|k| a.profile.get(*k).and_then(Value::as_str));
            std::iter::once(a.user_name.as_str()).chain(profile).any(|v| v.to_lowercase().starts_with(q))
        })
    };
    let rows: Vec<&AppUser> = app.users.values().filter(hit).collect();
    let (rows, next) = paging::page(rows, |a| a.user_id.as_str(), ctx.after(&["00u"])?, ctx.limit(50, 500)?);
    let items = rows.iter().map(|a| render(&ctx, &org, &app_id, a)).collect();
    Ok(paging::respond(&ctx, items, next.as_deref()))
}
