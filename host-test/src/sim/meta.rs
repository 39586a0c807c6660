//! Profile schemas (user, group, app user) and user types (API-NOTES §11). Each user type has its
//! own schema (found through the type's `_links.schema`): a new type starts with the base attributes
//! only, and users are validated against their type's custom attributes.

use super::clock::{iso, Millis};
use super::ctx::{json_body, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::org::Org;
use super::users::validate::{BASE_ATTRIBUTES, REQUIRED};
use super::Shared;
use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::get;
use super::ctx::no_content;
use axum::Router;
use serde_json::{json, Map, Value};
use std::sync::Arc;

const ATTRIBUTE_TYPES: &[&str] = &["string", "boolean", "integer", "number", "array"];
/// Okta allows the default type plus nine more.
const MAX_TYPES: usize = 10;

#[derive(Debug, Clone)]
pub(crate) struct UserType {
    pub id: String,
    pub schema_id: String,
    pub name: String,
    pub display_name: String,
    pub description: String,
    pub default: bool,
    pub created: Millis,
    pub last_updated: Millis,
    /// Custom attribute definitions of the type's schema.
    pub custom: Map<String, Value>,
}

impl Org {
    pub fn default_type(&self) -> &UserType {
        self.user_types.iter().find(|t| t.default).expect("the org has a default user type")
    }

    /// The custom attributes users of `type_id` are validated against (the default type's for an unknown id,
    /// which the caller refuses separately).
    pub fn custom_attributes(&self, type_id: &str) -> &Map<String, Value> {
        &self.user_types.iter().find(|t| t.id == type_id).unwrap_or_else(|| self.default_type()).custom
    }
}

/// The `osc…` id of a user type's schema, derived from the type's id so a
/// user's `_links.schema` can name it without a lookup.
pub(crate) fn schema_id_for(type_id: &str) -> String {
    format!("osc{}", type_id.get(3..).unwrap_or(type_id))
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/meta/schemas/user/{id}", get(get_user_schema).post(update_user_schema))
        .route("/api/v1/meta/schemas/group/default", get(get_group_schema).post(update_group_schema))
        .route("/api/v1/meta/schemas/apps/{app}/default", get(get_app_schema).post(update_app_schema))
        .route("/api/v1/meta/types/user", get(list_types).post(create_type))
        .route("/api/v1/meta/types/user/{id}", get(get_type).post(update_type).put(replace_type).delete(delete_type))
}

/// "firstName" → "First name".
fn title(attr: &str) -> String {
    let mut out = String::new();
    for (i, c) in attr.chars().enumerate() {
        match (i, c.is_uppercase()) {
            (0, _) => out.extend(c.to_uppercase()),
            (_, true) => {
                out.push(' ');
                out.extend(c.to_lowercase());
            }
            _ => out.push(c),
        }
    }
    out
}

fn base_attribute(attr: &str, required: bool) -> Value {
    let mut v = json!({
        "title": title(attr), "type": "string", "mutability": "READ_WRITE", "scope": "NONE",
        "permissions": [{"principal": "SELF", "action": "READ_WRITE"}], "master": {"type": "PROFILE_MASTER"},
    });
    if required {
        v["required"] = json!(true);
    }
    match attr {
        "login" => (v["minLength"], v["maxLength"], v["pattern"]) = (json!(5), json!(100), json!("[^\\s]+")),
        "email" | "secondEmail" => (v["format"], v["minLength"], v["maxLength"]) = (json!("email"), json!(5), json!(100)),
        "firstName" | "lastName" => (v["minLength"], v["maxLength"]) = (json!(1), json!(50)),
        "countryCode" => (v["format"], v["maxLength"]) = (json!("country-code"), json!(2)),
        "profileUrl" => v["format"] = json!("uri"),
        _ => {}
    }
    v
}

/// The UserSchema document for one schema id.
fn schema_json(base: &str, path: &str, name: &str, base_attrs: &[&str], required: &[&str], custom: &Map<String, Value>, created: Millis) -> Value {
    let base_props: Map<String, Value> = base_attrs.iter().map(|a| (a.to_string(), base_attribute(a, required.contains(a)))).collect();
    let custom_required: Vec<&String> = custom.iter().filter(|(_, d)| d["required"] == true).map(|(k, _)| k).collect();
    json!({
        "id": format!("{base}{path}"),
        "$schema": "http://json-schema.org/draft-04/schema#",
        "name": name,
        "title": title(name),
        "description": format!("Okta {name} profile template with default permission settings"),
        "created": iso(created),
        "lastUpdated": iso(created),
        "definitions": {
            "base": {"id": "#base", "type": "object", "properties": base_props, "required": required},
            "custom": {"id": "#custom", "type": "object", "properties": custom, "required": custom_required},
        },
        "type": "object",
        "properties": {"profile": {"allOf": [{"$ref": "#/definitions/custom"}, {"$ref": "#/definitions/base"}]}},
        "_links": {"self": {"href": format!("{base}/api/v1{path}"), "method": "GET", "rel": "self"}},
    })
}

/// Applies `{definitions:{custom:{properties:{name: def | null}}}}`: `null`
/// deletes, a definition adds or replaces. Reads back Okta's defaults.
fn apply_custom(custom: &mut Map<String, Value>, body: &[u8], reserved: &[&str]) -> ApiResult<()> {
    let body = json_body(body)?;
    let Some(props) = body.pointer("/definitions/custom/properties").and_then(Value::as_object) else {
        return Ok(());
    };
    for (name, def) in props {
        if reserved.contains(&name.as_str()) {
            return Err(ApiError::validation(&[(name.as_str(), "A base attribute cannot be redefined as custom")]));
        }
        if def.is_null() {
            custom.remove(name);
            continue;
        }
        let kind = def["type"].as_str().filter(|t| ATTRIBUTE_TYPES.contains(t));
        let titled = def["title"].as_str().is_some_and(|t| !t.trim().is_empty());
        if kind.is_none() || !titled {
            return Err(ApiError::validation(&[(name.as_str(), "Each custom attribute needs a title and a type of string, boolean, integer, number or array")]));
        }
        let mut stored = def.clone();
        for (key, default) in [("mutability", json!("READ_WRITE")), ("scope", json!("NONE")), ("master", json!({"type": "PROFILE_MASTER"}))] {
            stored.as_object_mut().unwrap().entry(key).or_insert(default);
        }
        stored.as_object_mut().unwrap().entry("permissions").or_insert(json!([{"principal": "SELF", "action": "READ_WRITE"}]));
        if stored["unique"] == true {
            stored["unique"] = json!("UNIQUE_VALIDATED");
        }
        custom.insert(name.clone(), stored);
    }
    Ok(())
}

/// `default` or any user type's schema id.
fn user_schema_type<'a>(org: &'a Org, id: &str) -> ApiResult<&'a UserType> {
    org.user_types
        .iter()
        .find(|t| (id == "default" && t.default) || t.schema_id == id)
        .ok_or_else(|| ApiError::not_found(id, "UserSchema"))
}

