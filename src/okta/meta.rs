//! Profile schemas and user types: `/api/v1/meta/schemas/…` and `/api/v1/meta/types/user`.

use crate::error::{Error, Result};
use crate::http::{percent_encode, Method, Okta, Query};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

/// A user type (Employee, Contractor, …); its profile schema is named by `_links.schema.href`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserType {
    /// Okta's id of the type (`oty…`).
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The org's default type, given to users created without one.
    #[serde(default)]
    pub default: bool,
    #[serde(default, rename = "_links")]
    pub links: Value,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UserType {
    /// The schema id (`osc…`) from `_links.schema.href`, the only place Okta gives it.
    pub fn schema_id(&self) -> Result<String> {
        let href = self.links.pointer("/schema/href").and_then(Value::as_str);
        href.and_then(|h| h.rsplit('/').next()).filter(|id| !id.is_empty()).map(str::to_string).ok_or_else(|| {
            Error::Internal(format!("user type {} has no schema link", self.id))
        })
    }
}

/// A UserSchema-shaped document (user, group and app-user schemas share it).
#[derive(Debug, Clone, Deserialize)]
pub struct Schema {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub definitions: Definitions,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Definitions {
    #[serde(default)]
    pub base: Section,
    #[serde(default)]
    pub custom: Section,
}

/// `definitions.base` or `definitions.custom`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Section {
    #[serde(default)]
    pub properties: Map<String, Value>,
    #[serde(default)]
    pub required: Vec<String>,
}

/// One attribute definition, with the keys that drive a form (API-NOTES §11).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribute {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub items: Option<Value>,
    #[serde(rename = "enum")]
    pub enumeration: Option<Vec<Value>>,
    pub one_of: Option<Vec<Value>>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<Number>,
    pub maximum: Option<Number>,
    pub pattern: Option<String>,
    pub format: Option<String>,
    /// READ_WRITE, READ_ONLY, WRITE_ONLY or IMMUTABLE.
    pub mutability: Option<String>,
    pub required: Option<bool>,
    pub default: Option<Value>,
}

pub fn user_types(okta: &Okta) -> Result<Vec<UserType>> {
    okta.get("/api/v1/meta/types/user", &Query::new())
}

fn type_path(type_id: &str) -> String {
    format!("/api/v1/meta/types/user/{}", percent_encode(type_id))
}

pub fn user_type(okta: &Okta, type_id: &str) -> Result<UserType> {
    okta.get(&type_path(type_id), &Query::new())
}

/// `{name, displayName, description?}`.
pub fn create_user_type(okta: &Okta, body: &Value) -> Result<UserType> {
    okta.send(Method::Post, "/api/v1/meta/types/user", &Query::new(), body)
}

/// `POST` changes the fields sent; `PUT` replaces them (Okta requires `name`, `displayName` and `description`).
pub fn update_user_type(okta: &Okta, type_id: &str, body: &Value, replace: bool) -> Result<UserType> {
    okta.send(if replace { Method::Put } else { Method::Post }, &type_path(type_id), &Query::new(), body)
}

pub fn delete_user_type(okta: &Okta, type_id: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &type_path(type_id), &Query::new(), None).map(drop)
}

/// `schema_id` is a user type's schema id or `default`.
pub fn user_schema(okta: &Okta, schema_id: &str) -> Result<Schema> {
    okta.get(&format!("/api/v1/meta/schemas/user/{}", percent_encode(schema_id)), &Query::new())
}

pub fn group_schema(okta: &Okta) -> Result<Schema> {
    okta.get("/api/v1/meta/schemas/group/default", &Query::new())
}

pub fn app_user_schema(okta: &Okta, app_id: &str) -> Result<Schema> {
    okta.get(&format!("/api/v1/meta/schemas/apps/{}/default", percent_encode(app_id)), &Query::new())
}
