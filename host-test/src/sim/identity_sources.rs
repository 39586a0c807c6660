//! Custom identity sources ("Anything as a Source"): import sessions, bulk
//! upsert/delete of users, and the import that applies them (spec tag
//! IdentitySource). The org has one seeded source,
//! [`Simulator::identity_source_id`]; it is not listed among the apps.

use super::ctx::{json_body, no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::clock::{iso, Millis};
use super::org::Org;
use super::users::model::{Status, User};
use super::users::validate::profile_errors;
use super::Shared;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Profiles per bulk request (Okta's batch size).
pub const BATCH: usize = 200;
/// Users per session (upserts and deletes together).
pub const PER_SESSION: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Created,
    Triggered,
    Completed,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Created => "CREATED",
            State::Triggered => "TRIGGERED",
            State::Completed => "COMPLETED",
        }
    }
}

pub(crate) struct Session {
    id: String,
    state: State,
    created: Millis,
    last_updated: Millis,
    /// externalId → profile, in upload order of first appearance.
    upserts: BTreeMap<String, Map<String, Value>>,
    deletes: Vec<String>,
}

#[derive(Default)]
pub(crate) struct IdentitySource {
    sessions: BTreeMap<String, Session>,
    /// externalId → Okta user id, for users this source created.
    linked: HashMap<String, String>,
}

impl Session {
    fn to_json(&self, source: &str) -> Value {
        json!({"id": self.id, "identitySourceId": source, "status": self.state.as_str(), "importType": "INCREMENTAL",
               "created": iso(self.created), "lastUpdated": iso(self.last_updated)})
    }

    fn entities(&self) -> usize {
        self.upserts.len() + self.deletes.len()
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/identity-sources/{source}/sessions", get(list).post(create))
        .route("/api/v1/identity-sources/{source}/sessions/{session}", get(get_one).delete(delete))
        .route("/api/v1/identity-sources/{source}/sessions/{session}/bulk-upsert", post(bulk_upsert))
        .route("/api/v1/identity-sources/{source}/sessions/{session}/bulk-delete", post(bulk_delete))
        .route("/api/v1/identity-sources/{source}/sessions/{session}/start-import", post(start_import))
}

fn source_mut<'a>(org: &'a mut Org, id: &str) -> ApiResult<&'a mut IdentitySource> {
    org.identity_sources.get_mut(id).ok_or_else(|| ApiError::not_found(id, "IdentitySource"))
}

fn session_mut<'a>(org: &'a mut Org, source: &str, id: &str) -> ApiResult<&'a mut Session> {
    source_mut(org, source)?.sessions.get_mut(id).ok_or_else(|| ApiError::not_found(id, "IdentitySourceSession"))
}

/// Uploads and imports need a session that is still CREATED [infer: 400 E0000001].
fn open_session<'a>(org: &'a mut Org, source: &str, id: &str) -> ApiResult<&'a mut Session> {
    let session = session_mut(org, source, id)?;
    if session.state != State::Created {
        let why = format!("The session is {}; only a CREATED session accepts data or an import", session.state.as_str());
        return Err(ApiError::validation(&[("status", why)]));
    }
    Ok(session)
}

fn accepted() -> axum::response::Response {
    StatusCode::ACCEPTED.into_response()
}

async fn list(ctx: Ctx, Path(source): Path<String>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let s = source_mut(&mut org, &source)?;
    Ok(ok(Value::Array(s.sessions.values().map(|x| x.to_json(&source)).collect())))
}

/// One open (CREATED) session per source at a time [infer: 400 E0000001].
async fn create(ctx: Ctx, Path(source): Path<String>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let id = format!("ims{}", org.rng.alphanumeric(17));
    let now = ctx.now();
    let s = source_mut(&mut org, &source)?;
    if let Some(open) = s.sessions.values().find(|x| x.state == State::Created) {
        return Err(ApiError::validation(&[("session", format!("Session {} is still open: trigger or delete it first", open.id))]));
    }
    let session = Session { id: id.clone(), state: State::Created, created: now, last_updated: now, upserts: BTreeMap::new(), deletes: Vec::new() };
    let rendered = session.to_json(&source);
    s.sessions.insert(id, session);
    Ok(ok(rendered))
}

