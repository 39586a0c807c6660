//! Org-wide reads: policies and realms.

use super::users::SortOrder;
use super::{in_range, non_empty, pages, query_of};
use crate::error::{Error, Result};
use crate::http::Okta;
use crate::okta::policies::{self, Policy};
use crate::okta::realms::{self, Realm};
use crate::okta::Raw;
use crate::registry::{Action, Flags, READ};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// ACTIVE or INACTIVE.
#[derive(Deserialize, Serialize, JsonSchema, Clone, Copy)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Active,
    Inactive,
}

/// The wire form of a unit enum value (its serde name).
fn wire<T: Serialize>(v: T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub struct ListPolicies;

/// Which policies; Okta needs the type.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListPoliciesInput {
    /// OKTA_SIGN_ON, PASSWORD, MFA_ENROLL, ACCESS_POLICY, …
    #[serde(rename = "type")]
    #[schemars(extend("enum" = policies::POLICY_TYPES))]
    pub policy_type: String,
    #[serde(default)]
    pub status: Option<Status>,
    /// Prefix match on the policy's name.
    #[serde(default)]
    pub q: Option<String>,
    /// `rules` embeds each policy's rules (up to 20) under `_embedded.rules`.
    #[serde(default)]
    pub expand: Option<String>,
    /// `name` sorts by name instead of priority.
    #[serde(default)]
    pub sort_by: Option<String>,
    /// The authorization server the policies belong to, for ACCESS_POLICY.
    #[serde(default)]
    pub resource_id: Option<String>,
    /// Policies per page (1–200).
    #[serde(default)]
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u32>,
    /// Cursor to resume from: the `nextCursor` of an earlier call.
    #[serde(default)]
    pub after: Option<String>,
    /// Every page (up to 100 pages) instead of one.
    #[serde(default)]
    pub fetch_all: bool,
}

/// A page (or all pages) of policies.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListPoliciesOutput {
    /// Pass as `after` to continue; absent when the listing reached its end.
    pub next_cursor: Option<String>,
    pub policies: Vec<Raw<Policy>>,
    pub pages: u32,
}

impl Action for ListPolicies {
    const KEY: &'static str = "list-policies";
    const LABEL: &'static str = "List Policies";
    const DESCRIPTION: &'static str = "Lists the org's policies of one type, by priority, optionally with their rules.";
    const FLAGS: Flags = READ;
    type Input = ListPoliciesInput;
    type Output = ListPoliciesOutput;

    fn validate(input: &ListPoliciesInput) -> Result<()> {
        if !policies::POLICY_TYPES.contains(&input.policy_type.as_str()) {
            return Err(Error::invalid("type", "not an Okta policy type"));
        }
        if input.sort_by.as_deref().is_some_and(|s| s != "name") {
            return Err(Error::invalid("sortBy", "Okta sorts policies only by `name`"));
        }
        in_range("limit", input.limit, 1, 200)
    }

    fn run(okta: &Okta, input: ListPoliciesInput) -> Result<ListPoliciesOutput> {
        let query = query_of([
            ("type", Some(input.policy_type)),
            ("status", input.status.map(wire)),
            ("q", input.q),
            ("expand", input.expand),
            ("sortBy", input.sort_by),
            ("resourceId", input.resource_id),
            ("limit", input.limit.map(|l| l.to_string())),
            ("after", input.after),
        ]);
        let listing = policies::list(okta, &query, pages(input.fetch_all))?;
        Ok(ListPoliciesOutput { policies: listing.items, next_cursor: listing.next_cursor, pages: listing.pages })
    }
}

pub struct GetPolicy;

/// Which policy.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetPolicyInput {
    /// The policy's id (`00p…`).
    #[schemars(length(min = 1))]
    pub policy_id: String,
    /// `rules` embeds the policy's rules under `_embedded.rules`.
    #[serde(default)]
    pub expand: Option<String>,
}

