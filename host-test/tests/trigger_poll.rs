//! Triggers on the polling path: opaque cursors, bounded polls, exactly once across faults and restarts.
mod common;
mod trigger_support;

use host_test::sim::clock::iso;
use host_test::sim::FaultKind;
use host_test::{error_json, Harness, Limits};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;
use trigger_support::{create_users, http, log_uuids_since, org};

/// One poll: Ok((events, cursor)) or the error JSON.
fn poll(connector: &host_test::Connector, org: &common::Org, key: &str, config: &Value, cursor: Option<&str>) -> Result<(Vec<Value>, String), Value> {
    match connector.poll_trigger(key, &org.connection, &config.to_string(), cursor).unwrap() {
        Ok(r) => Ok((serde_json::from_str(&r.events_json).unwrap(), r.next_cursor.expect("a cursor"))),
        Err(e) => Err(error_json(&e)),
    }
}

/// Faults that exhaust the connector's retries (a failed poll) or that it absorbs, by round.
fn inject(org: &common::Org, round: usize, path: &str) {
    match round % 5 {
        0 => org.fail("GET", path, 5, FaultKind::ServerError(503)),
        1 => org.fail("GET", path, 1, FaultKind::TruncatedBody),
        2 => org.fail("GET", path, 2, FaultKind::RateLimited { reset_after_secs: 0 }),
        3 => org.fail("GET", path, 1, FaultKind::ConnectionReset),
        _ => {}
    }
}

/// Polls until `done` says so, injecting faults and swapping in a new host instance (a restart) with
/// the stored cursor every third round; returns every event handed out.
fn drain(org: &common::Org, key: &str, config: &Value, path: &str, mut done: impl FnMut(&[Value]) -> bool) -> (Vec<Value>, usize, usize) {
    let mut connector = org.connector.clone();
    let mut cursor: Option<String> = None;
    let (mut events, mut failures) = (Vec::new(), 0);
    for round in 0..400 {
        if round % 3 == 2 {
            // The host restarts: a new instance, the cursor from storage.
            let stored = cursor.clone();
            connector = Harness::load().unwrap().connector(vec![org.sim.url()], Limits { first_byte_timeout: std::time::Duration::from_secs(2), ..Limits::default() });
            cursor = stored;
        }
        inject(org, round, path);
        match poll(&connector, org, key, config, cursor.as_deref()) {
            Ok((batch, next)) => {
                events.extend(batch);
                cursor = Some(next);
            }
            Err(e) => {
                assert!(matches!(e["error"].as_str(), Some("unavailable" | "rate-limited")), "{e}");
                failures += 1;
            }
        }
        if done(&events) {
            return (events, round + 1, failures);
        }
    }
    panic!("polling did not finish: {} events", events.len());
}

fn keys(events: &[Value]) -> Vec<String> {
    events.iter().map(|e| e["idempotencyKey"].as_str().unwrap().to_string()).collect()
}

fn assert_unique(keys: &[String]) {
    let set: BTreeSet<&String> = keys.iter().collect();
    assert_eq!(set.len(), keys.len(), "an event was repeated");
}

#[test]
fn new_system_logs_returns_every_event_once_through_faults_and_restarts() {
    let org = org(0, false);
    let since = iso(org.sim.clock().now() - 1);
    create_users(&org, "log", 1500, true);
    let expected = log_uuids_since(&org, &since);
    assert!(expected.len() >= 3000, "{}", expected.len());
    let config = json!({"since": since, "maxEvents": 700});
    let total = expected.len();
    let (events, rounds, failures) = drain(&org, "new-system-logs", &config, "/api/v1/logs", |e| e.len() >= total);
    let got = keys(&events);
    assert_unique(&got);
    assert_eq!(got.iter().collect::<BTreeSet<_>>(), expected.iter().collect::<BTreeSet<_>>());
    assert!(failures > 0, "faults made some polls fail");
    assert!(events.iter().all(|e| e["deliveredBy"] == "poll" && e["fullDetails"]["uuid"] == e["uuid"]));
    // Later events keep coming on the same stream, once.
    println!("{total} events in {rounds} polls, {failures} failed polls");
}

#[test]
fn a_poll_of_10000_system_log_events_prints_its_time() {
    let org = org(0, false);
    let since = iso(org.sim.clock().now() - 1);
    create_users(&org, "bulk", 5000, true);
    let config = json!({"since": since, "maxEvents": 10000}).to_string();
    let started = Instant::now();
    let r = org.connector.poll_trigger("new-system-logs", &org.connection, &config, None).unwrap().unwrap();
    let elapsed = started.elapsed();
    let events: Vec<Value> = serde_json::from_str(&r.events_json).unwrap();
    assert_eq!(events.len(), 10000);
    println!("poll of 10,000 System Log events (10 pages of 1000): {:.0} ms", elapsed.as_secs_f64() * 1000.0);
    let next = org.connector.poll_trigger("new-system-logs", &org.connection, &config, r.next_cursor.as_deref()).unwrap().unwrap();
    assert_eq!(next.events_json, "[]", "the cursor is past every event");
}

