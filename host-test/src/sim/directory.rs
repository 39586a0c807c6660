//! Realms (API-NOTES §15) and policies (§14): read-only, seeded.

use super::apps::model::AppPolicies;
use super::clock::{iso, Millis};
use super::ctx::{ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::filter::{self, Dialect, Op};
use super::{paging, Shared};
use axum::extract::Path;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;

pub(crate) const POLICY_TYPES: &[&str] = &[
    "OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT", "IDP_DISCOVERY", "ENTITY_RISK",
    "POST_AUTH_SESSION", "DEVICE_SIGNAL_COLLECTION", "SESSION_VIOLATION_DETECTION", "CLIENT_UPDATE", "IDENTITY_CLAIM_SOURCING",
];

/// Realms `search`: `profile.name co "…"` only.
const REALM_SEARCH: Dialect = Dialect { allows: |a, op| a == "profile.name" && op == Op::Co, allow_not: false, case_insensitive: true };

#[derive(Debug, Clone)]
pub(crate) struct Realm {
    pub id: String,
    pub name: String,
    pub default: bool,
    pub domains: Vec<String>,
    pub created: Millis,
}

#[derive(Debug, Clone)]
pub(crate) struct Policy {
    pub id: String,
    pub kind: &'static str,
    pub name: String,
    pub active: bool,
    pub priority: u32,
    pub system: bool,
    pub created: Millis,
}

impl Realm {
    fn to_json(&self, base: &str) -> Value {
        json!({
            "id": self.id, "created": iso(self.created), "lastUpdated": iso(self.created), "isDefault": self.default,
            // Real orgs send no `realmType` unless one was set, and a self link without hints.
            "profile": {"name": self.name, "domains": self.domains},
            "_links": {"self": {"rel": "self", "href": format!("{base}/api/v1/realms/{}", self.id), "method": "GET"}},
        })
    }
}

impl Policy {
    /// ACCESS_POLICY conditions live on the rules: real orgs send `null`.
    fn conditions(&self) -> Value {
        match self.kind {
            "ACCESS_POLICY" => Value::Null,
            _ => json!({"people": {"groups": {"include": []}}}),
        }
    }

    /// PASSWORD policies carry Okta's default password, recovery and delegation settings.
    fn settings(&self) -> Value {
        match self.kind {
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

    fn to_json(&self, base: &str, rules: bool) -> Value {
        let href = format!("{base}/api/v1/policies/{}", self.id);
        let toggle = if self.active { "deactivate" } else { "activate" };
        // System policies cannot be deleted: their self link allows GET and PUT only.
        let allow = if self.system { json!(["GET", "PUT"]) } else { json!(["GET", "PUT", "DELETE"]) };
        let mut v = json!({
            "id": self.id, "type": self.kind, "name": self.name, "description": format!("{} policy", self.name),
            "status": if self.active { "ACTIVE" } else { "INACTIVE" }, "priority": self.priority, "system": self.system,
            "created": iso(self.created), "lastUpdated": iso(self.created),
            "conditions": self.conditions(), "settings": self.settings(),
            "_links": {
                "self": {"href": href, "hints": {"allow": allow}},
                "rules": {"href": format!("{href}/rules"), "hints": {"allow": ["GET", "POST"]}},
                toggle: {"href": format!("{href}/lifecycle/{toggle}"), "hints": {"allow": ["POST"]}},
            },
        });
        if rules {
            v["_embedded"] = json!({"rules": []});
        }
        v
    }
}

/// The org's default access and profile-enrollment policies, which new apps are assigned to.
pub(crate) fn app_policies(policies: &[Policy]) -> AppPolicies {
    let default = |kind: &str| policies.iter().find(|p| p.kind == kind && p.system).map(|p| p.id.clone()).unwrap_or_default();
    AppPolicies { access: default("ACCESS_POLICY"), profile_enrollment: default("PROFILE_ENROLLMENT") }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/realms", get(list_realms))
        .route("/api/v1/realms/{id}", get(get_realm))
        .route("/api/v1/policies", get(list_policies))
        .route("/api/v1/policies/{id}", get(get_policy))
}

async fn list_realms(ctx: Ctx) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let search = ctx.param("search");
    let expr = search.map(|s| filter::parse(s, &REALM_SEARCH)).transpose().map_err(|e| ApiError::invalid_search(e.message()))?;
    let mut rows: Vec<(String, Value)> = org.realms.iter().map(|r| (r.id.clone(), r.to_json(&ctx.base))).collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(expr) = expr {
        rows.retain(|(_, v)| expr.matches(v, true));
        paging::sort_rows(&ctx, &mut rows);
    }
    // Real orgs page realms by 10 with or without `search` (their self Link says limit=10).
    let limit = ctx.limit(10, 200)?;
    let (rows, next) = paging::page(rows, |(id, _)| id.as_str(), ctx.after(&["guo"])?, limit);
    Ok(paging::respond(&ctx, rows.into_iter().map(|(_, v)| v).collect(), next.as_deref()))
}

async fn get_realm(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let realm = org.realms.iter().find(|r| r.id == id).ok_or_else(|| ApiError::not_found(&id, "Realm"))?;
    Ok(ok(realm.to_json(&ctx.base)))
}

/// `type` is required; `status`, `q` (name prefix), `sortBy=name`, paging.
async fn list_policies(ctx: Ctx) -> ApiResult {
    let kind = match ctx.param("type") {
        Some(t) if POLICY_TYPES.contains(&t) => t,
        Some(_) => return Err(ApiError::validation(&[("type", "Invalid policy type")])),
        None => return Err(ApiError::new(400, "E0000028", "The request is missing a required parameter: type")),
    };
    let status = ctx.param("status");
    let q = ctx.param("q").map(str::to_lowercase);
    let rules = ctx.expand(|e| e == "rules")?.is_some();
    let org = ctx.shared.org.lock().unwrap();
    let mut hits: Vec<&Policy> = org
        .policies
        .iter()
        .filter(|p| p.kind == kind)
        .filter(|p| status.is_none_or(|s| s == if p.active { "ACTIVE" } else { "INACTIVE" }))
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
    let p = org.policies.iter().find(|p| p.id == id).ok_or_else(|| ApiError::not_found(&id, "Policy"))?;
    Ok(ok(p.to_json(&ctx.base, ctx.expand(|e| e == "rules")?.is_some())))
}
