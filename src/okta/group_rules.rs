//! Group rules: `/api/v1/groups/rules`.

use crate::error::Result;
use crate::http::{percent_encode, Listing, Method, Okta, Query, RawItem};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{Map, Value};

/// A group rule as Okta returns it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupRule {
    /// The rule's id (`0pr…`).
    pub id: String,
    pub name: String,
    /// ACTIVE, INACTIVE (as created) or INVALID (a target group or attribute it uses is gone).
    pub status: String,
    #[serde(default, rename = "type")]
    pub rule_type: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    /// `expression.value` (Okta Expression Language) and `people.users.exclude`.
    #[serde(default)]
    pub conditions: Option<Value>,
    /// `assignUserToGroups.groupIds`.
    #[serde(default)]
    pub actions: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

pub fn path(rule: &str) -> String {
    format!("/api/v1/groups/rules/{}", percent_encode(rule))
}

/// The new rule's id, and the rule as Okta sent it.
pub fn create(okta: &Okta, body: &Value) -> Result<(String, super::Raw<GroupRule>)> {
    let rule: super::Raw<GroupRule> = okta.send(Method::Post, "/api/v1/groups/rules", &Vec::new(), body)?;
    let id = serde_json::from_str::<Value>(rule.0.get()).ok().and_then(|v| v["id"].as_str().map(str::to_string));
    Ok((id.ok_or_else(|| crate::error::Error::Internal("Okta's new group rule has no id".into()))?, rule))
}

pub fn get<T: DeserializeOwned>(okta: &Okta, rule: &str) -> Result<T> {
    okta.get(&path(rule), &Vec::new())
}

pub fn replace<T: DeserializeOwned>(okta: &Okta, rule: &str, body: &Value) -> Result<T> {
    okta.send(Method::Put, &path(rule), &Vec::new(), body)
}

pub fn delete(okta: &Okta, rule: &str, remove_users: bool) -> Result<()> {
    okta.call::<Value>(Method::Delete, &path(rule), &crate::http::query([("removeUsers", remove_users.to_string())]), None).map(drop)
}

/// `POST …/lifecycle/{activate,deactivate}` (204).
pub fn lifecycle(okta: &Okta, rule: &str, op: &str) -> Result<()> {
    okta.call::<Value>(Method::Post, &format!("{}/lifecycle/{op}", path(rule)), &Vec::new(), None).map(drop)
}

pub fn list(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<RawItem>> {
    okta.list("/api/v1/groups/rules", query, max_pages)
}
