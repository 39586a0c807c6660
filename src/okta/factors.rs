//! A user's enrolled factors: `/api/v1/users/{userId}/factors`.

use crate::error::Result;
use crate::http::{percent_encode, Okta, Query};
use serde_json::Value;

/// Okta answers every enrolled factor at once (no paging).
pub fn list(okta: &Okta, user_id: &str) -> Result<Vec<Value>> {
    okta.get(&format!("/api/v1/users/{}/factors", percent_encode(user_id)), &Query::new())
}
