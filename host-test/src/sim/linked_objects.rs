//! Linked objects: relationship definitions (`/api/v1/meta/schemas/user/linkedObjects`) and the
//! values linking an associated user to one primary user (`/api/v1/users/{id}/linkedObjects/…`).

use super::ctx::{json_body, no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::org::Org;
use super::users::resolve;
use super::Shared;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::Router;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One side of a relationship: `primary` (e.g. manager) or `associated` (e.g. subordinate).
#[derive(Debug, Clone)]
pub struct Side {
    pub name: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Definition {
    pub primary: Side,
    pub associated: Side,
}

#[derive(Default)]
pub(crate) struct LinkedObjects {
    pub definitions: Vec<Definition>,
    /// (primary name, associated user id) → primary user id: an associated user has one primary per relationship.
    pub values: BTreeMap<(String, String), String>,
}

impl LinkedObjects {
    /// The definition with this primary or associated name.
    fn find(&self, name: &str) -> Option<&Definition> {
        self.definitions.iter().find(|d| d.primary.name == name || d.associated.name == name)
    }

    /// Drops every value a deleted user takes part in.
    pub fn forget_user(&mut self, id: &str) {
        self.values.retain(|(_, associated), primary| associated != id && primary != id);
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/meta/schemas/user/linkedObjects", get(list).post(create))
        .route("/api/v1/meta/schemas/user/linkedObjects/{name}", get(get_one).delete(delete_one))
        .route("/api/v1/users/{id}/linkedObjects/{primary}/{primaryUser}", put(set_value))
        .route("/api/v1/users/{id}/linkedObjects/{name}", get(list_values).delete(delete_value))
}

fn side_json(s: &Side) -> Value {
    let mut v = json!({"name": s.name, "title": s.title, "type": "USER"});
    if let Some(d) = &s.description {
        v["description"] = json!(d);
    }
    v
}

fn definition_json(base: &str, d: &Definition) -> Value {
    json!({
        "primary": side_json(&d.primary),
        "associated": side_json(&d.associated),
        "_links": {"self": {"href": format!("{base}/api/v1/meta/schemas/user/linkedObjects/{}", d.primary.name)}},
    })
}

fn not_found(name: &str) -> ApiError {
    ApiError::not_found(name, "LinkedObject")
}

async fn list(ctx: Ctx) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    Ok(ok(Value::Array(org.linked_objects.definitions.iter().map(|d| definition_json(&ctx.base, d)).collect())))
}

async fn get_one(ctx: Ctx, Path(name): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    Ok(ok(definition_json(&ctx.base, org.linked_objects.find(&name).ok_or_else(|| not_found(&name))?)))
}

/// Names start with a letter and hold only letters, digits and `_` (the spec's rule).
fn valid_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `{primary:{name,title,description?,type:USER}, associated:{…}}`; a name already used by any
/// definition is 409 `E0000127` with one cause per side, as the spec's example shows.
async fn create(ctx: Ctx, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut side = |key: &str| {
        let v = &body[key];
        let text = |k: &str| v[k].as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        for k in ["name", "title"] {
            if text(k).is_none() {
                errors.push((format!("{key}.{k}"), "The field cannot be left blank".into()));
            }
        }
        if text("name").is_some_and(|n| !valid_name(&n)) {
            errors.push((format!("{key}.name"), "The name must start with a letter and contain only letters, digits and underscores".into()));
        }
        if v["type"].as_str() != Some("USER") {
            errors.push((format!("{key}.type"), "Does not match required enum values".into()));
        }
        Side { name: text("name").unwrap_or_default(), title: text("title").unwrap_or_default(), description: v["description"].as_str().map(str::to_string) }
    };
    let (primary, associated) = (side("primary"), side("associated"));
    if errors.is_empty() && primary.name == associated.name {
        errors.push(("associated.name".into(), "The primary and associated names must differ".into()));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(&errors));
    }
    let mut org = ctx.shared.org.lock().unwrap();
    let taken: Vec<String> = [("primary", &primary.name), ("associated", &associated.name)]
        .into_iter()
        .filter(|(_, name)| org.linked_objects.find(name).is_some())
        .map(|(key, _)| format!("Linked object identifier for {key} is already in use."))
        .collect();
    if !taken.is_empty() {
        return Err(ApiError { causes: taken, ..ApiError::new(409, "E0000127", "Invalid linked objection definition. Linked object identifier is already in use.") });
    }
    let definition = Definition { primary, associated };
    let rendered = definition_json(&ctx.base, &definition);
    org.linked_objects.definitions.push(definition);
    Ok((StatusCode::CREATED, axum::Json(rendered)).into_response())
}

/// Removes the whole definition, by either name, and every value of it.
async fn delete_one(ctx: Ctx, Path(name): Path<String>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let primary = org.linked_objects.find(&name).ok_or_else(|| not_found(&name))?.primary.name.clone();
    org.linked_objects.definitions.retain(|d| d.primary.name != primary);
    org.linked_objects.values.retain(|(p, _), _| *p != primary);
    Ok(no_content())
}

/// The primary name of `name`, which must be a definition's primary name.
fn primary_name(org: &Org, name: &str) -> ApiResult<String> {
    match org.linked_objects.find(name) {
        Some(d) if d.primary.name == name => Ok(name.to_string()),
        _ => Err(not_found(name)),
    }
}

/// Makes `primaryUser` the primary of user `id` (replacing any previous primary). 204.
async fn set_value(ctx: Ctx, Path((key, primary, primary_user)): Path<(String, String, String)>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let associated = resolve(&org, &key)?;
    let primary = primary_name(&org, &primary)?;
    let primary_user = resolve(&org, &primary_user)?;
    org.linked_objects.values.insert((primary, associated), primary_user);
    Ok(no_content())
}

/// By a primary name: the user's primary (0 or 1 links); by an associated name: every user whose
/// primary is this user. Each item is `{_links:{self:{href: <the other user>}}}`.
async fn list_values(ctx: Ctx, Path((key, name)): Path<(String, String)>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let d = org.linked_objects.find(&name).ok_or_else(|| not_found(&name))?;
    let values = &org.linked_objects.values;
    let others: Vec<&String> = if d.primary.name == name {
        values.get(&(name.clone(), id)).into_iter().collect()
    } else {
        values.iter().filter(|((p, _), primary)| *p == d.primary.name && **primary == id).map(|((_, associated), _)| associated).collect()
    };
    let links = others.into_iter().map(|u| json!({"_links": {"self": {"href": format!("{}/api/v1/users/{u}", ctx.base)}}})).collect();
    Ok(ok(Value::Array(links)))
}

/// Unlinks user `id` from its primary in the relationship; 204 also when there was none.
async fn delete_value(ctx: Ctx, Path((key, name)): Path<(String, String)>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let primary = primary_name(&org, &name)?;
    org.linked_objects.values.remove(&(primary, id));
    Ok(no_content())
}
