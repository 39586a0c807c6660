//! The webhook path: subscriptions as Okta event hooks, Okta's verification, and deliveries.
//!
//! Okta allows 25 hooks per org, so subscriptions that share a webhook URL share one hook. The hook's
//! description lists its subscriptions (`okta-connector subscriptions: <id>=<type indexes> …`); the
//! hook's event types are their union, and the last unsubscribe deletes the hook. One hook has one auth
//! header, so its secret is derived from the connection's credential and the URL (HMAC-SHA256): every
//! subscription to the URL computes the same secret without the connector keeping state. Hooks without
//! that description (made by people or by the event hook actions) are never touched.

use super::event::{self, Envelope};
use super::{describe_error, event_types, find, ineligible, FilterInput, Trigger};
use crate::connections::Connection;
use crate::error::{Error, Result};
use crate::http::Okta;
use crate::okta::event_hooks::{self, Condition, EventFilterEntry, EventHook, Header, Lifecycle, NewHook};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const MARKER: &str = "okta-connector subscriptions:";
const HOOK_NAME: &str = "okta-connector triggers";
const AUTH_HEADER: &str = "Authorization";

/// What `subscribe` returns and the host hands back; `secret` must be stored as a secret.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Subscription {
    trigger: String,
    event_hook_id: String,
    webhook_url: String,
    subscription_id: String,
    event_types: Vec<String>,
    secret: String,
}

/// The HTTP answer for Okta and what the request carried.
pub struct WebhookAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub events: Vec<Value>,
    pub rejected: Vec<Value>,
}

impl WebhookAnswer {
    fn status(status: u16) -> Self {
        WebhookAnswer { status, headers: Vec::new(), body: Vec::new(), events: Vec::new(), rejected: Vec::new() }
    }
}

fn webhook_trigger(key: &str) -> Result<&'static Trigger> {
    let trigger = find(key)?;
    if !trigger.kind().webhook() {
        return Err(Error::invalid("key", format!("`{key}` runs by polling only: Okta cannot deliver its event types to hooks")));
    }
    Ok(trigger)
}

pub fn subscribe(key: &str, connection_json: &str, config_json: &str, webhook_url: &str) -> Result<String> {
    let trigger = webhook_trigger(key)?;
    let (types, _, chosen) = event_types(trigger, config_json)?;
    if let Some(t) = ineligible(&types) {
        return Err(Error::invalid("config.eventTypes", format!("`{t}` is not event-hook-eligible in Okta; poll the trigger instead")));
    }
    let ok = (webhook_url.starts_with("https://") || webhook_url.starts_with("http://")) && !webhook_url.contains(char::is_whitespace) && !webhook_url.contains('#');
    if !ok {
        return Err(Error::invalid("webhookUrl", "must be an absolute https URL without a fragment"));
    }
    let connection = Connection::parse(connection_json)?;
    let secret = derive_secret(connection.credential(), webhook_url);
    let okta = connection.client()?;
    let existing = event_hooks::list(&okta)?.into_iter().find(|h| h.channel.config.uri == webhook_url && registry(h).is_some());
    let subscription_id = random_id()?;
    let mut subscriptions = existing.as_ref().and_then(registry).unwrap_or_default();
    subscriptions.push((subscription_id.clone(), types.clone()));
    let (mut headers, mut filters) = existing.as_ref().map(|h| (h.channel.config.headers.clone(), filters_of(h))).unwrap_or_default();
    if let Some(chosen) = &chosen {
        merge_headers(&mut headers, &chosen.headers);
        merge_filters(&mut filters, &chosen.filters);
    }
    let hook = write(&okta, existing.as_ref().map(|h| h.id.as_str()), webhook_url, &subscriptions, &headers, filters, &secret)?;
    let ready = (|| -> Result<()> {
        let hook = if hook.status != "ACTIVE" { event_hooks::lifecycle(&okta, &hook.id, Lifecycle::Activate)? } else { hook.clone() };
        if hook.verification_status.as_deref() != Some("VERIFIED") {
            event_hooks::lifecycle(&okta, &hook.id, Lifecycle::Verify)?;
        }
        Ok(())
    })();
    if let Err(e) = ready {
        // Leave Okta as it was: a hook that cannot be verified never delivers.
        let _ = remove(&okta, &hook.id, webhook_url, &subscription_id, &secret);
        return Err(e);
    }
    let subscription = Subscription { trigger: key.to_string(), event_hook_id: hook.id, webhook_url: webhook_url.to_string(), subscription_id, event_types: types, secret };
    serde_json::to_string(&subscription).map_err(|e| Error::Internal(format!("cannot encode the subscription: {e}")))
}

