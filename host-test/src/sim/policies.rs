//! `/api/v1/policies` (API-NOTES §14, the spec's Policy tag): policies of the common types with their
//! rules and lifecycle, and an app's sign-in policy (`PUT /api/v1/apps/{appId}/policies/{policyId}`).
//! Priorities run 1..n per policy type (per policy for rules) without gaps, the system (default) entry
//! always last. System policies and rules are never deleted or deactivated; an ACCESS_POLICY that apps
//! use is never deactivated or deleted.

use super::apps::model::AppPolicies;
use super::clock::{iso, Millis};
use super::ctx::{json_body, no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::org::Org;
use super::{paging, Shared};
use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;

pub(crate) const POLICY_TYPES: &[&str] = &[
    "OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT", "IDP_DISCOVERY", "ENTITY_RISK",
    "POST_AUTH_SESSION", "DEVICE_SIGNAL_COLLECTION", "SESSION_VIOLATION_DETECTION", "CLIENT_UPDATE", "IDENTITY_CLAIM_SOURCING",
];

/// The types the API writes: the policy type, its rules' `type`, and the `actions` members those rules take.
const WRITABLE: &[(&str, &str, &[&str])] = &[
    ("OKTA_SIGN_ON", "SIGN_ON", &["signon"]),
    ("PASSWORD", "PASSWORD", &["passwordChange", "selfServicePasswordReset", "selfServiceUnlock"]),
    ("MFA_ENROLL", "MFA_ENROLL", &["enroll"]),
    ("ACCESS_POLICY", "ACCESS_POLICY", &["appSignOn"]),
    ("PROFILE_ENROLLMENT", "PROFILE_ENROLLMENT", &["profileEnrollment"]),
];

/// Okta's .NET SDK tests note that policy names take at most 50 characters; rules are held to the same.
const MAX_NAME: usize = 50;

#[derive(Debug, Clone)]
pub(crate) struct Policy {
    pub id: String,
    pub kind: &'static str,
    pub name: String,
    pub description: Option<String>,
    pub active: bool,
    pub priority: u32,
    pub system: bool,
    pub created: Millis,
    pub last_updated: Millis,
    pub conditions: Value,
    pub settings: Value,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub id: String,
    pub name: String,
    pub active: bool,
    pub priority: u32,
    pub system: bool,
    pub created: Millis,
    pub last_updated: Millis,
    pub conditions: Value,
    pub actions: Value,
}

fn writable(kind: &str) -> Option<&'static (&'static str, &'static str, &'static [&'static str])> {
    WRITABLE.iter().find(|w| w.0 == kind)
}

fn status(active: bool) -> &'static str {
    if active { "ACTIVE" } else { "INACTIVE" }
}

/// ACCESS_POLICY conditions live on the rules: real orgs send `null`.
fn default_conditions(kind: &str) -> Value {
    match kind {
        "ACCESS_POLICY" => Value::Null,
        _ => json!({"people": {"groups": {"include": []}}}),
    }
}

/// PASSWORD policies carry Okta's default password, recovery and delegation settings.
fn default_settings(kind: &str) -> Value {
    match kind {
        "PASSWORD" => json!({
            "password": {
                "complexity": {"minLength": 8, "minLowerCase": 1, "minUpperCase": 1, "minNumber": 1, "minSymbol": 0,
                    "excludeUsername": true, "excludeAttributes": [], "dictionary": {"common": {"exclude": false}}},
                "age": {"maxAgeDays": 0, "expireWarnDays": 0, "minAgeMinutes": 0, "historyCount": 4},
                "lockout": {"maxAttempts": 10, "autoUnlockMinutes": 0, "userLockoutNotificationChannels": [], "showLockoutFailures": false},
            },
            "recovery": {"factors": {
                "recovery_question": {"status": "ACTIVE", "properties": {"complexity": {"minLength": 4}}},
                "okta_email": {"status": "ACTIVE", "properties": {"recoveryToken": {"tokenLifetimeMinutes": 60}}},
                "okta_sms": {"status": "INACTIVE"},
                "okta_call": {"status": "INACTIVE"},
            }},
            "delegation": {"options": {"skipUnlock": false}},
        }),
        _ => json!({}),
    }
}

