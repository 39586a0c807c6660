//! Realms: `/api/v1/realms`.

use crate::error::Result;
use crate::http::{Listing, Okta, Query};
use serde_json::Value;

pub fn list(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<Value>> {
    okta.list("/api/v1/realms", query, max_pages)
}