pub fn unsubscribe(key: &str, connection_json: &str, _config_json: &str, subscription_json: &str) -> Result<()> {
    webhook_trigger(key)?;
    let s = subscription(key, subscription_json)?;
    let okta = Connection::parse(connection_json)?.client()?;
    remove(&okta, &s.event_hook_id, &s.webhook_url, &s.subscription_id, &s.secret)
}

/// Takes one subscription off its hook; deletes the hook when it was the last. Idempotent.
fn remove(okta: &Okta, hook_id: &str, webhook_url: &str, subscription_id: &str, secret: &str) -> Result<()> {
    let hook = match event_hooks::get(okta, hook_id) {
        Err(Error::NotFound(_)) => return Ok(()),
        other => other?,
    };
    let Some(mut subscriptions) = registry(&hook).filter(|_| hook.channel.config.uri == webhook_url) else {
        return Ok(());
    };
    let before = subscriptions.len();
    subscriptions.retain(|(id, _)| id != subscription_id);
    if subscriptions.is_empty() {
        return event_hooks::deactivate_and_delete(okta, &hook);
    }
    if subscriptions.len() == before {
        return Ok(());
    }
    write(okta, Some(&hook.id), webhook_url, &subscriptions, &hook.channel.config.headers, filters_of(&hook), secret).map(drop)
}

/// Creates or replaces the shared hook with the union of its subscriptions' types.
fn write(okta: &Okta, id: Option<&str>, uri: &str, subscriptions: &[(String, Vec<String>)], headers: &[Header], mut filters: Vec<EventFilterEntry>, secret: &str) -> Result<EventHook> {
    let mut types: Vec<String> = Vec::new();
    for t in subscriptions.iter().flat_map(|(_, t)| t) {
        if !types.contains(t) {
            types.push(t.clone());
        }
    }
    if types.len() > 300 {
        return Err(Error::invalid("config.eventTypes", "the subscriptions on this URL would need more than Okta's 300 event types per hook"));
    }
    filters.retain(|f| types.contains(&f.event));
    let entries: Vec<String> = subscriptions
        .iter()
        .map(|(sid, ts)| format!("{sid}={}", ts.iter().filter_map(|t| types.iter().position(|u| u == t)).map(|i| i.to_string()).collect::<Vec<_>>().join(".")))
        .collect();
    let description = format!("{MARKER} {}", entries.join(" "));
    let hook = NewHook { name: HOOK_NAME, description: Some(&description), uri, event_types: &types, headers, auth: Some((AUTH_HEADER, secret)), filters: &filters };
    match id {
        Some(id) => event_hooks::replace(okta, id, &hook),
        None => event_hooks::create(okta, &hook),
    }
}

/// The subscriptions a connector-made hook lists, with their types; `None` for other hooks.
fn registry(hook: &EventHook) -> Option<Vec<(String, Vec<String>)>> {
    let list = hook.description.as_deref()?.strip_prefix(MARKER)?;
    Some(
        list.split_whitespace()
            .filter_map(|entry| {
                let (sid, indexes) = entry.split_once('=')?;
                let types = indexes.split('.').filter_map(|i| hook.events.items.get(i.parse::<usize>().ok()?).cloned()).collect();
                Some((sid.to_string(), types))
            })
            .collect(),
    )
}

fn filters_of(hook: &EventHook) -> Vec<EventFilterEntry> {
    hook.events.filter.as_ref().map(|f| f.event_filter_map.clone()).unwrap_or_default()
}

fn merge_headers(headers: &mut Vec<Header>, extra: &[Header]) {
    for h in extra {
        headers.retain(|x| !x.key.eq_ignore_ascii_case(&h.key));
        headers.push(h.clone());
    }
}

fn merge_filters(filters: &mut Vec<EventFilterEntry>, extra: &[FilterInput]) {
    for f in extra {
        filters.retain(|x| x.event != f.event_type);
        filters.push(EventFilterEntry { event: f.event_type.clone(), condition: Condition { expression: f.expression.clone(), version: None } });
    }
}

fn subscription(key: &str, json: &str) -> Result<Subscription> {
    let s: Subscription = serde_json::from_str(json).map_err(|_| Error::invalid("subscription", "is not a subscription returned by `subscribe`"))?;
    if s.trigger != key {
        return Err(Error::invalid("subscription", format!("belongs to trigger `{}`, not `{key}`", s.trigger)));
    }
    Ok(s)
}

