//! Event hooks: `/api/v1/eventHooks` (API-NOTES §12), and the catalogue of event types.

use crate::error::{Error, Result};
use crate::http::{percent_encode, Method, Okta, Query};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// One type of Okta's Event Types catalogue the connector knows, and whether event hooks may subscribe to it.
#[derive(Debug, Clone, Copy)]
pub struct EventType {
    pub name: &'static str,
    /// Tagged `event-hook-eligible` in Okta's catalogue; the others reach a flow only by polling the System Log.
    pub hook_eligible: bool,
    pub description: &'static str,
}

const fn t(name: &'static str, hook_eligible: bool, description: &'static str) -> EventType {
    EventType { name, hook_eligible, description }
}

/// The event types of the connector's triggers (API-NOTES §13.3 and Okta's Event Types catalogue), public so
/// pickers (data sources) offer the same list the triggers and the hook actions accept.
pub const EVENT_TYPES: &[EventType] = &[
    t("user.lifecycle.create", true, "User created"),
    t("user.lifecycle.activate", true, "User activated"),
    t("user.lifecycle.deactivate", true, "User deactivated"),
    t("user.lifecycle.reactivate", true, "User reactivated"),
    t("user.lifecycle.suspend", true, "User suspended"),
    t("user.lifecycle.unsuspend", true, "User unsuspended"),
    t("user.lifecycle.delete.initiated", true, "User deletion initiated"),
    t("user.lifecycle.delete.completed", false, "User deletion completed"),
    t("user.account.update_profile", true, "User's Okta profile updated"),
    t("user.account.update_password", true, "User's password updated"),
    t("user.account.reset_password", true, "User's password reset"),
    t("user.account.expire_password", false, "User's password expired"),
    t("user.account.lock", true, "User account locked"),
    t("user.account.unlock", true, "User account unlocked"),
    t("user.account.report_suspicious_activity_by_enduser", true, "Suspicious activity reported by the user"),
    t("user.session.start", true, "User signed in"),
    t("user.mfa.factor.activate", true, "MFA factor activated"),
    t("user.mfa.factor.deactivate", true, "MFA factor deactivated"),
    t("user.mfa.factor.reset_all", true, "All MFA factors reset"),
    t("group.lifecycle.create", true, "Group created"),
    t("group.lifecycle.delete", true, "Group deleted"),
    t("group.profile.update", true, "Group profile updated"),
    t("group.user_membership.add", true, "User added to group"),
    t("group.user_membership.remove", true, "User removed from group"),
    t("application.lifecycle.create", true, "Application created"),
    t("application.lifecycle.activate", true, "Application activated"),
    t("application.lifecycle.deactivate", true, "Application deactivated"),
    t("application.lifecycle.delete", true, "Application deleted"),
    t("application.lifecycle.update", true, "Application updated"),
    t("application.user_membership.add", true, "User assigned to application"),
    t("application.user_membership.remove", true, "User unassigned from application"),
    t("application.user_membership.update", true, "User's application assignment updated"),
    t("application.user_membership.change_password", true, "User's application password changed"),
    t("application.user_membership.change_username", false, "User's application username changed"),
    t("system.api_token.create", true, "API token created"),
    t("system.api_token.revoke", true, "API token revoked"),
    t("security.authenticator.lifecycle.activate", true, "Authenticator activated"),
    t("security.authenticator.lifecycle.deactivate", true, "Authenticator deactivated"),
    t("security.threat.detected", false, "Security threat detected"),
];

/// Whether `name` is a type event hooks accept, as far as the catalogue above knows.
pub fn hook_eligible(name: &str) -> bool {
    EVENT_TYPES.iter().any(|t| t.name == name && t.hook_eligible)
}

/// An event hook as Okta returns it. The auth secret is write-only: Okta never returns it, and this type
/// has no field for it, so it cannot reach an output even if a server sent it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventHook {
    /// Okta's id of the hook (`who…`).
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// ACTIVE or INACTIVE.
    pub status: String,
    /// VERIFIED or UNVERIFIED; only ACTIVE and VERIFIED hooks receive events.
    #[serde(default)]
    pub verification_status: Option<String>,
    pub events: Events,
    pub channel: Channel,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Value>,
}

/// The subscribed event types, with optional Okta Expression Language filters.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Events {
    /// Always `EVENT_TYPE`.
    #[serde(rename = "type")]
    pub kind: String,
    pub items: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<EventFilter>,
}