fn render_user_schema(ctx: &Ctx, t: &UserType) -> Value {
    let path = format!("/meta/schemas/user/{}", t.schema_id);
    let mut v = schema_json(&ctx.base, &path, "user", BASE_ATTRIBUTES, REQUIRED, &t.custom, t.created);
    // Real orgs name the default type's schema `default` and link its type.
    if t.default {
        v["id"] = json!(format!("{}/meta/schemas/user/default", ctx.base));
    }
    v["_links"]["type"] = json!({"rel": "type", "href": format!("{}/api/v1/meta/types/user/{}", ctx.base, t.id), "method": "GET"});
    v
}

async fn get_user_schema(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    Ok(ok(render_user_schema(&ctx, user_schema_type(&org, &id)?)))
}

async fn update_user_schema(ctx: Ctx, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let type_id = user_schema_type(&org, &id)?.id.clone();
    let t = org.user_types.iter_mut().find(|t| t.id == type_id).unwrap();
    apply_custom(&mut t.custom, &body, BASE_ATTRIBUTES)?;
    Ok(ok(render_user_schema(&ctx, t)))
}

/// The group schema: base `name` (required) and `description` with their limits, plus custom attributes.
fn render_group_schema(ctx: &Ctx, org: &Org) -> Value {
    let created = org.default_type().created;
    let mut v = schema_json(&ctx.base, "/meta/schemas/group/default", "group", super::groups::GROUP_BASE, &["name"], &org.group_custom_attributes, created);
    for (name, max) in super::groups::GROUP_BASE_MAX_LENGTH {
        v["definitions"]["base"]["properties"][*name]["maxLength"] = json!(max);
    }
    (v["title"], v["description"]) = (json!("Okta group"), json!("Okta group profile template"));
    v
}

async fn get_group_schema(ctx: Ctx) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    Ok(ok(render_group_schema(&ctx, &org)))
}

async fn update_group_schema(ctx: Ctx, body: Bytes) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    apply_custom(&mut org.group_custom_attributes, &body, super::groups::GROUP_BASE)?;
    Ok(ok(render_group_schema(&ctx, &org)))
}

fn render_app_schema(ctx: &Ctx, org: &Org, app_id: &str) -> ApiResult<Value> {
    let app = super::apps::find(org, app_id)?;
    let path = format!("/meta/schemas/apps/{app_id}/default");
    let mut v = schema_json(&ctx.base, &path, &app.name, super::apps::model::APP_BASE_ATTRIBUTES, &["userName"], &app.schema_custom, app.created);
    v["title"] = json!(app.label);
    Ok(v)
}

async fn get_app_schema(ctx: Ctx, Path(app): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    Ok(ok(render_app_schema(&ctx, &org, &app)?))
}

async fn update_app_schema(ctx: Ctx, Path(app): Path<String>, body: Bytes) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    super::apps::find(&org, &app)?;
    let custom = &mut org.apps.get_mut(&app).unwrap().schema_custom;
    apply_custom(custom, &body, super::apps::model::APP_BASE_ATTRIBUTES)?;
    Ok(ok(render_app_schema(&ctx, &org, &app)?))
}

