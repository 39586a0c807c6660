//! Input pieces shared by several actions.

use crate::error::{Error, Result};
use schemars::JsonSchema;
use serde::Deserialize;

/// How much of a listing to return (Okta Workflows' "Result Set" option).
#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "camelCase")]
pub enum ResultSet {
    /// The first matching record only (asks Okta for one).
    First,
    /// One page (`limit` records); `nextCursor` resumes.
    Page,
    /// Every page, up to 100; `nextCursor` resumes when the cap was reached.
    All,
}

impl ResultSet {
    /// The result set `resultSet` and the Prismatic-style `fetchAll` ask for together.
    pub fn resolve(given: Option<ResultSet>, fetch_all: bool) -> Result<ResultSet> {
        match (given, fetch_all) {
            (Some(r), true) if r != ResultSet::All => Err(Error::invalid("fetchAll", "contradicts `resultSet`; give one of them")),
            (Some(r), _) => Ok(r),
            (None, true) => Ok(ResultSet::All),
            (None, false) => Ok(ResultSet::Page),
        }
    }

    pub fn max_pages(self) -> u32 {
        super::pages(self == ResultSet::All)
    }

    /// The `limit` to send: one record for `first`, else the caller's.
    pub fn limit(self, limit: Option<u32>) -> Option<u32> {
        if self == ResultSet::First { Some(1) } else { limit }
    }
}
