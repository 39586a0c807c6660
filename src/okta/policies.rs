//! Policies: `/api/v1/policies`.

use crate::error::Result;
use crate::http::{percent_encode, Listing, Method, Okta, Query};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{Map, Value};

/// Okta's policy types; listing policies needs one of them.
pub const POLICY_TYPES: &[&str] = &[
    "OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT", "IDP_DISCOVERY", "ENTITY_RISK",
    "POST_AUTH_SESSION", "DEVICE_SIGNAL_COLLECTION", "SESSION_VIOLATION_DETECTION", "CLIENT_UPDATE", "IDENTITY_CLAIM_SOURCING",
];

/// A policy; `conditions` and `settings` differ per type and are kept as Okta sent them.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// Okta's id of the policy (`00p…`).
    pub id: String,
    /// OKTA_SIGN_ON, PASSWORD, MFA_ENROLL, ACCESS_POLICY, …
    #[serde(rename = "type")]
    pub policy_type: String,
    pub name: String,
    /// ACTIVE or INACTIVE.
    pub status: String,
    #[serde(default)]
    pub priority: Option<i64>,
    /// Okta's own policy (it cannot be deleted).
    #[serde(default)]
    pub system: bool,
    #[serde(default)]
    pub description: Option<String>,
    /// With `expand=rules`: `{"rules": [...]}`.
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `query` must hold `type`; `T` is [`Policy`] or a plain JSON value.
pub fn list<T: DeserializeOwned>(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<T>> {
    okta.list("/api/v1/policies", query, max_pages)
}

pub fn get<T: DeserializeOwned>(okta: &Okta, id: &str, expand: Option<&str>) -> Result<T> {
    let query: Query = expand.map(|e| ("expand".to_string(), e.to_string())).into_iter().collect();
    okta.get(&path(id), &query)
}

/// The types whose policies and rules the API writes: the policy type, its rules' `type`, and the
/// `actions` members those rules take (the spec's `*PolicyRuleActions`).
pub const WRITABLE: &[(&str, &str, &[&str])] = &[
    ("OKTA_SIGN_ON", "SIGN_ON", &["signon"]),
    ("PASSWORD", "PASSWORD", &["passwordChange", "selfServicePasswordReset", "selfServiceUnlock"]),
    ("MFA_ENROLL", "MFA_ENROLL", &["enroll"]),
    ("ACCESS_POLICY", "ACCESS_POLICY", &["appSignOn"]),
    ("PROFILE_ENROLLMENT", "PROFILE_ENROLLMENT", &["profileEnrollment"]),
];

/// The row of [`WRITABLE`] for a policy type or a rule type.
pub fn writable(policy_or_rule_type: &str) -> Option<&'static (&'static str, &'static str, &'static [&'static str])> {
    WRITABLE.iter().find(|w| w.0 == policy_or_rule_type || w.1 == policy_or_rule_type)
}

/// A policy rule; `conditions` and `actions` differ per type and are kept as Okta sent them.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRule {
    /// Okta's id of the rule (`0pr…`).
    pub id: String,
    pub name: String,
    /// SIGN_ON, PASSWORD, MFA_ENROLL, ACCESS_POLICY, PROFILE_ENROLLMENT, …
    #[serde(rename = "type")]
    pub rule_type: String,
    /// ACTIVE or INACTIVE.
    pub status: String,
    #[serde(default)]
    pub priority: Option<i64>,
    /// The policy's default rule (it cannot be deleted or deactivated).
    #[serde(default)]
    pub system: bool,
    #[serde(default)]
    pub conditions: Option<Value>,
    #[serde(default)]
    pub actions: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn path(id: &str) -> String {
    format!("/api/v1/policies/{}", percent_encode(id))
}

fn rule_path(policy: &str, rule: Option<&str>) -> String {
    match rule {
        Some(rule) => format!("{}/rules/{}", path(policy), percent_encode(rule)),
        None => format!("{}/rules", path(policy)),
    }
}

pub fn create<T: DeserializeOwned>(okta: &Okta, body: &Value, activate: bool) -> Result<T> {
    okta.send(Method::Post, "/api/v1/policies", &crate::http::query([("activate", activate.to_string())]), body)
}

pub fn replace<T: DeserializeOwned>(okta: &Okta, id: &str, body: &Value) -> Result<T> {
    okta.send(Method::Put, &path(id), &Query::new(), body)
}

pub fn delete(okta: &Okta, id: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &path(id), &Query::new(), None).map(drop)
}

/// `activate`/`deactivate` of a policy, or of one of its rules (204).
pub fn lifecycle(okta: &Okta, policy: &str, rule: Option<&str>, op: &str) -> Result<()> {
    let target = if rule.is_some() { rule_path(policy, rule) } else { path(policy) };
    okta.call::<Value>(Method::Post, &format!("{target}/lifecycle/{op}"), &Query::new(), None).map(drop)
}

/// Every rule of the policy (Okta does not page them).
pub fn rules<T: DeserializeOwned>(okta: &Okta, policy: &str) -> Result<Vec<T>> {
    okta.get(&rule_path(policy, None), &Query::new())
}

pub fn rule<T: DeserializeOwned>(okta: &Okta, policy: &str, rule: &str) -> Result<T> {
    okta.get(&rule_path(policy, Some(rule)), &Query::new())
}

pub fn create_rule<T: DeserializeOwned>(okta: &Okta, policy: &str, body: &Value, activate: bool) -> Result<T> {
    okta.send(Method::Post, &rule_path(policy, None), &crate::http::query([("activate", activate.to_string())]), body)
}

pub fn replace_rule<T: DeserializeOwned>(okta: &Okta, policy: &str, rule: &str, body: &Value) -> Result<T> {
    okta.send(Method::Put, &rule_path(policy, Some(rule)), &Query::new(), body)
}

pub fn delete_rule(okta: &Okta, policy: &str, rule: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &rule_path(policy, Some(rule)), &Query::new(), None).map(drop)
}

/// Makes an ACCESS_POLICY the app's sign-in policy (204).
pub fn assign_to_app(okta: &Okta, app_id: &str, policy: &str) -> Result<()> {
    let target = format!("/api/v1/apps/{}/policies/{}", percent_encode(app_id), percent_encode(policy));
    okta.call::<Value>(Method::Put, &target, &Query::new(), None).map(drop)
}
