//! Groups: `/api/v1/groups` and a user's groups.

use crate::error::Result;
use crate::http::{percent_encode, Listing, Okta, Query};
use serde_json::Value;

pub fn list(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<Value>> {
    okta.list("/api/v1/groups", query, max_pages)
}

/// `GET /api/v1/users/{id}/groups`: the groups the user is a member of.
pub fn of_user(okta: &Okta, user_id: &str, max_pages: u32) -> Result<Listing<Value>> {
    okta.list(&format!("/api/v1/users/{}/groups", percent_encode(user_id)), &Query::new(), max_pages)
}
