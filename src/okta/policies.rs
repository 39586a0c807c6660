//! Policies: `/api/v1/policies`.

use crate::error::Result;
use crate::http::{percent_encode, Listing, Okta, Query};
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
    okta.get(&format!("/api/v1/policies/{}", percent_encode(id)), &query)
}
