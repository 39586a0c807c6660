//! Groups: `/api/v1/groups`, a user's groups, members and owners.

use crate::error::Result;
use crate::http::{percent_encode, Listing, Method, Okta, Query, RawItem};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// An Okta group as Okta returns it; unknown properties are kept in `extra`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// Okta's id of the group (`00g…`).
    pub id: String,
    /// OKTA_GROUP (managed in Okta), APP_GROUP (imported from an app) or BUILT_IN (`Everyone`).
    #[serde(rename = "type")]
    pub group_type: String,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(default)]
    pub last_membership_updated: Option<String>,
    #[serde(default)]
    pub object_class: Vec<String>,
    pub profile: GroupProfile,
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Value>,
    /// `stats` (`usersCount`, `appsCount`, …) with `expand=stats`; `app` with `expand=app`.
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A group's profile: name, description and any custom attributes.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupProfile {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(flatten)]
    pub attributes: Map<String, Value>,
}

/// An owner of a group: a user or a group whose members own it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupOwner {
    /// The owning user's or group's id.
    pub id: String,
    /// USER or GROUP.
    #[serde(rename = "type")]
    pub owner_type: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// OKTA_DIRECTORY, or APPLICATION when the ownership comes from an app.
    #[serde(default)]
    pub origin_type: Option<String>,
    #[serde(default)]
    pub resolved: Option<bool>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

pub fn path(group: &str) -> String {
    format!("/api/v1/groups/{}", percent_encode(group))
}

pub fn create<T: DeserializeOwned>(okta: &Okta, profile: &Map<String, Value>) -> Result<T> {
    okta.send(Method::Post, "/api/v1/groups", &Vec::new(), &json!({ "profile": profile }))
}

pub fn get<T: DeserializeOwned>(okta: &Okta, group: &str, query: &Query) -> Result<T> {
    okta.get(&path(group), query)
}

/// `PUT`: Okta replaces the whole profile.
pub fn replace<T: DeserializeOwned>(okta: &Okta, group: &str, profile: &Map<String, Value>) -> Result<T> {
    okta.send(Method::Put, &path(group), &Vec::new(), &json!({ "profile": profile }))
}

pub fn delete(okta: &Okta, group: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &path(group), &Vec::new(), None).map(drop)
}

/// Typed (`Group`) for actions, `Value` for pickers.
pub fn list<T: DeserializeOwned>(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<T>> {
    okta.list("/api/v1/groups", query, max_pages)
}

/// `GET /api/v1/users/{id}/groups`: the groups the user is a member of.
pub fn of_user<T: DeserializeOwned>(okta: &Okta, user_id: &str, max_pages: u32) -> Result<Listing<T>> {
    okta.list(&format!("/api/v1/users/{}/groups", percent_encode(user_id)), &Query::new(), max_pages)
}

pub fn members(okta: &Okta, group: &str, query: &Query, max_pages: u32) -> Result<Listing<RawItem>> {
    okta.list(&format!("{}/users", path(group)), query, max_pages)
}

/// `PUT` (add) or `DELETE` (remove) `/groups/{id}/users/{userId}`; both answer 204 and are idempotent.
pub fn membership(okta: &Okta, method: Method, group: &str, user: &str) -> Result<()> {
    okta.call::<Value>(method, &format!("{}/users/{}", path(group), percent_encode(user)), &Vec::new(), None).map(drop)
}

pub fn owners(okta: &Okta, group: &str, query: &Query, max_pages: u32) -> Result<Listing<RawItem>> {
    okta.list(&format!("{}/owners", path(group)), query, max_pages)
}

pub fn add_owner<T: DeserializeOwned>(okta: &Okta, group: &str, owner: &str, owner_type: &str) -> Result<T> {
    okta.send(Method::Post, &format!("{}/owners", path(group)), &Vec::new(), &json!({ "id": owner, "type": owner_type }))
}

pub fn remove_owner(okta: &Okta, group: &str, owner: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &format!("{}/owners/{}", path(group), percent_encode(owner)), &Vec::new(), None).map(drop)
}
