//! A user's enrolled factors: `/api/v1/users/{userId}/factors`.

use crate::error::Result;
use crate::http::{percent_encode, query, Method, Okta, Query};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{Map, Value};

/// Okta answers every enrolled factor at once (no paging); typed (`Factor`) for actions, `Value` for pickers.
pub fn list<T: DeserializeOwned>(okta: &Okta, user_id: &str) -> Result<Vec<T>> {
    okta.get(&format!("/api/v1/users/{}/factors", percent_encode(user_id)), &Query::new())
}

/// An enrolled factor as Okta returns it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Factor {
    /// The factor's id (`ufs…`, `mfa…`, `opf…`).
    pub id: String,
    /// e.g. `push`, `sms`, `token:software:totp`, `webauthn`.
    pub factor_type: String,
    pub provider: String,
    #[serde(default)]
    pub status: Option<String>,
    /// Phone number, device or credential id, depending on the factor type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

pub fn unenroll(okta: &Okta, user: &str, factor: &str, remove_recovery: bool) -> Result<()> {
    let query = query([("removeRecoveryEnrollment", remove_recovery.to_string())]);
    okta.call::<Value>(Method::Delete, &format!("/api/v1/users/{}/factors/{}", percent_encode(user), percent_encode(factor)), &query, None).map(drop)
}
