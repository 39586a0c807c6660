//! `/api/v1/apps/{appId}/groups`: group assignments with a priority and an
//! app profile. Assigning a group does not create GROUP-scoped app users
//! (see README, simplifications).

use super::find;
use super::model::AppGroup;
use super::users::check_profile;
use crate::sim::ctx::{json_body, no_content, ok, Ctx};
use crate::sim::errors::{ApiError, ApiResult};
use crate::sim::org::Org;
use crate::sim::{paging, Shared};
use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::get;
use axum::Router;
use serde_json::{Map, Value};
use std::sync::Arc;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/apps/{id}/groups", get(list))
        .route("/api/v1/apps/{id}/groups/{group}", get(get_one).put(assign).patch(patch).delete(unassign))
}

/// `expand=group` embeds the group; any other value is malformed.
fn expand_group(ctx: &Ctx) -> ApiResult<bool> {
    Ok(ctx.expand(|e| e == "group")?.is_some())
}

fn render(ctx: &Ctx, org: &Org, app_id: &str, g: &AppGroup) -> Value {
    let group = (ctx.param("expand") == Some("group")).then(|| org.groups.by_id.get(&g.group_id).map(|x| x.to_json(&ctx.base, false))).flatten();
    g.to_json(&ctx.base, app_id, group)
}

fn assignment<'a>(org: &'a Org, app_id: &str, group_id: &str) -> ApiResult<&'a AppGroup> {
    find(org, app_id)?.groups.get(group_id).ok_or_else(|| ApiError::not_found(group_id, "ApplicationGroupAssignment"))
}

fn targets(org: &Org, app_id: &str, group_id: &str) -> Vec<Value> {
    org.groups.by_id.get(group_id).map(|g| g.target()).into_iter().chain([org.apps[app_id].target()]).collect()
}

/// Stores the assignment after validating its profile and priority; logs add or update.
fn store(ctx: &Ctx, org: &mut Org, app_id: &str, mut g: AppGroup) -> ApiResult<Value> {
    check_profile(org, app_id, &g.profile, None)?;
    if g.priority < 0 {
        return Err(ApiError::validation(&[("priority", "Priority must be a non-negative integer")]));
    }
    g.last_updated = ctx.now();
    let rendered = render(ctx, org, app_id, &g);
    let group_id = g.group_id.clone();
    let added = org.apps.get_mut(app_id).unwrap().groups.insert(group_id.clone(), g).is_none();
    let event = if added { "group.application_assignment.add" } else { "group.application_assignment.update" };
    let targets = targets(org, app_id, &group_id);
    org.emit(ctx, event, targets);
    Ok(rendered)
}

/// Assigns or replaces; without `priority` a new assignment gets the next
/// free one and an existing one keeps its own.
async fn assign(ctx: Ctx, Path((app_id, group_id)): Path<(String, String)>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let app = find(&org, &app_id)?;
    if !org.groups.by_id.contains_key(&group_id) {
        return Err(ApiError::not_found(&group_id, "UserGroup"));
    }
    let existing = app.groups.get(&group_id);
    let next = app.groups.values().map(|g| g.priority + 1).max().unwrap_or(0);
    let priority = match body.get("priority") {
        None | Some(Value::Null) => existing.map_or(next, |g| g.priority),
        Some(p) => p.as_i64().ok_or_else(|| ApiError::validation(&[("priority", "Priority must be a non-negative integer")]))?,
    };
    let profile = match body.get("profile") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(p)) => p.clone(),
        Some(_) => return Err(ApiError::malformed_body()),
    };
    let g = AppGroup { group_id, priority, profile, last_updated: 0 };
    Ok(ok(store(&ctx, &mut org, &app_id, g)?))
}

/// JSON Patch (`add`/`replace`/`remove`) on `/priority` and `/profile/{attr}`.
async fn patch(ctx: Ctx, Path((app_id, group_id)): Path<(String, String)>, body: Bytes) -> ApiResult {
    let ops: Vec<Value> = serde_json::from_slice(&body).map_err(|_| ApiError::malformed_body())?;
    let mut org = ctx.shared.org.lock().unwrap();
    let mut g = assignment(&org, &app_id, &group_id)?.clone();
    for op in &ops {
        let (kind, path) = (op["op"].as_str().unwrap_or(""), op["path"].as_str().unwrap_or(""));
        match (kind, path.strip_prefix("/profile/"), op.get("value")) {
            ("add" | "replace", Some(attr), Some(v)) if !attr.is_empty() => {
                g.profile.insert(attr.to_string(), v.clone());
            }
            ("remove", Some(attr), _) => {
                g.profile.remove(attr);
            }
            ("add" | "replace", None, Some(v)) if path == "/priority" => {
                g.priority = v.as_i64().ok_or_else(|| ApiError::validation(&[("priority", "Priority must be a non-negative integer")]))?;
            }
            _ => return Err(ApiError::validation(&[("op", format!("Unsupported patch operation {kind} {path}"))])),
        }
    }
    Ok(ok(store(&ctx, &mut org, &app_id, g)?))
}

async fn get_one(ctx: Ctx, Path((app_id, group_id)): Path<(String, String)>) -> ApiResult {
    expand_group(&ctx)?;
    let org = ctx.shared.org.lock().unwrap();
    let g = assignment(&org, &app_id, &group_id)?;
    Ok(ok(render(&ctx, &org, &app_id, g)))
}

async fn unassign(ctx: Ctx, Path((app_id, group_id)): Path<(String, String)>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    assignment(&org, &app_id, &group_id)?;
    let targets = targets(&org, &app_id, &group_id);
    org.apps.get_mut(&app_id).unwrap().groups.remove(&group_id);
    org.emit(&ctx, "group.application_assignment.remove", targets);
    Ok(no_content())
}

/// `q` prefixes the group's name; in group-id order (the paging key); default page 20, max 200.
async fn list(ctx: Ctx, Path(app_id): Path<String>) -> ApiResult {
    expand_group(&ctx)?;
    let org = ctx.shared.org.lock().unwrap();
    let app = find(&org, &app_id)?;
    let q = ctx.param("q").map(str::to_lowercase);
    let mut rows: Vec<&AppGroup> = app
        .groups
        .values()
        .filter(|g| q.as_deref().is_none_or(|q| org.groups.by_id.get(&g.group_id).is_some_and(|x| x.name().to_lowercase().starts_with(q))))
        .collect();
    rows.sort_by_key(|g| g.group_id.clone());
    let (rows, next) = paging::page(rows, |g| g.group_id.as_str(), ctx.after(&["00g"])?, ctx.limit(20, 200)?);
    let items = rows.iter().map(|g| render(&ctx, &org, &app_id, g)).collect();
    Ok(paging::respond(&ctx, items, next.as_deref()))
}

