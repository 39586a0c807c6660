//! System Log: `GET /api/v1/logs` (API-NOTES §16).

use crate::error::{Error, Result};
use crate::http::{Listing, Okta, Page, Query};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Okta's page cap for the System Log.
pub const MAX_LIMIT: u32 = 1000;

/// A System Log event (also the element of an event hook delivery). Okta adds fields over time: unknown
/// ones are kept in `extra`; every field is optional so one odd event never hides the others.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LogEvent {
    /// Unique id of the event: the key to drop duplicates by.
    #[serde(default)]
    pub uuid: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    /// e.g. `user.lifecycle.create`.
    #[serde(default)]
    pub event_type: Option<String>,
    /// Schema version, `"0"` (some payloads send the number 0).
    #[serde(default)]
    pub version: Option<Value>,
    /// DEBUG, INFO, WARN or ERROR.
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub display_message: Option<String>,
    #[serde(default)]
    pub legacy_event_type: Option<String>,
    #[serde(default)]
    pub actor: Option<Actor>,
    #[serde(default)]
    pub client: Option<Value>,
    /// `{result: SUCCESS | FAILURE | …, reason}`.
    #[serde(default)]
    pub outcome: Option<Value>,
    /// The objects the event is about; find them by `type`, never by position.
    #[serde(default)]
    pub target: Vec<Actor>,
    #[serde(default)]
    pub transaction: Option<Value>,
    #[serde(default)]
    pub debug_context: Option<Value>,
    #[serde(default)]
    pub authentication_context: Option<Value>,
    #[serde(default)]
    pub security_context: Option<Value>,
    #[serde(default)]
    pub request: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An actor or target of an event: Okta gives id, type, alternate id and display name only.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    #[serde(default)]
    pub id: Option<String>,
    /// e.g. `User`, `UserGroup`, `AppInstance`, `AppUser`, `SystemPrincipal`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub alternate_id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub detail_entry: Option<Value>,
    /// Before and after, on update events that carry them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_details: Option<Value>,
}

/// Pages of a query, following next links (a polling request stops at its first empty page).
pub fn list(okta: &Okta, query: &Query, max_pages: u32) -> Result<Listing<LogEvent>> {
    okta.list("/api/v1/logs", query, max_pages)
}

/// The first page of a query; raw events, so the caller decides what to do with odd ones.
pub fn first_page(okta: &Okta, query: &Query) -> Result<Page<Value>> {
    okta.page("/api/v1/logs", query)
}

/// The page at a `next` link stored earlier (in a cursor). The link must be a System Log query on the
/// org itself: a tampered cursor cannot send the credentials anywhere else.
pub fn page_at(okta: &Okta, next: &str) -> Result<Page<Value>> {
    let safe = next.starts_with("/api/v1/logs?") && !next.contains(['@', '\\', '#', ' ']) && !next.contains("..");
    if !safe {
        return Err(Error::invalid("cursor", "is not a cursor of this trigger"));
    }
    okta.page(next, &Query::new())
}
