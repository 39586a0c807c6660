//! `/api/v1/apps`: read, activate/deactivate, delete, and the user's
//! `appLinks` (API-NOTES §9, §6.6). Creating apps is outside the scope the
//! notes cover, so apps come from the seed only.

pub mod model;
mod users;

use super::ctx::{empty_object, no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::filter::{self, Dialect, Op};
use super::org::Org;
use super::{paging, Shared};
use axum::extract::Path;
use axum::routing::{get, post};
use axum::Router;
use model::App;
use serde_json::{json, Value};
use std::sync::Arc;

const FILTER_ATTRS: &[&str] = &["id", "status", "name", "user.id", "group.id"];

/// `filter`: `eq` only, on the spec's attributes plus the legacy `user.id`/`group.id`.
const FILTER: Dialect = Dialect { allows: |a, op| op == Op::Eq && FILTER_ATTRS.contains(&a), allow_not: false, case_insensitive: false };

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/apps", get(list))
        .route("/api/v1/apps/{id}", get(get_app).delete(delete_app))
        .route("/api/v1/apps/{id}/lifecycle/{op}", post(lifecycle))
        .route("/api/v1/users/{id}/appLinks", get(app_links))
        .merge(users::routes())
}

pub(crate) fn find<'a>(org: &'a Org, id: &str) -> ApiResult<&'a App> {
    org.apps.get(id).ok_or_else(|| ApiError::not_found(id, "AppInstance"))
}

/// `expand=user/{userId}` (exactly one user): the user whose assignment is embedded.
fn expand_user(ctx: &Ctx) -> ApiResult<Option<&str>> {
    let valid = |e: &str| e.strip_prefix("user/").is_some_and(|u| !u.is_empty() && u.bytes().all(|b| b.is_ascii_alphanumeric()));
    Ok(ctx.expand(valid)?.and_then(|e| e.strip_prefix("user/")))
}

/// The app, with that user's assignment embedded when asked for.
fn expanded(ctx: &Ctx, app: &App, user: Option<&str>) -> Value {
    let mut v = app.to_json(&ctx.base);
    if let Some(assignment) = user.and_then(|u| app.users.get(u)) {
        v["_embedded"] = json!({"user": assignment.to_json(&ctx.base, &app.id, None)});
    }
    v
}

async fn get_app(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let app = find(&org, &id)?;
    Ok(ok(expanded(&ctx, app, expand_user(&ctx)?)))
}

async fn lifecycle(ctx: Ctx, Path((id, op)): Path<(String, String)>) -> ApiResult {
    let active = ApiError::activation(&op, &ctx.path)?;
    let mut org = ctx.shared.org.lock().unwrap();
    find(&org, &id)?;
    let now = ctx.now();
    let app = org.apps.get_mut(&id).unwrap();
    (app.active, app.last_updated) = (active, now);
    let target = app.target();
    org.emit(&ctx, &format!("application.lifecycle.{op}"), vec![target]);
    Ok(empty_object())
}

/// Only INACTIVE apps can be deleted (403 `E0000056` otherwise).
async fn delete_app(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    if find(&org, &id)?.active {
        return Err(ApiError {
            causes: vec!["The application must be deactivated before deletion.".into()],
            ..ApiError::new(403, "E0000056", "Delete application forbidden.")
        });
    }
    let app = org.apps.remove(&id).unwrap();
    org.emit(&ctx, "application.lifecycle.delete", vec![app.target()]);
    Ok(no_content())
}

/// Evaluates an app filter; `user.id`/`group.id` test assignments.
fn matches(expr: &filter::Expr, org: &Org, app: &App) -> bool {
    let mut subject = app.to_json("");
    let users: Vec<&String> = app.users.keys().collect();
    let groups: Vec<&String> = org.groups.by_id.values().filter(|g| g.members.iter().any(|m| app.users.contains_key(m))).map(|g| &g.id).collect();
    subject["user"] = json!({"id": users});
    subject["group"] = json!({"id": groups});
    expr.matches(&subject, false)
}

async fn list(ctx: Ctx) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let include_inactive = ctx.flag("includeNonDeleted", false)?;
    let user = expand_user(&ctx)?;
    let expr = ctx.param("filter").map(|f| filter::parse(f, &FILTER)).transpose().map_err(|e| ApiError::invalid_search(e.message()))?;
    let q = ctx.param("q").map(str::to_lowercase);
    let apps: Vec<&App> = org
        .apps
        .values()
        .filter(|a| a.active || include_inactive || expr.is_some())
        .filter(|a| q.as_deref().is_none_or(|q| a.name.to_lowercase().starts_with(q) || a.label.to_lowercase().starts_with(q)))
        .filter(|a| expr.as_ref().is_none_or(|e| matches(e, &org, a)))
        .collect();
    let (apps, next) = paging::page(apps, |a| a.id.as_str(), ctx.after("0oa")?, ctx.limit(20, 200)?);
    let items = apps.iter().map(|a| expanded(&ctx, a, user)).collect();
    Ok(paging::respond(&ctx, items, next.as_deref()))
}

/// Quirk kept from Okta: each link's `id` is the *user* id.
async fn app_links(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let user_id = super::users::resolve(&org, &key)?;
    let links = org
        .apps
        .values()
        .filter(|a| a.active && a.users.contains_key(&user_id))
        .enumerate()
        .map(|(i, a)| {
            json!({
                "id": user_id, "label": a.label, "linkUrl": format!("{}/home/{}/{}/1", ctx.base, a.name, a.id),
                "logoUrl": format!("{}/assets/img/logos/default.png", ctx.base), "appName": a.name, "appInstanceId": a.id,
                "appAssignmentId": format!("0ua{}{}", &a.id[3..12], &user_id[12..]), "credentialsSetup": false, "hidden": false, "sortOrder": i,
            })
        })
        .collect();
    Ok(ok(Value::Array(links)))
}