/// What a rule of this type does when it is created without `actions` (and what default rules do).
fn default_actions(kind: &str) -> Value {
    match kind {
        "OKTA_SIGN_ON" => json!({"signon": {"access": "ALLOW", "requireFactor": false, "primaryFactor": "PASSWORD_IDP_ANY_FACTOR",
            "session": {"usePersistentCookie": false, "maxSessionIdleMinutes": 120, "maxSessionLifetimeMinutes": 0}}}),
        "PASSWORD" => json!({"passwordChange": {"access": "ALLOW"}, "selfServicePasswordReset": {"access": "ALLOW"}, "selfServiceUnlock": {"access": "DENY"}}),
        "MFA_ENROLL" => json!({"enroll": {"self": "CHALLENGE"}}),
        "ACCESS_POLICY" => json!({"appSignOn": {"access": "ALLOW", "verificationMethod": {"factorMode": "2FA", "type": "ASSURANCE", "reauthenticateIn": "PT12H"}}}),
        _ => json!({"profileEnrollment": {"access": "ALLOW", "unknownUserAction": "DENY", "profileAttributes": []}}),
    }
}

impl Rule {
    /// The default rule Okta gives the default policy of each type, and every new app sign-in or
    /// user profile policy; its id is derived from the policy's, so seeding draws no extra ids.
    fn default_for(policy_id: &str, kind: &str, created: Millis) -> Rule {
        let name = if kind == "ACCESS_POLICY" { "Catch-all Rule" } else { "Default Rule" };
        let conditions = if kind == "ACCESS_POLICY" { Value::Null } else { json!({"people": {"users": {"exclude": []}}}) };
        Rule { id: format!("0pr{}", &policy_id[3..]), name: name.into(), active: true, priority: 1, system: true, created, last_updated: created, conditions, actions: default_actions(kind) }
    }

    fn to_json(&self, base: &str, policy: &Policy) -> Value {
        let href = format!("{base}/api/v1/policies/{}/rules/{}", policy.id, self.id);
        let mut links = json!({"self": {"href": href, "hints": {"allow": if self.system { json!(["GET", "PUT"]) } else { json!(["GET", "PUT", "DELETE"]) }}}});
        if !self.system {
            let toggle = if self.active { "deactivate" } else { "activate" };
            links[toggle] = json!({"href": format!("{href}/lifecycle/{toggle}"), "hints": {"allow": ["POST"]}});
        }
        json!({
            "id": self.id, "status": status(self.active), "name": self.name, "priority": self.priority, "created": iso(self.created),
            "lastUpdated": iso(self.last_updated), "system": self.system, "conditions": self.conditions, "actions": self.actions,
            "type": writable(policy.kind).map_or(policy.kind, |w| w.1), "_links": links,
        })
    }

    fn target(&self) -> Value {
        json!({"id": self.id, "type": "PolicyRule", "alternateId": "unknown", "displayName": self.name, "detailEntry": null})
    }
}

impl Policy {
    /// A seeded policy; system ones come with their default rule.
    pub fn seeded(id: String, kind: &'static str, name: &str, active: bool, priority: u32, system: bool, created: Millis) -> Policy {
        let rules = if system { vec![Rule::default_for(&id, kind, created)] } else { Vec::new() };
        Policy {
            description: Some(format!("{name} policy")), conditions: default_conditions(kind), settings: default_settings(kind),
            id, kind, name: name.into(), active, priority, system, created, last_updated: created, rules,
        }
    }

