//! Input pieces shared by several actions.

use crate::error::{Error, Result};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// No input (an action over the whole org, e.g. a list Okta sends at once).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoInput {}

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

/// The rules of Okta's searchable lists: `sortBy` only with `search`, `sortOrder` only with `sortBy`,
/// and `extraParameters` may not repeat a parameter that has its own field.
pub fn check_search(search: &Option<String>, sort_by: &Option<String>, sort_order: bool, extra: &BTreeMap<String, String>, own: &[&str]) -> Result<()> {
    if sort_by.is_some() && search.is_none() {
        return Err(Error::invalid("sortBy", "Okta sorts only results of a `search`"));
    }
    if sort_order && sort_by.is_none() {
        return Err(Error::invalid("sortOrder", "has no effect without `sortBy`"));
    }
    match extra.keys().find(|k| k.is_empty() || own.contains(&k.as_str())) {
        Some(key) => Err(Error::invalid(format!("extraParameters.{key}"), "use the field of that name instead")),
        None => Ok(()),
    }
}
