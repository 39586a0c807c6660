//! Org-wide reads: policies (`/api/v1/policies`), realms (`/api/v1/realms`) and user types
//! (`/api/v1/meta/types/user`).

use crate::error::Result;
use crate::http::{percent_encode, Listing, Okta, Query};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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

/// A realm: a partition of the org's users.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Realm {
    /// Okta's id of the realm (`guo…`).
    pub id: String,
    #[serde(default)]
    pub is_default: bool,
    /// `name`, `realmType` (DEFAULT or PARTNER) and `domains`.
    pub profile: Map<String, Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A user type (Employee, Contractor, …); its profile schema is at `_links.schema.href`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserType {
    /// Okta's id of the type (`oty…`).
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The org's default type, given to users created without one.
    #[serde(default)]
    pub default: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

pub fn list_policies(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<Policy>> {
    okta.list("/api/v1/policies", query, max_pages)
}

pub fn get_policy(okta: &Okta, id: &str, expand: Option<&str>) -> Result<Policy> {
    let query: Query = expand.map(|e| ("expand".to_string(), e.to_string())).into_iter().collect();
    okta.get(&format!("/api/v1/policies/{}", percent_encode(id)), &query)
}

pub fn list_realms(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<Realm>> {
    okta.list("/api/v1/realms", query, max_pages)
}

pub fn get_realm(okta: &Okta, id: &str) -> Result<Realm> {
    okta.get(&format!("/api/v1/realms/{}", percent_encode(id)), &Query::new())
}

/// Okta returns every type at once (at most ten); there is no paging.
pub fn list_user_types(okta: &Okta) -> Result<Vec<UserType>> {
    okta.get("/api/v1/meta/types/user", &Query::new())
}

pub fn get_user_type(okta: &Okta, id: &str) -> Result<UserType> {
    okta.get(&format!("/api/v1/meta/types/user/{}", percent_encode(id)), &Query::new())
}