    fn to_json(&self, base: &str, rules: bool) -> Value {
        let href = format!("{base}/api/v1/policies/{}", self.id);
        // System policies cannot be deleted or deactivated: a self link allowing GET and PUT only, no toggle.
        let allow = if self.system { json!(["GET", "PUT"]) } else { json!(["GET", "PUT", "DELETE"]) };
        let mut links = json!({
            "self": {"href": href, "hints": {"allow": allow}},
            "rules": {"href": format!("{href}/rules"), "hints": {"allow": ["GET", "POST"]}},
        });
        if !self.system {
            let toggle = if self.active { "deactivate" } else { "activate" };
            links[toggle] = json!({"href": format!("{href}/lifecycle/{toggle}"), "hints": {"allow": ["POST"]}});
        }
        if self.kind == "ACCESS_POLICY" {
            links["mappings"] = json!({"href": format!("{href}/mappings"), "hints": {"allow": ["GET"]}});
        }
        let mut v = json!({
            "id": self.id, "type": self.kind, "name": self.name, "status": status(self.active), "priority": self.priority,
            "system": self.system, "created": iso(self.created), "lastUpdated": iso(self.last_updated),
            "conditions": self.conditions, "settings": self.settings, "_links": links,
        });
        if let Some(d) = &self.description {
            v["description"] = json!(d);
        }
        if rules {
            v["_embedded"] = json!({"rules": self.sorted_rules().iter().map(|r| r.to_json(base, self)).collect::<Vec<_>>()});
        }
        v
    }

    fn sorted_rules(&self) -> Vec<&Rule> {
        let mut rules: Vec<&Rule> = self.rules.iter().collect();
        rules.sort_by_key(|r| r.priority);
        rules
    }

    fn target(&self) -> Value {
        json!({"id": self.id, "type": "PolicyEntity", "alternateId": "unknown", "displayName": self.name, "detailEntry": null})
    }
}

/// Okta's priority rule: 1..n without gaps in the current order, the system entry last. The entry at
/// `moved` (if any) goes to the place it asks for, clamped to the places before the system entry, or
/// just before the system entry when it asks for none. Returns each entry's priority in input order.
fn reorder(entries: &[(u32, bool)], moved: Option<(usize, Option<u32>)>) -> Vec<u32> {
    let mut order: Vec<usize> = (0..entries.len()).filter(|i| Some(*i) != moved.map(|m| m.0)).collect();
    order.sort_by_key(|&i| (entries[i].1, entries[i].0));
    if let Some((i, wanted)) = moved {
        let before_system = order.iter().filter(|&&j| !entries[j].1).count();
        let at = if entries[i].1 { order.len() } else { wanted.map_or(before_system, |p| (p.max(1) as usize - 1).min(before_system)) };
        order.insert(at, i);
    }
    let mut priorities = vec![0; entries.len()];
    for (rank, i) in order.into_iter().enumerate() {
        priorities[i] = rank as u32 + 1;
    }
    priorities
}

/// Renumbers the policies of one type.
fn reorder_policies(org: &mut Org, kind: &str, moved: Option<(&str, Option<u32>)>) {
    let idx: Vec<usize> = (0..org.policies.len()).filter(|&i| org.policies[i].kind == kind).collect();
    let entries: Vec<(u32, bool)> = idx.iter().map(|&i| (org.policies[i].priority, org.policies[i].system)).collect();
    let moved = moved.and_then(|(id, p)| idx.iter().position(|&i| org.policies[i].id == id).map(|at| (at, p)));
    for (k, p) in reorder(&entries, moved).into_iter().enumerate() {
        org.policies[idx[k]].priority = p;
    }
}

fn reorder_rules(policy: &mut Policy, moved: Option<(&str, Option<u32>)>) {
    let entries: Vec<(u32, bool)> = policy.rules.iter().map(|r| (r.priority, r.system)).collect();
    let moved = moved.and_then(|(id, p)| policy.rules.iter().position(|r| r.id == id).map(|at| (at, p)));
    for (k, p) in reorder(&entries, moved).into_iter().enumerate() {
        policy.rules[k].priority = p;
    }
}

