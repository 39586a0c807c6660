//! `/api/v1/eventHooks` (API-NOTES §12): CRUD, lifecycle, a verification that
//! really calls the hook, and deliveries to ACTIVE + VERIFIED hooks.

mod deliver;
mod el;

pub(crate) use deliver::{redeliver, run as dispatch, Delivery};

use super::clock::{iso, Millis};
use super::ctx::{json_body, no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::org::Org;
use super::Shared;
use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;

/// Hook-eligible event types the simulator knows (API-NOTES §13.3 and Okta's Event Types catalogue).
const ELIGIBLE: &[&str] = &[
    "user.mfa.factor.activate", "application.lifecycle.activate", "application.lifecycle.deactivate",
    "application.lifecycle.delete", "application.lifecycle.update", "application.user_membership.change_password",
    "system.api_token.create", "system.api_token.revoke", "security.authenticator.lifecycle.activate",
    "security.authenticator.lifecycle.deactivate",
    "user.lifecycle.create", "user.lifecycle.activate", "user.lifecycle.deactivate", "user.lifecycle.reactivate",
    "user.lifecycle.suspend", "user.lifecycle.unsuspend", "user.lifecycle.delete.initiated", "user.account.update_profile",
    "application.user_membership.add", "application.user_membership.remove", "application.user_membership.update",
    "group.user_membership.add", "group.user_membership.remove", "user.account.report_suspicious_activity_by_enduser",
    "user.account.lock", "user.account.unlock", "user.account.reset_password", "user.account.update_password",
    "user.mfa.factor.deactivate", "user.mfa.factor.reset_all", "user.session.start", "group.lifecycle.create",
    "group.lifecycle.delete", "group.profile.update", "application.lifecycle.create",
];

/// Okta's per-org cap on event hooks.
const MAX_HOOKS: usize = 25;

#[derive(Debug, Clone)]
pub(crate) struct Hook {
    pub id: String,
    pub name: String,
    pub description: Value,
    pub active: bool,
    pub verified: bool,
    pub events: Value,
    /// Stored as sent, including the write-only `authScheme.value`.
    pub channel: Value,
    pub created: Millis,
    pub created_by: String,
    pub last_updated: Millis,
    /// Acknowledged deliveries (see `Simulator::hook_deliveries`).
    pub deliveries: u64,
    /// `events.filter` conditions by event type, parsed when the hook was written.
    pub filters: Vec<(String, el::Condition)>,
    /// The last envelopes sent, for the control path (`GET /sim/deliveries`, redelivery).
    pub sent: std::collections::VecDeque<Sent>,
}

/// One envelope POSTed to a hook and what came of it.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    pub envelope: Value,
    /// Statuses of the attempts; `None` for a timeout or a connection failure.
    pub attempts: Vec<Option<u16>>,
}

/// Envelopes kept per hook for the control path.
const SENT_KEPT: usize = 100;

impl Hook {
    /// ACTIVE, VERIFIED, subscribed to the type, and passing that type's filter if it has one.
    fn receives(&self, event_type: &str, event: &Value) -> bool {
        let items = self.events["items"].as_array();
        let subscribed = self.active && self.verified && items.is_some_and(|i| i.iter().any(|t| t == event_type));
        subscribed && self.filters.iter().filter(|(t, _)| t == event_type).all(|(_, c)| c.matches(event))
    }

    pub fn record(&mut self, sent: Sent) {
        if self.sent.len() == SENT_KEPT {
            self.sent.pop_front();
        }
        self.sent.push_back(sent);
    }

    pub fn uri(&self) -> &str {
        self.channel.pointer("/config/uri").and_then(Value::as_str).unwrap_or("")
    }