#[test]
fn an_event_card_polls_the_system_log_for_its_types() {
    let org = org(0, false);
    let since = iso(org.sim.clock().now() - 1);
    let ids = create_users(&org, "card", 30, true);
    let config = json!({"since": since, "maxEvents": 20});
    let (first, cursor) = poll(&org.connector, &org, "user-created", &config, None).unwrap();
    let (second, cursor) = poll(&org.connector, &org, "user-created", &config, Some(&cursor)).unwrap();
    let (third, _) = poll(&org.connector, &org, "user-created", &config, Some(&cursor)).unwrap();
    assert_eq!((first.len(), second.len(), third.len()), (20, 10, 0));
    let users: Vec<&str> = first.iter().chain(&second).map(|e| e["oktaUser"]["id"].as_str().unwrap()).collect();
    assert_eq!(users, ids.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(first.iter().all(|e| e["eventType"] == "user.lifecycle.create" && e["deliveredBy"] == "poll"));
    // Polling-only cards work the same way.
    http(&org, "POST", &format!("/api/v1/users/{}/lifecycle/deactivate", ids[0]), None);
    http(&org, "DELETE", &format!("/api/v1/users/{}", ids[0]), None);
    let (deleted, _) = poll(&org.connector, &org, "user-deletion-completed", &json!({"since": since}), None).unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0]["oktaUser"]["id"], ids[0].as_str());
}

#[test]
fn new_users_and_updated_users_return_each_change_once_through_faults_and_restarts() {
    let org = org(0, false);
    let since = iso(org.sim.clock().now() - 1);
    create_users(&org, "nu", 1200, false);
    let config = json!({"since": since, "maxEvents": 300});
    let mut created_later = false;
    let expected_new = 1500;
    let (new, _, failures) = drain(&org, "new-users", &config, "/api/v1/users", |events| {
        if !created_later && events.len() >= 600 {
            // Users created between polls are new too.
            created_later = true;
            create_users(&org, "late", 300, false);
        }
        events.len() >= expected_new
    });
    let got = keys(&new);
    assert_unique(&got);
    assert_eq!(got.len(), expected_new);
    assert!(failures > 0);

    // Updates: profile changes and deactivations (DEPROVISIONED users are included).
    let listed: Vec<String> = new.iter().map(|e| e["user"]["id"].as_str().unwrap().to_string()).collect();
    let since_updates = iso(org.sim.clock().now() - 1);
    for id in listed.iter().take(400) {
        http(&org, "POST", &format!("/api/v1/users/{id}"), Some(&json!({"profile": {"title": "Changed"}})));
    }
    for id in listed.iter().skip(400).take(100) {
        http(&org, "POST", &format!("/api/v1/users/{id}/lifecycle/deactivate"), None);
    }
    let config = json!({"since": since_updates, "maxEvents": 150});
    let (updated, _, _) = drain(&org, "updated-users", &config, "/api/v1/users", |events| events.len() >= 500);
    let got = keys(&updated);
    assert_unique(&got);
    let latest: BTreeMap<&str, &Value> = updated.iter().map(|e| (e["user"]["id"].as_str().unwrap(), &e["user"])).collect();
    assert_eq!(latest.len(), 500);
    assert_eq!(latest.values().filter(|u| u["status"] == "DEPROVISIONED").count(), 100);
    // Every user's current state was handed out, read back from the org.
    for id in listed.iter().take(500) {
        let (_, user) = http(&org, "GET", &format!("/api/v1/users/{id}"), None);
        assert_eq!(latest[id.as_str()]["lastUpdated"], user["lastUpdated"]);
    }
}

#[test]
fn cursors_and_configs_are_checked() {
    let org = org(0, false);
    let (_, cursor) = poll(&org.connector, &org, "new-users", &json!({}), None).unwrap();
    assert_eq!(poll(&org.connector, &org, "updated-users", &json!({}), Some(&cursor)).unwrap_err()["path"], "cursor");
    assert_eq!(poll(&org.connector, &org, "new-users", &json!({}), Some("garbage")).unwrap_err()["path"], "cursor");
    assert_eq!(poll(&org.connector, &org, "new-users", &json!({"maxEvents": 0}), None).unwrap_err()["path"], "config.maxEvents");
    assert_eq!(poll(&org.connector, &org, "new-system-logs", &json!({"since": "yesterday"}), None).unwrap_err()["path"], "config.since");
    assert_eq!(poll(&org.connector, &org, "event-hook", &json!({"eventTypes": ["user.lifecycle.create"]}), None).unwrap_err()["path"], "key");
    assert_eq!(poll(&org.connector, &org, "new-system-logs", &json!({"filter": "eventType eq"}), None).unwrap_err()["okta"]["errorCode"], "E0000053");
}

#[test]
fn unknown_config_fields_are_named_with_the_fields_the_trigger_takes() {
    let org = org(0, false);
    let err = poll(&org.connector, &org, "new-users", &json!({"sinse": "2026-01-01T00:00:00Z"}), None).unwrap_err();
    assert_eq!((err["error"].as_str(), err["path"].as_str()), (Some("invalid-input"), Some("config.sinse")), "{err}");
    assert_eq!(err["message"], "unknown field; expected one of: maxEvents, since");
    // A card's config (hydrate, targetId, …) and the flattened one of a trigger with chosen types.
    let err = poll(&org.connector, &org, "user-created", &json!({"hydrate": true, "maxEvent": 5}), None).unwrap_err();
    assert_eq!(err["path"], "config.maxEvent", "{err}");
    assert!(err["message"].as_str().unwrap().contains("hydrate, maxEvents, since, targetId"), "{err}");
    let err = poll(&org.connector, &org, "custom-webhook", &json!({"eventTypes": ["user.lifecycle.create"], "hydrat": true}), None).unwrap_err();
    assert_eq!(err["path"], "config.hydrat", "{err}");
    assert!(err["message"].as_str().unwrap().contains("eventTypes"), "{err}");
}
