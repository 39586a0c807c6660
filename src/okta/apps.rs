//! Applications and their assignments: `/api/v1/apps`, `/apps/{id}/users`, `/apps/{id}/groups`,
//! `/users/{id}/appLinks`.

use crate::error::Result;
use crate::http::{percent_encode, Listing, Method, Okta, Query};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{Map, Value};

/// An app instance as Okta returns it; sign-on-mode specific parts stay as Okta sent them.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct App {
    /// Okta's id of the app (`0oa…`).
    pub id: String,
    /// The app definition key, e.g. `bookmark`, `workday`, `oidc_client`.
    pub name: String,
    pub label: String,
    /// ACTIVE, INACTIVE or DELETED.
    pub status: String,
    /// BOOKMARK, AUTO_LOGIN, BROWSER_PLUGIN, SAML_2_0, OPENID_CONNECT, …
    pub sign_on_mode: String,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(default)]
    pub features: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Value>,
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Value>,
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A user's assignment to an app: app-specific profile and credentials.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppUser {
    /// The Okta user's id (`00u…`).
    pub id: String,
    /// USER (assigned directly) or GROUP (through a group assignment).
    pub scope: String,
    /// ACTIVE, PROVISIONED, STAGED, …
    pub status: String,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(default)]
    pub status_changed: Option<String>,
    #[serde(default)]
    pub password_changed: Option<String>,
    /// DISABLED, SYNCHRONIZED, SYNCING, OUT_OF_SYNC or ERROR.
    #[serde(default)]
    pub sync_state: Option<String>,
    #[serde(default)]
    pub last_sync: Option<String>,
    /// `userName`, and `password: {}` when one is set (Okta never returns its value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Value>,
    /// Attributes of the app's user schema.
    #[serde(default)]
    pub profile: Map<String, Value>,
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Value>,
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A group's assignment to an app.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppGroup {
    /// The group's id (`00g…`).
    pub id: String,
    /// Which group's profile wins when a user is in several assigned groups (0 is highest).
    #[serde(default)]
    pub priority: Option<i64>,
    /// App profile values given to the group's members.
    #[serde(default)]
    pub profile: Map<String, Value>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Value>,
    #[serde(default, rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An app link on a user's dashboard.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppLink {
    /// Okta's quirk: the *user's* id.
    pub id: String,
    pub label: String,
    pub link_url: String,
    #[serde(default)]
    pub logo_url: Option<String>,
    pub app_name: String,
    /// The app's id (`0oa…`).
    pub app_instance_id: String,
    #[serde(default)]
    pub app_assignment_id: Option<String>,
    #[serde(default)]
    pub credentials_setup: bool,
    #[serde(default)]
    pub hidden: bool,
    #[serde(default)]
    pub sort_order: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A key credential of an app (Okta's JsonWebKey): the X.509 certificate an app signs with.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppKey {
    /// The key's id; SAML metadata is asked for by it.
    pub kid: String,
    /// RSA.
    #[serde(default)]
    pub kty: Option<String>,
    /// `sig`.
    #[serde(default, rename = "use")]
    pub key_use: Option<String>,
    /// The certificate chain, standard base64 DER, the signing certificate first.
    #[serde(default)]
    pub x5c: Vec<String>,
    #[serde(default)]
    pub created: Option<String>,
    /// When the certificate expires.
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    /// The RSA public exponent and modulus, base64url.
    #[serde(default)]
    pub e: Option<String>,
    #[serde(default)]
    pub n: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn app_path(app_id: &str) -> String {
    format!("/api/v1/apps/{}", percent_encode(app_id))
}

fn expand(expand: Option<&str>) -> Query {
    expand.map(|e| ("expand".to_string(), e.to_string())).into_iter().collect()
}

pub fn get<T: DeserializeOwned>(okta: &Okta, app_id: &str, expand_: Option<&str>) -> Result<T> {
    okta.get(&app_path(app_id), &expand(expand_))
}

/// `T` is [`App`] or a plain JSON value.
pub fn list<T: DeserializeOwned>(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<T>> {
    okta.list("/api/v1/apps", query, max_pages)
}

pub fn create<T: DeserializeOwned>(okta: &Okta, body: &Value, activate: bool) -> Result<T> {
    okta.send(Method::Post, "/api/v1/apps", &crate::http::query([("activate", activate.to_string())]), body)
}

/// `activate` or `deactivate`; Okta answers `{}`, an empty 200 or a 204 depending on the org's age.
pub fn lifecycle(okta: &Okta, app_id: &str, op: &str) -> Result<()> {
    okta.call::<Value>(Method::Post, &format!("{}/lifecycle/{op}", app_path(app_id)), &Query::new(), None).map(drop)
}

pub fn delete(okta: &Okta, app_id: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &app_path(app_id), &Query::new(), None).map(drop)
}

pub fn assign_user<T: DeserializeOwned>(okta: &Okta, app_id: &str, body: &Value) -> Result<T> {
    okta.send(Method::Post, &format!("{}/users", app_path(app_id)), &Query::new(), body)
}

fn app_user_path(app_id: &str, user_id: &str) -> String {
    format!("{}/users/{}", app_path(app_id), percent_encode(user_id))
}

pub fn get_user<T: DeserializeOwned>(okta: &Okta, app_id: &str, user_id: &str, expand_: Option<&str>) -> Result<T> {
    okta.get(&app_user_path(app_id, user_id), &expand(expand_))
}

/// The app's assignments; `T` is [`AppUser`] or a plain JSON value.
pub fn users<T: DeserializeOwned>(okta: &Okta, app_id: &str, query: &Query, max_pages: u32) -> Result<Listing<T>> {
    okta.list(&format!("{}/users", app_path(app_id)), query, max_pages)
}

/// A partial update of the assignment's profile and/or credentials.
pub fn update_user<T: DeserializeOwned>(okta: &Okta, app_id: &str, user_id: &str, body: &Value) -> Result<T> {
    okta.send(Method::Post, &app_user_path(app_id, user_id), &Query::new(), body)
}

pub fn remove_user(okta: &Okta, app_id: &str, user_id: &str, send_email: bool) -> Result<()> {
    let query = crate::http::query([("sendEmail", send_email.to_string())]);
    okta.call::<Value>(Method::Delete, &app_user_path(app_id, user_id), &query, None).map(drop)
}

pub fn app_links<T: DeserializeOwned>(okta: &Okta, user_id: &str) -> Result<Vec<T>> {
    okta.get(&format!("/api/v1/users/{}/appLinks", percent_encode(user_id)), &Query::new())
}

fn app_group_path(app_id: &str, group_id: &str) -> String {
    format!("{}/groups/{}", app_path(app_id), percent_encode(group_id))
}

pub fn assign_group<T: DeserializeOwned>(okta: &Okta, app_id: &str, group_id: &str, body: &Value) -> Result<T> {
    okta.send(Method::Put, &app_group_path(app_id, group_id), &Query::new(), body)
}

pub fn list_groups<T: DeserializeOwned>(okta: &Okta, app_id: &str, query: &Query, max_pages: u32) -> Result<Listing<T>> {
    okta.list(&format!("{}/groups", app_path(app_id)), query, max_pages)
}

pub fn remove_group(okta: &Okta, app_id: &str, group_id: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &app_group_path(app_id, group_id), &Query::new(), None).map(drop)
}

/// The app's key credentials; `T` is [`AppKey`] or a plain JSON value.
pub fn keys<T: DeserializeOwned>(okta: &Okta, app_id: &str) -> Result<Vec<T>> {
    okta.get(&format!("{}/credentials/keys", app_path(app_id)), &Query::new())
}

pub fn key<T: DeserializeOwned>(okta: &Okta, app_id: &str, kid: &str) -> Result<T> {
    okta.get(&format!("{}/credentials/keys/{}", app_path(app_id), percent_encode(kid)), &Query::new())
}

/// The app's SAML IdP metadata for the key `kid`, as the XML Okta serves.
pub fn saml_metadata(okta: &Okta, app_id: &str, kid: &str) -> Result<String> {
    let query = crate::http::query([("kid", kid.to_string())]);
    okta.text(&format!("{}/sso/saml/metadata", app_path(app_id)), &query, "text/xml")
}