/// Answers Okta's verification GET and authenticates, parses and filters a delivery POST.
pub fn handle(key: &str, connection_json: &str, config_json: &str, subscription_json: Option<&str>, method: &str, headers: &[(String, String)], body: &[u8]) -> Result<WebhookAnswer> {
    let trigger = webhook_trigger(key)?;
    let (types, card, _) = event_types(trigger, config_json)?;
    let subscription = subscription_json.map(|s| subscription(key, s)).transpose()?;
    let header = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let authentic = subscription.as_ref().is_some_and(|s| header(AUTH_HEADER).is_some_and(|v| constant_time_eq(v.as_bytes(), s.secret.as_bytes())));
    match method {
        "GET" => {
            let Some(challenge) = header("x-okta-verification-challenge") else {
                return Ok(WebhookAnswer::status(400));
            };
            if subscription.is_some() && !authentic {
                return Ok(WebhookAnswer::status(401));
            }
            let mut answer = WebhookAnswer::status(200);
            answer.headers.push(("content-type".into(), "application/json".into()));
            answer.body = json!({ "verification": challenge }).to_string().into_bytes();
            Ok(answer)
        }
        "POST" if !authentic => Ok(WebhookAnswer::status(401)),
        "POST" => {
            let envelope: Value = match serde_json::from_slice(body) {
                Ok(v) => v,
                Err(e) => {
                    let mut answer = WebhookAnswer::status(400);
                    answer.rejected.push(json!({"index": null, "message": format!("the body is not JSON: {e}")}));
                    return Ok(answer);
                }
            };
            let Some(raw_events) = envelope.pointer("/data/events").and_then(Value::as_array) else {
                let mut answer = WebhookAnswer::status(400);
                answer.rejected.push(json!({"index": null, "message": "the body is not an event hook delivery: no data.events"}));
                return Ok(answer);
            };
            let okta = if card.hydrate { Some(Connection::parse(connection_json)?.client()?) } else { None };
            let outer = Envelope { event_id: envelope["eventId"].as_str(), event_time: envelope["eventTime"].as_str() };
            let mut answer = WebhookAnswer::status(200);
            let mut events = Vec::new();
            for (index, raw) in raw_events.iter().enumerate() {
                let parsed = match event::parse(raw) {
                    Ok(e) => e,
                    Err(message) => {
                        answer.rejected.push(json!({"index": index, "uuid": raw["uuid"], "message": message}));
                        continue;
                    }
                };
                // A shared hook carries the types of every subscription on the URL.
                if !parsed.event_type.as_ref().is_some_and(|t| types.contains(t)) || !event::about(&parsed, card.target_id.as_deref()) {
                    continue;
                }
                let mut e = event::shape(parsed, raw.clone(), Some(outer));
                if let Some(okta) = &okta {
                    event::hydrate(okta, &mut e);
                }
                events.push(e);
            }
            events.sort_by(|a, b| a.date_time.cmp(&b.date_time));
            for e in events {
                match serde_json::to_value(&e) {
                    Ok(v) => answer.events.push(v),
                    Err(err) => answer.rejected.push(json!({"uuid": e.uuid, "message": describe_error(&Error::Internal(err.to_string()))})),
                }
            }
            Ok(answer)
        }
        _ => Ok(WebhookAnswer::status(405)),
    }
}

/// Compares without an early exit, so timing does not reveal how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// HMAC-SHA256(credential, "okta-connector hook secret v1\n" + url), base64url.
fn derive_secret(credential: &str, url: &str) -> String {
    let mut key = [0u8; 64];
    if credential.len() > 64 {
        key[..32].copy_from_slice(&Sha256::digest(credential.as_bytes()));
    } else {
        key[..credential.len()].copy_from_slice(credential.as_bytes());
    }
    let mut inner = Sha256::new();
    inner.update(key.map(|b| b ^ 0x36));
    inner.update(b"okta-connector hook secret v1\n");
    inner.update(url.as_bytes());
    let mut outer = Sha256::new();
    outer.update(key.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(outer.finalize())
}

fn random_id() -> Result<String> {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_shape_and_secrets_differ_by_url() {
        let a = derive_secret("token", "https://h.example/a");
        assert_eq!(a, derive_secret("token", "https://h.example/a"));
        assert_ne!(a, derive_secret("token", "https://h.example/b"));
        assert_ne!(a, derive_secret("other", "https://h.example/a"));
        assert_eq!(a.len(), 43);
        assert!(constant_time_eq(b"abc", b"abc") && !constant_time_eq(b"abc", b"abd") && !constant_time_eq(b"ab", b"abc"));
    }
}
