//! Policies: `/api/v1/policies`.

use crate::error::Result;
use crate::http::{Listing, Okta, Query};
use serde_json::Value;

/// Okta's policy types; listing policies needs one of them.
pub const POLICY_TYPES: &[&str] = &[
    "OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT", "IDP_DISCOVERY", "ENTITY_RISK",
    "POST_AUTH_SESSION", "DEVICE_SIGNAL_COLLECTION", "SESSION_VIOLATION_DETECTION", "CLIENT_UPDATE", "IDENTITY_CLAIM_SOURCING",
];

/// `query` must hold `type`.
pub fn list(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<Value>> {
    okta.list("/api/v1/policies", query, max_pages)
}
