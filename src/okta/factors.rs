//! A user's factors: `/api/v1/users/{userId}/factors` — enrolled factors, the catalog of supported
//! ones, security questions, enrollment, activation and verification.

use crate::error::{Error, Result};
use crate::http::{percent_encode, query, Method, Okta, Query};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{Map, Value};

/// `/api/v1/users/{user}/factors` followed by `rest` (empty or starting with `/`).
fn path(user: &str, rest: &str) -> String {
    format!("/api/v1/users/{}/factors{rest}", percent_encode(user))
}

/// `/{factor}` followed by `rest`.
fn of(factor: &str, rest: &str) -> String {
    format!("/{}{rest}", percent_encode(factor))
}

/// Okta answers every enrolled factor at once (no paging); typed (`Factor`) for actions, `Value` for pickers.
pub fn list<T: DeserializeOwned>(okta: &Okta, user_id: &str) -> Result<Vec<T>> {
    okta.get(&path(user_id, ""), &Query::new())
}

/// The factors the user may enroll under the enrollment policy that applies (not paged).
pub fn catalog<T: DeserializeOwned>(okta: &Okta, user: &str) -> Result<Vec<T>> {
    okta.get(&path(user, "/catalog"), &Query::new())
}

/// The questions a `question` factor can use (not paged).
pub fn questions<T: DeserializeOwned>(okta: &Okta, user: &str) -> Result<Vec<T>> {
    okta.get(&path(user, "/questions"), &Query::new())
}

pub fn get<T: DeserializeOwned>(okta: &Okta, user: &str, factor: &str) -> Result<T> {
    okta.get(&path(user, &of(factor, "")), &Query::new())
}

/// Enrolls `body` (`factorType`, `provider`, `profile`); `query` carries `activate`, `updatePhone`.
pub fn enroll(okta: &Okta, user: &str, body: &Value, query: &Query) -> Result<Value> {
    okta.send(Method::Post, &path(user, ""), query, body)
}

/// Completes a pending enrollment with `{"passCode": …}`; Okta answers the now ACTIVE factor.
pub fn activate<T: DeserializeOwned>(okta: &Okta, user: &str, factor: &str, body: &Value) -> Result<T> {
    okta.send(Method::Post, &path(user, &of(factor, "/lifecycle/activate")), &Query::new(), body)
}

/// Verifies with `{"passCode"}` or `{"answer"}`; without a body, SMS, call, email and push send a challenge.
pub fn verify(okta: &Okta, user: &str, factor: &str, body: Option<&Value>) -> Result<Verification> {
    okta.call(Method::Post, &path(user, &of(factor, "/verify")), &Query::new(), body)?
        .ok_or_else(|| Error::Internal("Okta answered a factor verification without a result".into()))
}

pub fn unenroll(okta: &Okta, user: &str, factor: &str, remove_recovery: bool) -> Result<()> {
    let query = query([("removeRecoveryEnrollment", remove_recovery.to_string())]);
    okta.call::<Value>(Method::Delete, &path(user, &of(factor, "")), &query, None).map(drop)
}

/// An enrolled factor as Okta returns it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Factor {
    /// The factor's id (`ufs…`, `mbl…`, `ost…`, `emf…`).
    pub id: String,
    /// e.g. `push`, `sms`, `token:software:totp`, `webauthn`.
    pub factor_type: String,
    pub provider: String,
    /// `ACTIVE`, or `PENDING_ACTIVATION` until an activation completes the enrollment.
    #[serde(default)]
    pub status: Option<String>,
    /// Phone number, email, question, device or credential id, depending on the factor type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A factor the user may enroll (an entry of the catalog).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupportedFactor {
    pub factor_type: String,
    pub provider: String,
    /// `NOT_SETUP`, or the status of the user's enrollment.
    #[serde(default)]
    pub status: Option<String>,
    /// `OPTIONAL` or `REQUIRED` under the enrollment policy.
    #[serde(default)]
    pub enrollment: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A security question a `question` factor can use.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SecurityQuestion {
    /// The key to enroll with, e.g. `disliked_food`.
    pub question: String,
    pub question_text: String,
}

/// Okta's answer to a verification.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    pub factor_result: String,
    #[serde(default)]
    pub factor_message: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub profile: Option<Value>,
    #[serde(default, rename = "_links")]
    pub links: Option<Value>,
}
