//! Triggers: one table (`cards.rs`) and one handler per path — event hook subscriptions and deliveries
//! (`webhook.rs`) and polling with opaque cursors (`poll.rs`). Event-card triggers differ only in their
//! event types, so every card runs on both paths (polling only when Okta cannot hook its types).

mod cards;
mod event;
mod poll;
mod webhook;

use crate::connections::Connection;
use crate::error::{Error, Result};
use crate::http::Okta;
use crate::okta::event_hooks::{hook_eligible, Header, EVENT_TYPES};
use crate::input::parse_value;
use schemars::{JsonSchema, SchemaGenerator};
use serde::{de::DeserializeOwned, Deserialize};
use serde_json::{json, Value};

pub use cards::TRIGGERS;
pub use webhook::{handle as handle_webhook, subscribe, unsubscribe};

/// One trigger of the catalogue.
pub struct Trigger {
    pub key: &'static str,
    pub label: &'static str,
    /// A full sentence; for cards, what happened ("a user is created"), completed by `describe`.
    pub description: &'static str,
    pub aliases: &'static [&'static str],
    /// The System Log event types of a card; empty where the config chooses them or the source is not the log.
    pub event_types: &'static [&'static str],
    pub source: Source,
}

/// Where a trigger's events come from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    /// An event card: fixed event types, by hook or by polling the System Log.
    Card,
    /// Event types chosen in the config (Event Hook, Custom Webhook).
    Chosen { webhook_only: bool },
    /// Every System Log event matching an optional filter.
    SystemLogs,
    NewUsers,
    UpdatedUsers,
}

/// How a host runs a trigger.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Webhook,
    Polling,
    Both,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Webhook => "webhook",
            Kind::Polling => "polling",
            Kind::Both => "both",
        }
    }

    pub fn webhook(self) -> bool {
        self != Kind::Polling
    }

    pub fn polling(self) -> bool {
        self != Kind::Webhook
    }
}

impl Trigger {
    pub fn kind(&self) -> Kind {
        match self.source {
            Source::Card if self.event_types.iter().all(|t| hook_eligible(t)) => Kind::Both,
            Source::Card | Source::SystemLogs | Source::NewUsers | Source::UpdatedUsers => Kind::Polling,
            Source::Chosen { webhook_only: true } => Kind::Webhook,
            Source::Chosen { webhook_only: false } => Kind::Both,
        }
    }

    fn description(&self) -> String {
        if self.source != Source::Card {
            return self.description.to_string();
        }
        let types = self.event_types.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
        let how = match self.kind() {
            Kind::Polling => "Okta cannot deliver this type to event hooks, so it runs by polling the System Log only",
            _ => "runs on an Okta event hook (subscribe) or by polling the System Log",
        };
        format!("Starts a flow when {} in Okta ({types}); {how}.", self.description)
    }

    fn config_schema(&self) -> Value {
        let mut g = SchemaGenerator::default();
        match self.source {
            Source::Card => g.root_schema_for::<CardConfig>(),
            Source::Chosen { .. } => g.root_schema_for::<ChosenConfig>(),
            Source::SystemLogs => g.root_schema_for::<SystemLogsConfig>(),
            Source::NewUsers | Source::UpdatedUsers => g.root_schema_for::<UsersConfig>(),
        }
        .to_value()
    }

    fn event_schema(&self) -> Value {
        let mut g = SchemaGenerator::default();
        match self.source {
            Source::NewUsers | Source::UpdatedUsers => g.root_schema_for::<event::UserEvent>(),
            _ => g.root_schema_for::<event::TriggerEvent>(),
        }
        .to_value()
    }
}

/// Config of an event card: nothing is required.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CardConfig {
    /// Also read the whole user, group and application of each event from Okta (one GET each).
    #[serde(default)]
    pub hydrate: bool,
    /// Only events with a target of this id, e.g. the application instance of User Assigned to Application.
    #[serde(default)]
    pub target_id: Option<String>,
    /// Polling, first poll only: start at this ISO 8601 time (a backfill); default: now.
    #[serde(default)]
    pub since: Option<String>,
    /// Polling: events per poll (1–10000, default 1000); the rest come on the next poll.
    #[serde(default)]
    pub max_events: Option<u32>,
}