/// The org's default access and profile-enrollment policies, which new apps are assigned to.
pub(crate) fn app_policies(policies: &[Policy]) -> AppPolicies {
    let default = |kind: &str| policies.iter().find(|p| p.kind == kind && p.system).map(|p| p.id.clone()).unwrap_or_default();
    AppPolicies { access: default("ACCESS_POLICY"), profile_enrollment: default("PROFILE_ENROLLMENT") }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/policies", get(list_policies).post(create_policy))
        .route("/api/v1/policies/{id}", get(get_policy).put(replace_policy).delete(delete_policy))
        .route("/api/v1/policies/{id}/lifecycle/{op}", post(policy_lifecycle))
        .route("/api/v1/policies/{id}/mappings", get(mappings))
        .route("/api/v1/policies/{id}/rules", get(list_rules).post(create_rule))
        .route("/api/v1/policies/{id}/rules/{ruleId}", get(get_rule).put(replace_rule).delete(delete_rule))
        .route("/api/v1/policies/{id}/rules/{ruleId}/lifecycle/{op}", post(rule_lifecycle))
        .route("/api/v1/apps/{appId}/policies/{policyId}", put(assign_app_policy))
}

fn find<'a>(org: &'a Org, id: &str) -> ApiResult<&'a Policy> {
    org.policies.iter().find(|p| p.id == id).ok_or_else(|| ApiError::not_found(id, "Policy"))
}

fn find_mut<'a>(org: &'a mut Org, id: &str) -> ApiResult<&'a mut Policy> {
    org.policies.iter_mut().find(|p| p.id == id).ok_or_else(|| ApiError::not_found(id, "Policy"))
}

fn find_rule<'a>(policy: &'a Policy, id: &str) -> ApiResult<&'a Rule> {
    policy.rules.iter().find(|r| r.id == id).ok_or_else(|| ApiError::not_found(id, "PolicyRule"))
}

/// Refusal of a change to a system (default) policy or rule [infer: the code; the rule is the spec's].
fn immutable(what: &str) -> ApiError {
    ApiError::validation(&[(what, format!("The default {what} cannot be deleted or deactivated"))])
}

/// Apps whose sign-in policy this is.
fn assigned_apps(org: &Org, policy_id: &str) -> Vec<String> {
    org.apps.values().filter(|a| a.policies.access == policy_id).map(|a| a.id.clone()).collect()
}

/// The apps that keep an ACCESS_POLICY from being deactivated or deleted (Okta refuses both while it is in use).
fn in_use(org: &Org, policy: &Policy) -> ApiResult<()> {
    let apps = assigned_apps(org, &policy.id);
    match apps.first() {
        Some(app) if policy.kind == "ACCESS_POLICY" => Err(ApiError::validation(&[("policy", format!("The policy is in use by {} app(s), e.g. {app}; assign them another policy first", apps.len()))])),
        _ => Ok(()),
    }
}

/// A name, present and at most [`MAX_NAME`] characters, not used by a sibling (`siblings` yields their names).
fn check_name<'a>(body: &Value, siblings: impl Iterator<Item = &'a str>, errors: &mut Vec<(String, String)>) -> String {
    let name = body["name"].as_str().map(str::trim).unwrap_or("").to_string();
    if name.is_empty() {
        errors.push(("name".into(), "The field cannot be left blank".into()));
    } else if name.chars().count() > MAX_NAME {
        errors.push(("name".into(), format!("size must be between 1 and {MAX_NAME}")));
    } else if siblings.into_iter().any(|s| s.eq_ignore_ascii_case(&name)) {
        errors.push(("name".into(), "An object with this field already exists in the current organization".into()));
    }
    name
}

