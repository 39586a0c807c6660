//! `/api/v1/apps`: create (bookmark and custom SWA), read, activate/deactivate,
//! delete, and the user's `appLinks` (API-NOTES §9, §6.6).

mod groups;
mod keys;
pub mod model;
mod users;

use super::ctx::{empty_object, json_body, no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::filter::{self, Dialect, Op};
use super::org::Org;
use super::{paging, Shared};
use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::{get, post};
use axum::Router;
use model::App;
use std::collections::BTreeMap;
use serde_json::{json, Value};
use std::sync::Arc;

const FILTER_ATTRS: &[&str] = &["id", "status", "name", "user.id", "group.id"];

/// `filter`: `eq` only, on the spec's attributes plus the legacy `user.id`/`group.id`.
const FILTER: Dialect = Dialect { allows: |a, op| op == Op::Eq && FILTER_ATTRS.contains(&a), allow_not: false, case_insensitive: false };

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/apps", get(list).post(create))
        .route("/api/v1/apps/{id}", get(get_app).delete(delete_app))
        .route("/api/v1/apps/{id}/lifecycle/{op}", post(lifecycle))
        .route("/api/v1/users/{id}/appLinks", get(app_links))
        .merge(users::routes())
        .merge(groups::routes())
        .merge(keys::routes())
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
fn matches(expr: &filter::Expr, app: &App) -> bool {
    let mut subject = app.to_json("");
    let users: Vec<&String> = app.users.keys().collect();
    let groups: Vec<&String> = app.groups.keys().collect();
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
        .filter(|a| expr.as_ref().is_none_or(|e| matches(e, a)))
        .collect();
    let (apps, next) = paging::page(apps, |a| a.id.as_str(), ctx.after(&["0oa"])?, ctx.limit(20, 200)?);
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
                "id": user_id, "label": a.label, "linkUrl": a.link_url(&ctx.base),
                "logoUrl": format!("{}/assets/img/logos/default.png", ctx.base), "appName": a.name, "appInstanceId": a.id,
                "appAssignmentId": format!("0ua{}{}", &a.id[3..12], &user_id[12..]), "credentialsSetup": false, "hidden": false, "sortOrder": i,
            })
        })
        .collect();
    Ok(ok(Value::Array(links)))
}

/// A lower-case label slug, for generated app names (`simorg_teamwiki_1`).
fn slug(label: &str) -> String {
    label.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase()
}

/// Custom apps the simulator creates: BOOKMARK (`settings.app.url`) and
/// custom SWA (`AUTO_LOGIN`, `settings.signOn.loginUrl`). Other sign-on modes
/// are 400 here (README, simplifications).
async fn create(ctx: Ctx, body: Bytes) -> ApiResult {
    let activate = ctx.flag("activate", true)?;
    let body = json_body(&body)?;
    let label = body["label"].as_str().map(str::trim).filter(|l| !l.is_empty());
    let Some(label) = label else {
        return Err(ApiError::validation(&[("label", "The field cannot be left blank")]));
    };
    let url = |p: &str| body.pointer(p).and_then(Value::as_str).filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let (mode, name, settings): (&'static str, String, Value) = match body["signOnMode"].as_str() {
        Some("BOOKMARK") => {
            if body["name"].as_str().is_some_and(|n| n != "bookmark") {
                return Err(ApiError::validation(&[("name", "A BOOKMARK app is named bookmark")]));
            }
            let Some(target) = url("/settings/app/url") else {
                return Err(ApiError::validation(&[("settings.app.url", "The URL must be an absolute http(s) URL")]));
            };
            let request = body.pointer("/settings/app/requestIntegration").and_then(Value::as_bool).unwrap_or(false);
            ("BOOKMARK", "bookmark".into(), json!({"app": {"url": target, "requestIntegration": request}}))
        }
        Some("AUTO_LOGIN") => {
            let Some(login) = url("/settings/signOn/loginUrl") else {
                return Err(ApiError::validation(&[("settings.signOn.loginUrl", "The login URL must be an absolute http(s) URL")]));
            };
            let mut sign_on = json!({"loginUrl": login});
            if let Some(redirect) = body.pointer("/settings/signOn/redirectUrl").and_then(Value::as_str) {
                sign_on["redirectUrl"] = json!(redirect);
            }
            ("AUTO_LOGIN", format!("simorg_{}_1", slug(label)), json!({"app": {}, "signOn": sign_on}))
        }
        Some(_) => return Err(ApiError::validation(&[("signOnMode", "The simulator creates BOOKMARK and AUTO_LOGIN apps only")])),
        None => return Err(ApiError::validation(&[("signOnMode", "The field cannot be left blank")])),
    };
    let mut org = ctx.shared.org.lock().unwrap();
    let now = ctx.now();
    let app = App {
        id: org.rng.id("0oa"),
        name,
        label: label.to_string(),
        active: activate,
        sign_on_mode: mode,
        features: Vec::new(),
        created: now,
        last_updated: now,
        users: BTreeMap::new(),
        schema_custom: serde_json::Map::new(),
        settings,
        groups: BTreeMap::new(),
        policies: super::policies::app_policies(&org.policies),
    };
    let (rendered, target) = (app.to_json(&ctx.base), app.target());
    org.apps.insert(app.id.clone(), app);
    org.emit(&ctx, "application.lifecycle.create", vec![target.clone()]);
    if activate {
        org.emit(&ctx, "application.lifecycle.activate", vec![target]);
    }
    Ok(ok(rendered))
}