/// Config of the triggers whose event types are chosen (Event Hook, Custom Webhook).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChosenConfig {
    /// Event types to subscribe to, e.g. `user.lifecycle.create`.
    #[serde(default)]
    pub event_types: Vec<String>,
    /// Event types in code format: a JSON array, or names separated by commas, spaces or new lines.
    #[serde(default)]
    pub event_types_code: Option<String>,
    /// Extra headers Okta sends with every delivery (webhooks only).
    #[serde(default)]
    pub headers: Vec<Header>,
    /// Okta Expression Language filters, at most one per event type (webhooks only; Okta EA feature).
    #[serde(default)]
    pub filters: Vec<FilterInput>,
    #[serde(flatten)]
    pub card: CardConfig,
}

/// A filter on one event type, e.g. `event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FilterInput {
    pub event_type: String,
    pub expression: String,
}

/// Config of New System Logs.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SystemLogsConfig {
    /// Okta System Log filter, e.g. `eventType sw "user." and outcome.result eq "FAILURE"`.
    #[serde(default)]
    pub filter: Option<String>,
    /// First poll only: start at this ISO 8601 time (a backfill; Okta answers what its 90-day retention holds); default: now.
    #[serde(default)]
    pub since: Option<String>,
    /// Events per poll (1–10000, default 1000).
    #[serde(default)]
    pub max_events: Option<u32>,
}

/// Config of New Users and Updated Users.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UsersConfig {
    /// First poll only: start at this ISO 8601 time (a backfill); default: now.
    #[serde(default)]
    pub since: Option<String>,
    /// Users per poll (1–10000, default 1000).
    #[serde(default)]
    pub max_events: Option<u32>,
}

/// The catalogue's trigger entries for `describe`.
#[cfg(not(target_arch = "wasm32"))]
pub fn describe() -> Vec<Value> {
    TRIGGERS
        .iter()
        .map(|t| {
            let mut entry = json!({
                "key": t.key, "label": t.label, "description": t.description(), "aliases": t.aliases,
                "kind": t.kind().name(), "eventTypes": t.event_types, "scopes": crate::scopes::trigger(t),
                "configSchema": crate::data_sources::annotated(t.key, t.config_schema()), "eventSchema": t.event_schema(),
            });
            if let Source::Chosen { .. } = t.source {
                // The choices a picker offers; Okta accepts any other event-hook-eligible type too.
                entry["eventTypeChoices"] = EVENT_TYPES
                    .iter()
                    .filter(|e| e.hook_eligible)
                    .map(|e| json!({"eventType": e.name, "description": e.description}))
                    .collect();
            }
            entry
        })
        .collect()
}

pub fn find(key: &str) -> Result<&'static Trigger> {
    TRIGGERS.iter().find(|t| t.key == key).ok_or_else(|| crate::registry::unknown("trigger", key))
}

/// Parses a trigger's config, naming unknown fields too (flattened configs cannot deny them through
/// serde); the known ones are those of the trigger's config schema in the catalogue.
pub fn config<T: DeserializeOwned>(trigger: &Trigger, json: &str) -> Result<T> {
    let value: Value = if json.trim().is_empty() {
        json!({})
    } else {
        serde_json::from_str(json).map_err(|e| Error::invalid("config", format!("not valid JSON: {e}")))?
    };
    if let (Some(fields), Some(known)) = (value.as_object(), crate::catalogue::config_fields(trigger.key)) {
        if let Some(unknown) = fields.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(Error::invalid(format!("config.{unknown}"), format!("unknown field; expected one of: {}", known.join(", "))));
        }
    }
    parse_value("config", value)
}

/// The event types a trigger runs on: its card's, or the config's chosen ones (checked).
pub fn event_types(trigger: &Trigger, config_json: &str) -> Result<(Vec<String>, CardConfig, Option<ChosenConfig>)> {
    if let Source::Chosen { .. } = trigger.source {
        let chosen: ChosenConfig = config(trigger, config_json)?;
        let unique = chosen_types("config.", &chosen.event_types, chosen.event_types_code.as_deref(), &chosen.filters)?;
        let card = CardConfig { hydrate: chosen.card.hydrate, target_id: chosen.card.target_id.clone(), since: chosen.card.since.clone(), max_events: chosen.card.max_events };
        return Ok((unique, card, Some(chosen)));
    }
    let card: CardConfig = config(trigger, config_json)?;
    Ok((trigger.event_types.iter().map(|t| t.to_string()).collect(), card, None))
}