async fn get_one(ctx: Ctx, Path((source, id)): Path<(String, String)>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    Ok(ok(session_mut(&mut org, &source, &id)?.to_json(&source)))
}

async fn delete(ctx: Ctx, Path((source, id)): Path<(String, String)>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    session_mut(&mut org, &source, &id)?;
    source_mut(&mut org, &source)?.sessions.remove(&id);
    Ok(no_content())
}

/// `{"entityType": "USERS", "profiles": [...]}` with 1–200 entries; any bad entry refuses the whole request.
fn profiles(body: &Value) -> ApiResult<&Vec<Value>> {
    if body["entityType"] != "USERS" {
        return Err(ApiError::validation(&[("entityType", "Only USERS is supported")]));
    }
    let profiles = body["profiles"].as_array().ok_or_else(|| ApiError::validation(&[("profiles", "The field cannot be left blank")]))?;
    if profiles.is_empty() || profiles.len() > BATCH {
        return Err(ApiError::validation(&[("profiles", format!("A bulk request carries 1 to {BATCH} profiles"))]));
    }
    Ok(profiles)
}

fn external_id(p: &Value, i: usize, errors: &mut Vec<(String, String)>) -> Option<String> {
    match p["externalId"].as_str().map(str::trim) {
        Some(id) if !id.is_empty() && id.len() <= 512 => Some(id.to_string()),
        _ => {
            errors.push((format!("profiles[{i}].externalId"), "The external ID must be 1 to 512 characters".into()));
            None
        }
    }
}

