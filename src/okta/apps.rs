//! Applications: `/api/v1/apps` and their user assignments.

use crate::error::Result;
use crate::http::{percent_encode, Listing, Okta, Query};
use serde_json::Value;

pub fn list(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<Value>> {
    okta.list("/api/v1/apps", query, max_pages)
}

/// `GET /api/v1/apps/{appId}/users`: the app's assignments (AppUser objects).
pub fn users(okta: &Okta, app_id: &str, query: &Query, max_pages: u32) -> Result<Listing<Value>> {
    okta.list(&format!("/api/v1/apps/{}/users", percent_encode(app_id)), query, max_pages)
}
