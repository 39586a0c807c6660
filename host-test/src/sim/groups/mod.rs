//! `/api/v1/groups` and `/api/v1/users/{id}/groups` (API-NOTES §8).

pub mod expr;
pub mod model;
pub mod owners;
pub mod rules;

use super::ctx::{json_body, no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::filter::{self, Dialect, Op};
use super::org::Org;
use super::users::validate;
use super::{paging, Shared};
use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::{get, put};
use axum::Router;
use model::{Group, Kind};
use serde_json::{Map, Value};
use std::sync::Arc;

const FILTER_ATTRS: &[&str] = &["id", "type", "lastUpdated", "lastMembershipUpdated"];
const TIMESTAMPS: &[&str] = &["created", "lastUpdated", "lastMembershipUpdated"];

/// `filter`: id/type with `eq`; the two timestamps also with ordering.
const FILTER: Dialect = Dialect {
    allows: |a, op| FILTER_ATTRS.contains(&a) && (op == Op::Eq || (a.starts_with("last") && op.is_ordering())),
    allow_not: false,
    case_insensitive: false,
};

/// `search`: group properties; `co` only on name/description.
const SEARCH: Dialect = Dialect {
    allows: |a, op| {
        let known = a.starts_with("profile.") || a == "id" || a == "type" || a == "source.id" || TIMESTAMPS.contains(&a);
        known
            && match op {
                Op::Eq | Op::Sw | Op::Pr => true,
                Op::Co => a == "profile.name" || a == "profile.description",
                Op::Gt | Op::Ge | Op::Lt | Op::Le => TIMESTAMPS.contains(&a),
                Op::Ne | Op::Ew => false,
            }
    },
    allow_not: false,
    case_insensitive: true,
};

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/groups", get(list).post(create))
        .route("/api/v1/groups/{id}", get(get_group).put(update).delete(delete))
        .route("/api/v1/groups/{id}/users", get(members))
        .route("/api/v1/groups/{id}/users/{user}", put(add_member).delete(remove_member))
        .route("/api/v1/users/{id}/groups", get(user_groups))
        .merge(rules::routes())
        .merge(owners::routes())
}

/// `expand=stats`, `app` or both (comma-separated); whether stats are embedded.
fn expand_stats(ctx: &Ctx) -> ApiResult<bool> {
    let expand = ctx.expand(|e| e.split(',').all(|x| x == "stats" || x == "app"))?;
    Ok(expand.is_some_and(|e| e.split(',').any(|x| x == "stats")))
}

fn find<'a>(org: &'a Org, id: &str) -> ApiResult<&'a Group> {
    org.groups.by_id.get(id).ok_or_else(|| ApiError::not_found(id, "UserGroup"))
}

/// Only OKTA_GROUPs can be edited, deleted or have members changed by the API.
fn editable<'a>(org: &'a Org, id: &str) -> ApiResult<&'a Group> {
    let g = find(org, id)?;
    if g.kind != Kind::Okta {
        return Err(ApiError::new(403, "E0000006", "You do not have permission to perform the requested action"));
    }
    Ok(g)
}

/// Base attributes of the group schema, and their length limits.
pub(crate) const GROUP_BASE: &[&str] = &["name", "description"];
pub(crate) const GROUP_BASE_MAX_LENGTH: &[(&str, u64)] = &[("name", 255), ("description", 1024)];

/// Validated `{profile:{name, description?, …custom}}` for create and replace, against the org's
/// group schema; `previous` is the stored profile on a replace.
fn profile_from(org: &Org, body: &[u8], except: Option<&str>, previous: Option<&Map<String, Value>>) -> ApiResult<Map<String, Value>> {
    let body = json_body(body)?;
    let profile = body.get("profile").and_then(Value::as_object).cloned().unwrap_or_default();
    match profile.get("name").and_then(Value::as_str).map(str::trim) {
        None | Some("") => return Err(ApiError::validation(&[("name", "The field cannot be left blank")])),
        Some(name) if org.groups.name_taken(name, except) => {
            return Err(ApiError::validation(&[("name", "An object with this field already exists in the current organization")]))
        }
        Some(_) => {}
    }
    let custom = &org.group_custom_attributes;
    let mut errors = validate::undeclared_or_untyped(&profile, GROUP_BASE, custom);
    for (name, max) in GROUP_BASE_MAX_LENGTH {
        if profile.get(*name).and_then(Value::as_str).is_some_and(|v| v.chars().count() as u64 > *max) {
            errors.push((name.to_string(), format!("The field cannot exceed {max} characters")));
        }
    }
    errors.extend(validate::definition_errors(&profile, previous, custom));
    if errors.is_empty() { Ok(profile) } else { Err(ApiError::validation(&errors)) }
}

async fn create(ctx: Ctx, body: Bytes) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let profile = profile_from(&org, &body, None, None)?;
    let now = ctx.now();
    let group = Group {
        id: org.rng.id("00g"),
        kind: Kind::Okta,
        created: now,
        last_updated: now,
        last_membership_updated: now,
        profile,
        members: Default::default(),
    };
    let (rendered, target) = (group.to_json(&ctx.base, false), group.target());
    org.groups.insert(group);
    org.emit(&ctx, "group.lifecycle.create", vec![target]);
    Ok(ok(rendered))
}