/// `priority`: absent, or an integer of at least 1 (0 for ACCESS_POLICY rules, placed first like 1).
fn check_priority(body: &Value, errors: &mut Vec<(String, String)>) -> Option<u32> {
    match &body["priority"] {
        Value::Null => None,
        v => match v.as_u64() {
            Some(p) => Some(p.min(u32::MAX as u64) as u32),
            None => {
                errors.push(("priority".into(), "Must be a non-negative integer".into()));
                None
            }
        },
    }
}

/// `conditions`/`settings`/`actions`: absent, null or an object.
fn check_object(body: &Value, field: &str, errors: &mut Vec<(String, String)>) -> Option<Value> {
    match &body[field] {
        Value::Null => None,
        v @ Value::Object(_) => Some(v.clone()),
        _ => {
            errors.push((field.into(), "Must be an object".into()));
            None
        }
    }
}

fn done(errors: Vec<(String, String)>) -> ApiResult<()> {
    if errors.is_empty() { Ok(()) } else { Err(ApiError::validation(&errors)) }
}

/// `type` is required; `status`, `q` (name prefix), `sortBy=name`, paging.
async fn list_policies(ctx: Ctx) -> ApiResult {
    let kind = match ctx.param("type") {
        Some(t) if POLICY_TYPES.contains(&t) => t,
        Some(_) => return Err(ApiError::validation(&[("type", "Invalid policy type")])),
        None => return Err(ApiError::new(400, "E0000028", "The request is missing a required parameter: type")),
    };
    let wanted = ctx.param("status");
    let q = ctx.param("q").map(str::to_lowercase);
    let rules = ctx.expand(|e| e == "rules")?.is_some();
    let org = ctx.shared.org.lock().unwrap();
    let mut hits: Vec<&Policy> = org
        .policies
        .iter()
        .filter(|p| p.kind == kind)
        .filter(|p| wanted.is_none_or(|s| s == status(p.active)))
        .filter(|p| q.as_deref().is_none_or(|q| p.name.to_lowercase().starts_with(q)))
        .collect();
    if ctx.param("sortBy") == Some("name") {
        hits.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    } else {
        hits.sort_by_key(|p| (p.priority, p.id.clone()));
    }
    let (hits, next) = paging::page(hits, |p| p.id.as_str(), ctx.after(&["00p", "rst"])?, ctx.limit(200, 200)?);
    Ok(paging::respond(&ctx, hits.iter().map(|p| p.to_json(&ctx.base, rules)).collect(), next.as_deref()))
}

async fn get_policy(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let p = find(&org, &id)?;
    Ok(ok(p.to_json(&ctx.base, ctx.expand(|e| e == "rules")?.is_some())))
}

/// `activate` (default true) decides the status; without it the body's `status` does. App sign-in and
/// user profile policies start with their catch-all rule.
async fn create_policy(ctx: Ctx, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let kind = match body["type"].as_str() {
        Some(t) if POLICY_TYPES.contains(&t) => t,
        _ => return Err(ApiError::new(400, "E0000002", "The request was not valid: Invalid policy type specified.")),
    };
    let Some(&(kind, ..)) = writable(kind) else {
        return Err(ApiError::validation(&[("type", format!("Policies of type {kind} cannot be created"))]));
    };
    let active = match ctx.param("activate") {
        Some(_) => ctx.flag("activate", true)?,
        None => body["status"].as_str() != Some("INACTIVE"),
    };
    let mut org = ctx.shared.org.lock().unwrap();
    let mut errors = Vec::new();
    let name = check_name(&body, org.policies.iter().filter(|p| p.kind == kind).map(|p| p.name.as_str()), &mut errors);
    let priority = check_priority(&body, &mut errors);
    let conditions = check_object(&body, "conditions", &mut errors);
    let settings = check_object(&body, "settings", &mut errors);
    done(errors)?;
    let now = ctx.now();
    let id = org.rng.id(if kind == "ACCESS_POLICY" { "rst" } else { "00p" });
    let rules = if matches!(kind, "ACCESS_POLICY" | "PROFILE_ENROLLMENT") { vec![Rule::default_for(&id, kind, now)] } else { Vec::new() };
    let policy = Policy {
        id: id.clone(), kind, name, description: body["description"].as_str().map(str::to_string), active, priority: 0, system: false,
        created: now, last_updated: now, conditions: conditions.unwrap_or_else(|| default_conditions(kind)),
        settings: settings.unwrap_or_else(|| default_settings(kind)), rules,
    };
    let target = policy.target();
    org.policies.push(policy);
    reorder_policies(&mut org, kind, Some((&id, priority)));
    org.emit(&ctx, "policy.lifecycle.create", vec![target.clone()]);
    if active {
        org.emit(&ctx, "policy.lifecycle.activate", vec![target]);
    }
    Ok(ok(find(&org, &id)?.to_json(&ctx.base, false)))
}