/// Event types given as a list and as code-format text, deduplicated and checked, with the filters that
/// refer to them; field paths start with `prefix` (`config.` for triggers, empty for actions).
pub fn chosen_types(prefix: &str, list: &[String], code: Option<&str>, filters: &[FilterInput]) -> Result<Vec<String>> {
    let mut types = list.to_vec();
    if let Some(code) = code {
        types.extend(parse_code(prefix, code)?);
    }
    let mut unique: Vec<String> = Vec::new();
    for (i, t) in types.iter().enumerate() {
        let t = t.trim();
        if t.is_empty() || t.contains(char::is_whitespace) {
            return Err(Error::invalid(format!("{prefix}eventTypes.{i}"), "must be an event type name such as `user.lifecycle.create`"));
        }
        if !unique.iter().any(|u| u == t) {
            unique.push(t.to_string());
        }
    }
    if unique.is_empty() {
        return Err(Error::invalid(format!("{prefix}eventTypes"), "choose at least one event type (or give `eventTypesCode`)"));
    }
    if unique.len() > 300 {
        return Err(Error::invalid(format!("{prefix}eventTypes"), "Okta allows at most 300 event types per hook"));
    }
    for (i, f) in filters.iter().enumerate() {
        if !unique.contains(&f.event_type) {
            return Err(Error::invalid(format!("{prefix}filters.{i}.eventType"), "filters only apply to a chosen event type"));
        }
        if filters[..i].iter().any(|g| g.event_type == f.event_type) {
            return Err(Error::invalid(format!("{prefix}filters.{i}.eventType"), "Okta takes one filter per event type"));
        }
        if f.expression.trim().is_empty() {
            return Err(Error::invalid(format!("{prefix}filters.{i}.expression"), "must not be empty"));
        }
    }
    Ok(unique)
}

/// `eventTypesCode`: a JSON array of names, or names separated by commas, spaces or new lines.
fn parse_code(prefix: &str, code: &str) -> Result<Vec<String>> {
    if code.trim_start().starts_with('[') {
        return serde_json::from_str(code).map_err(|e| Error::invalid(format!("{prefix}eventTypesCode"), format!("not a JSON array of strings: {e}")));
    }
    Ok(code.split([',', ' ', '\n', '\r', '\t']).map(|s| s.trim_matches('"').to_string()).filter(|s| !s.is_empty()).collect())
}

/// Types Okta's catalogue marks as not hook-eligible; subscribing them would only be refused by Okta.
pub fn ineligible(types: &[String]) -> Option<&String> {
    types.iter().find(|t| EVENT_TYPES.iter().any(|e| e.name == t.as_str() && !e.hook_eligible))
}

/// A short, secret-free text for an error that does not fail the whole call.
pub fn describe_error(e: &Error) -> String {
    match e {
        Error::InvalidInput { path, message } => format!("invalid {path}: {message}"),
        Error::UnknownKey(m) | Error::Internal(m) => m.clone(),
        Error::Unauthenticated(d) | Error::Forbidden(d) | Error::NotFound(d) | Error::Conflict(d) | Error::Unavailable(d) => d.message.clone(),
        Error::RateLimited { detail, .. } => detail.message.clone(),
        Error::OktaApi(o) => o.error_summary.clone().unwrap_or_else(|| format!("Okta answered HTTP {}", o.status)),
    }
}

/// What `poll-trigger` returns before it crosses into WIT.
pub struct PollOutput {
    pub events_json: String,
    pub next_cursor: Option<String>,
    pub connection_json: Option<String>,
}

pub fn poll_trigger(key: &str, connection_json: &str, config_json: &str, cursor: Option<&str>) -> Result<PollOutput> {
    let trigger = find(key)?;
    if !trigger.kind().polling() {
        return Err(Error::invalid("key", format!("`{key}` runs on event hooks only: use subscribe and handle-webhook")));
    }
    let okta = client(connection_json)?;
    let (events, next_cursor) = poll::poll(&okta, trigger, config_json, cursor)?;
    Ok(PollOutput {
        events_json: Value::Array(events).to_string(),
        next_cursor: Some(next_cursor),
        connection_json: crate::registry::updated_connection(connection_json, &okta),
    })
}

fn client(connection_json: &str) -> Result<Okta> {
    Connection::parse(connection_json)?.client()
}
