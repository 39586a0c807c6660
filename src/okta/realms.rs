//! Realms: `/api/v1/realms`.

use crate::error::Result;
use crate::http::{percent_encode, Listing, Okta, Query};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{Map, Value};

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

/// `T` is [`Realm`] or a plain JSON value.
pub fn list<T: DeserializeOwned>(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<T>> {
    okta.list("/api/v1/realms", query, max_pages)
}

pub fn get<T: DeserializeOwned>(okta: &Okta, id: &str) -> Result<T> {
    okta.get(&format!("/api/v1/realms/{}", percent_encode(id)), &Query::new())
}
