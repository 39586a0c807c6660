//! Custom identity sources: import sessions and their bulk uploads,
//! `/api/v1/identity-sources/{id}/sessions`.

use crate::error::{Error, Result};
use crate::http::{percent_encode, Method, Okta, Query};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{Map, Value};

/// Profiles Okta takes per bulk request.
pub const BATCH: usize = 200;
/// Users Okta takes per session.
pub const PER_SESSION: usize = 10_000;

/// An import session of an identity source.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// The session's id; later calls name it.
    pub id: String,
    pub identity_source_id: String,
    /// CREATED (takes uploads), TRIGGERED (importing), COMPLETED, CLOSED, EXPIRED or ERROR.
    pub status: String,
    /// Always INCREMENTAL.
    #[serde(default)]
    pub import_type: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn sessions_path(source: &str) -> String {
    format!("/api/v1/identity-sources/{}/sessions", percent_encode(source))
}

fn session_path(source: &str, session: &str) -> String {
    format!("{}/{}", sessions_path(source), percent_encode(session))
}

/// A bodiless POST answered with the session.
fn post<T: DeserializeOwned>(okta: &Okta, path: &str) -> Result<T> {
    okta.call(Method::Post, path, &Query::new(), None)?.ok_or_else(|| Error::Internal("Okta answered without the session".into()))
}

pub fn create<T: DeserializeOwned>(okta: &Okta, source: &str) -> Result<T> {
    post(okta, &sessions_path(source))
}

pub fn list<T: DeserializeOwned>(okta: &Okta, source: &str) -> Result<Vec<T>> {
    okta.get(&sessions_path(source), &Query::new())
}

pub fn get<T: DeserializeOwned>(okta: &Okta, source: &str, session: &str) -> Result<T> {
    okta.get(&session_path(source, session), &Query::new())
}

pub fn delete(okta: &Okta, source: &str, session: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &session_path(source, session), &Query::new(), None).map(drop)
}

pub fn start<T: DeserializeOwned>(okta: &Okta, source: &str, session: &str) -> Result<T> {
    post(okta, &format!("{}/start-import", session_path(source, session)))
}

/// One bulk request (`bulk-upsert` or `bulk-delete`) of at most [`BATCH`] profiles; Okta answers 202.
pub fn upload(okta: &Okta, source: &str, session: &str, operation: &str, profiles: &[Value]) -> Result<()> {
    let body = serde_json::json!({"entityType": "USERS", "profiles": profiles});
    okta.call::<Value>(Method::Post, &format!("{}/{operation}", session_path(source, session)), &Query::new(), Some(&body)).map(drop)
}