/// `events.filter`: one condition per event type.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventFilter {
    /// Always `EXPRESSION_LANGUAGE`.
    #[serde(rename = "type")]
    pub kind: String,
    pub event_filter_map: Vec<EventFilterEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct EventFilterEntry {
    pub event: String,
    pub condition: Condition,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Condition {
    /// e.g. `event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0`.
    pub expression: String,
    #[serde(default)]
    pub version: Option<String>,
}

/// Where Okta sends the events.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    /// Always `HTTP`.
    #[serde(rename = "type")]
    pub kind: String,
    pub version: String,
    pub config: ChannelConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelConfig {
    pub uri: String,
    /// Static headers Okta adds to every request.
    #[serde(default)]
    pub headers: Vec<Header>,
    /// The header that carries the shared secret; its value is never returned.
    #[serde(default)]
    pub auth_scheme: Option<AuthScheme>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Header {
    pub key: String,
    pub value: String,
}

/// `authScheme` without its write-only `value`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AuthScheme {
    /// Always `HEADER`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The header name, normally `Authorization` (Okta may return it lower-cased).
    pub key: String,
}

/// The writable fields of a hook, as sent on create and replace.
pub struct NewHook<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub uri: &'a str,
    pub event_types: &'a [String],
    pub headers: &'a [Header],
    /// `(header name, secret)`.
    pub auth: Option<(&'a str, &'a str)>,
    pub filters: &'a [EventFilterEntry],
}

impl NewHook<'_> {
    fn body(&self) -> Value {
        let mut events = json!({"type": "EVENT_TYPE", "items": self.event_types});
        if !self.filters.is_empty() {
            events["filter"] = json!({"type": "EXPRESSION_LANGUAGE", "eventFilterMap": self.filters});
        }
        let mut config = Map::new();
        config.insert("uri".into(), json!(self.uri));
        config.insert("headers".into(), json!(self.headers));
        if let Some((key, value)) = self.auth {
            config.insert("authScheme".into(), json!({"type": "HEADER", "key": key, "value": value}));
        }
        json!({
            "name": self.name,
            "description": self.description,
            "events": events,
            "channel": {"type": "HTTP", "version": "1.0.0", "config": config},
        })
    }
}

fn path(id: &str) -> String {
    format!("/api/v1/eventHooks/{}", percent_encode(id))
}

pub fn list(okta: &Okta) -> Result<Vec<EventHook>> {
    okta.get("/api/v1/eventHooks", &Query::new())
}

pub fn get(okta: &Okta, id: &str) -> Result<EventHook> {
    okta.get(&path(id), &Query::new())
}

pub fn create(okta: &Okta, hook: &NewHook) -> Result<EventHook> {
    okta.send(Method::Post, "/api/v1/eventHooks", &Query::new(), &hook.body())
}

/// Full replace; Okta un-verifies a hook whose channel changed.
pub fn replace(okta: &Okta, id: &str, hook: &NewHook) -> Result<EventHook> {
    okta.send(Method::Put, &path(id), &Query::new(), &hook.body())
}

/// The hook lifecycle operations; all answer the hook.
#[derive(Debug, Clone, Copy)]
pub enum Lifecycle {
    Activate,
    Deactivate,
    /// Okta calls the hook's URI with a challenge and answers once it is echoed.
    Verify,
}

pub fn lifecycle(okta: &Okta, id: &str, op: Lifecycle) -> Result<EventHook> {
    let op = match op {
        Lifecycle::Activate => "activate",
        Lifecycle::Deactivate => "deactivate",
        Lifecycle::Verify => "verify",
    };
    okta.call(Method::Post, &format!("{}/lifecycle/{op}", path(id)), &Query::new(), None)?
        .ok_or_else(|| Error::Internal(format!("Okta answered the hook's {op} without the hook")))
}

/// Okta deletes only INACTIVE hooks.
pub fn delete(okta: &Okta, id: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &path(id), &Query::new(), None).map(drop)
}

/// Deactivates (when ACTIVE) then deletes.
pub fn deactivate_and_delete(okta: &Okta, hook: &EventHook) -> Result<()> {
    if hook.status == "ACTIVE" {
        lifecycle(okta, &hook.id, Lifecycle::Deactivate)?;
    }
    delete(okta, &hook.id)
}
