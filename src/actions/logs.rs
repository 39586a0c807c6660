//! System Log actions.

use crate::error::{Error, Result};
use crate::http::{Okta, Query};
use crate::okta::logs::{self, LogEvent};
use crate::registry::{Action, Flags, READ};
use crate::time::parse_iso;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Prismatic's cap on one `fetchAll`.
const FETCH_ALL_MAX_RECORDS: u32 = 10_000;

/// Order by `published`.
#[derive(Deserialize, JsonSchema, Clone, Copy)]
pub enum LogSortOrder {
    #[serde(rename = "ASCENDING", alias = "asc")]
    Ascending,
    #[serde(rename = "DESCENDING", alias = "desc")]
    Descending,
}

pub struct GetSystemLogs;

/// Which events. `filter` and `q` follow Okta's System Log grammar and are sent as given.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetSystemLogsInput {
    /// Lower time bound (ISO 8601): on `published` for bounded requests, on persistence time for polling ones; default 7 days before `until`. Not with `after`.
    #[serde(default)]
    pub since: Option<String>,
    /// Upper time bound (ISO 8601). Its presence makes the request bounded.
    #[serde(default)]
    pub until: Option<String>,
    /// SCIM filter on any event field except `published`, e.g. `eventType eq "user.lifecycle.create"`.
    #[serde(default)]
    pub filter: Option<String>,
    /// Keywords, all of which must match (at most 10, each at most 40 characters).
    #[serde(default)]
    pub q: Option<String>,
    /// Events per page (1–1000; Okta's default 100).
    #[serde(default)]
    #[schemars(range(min = 1, max = 1000))]
    pub limit: Option<u32>,
    /// ASCENDING (default) or DESCENDING; a DESCENDING request is not a polling request.
    #[serde(default)]
    pub sort_order: Option<LogSortOrder>,
    /// Cursor to resume from: the `nextCursor` of an earlier call.
    #[serde(default)]
    pub after: Option<String>,
    /// Follow pages up to 10,000 events (a polling request stops at its first empty page).
    #[serde(default)]
    pub fetch_all: bool,
}

/// A page (or pages) of events.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SystemLogs {
    /// Pass as `after` to continue. A polling request always has one: calling again later returns only newer events.
    pub next_cursor: Option<String>,
    pub logs: Vec<LogEvent>,
    pub pages: u32,
    /// Whether this was a polling request (no `until`, ascending) rather than a bounded one.
    pub polling: bool,
}

impl Action for GetSystemLogs {
    const KEY: &'static str = "get-system-logs";
    const LABEL: &'static str = "Get System Logs";
    const DESCRIPTION: &'static str = "Reads System Log events for monitoring and audits, one page or (fetchAll) up to 10,000 records. With `until` the request is bounded: events between `since` and `until`, ordered by `published`, ending on the last page. Without `until` (and ascending) it is Okta's polling request: ordered by when Okta stored the events, it always offers a next cursor, so a later call with `after` returns only newer events — for a feed use the New System Logs trigger.";
    const ALIASES: &'static [&'static str] = &["Search System Logs"];
    const FLAGS: Flags = READ;
    type Input = GetSystemLogsInput;
    type Output = SystemLogs;

    fn validate(input: &GetSystemLogsInput) -> Result<()> {
        for (field, value) in [("since", &input.since), ("until", &input.until)] {
            if value.as_deref().is_some_and(|v| parse_iso(v).is_none()) {
                return Err(Error::invalid(field, "must be an ISO 8601 time such as 2026-01-31T00:00:00.000Z"));
            }
        }
        if let (Some(s), Some(u)) = (input.since.as_deref().and_then(parse_iso), input.until.as_deref().and_then(parse_iso)) {
            if s > u {
                return Err(Error::invalid("since", "must not be after `until`"));
            }
        }
        if input.since.is_some() && input.after.is_some() {
            return Err(Error::invalid("after", "Okta does not combine `after` with `since`: the cursor already holds the position"));
        }
        if input.limit.is_some_and(|l| !(1..=logs::MAX_LIMIT).contains(&l)) {
            return Err(Error::invalid("limit", "must be between 1 and 1000"));
        }
        if let Some(q) = &input.q {
            let words: Vec<&str> = q.split_whitespace().collect();
            if words.len() > 10 || words.iter().any(|w| w.chars().count() > 40) {
                return Err(Error::invalid("q", "at most 10 keywords of at most 40 characters each"));
            }
        }
        Ok(())
    }

    fn run(okta: &Okta, input: GetSystemLogsInput) -> Result<SystemLogs> {
        let polling = input.until.is_none() && !matches!(input.sort_order, Some(LogSortOrder::Descending));
        let limit = input.limit.or(input.fetch_all.then_some(logs::MAX_LIMIT));
        let order = input.sort_order.map(|o| match o {
            LogSortOrder::Ascending => "ASCENDING",
            LogSortOrder::Descending => "DESCENDING",
        });
        let known = [
            ("since", input.since),
            ("until", input.until),
            ("filter", input.filter),
            ("q", input.q),
            ("limit", limit.map(|l| l.to_string())),
            ("sortOrder", order.map(str::to_string)),
            ("after", input.after),
        ];
        let query: Query = known.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))).collect();
        let max_pages = if input.fetch_all { (FETCH_ALL_MAX_RECORDS / limit.unwrap_or(100)).max(1) } else { 1 };
        let listing = logs::list(okta, &query, max_pages)?;
        Ok(SystemLogs { logs: listing.items, next_cursor: listing.next_cursor, pages: listing.pages, polling })
    }
}