    /// The auth header and the configured static headers.
    pub fn outgoing_headers(&self) -> Vec<(String, String)> {
        let config = &self.channel["config"];
        let mut headers: Vec<(String, String)> = config["headers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| Some((h["key"].as_str()?.to_string(), h["value"].as_str()?.to_string())))
            .collect();
        if let (Some(k), Some(v)) = (config.pointer("/authScheme/key").and_then(Value::as_str), config.pointer("/authScheme/value").and_then(Value::as_str)) {
            headers.push((k.to_string(), v.to_string()));
        }
        headers
    }

    fn target(&self) -> Value {
        json!({"id": self.id, "type": "EventHook", "alternateId": self.uri(), "displayName": self.name, "detailEntry": null})
    }

    fn to_json(&self, base: &str) -> Value {
        let mut channel = self.channel.clone();
        if let Some(auth) = channel.pointer_mut("/config/authScheme").and_then(Value::as_object_mut) {
            auth.remove("value");
        }
        channel["config"]["method"] = json!("POST");
        let href = format!("{base}/api/v1/eventHooks/{}", self.id);
        let lifecycle = |op: &str| json!({"href": format!("{href}/lifecycle/{op}"), "hints": {"allow": ["POST"]}});
        // Real orgs: an ACTIVE hook links verify and deactivate; an INACTIVE one activate and delete.
        let links = if self.active {
            json!({"self": {"href": href}, "verify": lifecycle("verify"), "deactivate": lifecycle("deactivate")})
        } else {
            json!({"self": {"href": href}, "activate": lifecycle("activate"), "delete": {"href": href, "hints": {"allow": ["DELETE"]}}})
        };
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "status": if self.active { "ACTIVE" } else { "INACTIVE" },
            "verificationStatus": if self.verified { "VERIFIED" } else { "UNVERIFIED" },
            "events": self.events,
            "channel": channel,
            "created": iso(self.created),
            "createdBy": self.created_by,
            "lastUpdated": iso(self.last_updated),
            "_links": links,
        })
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/eventHooks", get(list).post(create))
        .route("/api/v1/eventHooks/{id}", get(get_hook).put(replace).delete(delete))
        .route("/api/v1/eventHooks/{id}/lifecycle/verify", post(verify))
        .route("/api/v1/eventHooks/{id}/lifecycle/{op}", post(lifecycle))
}

fn invalid(cause: &str) -> ApiError {
    ApiError { causes: vec![cause.to_string()], ..ApiError::new(400, "E0000001", "Api validation failed: eventHook") }
}

fn find<'a>(org: &'a Org, id: &str) -> ApiResult<&'a Hook> {
    org.hooks.get(id).ok_or_else(|| ApiError::not_found(id, "Webhook"))
}

/// `events.filter`: `EXPRESSION_LANGUAGE`, one parsable condition per subscribed type.
fn parse_filters(events: &Value) -> ApiResult<Vec<(String, el::Condition)>> {
    let filter = &events["filter"];
    if filter.is_null() {
        return Ok(Vec::new());
    }
    if filter["type"] != "EXPRESSION_LANGUAGE" {
        return Err(invalid("events.filter.type: must be EXPRESSION_LANGUAGE"));
    }
    let items = events["items"].as_array().cloned().unwrap_or_default();
    let mut out: Vec<(String, el::Condition)> = Vec::new();
    for entry in filter["eventFilterMap"].as_array().into_iter().flatten() {
        let event = entry["event"].as_str().unwrap_or_default().to_string();
        if !items.iter().any(|i| i == event.as_str()) {
            return Err(invalid(&format!("events.filter: {event} is not a subscribed event type")));
        }
        if out.iter().any(|(e, _)| *e == event) {
            return Err(invalid(&format!("events.filter: more than one filter for {event}")));
        }
        let expression = entry.pointer("/condition/expression").and_then(Value::as_str).unwrap_or_default();
        let condition = el::Condition::parse(expression).map_err(|e| invalid(&format!("events.filter: invalid expression for {event}: {e}")))?;
        out.push((event, condition));
    }
    Ok(out)
}

/// Checks the writable fields; returns (name, description, events, channel).
/// Simplification: besides `https://`, plain `http://` is accepted for
/// loopback hosts so tests can receive deliveries without TLS.
fn parse_hook(body: &[u8]) -> ApiResult<(String, Value, Value, Value)> {
    let body = json_body(body)?;
    let name = body["name"].as_str().map(str::trim).filter(|n| !n.is_empty()).ok_or_else(|| invalid("name: The field cannot be left blank"))?;
    let events = body["events"].clone();
    let items = events["items"].as_array().filter(|i| !i.is_empty()).ok_or_else(|| invalid("events.items: The field cannot be left blank"))?;
    if events["type"] != "EVENT_TYPE" {
        return Err(invalid("events.type: must be EVENT_TYPE"));
    }
    if items.len() > 300 {
        return Err(invalid("events.items: at most 300 event types are allowed"));
    }
    if let Some(bad) = items.iter().find(|t| !t.as_str().is_some_and(|t| ELIGIBLE.contains(&t))) {
        return Err(invalid(&format!("events.items: {bad} is not an event hook eligible event type")));
    }
    let channel = body["channel"].clone();
    if channel["type"] != "HTTP" || channel["version"] != "1.0.0" {
        return Err(invalid("channel: type must be HTTP and version 1.0.0"));
    }
    let uri = channel.pointer("/config/uri").and_then(Value::as_str).unwrap_or("");
    let loopback = ["http://127.0.0.1", "http://localhost"].iter().any(|p| uri.starts_with(p));
    if !(uri.starts_with("https://") || loopback) || uri.parse::<hyper::Uri>().is_err() {
        return Err(invalid("channel.config.uri: The URI must use HTTPS"));
    }
    if channel.pointer("/config/authScheme").is_some_and(|a| !a.is_null() && a["type"] != "HEADER") {
        return Err(invalid("channel.config.authScheme.type: must be HEADER"));
    }
    Ok((name.to_string(), body.get("description").cloned().unwrap_or(Value::Null), events, channel))
}

