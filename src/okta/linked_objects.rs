//! Linked objects: relationship definitions (`/api/v1/meta/schemas/user/linkedObjects`) and a user's
//! values (`/api/v1/users/{id}/linkedObjects/…`).

use crate::error::Result;
use crate::http::{percent_encode, Method, Okta, Query};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One side of a relationship, e.g. the `manager` primary or the `subordinate` associated.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LinkedObjectSide {
    /// API name: starts with a letter; letters, digits and `_` only.
    pub name: String,
    /// Display name.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Always `USER`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// A relationship definition as Okta returns it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LinkedObject {
    pub primary: LinkedObjectSide,
    pub associated: LinkedObjectSide,
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One value of a user's relationship: Okta's link to the other user.
#[derive(Debug, Clone, Deserialize)]
pub struct Link {
    #[serde(rename = "_links")]
    pub links: Value,
}

const DEFINITIONS: &str = "/api/v1/meta/schemas/user/linkedObjects";

fn definition_path(name: &str) -> String {
    format!("{DEFINITIONS}/{}", percent_encode(name))
}

pub fn list(okta: &Okta) -> Result<Vec<LinkedObject>> {
    okta.get(DEFINITIONS, &Query::new())
}

pub fn create(okta: &Okta, definition: &LinkedObject) -> Result<LinkedObject> {
    okta.send(Method::Post, DEFINITIONS, &Query::new(), definition)
}

/// By the primary or the associated name.
pub fn get(okta: &Okta, name: &str) -> Result<LinkedObject> {
    okta.get(&definition_path(name), &Query::new())
}

/// Removes the whole definition, whichever of its names is given.
pub fn delete(okta: &Okta, name: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &definition_path(name), &Query::new(), None).map(drop)
}

fn values_path(user: &str, relationship: &str) -> String {
    format!("/api/v1/users/{}/linkedObjects/{}", percent_encode(user), percent_encode(relationship))
}

/// Makes `primary_user` the primary of `associated_user` in the `primary_name` relationship.
pub fn set_value(okta: &Okta, associated_user: &str, primary_name: &str, primary_user: &str) -> Result<()> {
    let path = format!("{}/{}", values_path(associated_user, primary_name), percent_encode(primary_user));
    okta.call::<Value>(Method::Put, &path, &Query::new(), None).map(drop)
}

/// By a primary name: the user's primary; by an associated name: every user whose primary this user is.
pub fn values(okta: &Okta, user: &str, relationship: &str) -> Result<Vec<Link>> {
    okta.get(&values_path(user, relationship), &Query::new())
}

pub fn remove_value(okta: &Okta, associated_user: &str, primary_name: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &values_path(associated_user, primary_name), &Query::new(), None).map(drop)
}