fn type_json(base: &str, t: &UserType, creator: &str) -> Value {
    json!({
        "id": t.id, "name": t.name, "displayName": t.display_name, "description": t.description, "default": t.default,
        "createdBy": creator, "lastUpdatedBy": creator, "created": iso(t.created), "lastUpdated": iso(t.last_updated),
        "_links": {
            "self": {"href": format!("{base}/api/v1/meta/types/user/{}", t.id), "method": "GET", "rel": "self"},
            "schema": {"href": format!("{base}/api/v1/meta/schemas/user/{}", t.schema_id), "method": "GET", "rel": "schema"},
        },
    })
}

fn creator(ctx: &Ctx) -> String {
    ctx.principal.as_ref().map(|p| p.id.clone()).unwrap_or_default()
}

async fn list_types(ctx: Ctx) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    Ok(ok(Value::Array(org.user_types.iter().map(|t| type_json(&ctx.base, t, &creator(&ctx))).collect())))
}

/// `{typeId}` or `default`; 404 names Okta's internal `CVDType`.
fn type_index(org: &Org, id: &str) -> ApiResult<usize> {
    org.user_types.iter().position(|t| t.id == id || (id == "default" && t.default)).ok_or_else(|| ApiError::not_found(id, "CVDType"))
}

async fn get_type(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    Ok(ok(type_json(&ctx.base, &org.user_types[type_index(&org, &id)?], &creator(&ctx))))
}

/// `displayName` and `description`; `name` may be sent (PUT must) but never changes.
fn change_type(ctx: Ctx, id: String, body: Bytes, replace: bool) -> ApiResult {
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let i = type_index(&org, &id)?;
    let field = |k: &str| body.get(k).filter(|v| !v.is_null());
    let mut errors = Vec::new();
    if replace {
        for k in ["name", "displayName", "description"] {
            if field(k).and_then(Value::as_str).is_none() {
                errors.push((k, "The field cannot be left blank"));
            }
        }
    }
    if field("name").is_some_and(|n| n.as_str() != Some(org.user_types[i].name.as_str())) {
        errors.push(("name", "The name of a user type cannot be changed"));
    }
    if field("displayName").is_some_and(|d| d.as_str().is_none_or(|d| d.trim().is_empty())) {
        errors.push(("displayName", "The field cannot be left blank"));
    }
    if field("description").is_some_and(|d| !d.is_string()) {
        errors.push(("description", "Does not match required type string"));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(&errors));
    }
    let now = ctx.now();
    let t = &mut org.user_types[i];
    if let Some(d) = field("displayName").and_then(Value::as_str) {
        t.display_name = d.to_string();
    }
    if let Some(d) = field("description").and_then(Value::as_str) {
        t.description = d.to_string();
    }
    t.last_updated = now;
    Ok(ok(type_json(&ctx.base, t, &creator(&ctx))))
}

async fn update_type(ctx: Ctx, Path(id): Path<String>, body: Bytes) -> ApiResult {
    change_type(ctx, id, body, false)
}

async fn replace_type(ctx: Ctx, Path(id): Path<String>, body: Bytes) -> ApiResult {
    change_type(ctx, id, body, true)
}

/// Okta refuses to delete the default type or one assigned to users; the spec declares 403 for
/// both (the code is the spec's 403 example, [infer]). The type's schema goes with it.
async fn delete_type(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let i = type_index(&org, &id)?;
    let t = &org.user_types[i];
    let refusal = if t.default {
        Some("The default user type cannot be deleted")
    } else if org.users.iter().any(|u| u.type_id == t.id) {
        Some("The user type is assigned to users and cannot be deleted")
    } else {
        None
    };
    if let Some(reason) = refusal {
        return Err(ApiError { causes: vec![reason.into()], ..ApiError::new(403, "E0000006", "You do not have permission to perform the requested action") });
    }
    org.user_types.remove(i);
    Ok(no_content())
}

async fn create_type(ctx: Ctx, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let text = |k: &str| body[k].as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let (Some(name), Some(display_name)) = (text("name"), text("displayName")) else {
        return Err(ApiError::validation(&[("name", "name and displayName are required")]));
    };
    let pattern = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !pattern {
        return Err(ApiError::validation(&[("name", "The name must start with A-Z or a-z and contain only A-Z, a-z, 0-9, or underscore (_) characters")]));
    }
    if org.user_types.iter().any(|t| t.name == name) {
        return Err(ApiError::validation(&[("name", "An object with this field already exists in the current organization")]));
    }
    if org.user_types.len() >= MAX_TYPES {
        return Err(ApiError::validation(&[("name", "The maximum number of user types has been reached")]));
    }
    let id = org.rng.id("oty");
    let t = UserType {
        schema_id: schema_id_for(&id),
        id,
        name,
        display_name,
        description: text("description").unwrap_or_default(),
        default: false,
        created: ctx.now(),
        last_updated: ctx.now(),
        custom: Map::new(),
    };
    let rendered = type_json(&ctx.base, &t, &creator(&ctx));
    org.user_types.push(t);
    Ok(ok(rendered))
}