async fn create(ctx: Ctx, body: Bytes) -> ApiResult {
    let (name, description, events, channel) = parse_hook(&body)?;
    let filters = parse_filters(&events)?;
    let mut org = ctx.shared.org.lock().unwrap();
    if org.hooks.len() >= MAX_HOOKS {
        return Err(invalid("The maximum number of event hooks (25) has been reached"));
    }
    let now = ctx.now();
    let hook = Hook {
        id: org.rng.id("who"),
        name,
        description,
        active: true,
        verified: false,
        events,
        channel,
        created: now,
        created_by: ctx.principal.as_ref().map(|p| p.id.clone()).unwrap_or_default(),
        last_updated: now,
        deliveries: 0,
        filters,
        sent: Default::default(),
    };
    let rendered = hook.to_json(&ctx.base);
    org.emit(&ctx, "event_hook.created", vec![hook.target()]);
    org.hooks.insert(hook.id.clone(), hook);
    Ok(ok(rendered))
}

async fn list(ctx: Ctx) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    Ok(ok(Value::Array(org.hooks.values().map(|h| h.to_json(&ctx.base)).collect())))
}

async fn get_hook(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    Ok(ok(find(&org, &id)?.to_json(&ctx.base)))
}

/// Full replace; a changed channel needs verifying again.
async fn replace(ctx: Ctx, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let (name, description, events, channel) = parse_hook(&body)?;
    let filters = parse_filters(&events)?;
    let mut org = ctx.shared.org.lock().unwrap();
    find(&org, &id)?;
    let now = ctx.now();
    let h = org.hooks.get_mut(&id).unwrap();
    h.verified &= h.channel == channel;
    h.filters = filters;
    (h.name, h.description, h.events, h.channel, h.last_updated) = (name, description, events, channel, now);
    let (rendered, target) = (h.to_json(&ctx.base), h.target());
    org.emit(&ctx, "event_hook.updated", vec![target]);
    Ok(ok(rendered))
}

async fn lifecycle(ctx: Ctx, Path((id, op)): Path<(String, String)>) -> ApiResult {
    let active = ApiError::activation(&op, &ctx.path)?;
    let mut org = ctx.shared.org.lock().unwrap();
    find(&org, &id)?;
    let now = ctx.now();
    let h = org.hooks.get_mut(&id).unwrap();
    (h.active, h.last_updated) = (active, now);
    let (rendered, target) = (h.to_json(&ctx.base), h.target());
    org.emit(&ctx, &format!("event_hook.{op}d"), vec![target]);
    Ok(ok(rendered))
}

/// Calls the hook's URI with a challenge; only an exact echo verifies it.
async fn verify(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let (uri, headers, name, challenge) = {
        let mut org = ctx.shared.org.lock().unwrap();
        let h = find(&org, &id)?;
        let (uri, headers, name) = (h.uri().to_string(), h.outgoing_headers(), h.name.clone());
        (uri, headers, name, org.rng.alphanumeric(32))
    };
    let verified = deliver::verify(&uri, &headers, &challenge).await;
    let mut org = ctx.shared.org.lock().unwrap();
    let now = ctx.now();
    let h = org.hooks.get_mut(&id).ok_or_else(|| ApiError::not_found(&id, "Webhook"))?;
    if !verified {
        return Err(invalid(&format!("Unable to verify event hook. Hook {name} execution failed")));
    }
    (h.verified, h.last_updated) = (true, now);
    let (rendered, target) = (h.to_json(&ctx.base), h.target());
    org.emit(&ctx, "event_hook.verified", vec![target]);
    Ok(ok(rendered))
}

/// Only INACTIVE hooks can be deleted. The refusal's code is not documented;
/// the simulator answers 400 `E0000001` ([infer]).
async fn delete(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    if find(&org, &id)?.active {
        return Err(invalid("Cannot delete an ACTIVE event hook; deactivate it first"));
    }
    let hook = org.hooks.remove(&id).unwrap();
    org.emit(&ctx, "event_hook.deleted", vec![hook.target()]);
    Ok(no_content())
}