/// A replace: `name` and `type` (unchanged) required; absent `description`, `conditions` and `settings`
/// fall back to the type's defaults. A system policy's priority is read-only.
async fn replace_policy(ctx: Ctx, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let current = find(&org, &id)?.clone();
    let mut errors = Vec::new();
    if body["type"].as_str() != Some(current.kind) {
        errors.push(("type".into(), format!("The policy type cannot be changed; this policy is {}", current.kind)));
    }
    let siblings = org.policies.iter().filter(|p| p.kind == current.kind && p.id != id).map(|p| p.name.as_str());
    let name = check_name(&body, siblings, &mut errors);
    let priority = check_priority(&body, &mut errors);
    if current.system && priority.is_some_and(|p| p != current.priority) {
        errors.push(("priority".into(), "Cannot modify the priority attribute because it is read-only.".into()));
    }
    let conditions = check_object(&body, "conditions", &mut errors);
    let settings = check_object(&body, "settings", &mut errors);
    done(errors)?;
    let policy = find_mut(&mut org, &id)?;
    policy.name = name;
    policy.description = body["description"].as_str().map(str::to_string);
    policy.conditions = conditions.unwrap_or_else(|| default_conditions(current.kind));
    policy.settings = settings.unwrap_or_else(|| default_settings(current.kind));
    policy.last_updated = ctx.now();
    let target = policy.target();
    if priority.is_some() {
        reorder_policies(&mut org, current.kind, Some((&id, priority)));
    }
    org.emit(&ctx, "policy.lifecycle.update", vec![target]);
    Ok(ok(find(&org, &id)?.to_json(&ctx.base, false)))
}

async fn delete_policy(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let policy = find(&org, &id)?.clone();
    if policy.system {
        return Err(immutable("policy"));
    }
    in_use(&org, &policy)?;
    org.policies.retain(|p| p.id != id);
    reorder_policies(&mut org, policy.kind, None);
    org.emit(&ctx, "policy.lifecycle.delete", vec![policy.target()]);
    Ok(no_content())
}

/// 204 whatever the status was (repeating is harmless); system policies and in-use app sign-in
/// policies are never deactivated.
async fn policy_lifecycle(ctx: Ctx, Path((id, op)): Path<(String, String)>) -> ApiResult {
    let active = ApiError::activation(&op, &ctx.path)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let policy = find(&org, &id)?.clone();
    if !active {
        if policy.system {
            return Err(immutable("policy"));
        }
        in_use(&org, &policy)?;
    }
    let now = ctx.now();
    let p = find_mut(&mut org, &id)?;
    (p.active, p.last_updated) = (active, now);
    org.emit(&ctx, &format!("policy.lifecycle.{op}"), vec![policy.target()]);
    Ok(no_content())
}

