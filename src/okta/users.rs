//! Users: `/api/v1/users`.

use crate::error::Result;
use crate::http::{percent_encode, query, Listing, Method, Okta, Query, RawItem};
use serde::de::DeserializeOwned;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An Okta user as Okta returns it. Okta adds properties over time: unknown ones are kept in `extra`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Okta's id of the user (`00u…`); opaque.
    pub id: String,
    /// STAGED, PROVISIONED, ACTIVE, RECOVERY, LOCKED_OUT, PASSWORD_EXPIRED, SUSPENDED or DEPROVISIONED.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitioning_to_status: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub activated: Option<String>,
    #[serde(default)]
    pub status_changed: Option<String>,
    #[serde(default)]
    pub last_login: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(default)]
    pub password_changed: Option<String>,
    /// The user type, `{"id": "oty…"}`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub user_type: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realm_id: Option<String>,
    pub profile: Profile,
    /// Password presence, recovery question and provider; Okta never returns secrets here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Value>,
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Value>,
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A user's profile: the base attributes Okta defines plus any custom attributes of the org's schema.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// Unique sign-in name, usually email-shaped.
    pub login: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Every other attribute, base or custom, by its schema name.
    #[serde(flatten)]
    pub attributes: Map<String, Value>,
}

/// The body of `POST /api/v1/users`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateUser {
    pub profile: Map<String, Value>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub credentials: Map<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group_ids: Vec<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub user_type: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realm_id: Option<String>,
}

/// Query of `POST /api/v1/users`.
pub struct CreateOptions {
    pub activate: bool,
    pub provider: bool,
    pub next_login: Option<String>,
}

/// A user as [`User`], or as [`super::Raw<User>`] when it is only passed on.
pub fn get<T: DeserializeOwned>(okta: &Okta, id_or_login: &str, expand: Option<&str>) -> Result<T> {
    let query: Query = expand.map(|e| ("expand".to_string(), e.to_string())).into_iter().collect();
    okta.get(&format!("/api/v1/users/{}", percent_encode(id_or_login)), &query)
}

/// Users as Okta's JSON: a listing only passes them on, so they are not decoded into [`User`].
pub fn list(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<RawItem>> {
    okta.list("/api/v1/users", query, max_pages)
}

pub fn create<T: DeserializeOwned>(okta: &Okta, body: &CreateUser, options: &CreateOptions) -> Result<T> {
    let mut query = query([("activate", options.activate.to_string())]);
    if options.provider {
        query.push(("provider".into(), "true".into()));
    }
    if let Some(next) = &options.next_login {
        query.push(("nextLogin".into(), next.clone()));
    }
    okta.send(Method::Post, "/api/v1/users", &query, body)
}

fn path(user: &str) -> String {
    format!("/api/v1/users/{}", percent_encode(user))
}

/// `POST` merges the sent attributes (partial); `PUT` replaces the profile (strict).
pub fn update<T: DeserializeOwned>(okta: &Okta, user: &str, body: &Value, strict: bool) -> Result<T> {
    okta.send(if strict { Method::Put } else { Method::Post }, &path(user), &Vec::new(), body)
}

/// `POST /users/{id}/lifecycle/{op}`: Okta's answer when it has one (`{}`, a token object or the
/// user), `None` for a 204 or an empty 200.
pub fn lifecycle(okta: &Okta, user: &str, op: &str, query: &Query) -> Result<Option<Value>> {
    okta.call(Method::Post, &format!("{}/lifecycle/{op}", path(user)), query, None)
}

/// One `DELETE /users/{id}`: deactivates a user who is not DEPROVISIONED, removes one who is.
pub fn delete(okta: &Okta, user: &str, send_email: bool) -> Result<()> {
    okta.call::<Value>(Method::Delete, &path(user), &query([("sendEmail", send_email.to_string())]), None).map(drop)
}

/// `POST /users/{id}/credentials/{op}` (`change_password`, `change_recovery_question`): the credentials Okta keeps.
pub fn change_credentials(okta: &Okta, user: &str, op: &str, query: &Query, body: &Value) -> Result<Value> {
    okta.send(Method::Post, &format!("{}/credentials/{op}", path(user)), query, body)
}

/// `POST /users/{id}/credentials/forgot_password`: `{}` when Okta mails the link, `{resetPasswordUrl}` otherwise.
pub fn forgot_password(okta: &Okta, user: &str, send_email: bool) -> Result<Option<Value>> {
    okta.call(Method::Post, &format!("{}/credentials/forgot_password", path(user)), &query([("sendEmail", send_email.to_string())]), None)
}

/// `DELETE /users/{id}/sessions`.
pub fn clear_sessions(okta: &Okta, user: &str, oauth_tokens: bool, forget_devices: bool) -> Result<()> {
    let query = query([("oauthTokens", oauth_tokens.to_string()), ("forgetDevices", forget_devices.to_string())]);
    okta.call::<Value>(Method::Delete, &format!("{}/sessions", path(user)), &query, None).map(drop)
}