impl Action for GetPolicy {
    const KEY: &'static str = "get-policy";
    const LABEL: &'static str = "Get Policy";
    const DESCRIPTION: &'static str = "Reads one policy by id, optionally with its rules.";
    const FLAGS: Flags = READ;
    type Input = GetPolicyInput;
    type Output = Raw<Policy>;

    fn validate(input: &GetPolicyInput) -> Result<()> {
        non_empty("policyId", &input.policy_id)
    }

    fn run(okta: &Okta, input: GetPolicyInput) -> Result<Raw<Policy>> {
        policies::get(okta, input.policy_id.trim(), input.expand.as_deref())
    }
}

pub struct ListRealms;

/// Which realms.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListRealmsInput {
    /// Okta search expression; realms take `profile.name co "…"`.
    #[serde(default)]
    pub search: Option<String>,
    /// Property to sort a `search` by, e.g. `profile.name`.
    #[serde(default)]
    pub sort_by: Option<String>,
    /// Sort direction for `sortBy`; Okta's default is ascending.
    #[serde(default)]
    pub sort_order: Option<SortOrder>,
    /// Realms per page (1–200; Okta's default is 200, or 10 with `search`).
    #[serde(default)]
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u32>,
    /// Cursor to resume from: the `nextCursor` of an earlier call.
    #[serde(default)]
    pub after: Option<String>,
    /// Every page (up to 100 pages) instead of one.
    #[serde(default)]
    pub fetch_all: bool,
}

/// A page (or all pages) of realms.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListRealmsOutput {
    /// Pass as `after` to continue; absent when the listing reached its end.
    pub next_cursor: Option<String>,
    pub realms: Vec<Raw<Realm>>,
    pub pages: u32,
}

impl Action for ListRealms {
    const KEY: &'static str = "list-realms";
    const LABEL: &'static str = "List Realms";
    const DESCRIPTION: &'static str = "Lists the org's realms, optionally searched by name and sorted.";
    const FLAGS: Flags = READ;
    type Input = ListRealmsInput;
    type Output = ListRealmsOutput;

    fn validate(input: &ListRealmsInput) -> Result<()> {
        if input.sort_by.is_some() && input.search.is_none() {
            return Err(Error::invalid("sortBy", "Okta sorts only results of a `search`"));
        }
        if input.sort_order.is_some() && input.sort_by.is_none() {
            return Err(Error::invalid("sortOrder", "has no effect without `sortBy`"));
        }
        in_range("limit", input.limit, 1, 200)
    }

    fn run(okta: &Okta, input: ListRealmsInput) -> Result<ListRealmsOutput> {
        let query = query_of([
            ("search", input.search),
            ("sortBy", input.sort_by),
            ("sortOrder", input.sort_order.map(|o| if matches!(o, SortOrder::Asc) { "asc" } else { "desc" }.to_string())),
            ("limit", input.limit.map(|l| l.to_string())),
            ("after", input.after),
        ]);
        let listing = realms::list(okta, &query, pages(input.fetch_all))?;
        Ok(ListRealmsOutput { realms: listing.items, next_cursor: listing.next_cursor, pages: listing.pages })
    }
}

pub struct GetRealm;

/// Which realm.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetRealmInput {
    /// The realm's id (`guo…`).
    #[schemars(length(min = 1))]
    pub realm_id: String,
}

impl Action for GetRealm {
    const KEY: &'static str = "get-realm";
    const LABEL: &'static str = "Get Realm";
    const DESCRIPTION: &'static str = "Reads one realm by id.";
    const FLAGS: Flags = READ;
    type Input = GetRealmInput;
    type Output = Raw<Realm>;

    fn validate(input: &GetRealmInput) -> Result<()> {
        non_empty("realmId", &input.realm_id)
    }

    fn run(okta: &Okta, input: GetRealmInput) -> Result<Raw<Realm>> {
        realms::get(okta, input.realm_id.trim())
    }
}