/// The Okta user profile an identity-source profile maps to: `userName` is the login.
fn okta_profile(p: &Map<String, Value>) -> Map<String, Value> {
    let mut out: Map<String, Value> = p.iter().filter(|(k, v)| *k != "userName" && !v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect();
    out.insert("login".into(), p.get("userName").cloned().unwrap_or(Value::Null));
    out
}

async fn bulk_upsert(ctx: Ctx, Path((source, id)): Path<(String, String)>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let profiles = profiles(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    open_session(&mut org, &source, &id)?;
    let linked = org.identity_sources[&source].linked.clone();
    let session_logins: HashMap<String, String> = org.identity_sources[&source].sessions[&id]
        .upserts
        .iter()
        .filter_map(|(ext, p)| Some((p.get("userName")?.as_str()?.to_lowercase(), ext.clone())))
        .collect();
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut batch_logins: HashMap<String, String> = HashMap::new();
    for (i, p) in profiles.iter().enumerate() {
        let ext = external_id(p, i, &mut errors);
        let Some(profile) = p["profile"].as_object() else {
            errors.push((format!("profiles[{i}].profile"), "The field cannot be left blank".into()));
            continue;
        };
        if profile.get("userName").and_then(Value::as_str).is_none_or(|u| u.trim().is_empty()) {
            errors.push((format!("profiles[{i}].profile.userName"), "The field cannot be left blank".into()));
            continue;
        }
        let Some(ext) = ext else { continue };
        let mapped = okta_profile(profile);
        let self_id = linked.get(&ext).map(String::as_str);
        for (field, message) in profile_errors(&mapped, None, &org.default_type().custom, &org.users, self_id) {
            let field = if field == "login" { "userName".to_string() } else { field };
            errors.push((format!("profiles[{i}].profile.{field}"), message));
        }
        let login = mapped["login"].as_str().unwrap_or_default().to_lowercase();
        let other = |m: &HashMap<String, String>| m.get(&login).is_some_and(|e| *e != ext);
        if other(&session_logins) || other(&batch_logins) {
            errors.push((format!("profiles[{i}].profile.userName"), "An object with this field already exists in the current organization".into()));
        }
        batch_logins.insert(login, ext.clone());
        rows.push((ext, profile.clone()));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(&errors));
    }
    let session = session_mut(&mut org, &source, &id)?;
    let fresh = rows.iter().filter(|(e, _)| !session.upserts.contains_key(e)).count();
    if session.entities() + fresh > PER_SESSION {
        return Err(ApiError::validation(&[("profiles", format!("A session holds at most {PER_SESSION} users"))]));
    }
    session.upserts.extend(rows);
    session.last_updated = ctx.now();
    Ok(accepted())
}

async fn bulk_delete(ctx: Ctx, Path((source, id)): Path<(String, String)>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let profiles = profiles(&body)?;
    let mut errors = Vec::new();
    let ids: Vec<String> = profiles.iter().enumerate().filter_map(|(i, p)| external_id(p, i, &mut errors)).collect();
    if !errors.is_empty() {
        return Err(ApiError::validation(&errors));
    }
    let mut org = ctx.shared.org.lock().unwrap();
    let session = open_session(&mut org, &source, &id)?;
    if session.entities() + ids.len() > PER_SESSION {
        return Err(ApiError::validation(&[("profiles", format!("A session holds at most {PER_SESSION} users"))]));
    }
    session.deletes.extend(ids);
    session.last_updated = ctx.now();
    Ok(accepted())
}

/// Applies the session: upserts create (ACTIVE) or update the linked users,
/// deletes deactivate them. Okta answers TRIGGERED and works in the
/// background; the simulator finishes before answering, so the next read
/// shows COMPLETED.
async fn start_import(ctx: Ctx, Path((source, id)): Path<(String, String)>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let now = ctx.now();
    let session = open_session(&mut org, &source, &id)?;
    session.state = State::Triggered;
    session.last_updated = now;
    let rendered = session.to_json(&source);
    let upserts = std::mem::take(&mut session.upserts);
    let deletes = std::mem::take(&mut session.deletes);
    org.emit(&ctx, "system.import.start", vec![json!({"id": source, "type": "AppInstance", "alternateId": "Custom identity source", "displayName": "Custom identity source"})]);
    for (ext, profile) in upserts {
        let mapped = okta_profile(&profile);
        match org.identity_sources[&source].linked.get(&ext).cloned() {
            Some(user_id) if org.users.get(&user_id).is_some() => {
                org.users.update(&user_id, |u| {
                    u.profile.extend(mapped);
                    u.last_updated = now;
                });
                org.emit_user(&ctx, "user.account.update_profile", &user_id);
            }
            _ => {
                let user_id = org.rng.id("00u");
                let user = User {
                    id: user_id.clone(),
                    status: Status::Active,
                    created: now,
                    activated: Some(now),
                    status_changed: Some(now),
                    last_login: None,
                    last_updated: now,
                    password_changed: None,
                    profile: mapped,
                    password: None,
                    recovery: None,
                    provider: ("IMPORT".into(), "IMPORT".into()),
                    type_id: org.default_type_id.clone(),
                    realm_id: None,
                    transition: None,
                };
                org.users.insert(user);
                if let Some(everyone) = org.groups.everyone_mut() {
                    everyone.members.insert(user_id.clone());
                }
                source_mut(&mut org, &source)?.linked.insert(ext, user_id.clone());
                org.emit_user(&ctx, "user.lifecycle.create", &user_id);
                org.emit_user(&ctx, "user.lifecycle.activate", &user_id);
            }
        }
    }
    for ext in deletes {
        let Some(user_id) = org.identity_sources[&source].linked.get(&ext).cloned() else { continue };
        let active = org.users.get(&user_id).is_some_and(|u| u.status != Status::Deprovisioned);
        if active {
            org.users.update(&user_id, |u| u.set_status(Status::Deprovisioned, now));
            org.emit_user(&ctx, "user.lifecycle.deactivate", &user_id);
        }
    }
    session_mut(&mut org, &source, &id)?.state = State::Completed;
    org.emit(&ctx, "system.import.complete", vec![json!({"id": source, "type": "AppInstance", "alternateId": "Custom identity source", "displayName": "Custom identity source"})]);
    Ok(ok(rendered))
}

impl super::Simulator {
    /// The id of the org's custom identity source (the id of its app, as in Okta).
    pub fn identity_source_id(&self) -> String {
        let org = self.shared.org.lock().unwrap();
        org.identity_sources.keys().next().cloned().unwrap_or_default()
    }
}