/// The apps an app sign-in policy is assigned to; each mapping's id is the app's.
async fn mappings(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    find(&org, &id)?;
    let href = format!("{}/api/v1/policies/{id}", ctx.base);
    let items = assigned_apps(&org, &id)
        .into_iter()
        .map(|app| json!({"id": app, "_links": {
            "self": {"href": format!("{href}/mappings/{app}"), "hints": {"allow": ["GET", "DELETE"]}},
            "application": {"href": format!("{}/api/v1/apps/{app}", ctx.base), "hints": {"allow": ["GET", "PUT", "DELETE"]}},
            "policy": {"href": href, "hints": {"allow": ["GET", "PUT", "DELETE"]}},
        }}))
        .collect();
    Ok(ok(Value::Array(items)))
}

async fn list_rules(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let p = find(&org, &id)?;
    Ok(ok(Value::Array(p.sorted_rules().iter().map(|r| r.to_json(&ctx.base, p)).collect())))
}

/// The validated parts of a rule body for `policy`: name, priority, conditions and actions.
fn rule_spec(policy: &Policy, body: &Value, except: Option<&str>) -> ApiResult<(String, Option<u32>, Option<Value>, Option<Value>)> {
    let Some(&(_, rule_type, action_keys)) = writable(policy.kind) else {
        return Err(ApiError::validation(&[("type", format!("Rules of {} policies are read-only", policy.kind))]));
    };
    let mut errors = Vec::new();
    match body["type"].as_str() {
        None => {}
        Some(t) if t == rule_type => {}
        Some(t) => errors.push(("type".into(), format!("A {} policy takes {rule_type} rules, not {t}", policy.kind))),
    }
    let siblings = policy.rules.iter().filter(|r| Some(r.id.as_str()) != except).map(|r| r.name.as_str());
    let name = check_name(body, siblings, &mut errors);
    let priority = check_priority(body, &mut errors);
    let conditions = check_object(body, "conditions", &mut errors);
    let actions = check_object(body, "actions", &mut errors);
    for key in actions.iter().flat_map(|a| a.as_object().into_iter().flat_map(|m| m.keys())) {
        if !action_keys.contains(&key.as_str()) {
            errors.push((format!("actions.{key}"), format!("A {rule_type} rule takes the actions {}", action_keys.join(", "))));
        }
    }
    done(errors)?;
    Ok((name, priority, conditions, actions))
}

/// `activate` (default true); the rule `type` must be the policy's (it is filled in when absent). User
/// profile policies take no rules beyond their one default rule (the spec's note).
async fn create_rule(ctx: Ctx, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let active = ctx.flag("activate", true)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let policy = find(&org, &id)?;
    if policy.kind == "PROFILE_ENROLLMENT" {
        return Err(ApiError::validation(&[("policy", "A PROFILE_ENROLLMENT policy takes no rules beyond its default rule")]));
    }
    let (name, priority, conditions, actions) = rule_spec(policy, &body, None)?;
    let kind = policy.kind;
    let now = ctx.now();
    let rule_id = org.rng.id("0pr");
    let rule = Rule {
        id: rule_id.clone(), name, active, priority: 0, system: false, created: now, last_updated: now,
        conditions: conditions.unwrap_or_else(|| json!({"people": {"users": {"exclude": []}}})), actions: actions.unwrap_or_else(|| default_actions(kind)),
    };
    let target = rule.target();
    let policy = find_mut(&mut org, &id)?;
    policy.rules.push(rule);
    reorder_rules(policy, Some((&rule_id, priority)));
    let rendered = find_rule(policy, &rule_id)?.to_json(&ctx.base, policy);
    org.emit(&ctx, "policy.rule.add", vec![target]);
    Ok(ok(rendered))
}

async fn get_rule(ctx: Ctx, Path((id, rule)): Path<(String, String)>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let p = find(&org, &id)?;
    Ok(ok(find_rule(p, &rule)?.to_json(&ctx.base, p)))
}

