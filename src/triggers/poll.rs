//! Polling with opaque cursors. The cursor moves past exactly the events a poll returns, so polls are
//! exactly-once across restarts and faults: a failed first request returns the error (the host keeps the
//! old cursor); a failure after some pages ends the poll early with the cursor at the last page read.

use super::event::{self, TriggerEvent, UserEvent};
use super::{config, CardConfig, Source, SystemLogsConfig, Trigger, UsersConfig};
use crate::error::{Error, Result};
use crate::http::{query, Okta, Query};
use crate::time::{iso, parse_iso};
use crate::okta::{logs, users};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::Digest;

const DEFAULT_MAX_EVENTS: u32 = 1000;
const MAX_EVENTS: u32 = 10_000;
/// How far back each user poll looks again, for changes committed late with an earlier `lastUpdated`.
const OVERLAP_MS: i64 = 60_000;
/// Users per page, Okta's maximum.
const USER_PAGE: u32 = 200;
/// Pages one user poll may read (200,000 changed users).
const USER_MAX_PAGES: u32 = 1000;

/// What a cursor holds; base64url JSON, opaque to hosts.
#[derive(Serialize, Deserialize)]
struct Cursor {
    /// The trigger it belongs to: a cursor of another trigger is refused.
    trigger: String,
    #[serde(flatten)]
    state: State,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum State {
    /// Okta's `next` link of the System Log polling request (path and query).
    Log { next: String },
    /// User polls: the lower bound of the next query (epoch ms) and `time:hash` of the events already
    /// returned at or after it.
    Users { from: i64, seen: Vec<String> },
}

fn encode(trigger: &Trigger, state: State) -> String {
    let json = serde_json::to_vec(&Cursor { trigger: trigger.key.to_string(), state }).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

fn decode(trigger: &Trigger, cursor: &str) -> Result<State> {
    let bad = || Error::invalid("cursor", "is not a cursor of this trigger; pass the `nextCursor` of its previous poll");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor.trim()).map_err(|_| bad())?;
    let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if cursor.trigger != trigger.key {
        return Err(bad());
    }
    Ok(cursor.state)
}

/// One poll: the events (oldest first) and the cursor for the next poll.
pub fn poll(okta: &Okta, trigger: &Trigger, config_json: &str, cursor: Option<&str>) -> Result<(Vec<Value>, String)> {
    let state = cursor.map(|c| decode(trigger, c)).transpose()?;
    match trigger.source {
        Source::NewUsers | Source::UpdatedUsers => {
            let c: UsersConfig = config(trigger, config_json)?;
            let max = max_events(c.max_events)?;
            let start = start(c.since.as_deref())?;
            let (from, seen) = match state {
                Some(State::Users { from, seen }) => (from, seen),
                None => (start, Vec::new()),
                Some(State::Log { .. }) => return Err(Error::invalid("cursor", "is not a cursor of this trigger")),
            };
            let (events, from, seen) = poll_users(okta, trigger.source == Source::UpdatedUsers, from, seen, max)?;
            Ok((events, encode(trigger, State::Users { from, seen })))
        }
        _ => {
            let (filter, since, max, card) = match trigger.source {
                Source::SystemLogs => {
                    let c: SystemLogsConfig = config(trigger, config_json)?;
                    (c.filter.filter(|f| !f.trim().is_empty()), c.since, c.max_events, CardConfig::default())
                }
                _ => {
                    let (types, card, _) = super::event_types(trigger, config_json)?;
                    let filter = types.iter().map(|t| format!("eventType eq \"{t}\"")).collect::<Vec<_>>().join(" or ");
                    (Some(filter), card.since.clone(), card.max_events, card)
                }
            };
            let max = max_events(max)?;
            let next = match state {
                Some(State::Log { next }) => Some(next),
                None => None,
                Some(State::Users { .. }) => return Err(Error::invalid("cursor", "is not a cursor of this trigger")),
            };
            let since = iso(start(since.as_deref())?);
            let (events, next) = poll_log(okta, filter, since, max, next)?;
            let mut out = Vec::with_capacity(events.len());
            for raw in events {
                let parsed = event::parse(&raw).unwrap_or_else(|_| fallback(&raw));
                if !event::about(&parsed, card.target_id.as_deref()) {
                    continue;
                }
                let mut e = event::shape(parsed, raw, None);
                if card.hydrate {
                    event::hydrate(okta, &mut e);
                }
                out.push(to_value(&e)?);
            }
            Ok((out, encode(trigger, State::Log { next })))
        }
    }
}

/// An event the log returned that does not read as one: delivered with what it has, keyed by its content.
fn fallback(raw: &Value) -> logs::LogEvent {
    let uuid = raw["uuid"].as_str().map(str::to_string).unwrap_or_else(|| format!("sha256:{}", short_hash(&raw.to_string())));
    logs::LogEvent { uuid: Some(uuid), event_type: raw["eventType"].as_str().map(str::to_string), published: raw["published"].as_str().map(str::to_string), ..Default::default() }
}

fn to_value(e: &TriggerEvent) -> Result<Value> {
    serde_json::to_value(e).map_err(|e| Error::Internal(format!("cannot encode event: {e}")))
}

/// Pages of Okta's polling request (no `until`); stops when a page is not full, when another page could
/// exceed `max`, or at a failure after the first page.
fn poll_log(okta: &Okta, filter: Option<String>, since: String, max: u32, mut next: Option<String>) -> Result<(Vec<Value>, String)> {
    let page_size = max.min(logs::MAX_LIMIT);
    let mut events = Vec::new();
    let mut pages = 0;
    while events.len() as u32 + page_size <= max {
        let page = match &next {
            Some(link) => logs::page_at(okta, link),
            None => {
                let mut q: Query = query([("since", since.clone()), ("limit", page_size.to_string()), ("sortOrder", "ASCENDING".to_string())]);
                if let Some(f) = &filter {
                    q.push(("filter".into(), f.clone()));
                }
                logs::first_page(okta, &q)
            }
        };
        let page = match page {
            Ok(page) => page,
            Err(e) if pages == 0 => return Err(e),
            Err(_) => break,
        };
        pages += 1;
        let full = page.items.len() as u32 >= page_size;
        events.extend(page.items);
        match page.next {
            Some(link) => next = Some(link),
            None => break,
        }
        if !full {
            break;
        }
    }
    let next = next.ok_or_else(|| Error::Internal("Okta's System Log polling answer had no next link".into()))?;
    Ok((events, next))
}

/// Users whose time (`created` for new users, `lastUpdated` for updates) is at or after `from`, minus
/// those already returned; at most `max`, oldest first.
fn poll_users(okta: &Okta, updates: bool, from: i64, seen: Vec<String>, max: u32) -> Result<(Vec<Value>, i64, Vec<String>)> {
    let filter = format!("lastUpdated ge \"{}\"", iso(from));
    let listing = users::list(okta, &query([("filter", filter), ("limit", USER_PAGE.to_string())]), USER_MAX_PAGES)?;
    if listing.next_cursor.is_some() {
        return Err(Error::Internal(format!("more than {} changed users since the last poll; poll more often", USER_PAGE * USER_MAX_PAGES)));
    }
    let mut clock = from;
    let mut candidates: Vec<(i64, String, users::User)> = Vec::new();
    for raw in listing.items {
        let user: users::User = serde_json::from_str(raw.get()).map_err(|e| Error::Internal(format!("unreadable user from Okta: {e}")))?;
        let updated = user.last_updated.as_deref().and_then(parse_iso);
        clock = clock.max(updated.unwrap_or(from));
        let time = if updates { updated } else { user.created.as_deref().and_then(parse_iso) };
        let Some(time) = time else { continue };
        let key = if updates { format!("{}@{}", user.id, user.last_updated.as_deref().unwrap_or_default()) } else { user.id.clone() };
        if time >= from && !seen.contains(&seen_entry(time, &key)) {
            candidates.push((time, key, user));
        }
    }
    candidates.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let capped = candidates.len() > max as usize;
    candidates.truncate(max as usize);
    let watermark = match candidates.last() {
        Some((t, ..)) if capped => *t,
        _ => clock,
    };
    let next_from = from.max(watermark - OVERLAP_MS);
    let mut next_seen: Vec<String> = seen.into_iter().filter(|s| entry_time(s).is_some_and(|t| t >= next_from)).collect();
    let mut events = Vec::with_capacity(candidates.len());
    for (time, key, user) in candidates {
        if time >= next_from {
            next_seen.push(seen_entry(time, &key));
        }
        events.push(serde_json::to_value(UserEvent { idempotency_key: key, user }).map_err(|e| Error::Internal(format!("cannot encode event: {e}")))?);
    }
    Ok((events, next_from, next_seen))
}

fn seen_entry(time: i64, key: &str) -> String {
    format!("{time}:{}", short_hash(key))
}

fn entry_time(entry: &str) -> Option<i64> {
    entry.split(':').next()?.parse().ok()
}

/// 72 bits of SHA-256, base64url: stable across builds, unlike std's hashers.
fn short_hash(text: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&sha2::Sha256::digest(text.as_bytes())[..9])
}

fn max_events(max: Option<u32>) -> Result<u32> {
    match max.unwrap_or(DEFAULT_MAX_EVENTS) {
        n @ 1..=MAX_EVENTS => Ok(n),
        _ => Err(Error::invalid("config.maxEvents", format!("must be between 1 and {MAX_EVENTS}"))),
    }
}

/// Where a first poll starts: the configured time, or now.
fn start(since: Option<&str>) -> Result<i64> {
    match since {
        Some(s) => parse_iso(s).ok_or_else(|| Error::invalid("config.since", "must be an ISO 8601 time such as 2026-01-31T00:00:00.000Z")),
        None => Ok(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_belong_to_their_trigger() {
        let [a, b] = [super::super::find("new-users").unwrap(), super::super::find("updated-users").unwrap()];
        let c = encode(a, State::Users { from: 5, seen: vec!["5:x".into()] });
        assert!(matches!(decode(a, &c), Ok(State::Users { from: 5, .. })));
        assert!(decode(b, &c).is_err());
        assert!(decode(a, "not base64!").is_err());
    }
}