async fn get_group(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let stats = expand_stats(&ctx)?;
    Ok(ok(find(&org, &id)?.to_json(&ctx.base, stats)))
}

/// PUT replaces the whole profile (there is no partial group update).
async fn update(ctx: Ctx, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    editable(&org, &id)?;
    let previous = find(&org, &id)?.profile.clone();
    let profile = profile_from(&org, &body, Some(&id), Some(&previous))?;
    let now = ctx.now();
    let g = org.groups.by_id.get_mut(&id).unwrap();
    g.profile = profile;
    g.last_updated = now;
    let (rendered, target) = (g.to_json(&ctx.base, false), g.target());
    org.emit(&ctx, "group.profile.update", vec![target]);
    Ok(ok(rendered))
}

async fn delete(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let target = editable(&org, &id)?.target();
    org.groups.by_id.remove(&id);
    org.group_owners.remove(&id);
    org.roles.remove(&id);
    org.emit(&ctx, "group.lifecycle.delete", vec![target]);
    Ok(no_content())
}

async fn list(ctx: Ctx) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let stats = expand_stats(&ctx)?;
    paging::search_alone(&ctx)?;
    let (q, filter_expr, search) = (ctx.param("q"), ctx.param("filter"), ctx.param("search"));
    let render = |g: &Group| (g.id.clone(), g.to_json(&ctx.base, stats));
    if let Some(q) = q {
        // Prefix on the name; not pageable.
        let limit = ctx.limit(10, 300)?;
        let q = q.to_lowercase();
        let hits = org.groups.by_id.values().filter(|g| g.name().to_lowercase().starts_with(&q));
        return Ok(paging::respond(&ctx, hits.take(limit).map(|g| render(g).1).collect(), None));
    }
    let mut rows: Vec<(String, Value)> = org.groups.by_id.values().map(render).collect();
    let parse = |e: &str, d: &Dialect| {
        let expr = filter::parse(e, d).map_err(|e| ApiError::invalid_search(e.message()))?;
        expr.invalid_date(TIMESTAMPS).map_or(Ok(expr), |_| Err(ApiError::invalid_date()))
    };
    if let Some(f) = filter_expr {
        let expr = parse(f, &FILTER)?;
        rows.retain(|(_, v)| expr.matches(v, false));
    } else if let Some(s) = search {
        let expr = parse(s, &SEARCH)?;
        rows.retain(|(_, v)| expr.matches(v, true));
        paging::sort_rows(&ctx, &mut rows);
    }
    let (rows, next) = paging::page(rows, |(id, _)| id.as_str(), ctx.after(&["00g"])?, ctx.limit(200, 10_000)?);
    Ok(paging::respond(&ctx, rows.into_iter().map(|(_, v)| v).collect(), next.as_deref()))
}

/// Members in user-id order; default page 1000 like Okta.
async fn members(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let ids: Vec<&String> = find(&org, &id)?.members.iter().collect();
    let (ids, next) = paging::page(ids, |i| i.as_str(), ctx.after(&["00u"])?, ctx.limit(1000, 10_000)?);
    let users = ids.iter().filter_map(|i| org.users.get(i)).map(|u| u.to_json(&ctx.base, false)).collect();
    Ok(paging::respond(&ctx, users, next.as_deref()))
}

async fn add_member(ctx: Ctx, Path((id, user)): Path<(String, String)>) -> ApiResult {
    change_membership(ctx, id, user, true)
}

async fn remove_member(ctx: Ctx, Path((id, user)): Path<(String, String)>) -> ApiResult {
    change_membership(ctx, id, user, false)
}

/// Idempotent: repeating an add or remove is a 204 without a new event.
fn change_membership(ctx: Ctx, id: String, user: String, add: bool) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    editable(&org, &id)?;
    let user_id = super::users::resolve(&org, &user)?;
    org.set_membership(&ctx, &id, &user_id, add);
    Ok(no_content())
}

async fn user_groups(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let id = super::users::resolve(&org, &key)?;
    let groups = org.groups.of_user(&id).map(|g| g.to_json(&ctx.base, false)).collect();
    // Not paginated, but Okta still sends the `self` Link.
    Ok(paging::respond(&ctx, groups, None))
}

impl Org {
    /// Adds or removes a membership; logs and returns whether anything changed.
    pub fn set_membership(&mut self, ctx: &Ctx, group_id: &str, user_id: &str, add: bool) -> bool {
        let now = ctx.now();
        let Some(g) = self.groups.by_id.get_mut(group_id) else { return false };
        let changed = if add { g.members.insert(user_id.to_string()) } else { g.members.remove(user_id) };
        if !changed {
            return false;
        }
        g.last_membership_updated = now;
        let group_target = g.target();
        let user_target = self.users.get(user_id).map(|u| u.target());
        let event = if add { "group.user_membership.add" } else { "group.user_membership.remove" };
        self.emit(ctx, event, user_target.into_iter().chain([group_target]).collect());
        true
    }
}