/// A replace of name, priority, conditions and actions; a default rule keeps its place.
async fn replace_rule(ctx: Ctx, Path((id, rule_id)): Path<(String, String)>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let policy = find(&org, &id)?;
    let current = find_rule(policy, &rule_id)?.clone();
    let (name, priority, conditions, actions) = rule_spec(policy, &body, Some(&rule_id))?;
    if current.system && priority.is_some_and(|p| p != current.priority) {
        return Err(ApiError::validation(&[("priority", "Cannot modify the priority attribute because it is read-only.")]));
    }
    let kind = policy.kind;
    let now = ctx.now();
    let policy = find_mut(&mut org, &id)?;
    let rule = policy.rules.iter_mut().find(|r| r.id == rule_id).unwrap();
    rule.name = name;
    rule.conditions = conditions.unwrap_or(Value::Null);
    rule.actions = actions.unwrap_or_else(|| default_actions(kind));
    rule.last_updated = now;
    let target = rule.target();
    if priority.is_some() {
        reorder_rules(policy, Some((&rule_id, priority)));
    }
    let rendered = find_rule(policy, &rule_id)?.to_json(&ctx.base, policy);
    org.emit(&ctx, "policy.rule.update", vec![target]);
    Ok(ok(rendered))
}

async fn delete_rule(ctx: Ctx, Path((id, rule_id)): Path<(String, String)>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let rule = find_rule(find(&org, &id)?, &rule_id)?.clone();
    if rule.system {
        return Err(immutable("rule"));
    }
    let policy = find_mut(&mut org, &id)?;
    policy.rules.retain(|r| r.id != rule_id);
    reorder_rules(policy, None);
    org.emit(&ctx, "policy.rule.delete", vec![rule.target()]);
    Ok(no_content())
}

async fn rule_lifecycle(ctx: Ctx, Path((id, rule_id, op)): Path<(String, String, String)>) -> ApiResult {
    let active = ApiError::activation(&op, &ctx.path)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let rule = find_rule(find(&org, &id)?, &rule_id)?.clone();
    if rule.system && !active {
        return Err(immutable("rule"));
    }
    let now = ctx.now();
    let policy = find_mut(&mut org, &id)?;
    let r = policy.rules.iter_mut().find(|r| r.id == rule_id).unwrap();
    (r.active, r.last_updated) = (active, now);
    org.emit(&ctx, &format!("policy.rule.{op}"), vec![rule.target()]);
    Ok(no_content())
}

/// Makes the ACCESS_POLICY the app's sign-in policy, replacing the one it had (204).
async fn assign_app_policy(ctx: Ctx, Path((app_id, policy_id)): Path<(String, String)>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    super::apps::find(&org, &app_id)?;
    let policy = find(&org, &policy_id)?;
    if policy.kind != "ACCESS_POLICY" {
        let message = format!("An invalid resource type (\"{policy_id}\") was supplied: {} is a {} policy, apps take an ACCESS_POLICY", policy.name, policy.kind);
        return Err(ApiError::validation(&[("policyId", message)]));
    }
    let now = ctx.now();
    let app = org.apps.get_mut(&app_id).unwrap();
    (app.policies.access, app.last_updated) = (policy_id, now);
    let target = app.target();
    org.emit(&ctx, "application.policy.sign_on.update", vec![target]);
    Ok(no_content())
}

#[cfg(test)]
mod tests {
    use super::reorder;

    #[test]
    fn priorities_have_no_gaps_and_the_system_entry_stays_last() {
        // Two custom policies and the default; a new one asking for 1 goes first, one asking for 9 goes before the default.
        let entries = [(1, false), (2, false), (3, true), (0, false)];
        assert_eq!(reorder(&entries, Some((3, Some(1)))), vec![2, 3, 4, 1]);
        assert_eq!(reorder(&entries, Some((3, Some(9)))), vec![1, 2, 4, 3]);
        assert_eq!(reorder(&entries, Some((3, None))), vec![1, 2, 4, 3]);
        // Deleting the first closes the gap.
        assert_eq!(reorder(&[(2, false), (3, true)], None), vec![1, 2]);
    }
}
