//! Triggers on the webhook path: subscribe → Okta (the simulator) verifies → deliveries become events.
mod common;
mod trigger_support;

use host_test::webhook::Receiver;
use serde_json::{json, Value};
use std::time::Duration;
use trigger_support::{hooks, http, org};

const WAIT: Duration = Duration::from_secs(5);

fn receiver(org: &common::Org) -> Receiver {
    Receiver::start(org.connector.clone(), org.connection.clone(), 0).unwrap()
}

fn subscribe(r: &Receiver, key: &str, config: Value) -> String {
    r.subscribe(key, &config).unwrap().unwrap_or_else(|e| panic!("subscribe {key}: {}", host_test::error_json(&e)))
}

#[test]
fn a_user_created_after_subscribing_arrives_as_a_user_created_event() {
    let org = org(0, false);
    let r = receiver(&org);
    let sub: Value = serde_json::from_str(&subscribe(&r, "user-created", json!({}))).unwrap();
    let hook = &hooks(&org)[0];
    assert_eq!((hook["status"].as_str(), hook["verificationStatus"].as_str()), (Some("ACTIVE"), Some("VERIFIED")));
    assert_eq!(hook["events"]["items"], json!(["user.lifecycle.create"]));
    assert_eq!(hook["channel"]["config"]["uri"], r.url());
    assert_eq!(sub["eventHookId"], hook["id"]);
    assert_eq!(r.exchanges()[0].method, "GET", "the simulator verified the hook through handle-webhook");

    let user = org.create_user("ada.created@example.com");
    let events = r.wait_for(1, WAIT);
    let created: Vec<&Value> = events.iter().map(|e| &e.event).filter(|e| e["eventType"] == "user.lifecycle.create").collect();
    assert_eq!(created.len(), 1, "{events:?}");
    let e = created[0];
    assert_eq!(e["oktaUser"]["id"], user["id"]);
    assert_eq!(e["oktaUser"]["alternateId"], "ada.created@example.com");
    assert_eq!(e["oktaUser"]["type"], "User");
    assert_eq!(e["actor"]["type"], "User");
    assert_eq!(e["deliveredBy"], "webhook");
    assert_eq!(e["idempotencyKey"], e["uuid"]);
    assert_eq!(e["fullDetails"]["uuid"], e["uuid"]);
    assert_eq!(e["message"], e["fullDetails"]["displayMessage"]);
    assert_eq!(e["dateTime"], e["fullDetails"]["published"]);
    assert_eq!(e["result"], "SUCCESS");
    assert_eq!(e["version"], "0");
    assert!(e["eventId"].is_string() && e["eventId"] != e["uuid"], "eventId is the delivery's envelope id");
    assert!(e["eventTime"].is_string());
    // Only its own type: the activation in the same create is not a user-created event.
    assert!(events.iter().all(|x| x.event["eventType"] == "user.lifecycle.create"));
}

#[test]
fn a_forged_delivery_gets_401_and_no_event() {
    let org = org(0, false);
    let r = receiver(&org);
    subscribe(&r, "user-created", json!({}));
    let envelope = json!({"eventType": "com.okta.event_hook", "eventId": "forged", "data": {"events": [
        {"uuid": "f0f0f0f0-0000-0000-0000-000000000000", "eventType": "user.lifecycle.create", "published": "2026-01-01T00:00:00.000Z", "target": []}]}});
    for auth in [Some("wrong-secret"), None] {
        let mut req = ureq::post(r.url());
        if let Some(a) = auth {
            req = req.set("Authorization", a);
        }
        let status = match req.send_json(envelope.clone()) {
            Ok(resp) => resp.status(),
            Err(ureq::Error::Status(s, _)) => s,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(status, 401, "auth {auth:?}");
    }
    assert!(r.events().is_empty());
    assert!(r.exchanges().iter().filter(|x| x.method == "POST").all(|x| x.status == 401 && x.events == 0));
}

#[test]
fn okta_redelivering_an_envelope_gives_the_same_idempotency_keys() {
    let org = org(0, true);
    let r = receiver(&org);
    subscribe(&r, "user-created", json!({}));
    org.create_user("twice@example.com");
    let first = r.wait_for(1, WAIT);
    // The simulator records an envelope once the receiver's answer is in.
    let deadline = std::time::Instant::now() + WAIT;
    let sent = loop {
        let (status, sent) = http(&org, "GET", "/sim/deliveries", None);
        assert_eq!(status, 200);
        if sent.as_array().is_some_and(|s| !s.is_empty()) || std::time::Instant::now() > deadline {
            break sent;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let event_id = sent[0]["envelope"]["eventId"].as_str().unwrap().to_string();
    let (status, again) = http(&org, "POST", &format!("/sim/deliveries/{event_id}/redeliver"), None);
    assert_eq!((status, &again["attempts"]), (200, &json!([200])), "{again}");
    let both = r.wait_for(first.len() + 1, WAIT);
    let keys: Vec<&Value> = both.iter().map(|e| &e.event["idempotencyKey"]).collect();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], keys[1]);
}

#[test]
fn a_malformed_event_is_reported_and_the_others_delivered() {
    let org = org(0, false);
    let r = receiver(&org);
    let sub: Value = serde_json::from_str(&subscribe(&r, "user-created", json!({}))).unwrap();
    let good = json!({"uuid": "a1", "eventType": "user.lifecycle.create", "published": "2026-01-01T00:00:00.000Z", "target": [{"id": "00u1", "type": "User"}]});
    let envelope = json!({"eventId": "e1", "eventTime": "2026-01-01T00:00:01.000Z", "data": {"events": [good, {"eventType": "user.lifecycle.create"}, 7]}});
    let req = host_test::WebhookRequest {
        method: "POST".into(),
        path_with_query: "/okta/events".into(),
        headers: vec![("authorization".into(), sub["secret"].as_str().unwrap().into())],
        body: envelope.to_string().into_bytes(),
    };
    let out = org.connector.handle_webhook("user-created", &org.connection, "{}", Some(&sub.to_string()), &req).unwrap().unwrap();
    assert_eq!(out.response.status, 200);
    let events: Vec<Value> = serde_json::from_str(&out.events_json).unwrap();
    let rejected: Vec<Value> = serde_json::from_str(&out.rejected_json).unwrap();
    assert_eq!((events.len(), events[0]["oktaUser"]["id"].as_str()), (1, Some("00u1")));
    assert_eq!(rejected.iter().map(|x| x["index"].as_u64().unwrap()).collect::<Vec<_>>(), vec![1, 2]);
}

#[test]
fn thirty_subscriptions_share_hooks_within_the_25_hook_limit() {
    let org = org(0, false);
    let catalogue = org.connector.catalogue().unwrap();
    let cards: Vec<String> = catalogue["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "both" && !t["eventTypes"].as_array().unwrap().is_empty())
        .map(|t| t["key"].as_str().unwrap().to_string())
        .collect();
    assert!(cards.len() >= 15, "{cards:?}");
    let receivers = [receiver(&org), receiver(&org)];
    let mut subs = Vec::new();
    for r in &receivers {
        for key in cards.iter().take(15) {
            subs.push((r, subscribe(r, key, json!({}))));
        }
    }
    assert_eq!(subs.len(), 30);
    let all = hooks(&org);
    assert_eq!(all.len(), 2, "one shared hook per URL");
    for h in &all {
        assert_eq!(h["events"]["items"].as_array().unwrap().len(), 15);
        assert_eq!(h["verificationStatus"], "VERIFIED");
    }
    org.create_user("thirty@example.com");
    for r in &receivers {
        let events = r.wait_for(2, WAIT);
        let mut got: Vec<&str> = events.iter().map(|e| e.trigger.as_str()).collect();
        got.sort();
        assert!(got.contains(&"user-created") && got.contains(&"user-activated"), "{got:?}");
    }
    for (r, sub) in &subs {
        r.unsubscribe(sub).unwrap().unwrap();
    }
    assert!(hooks(&org).is_empty(), "the last unsubscribe deletes each hook");
}

#[test]
fn unsubscribe_removes_only_its_own_types_and_is_idempotent() {
    let org = org(0, false);
    let r = receiver(&org);
    let created = subscribe(&r, "user-created", json!({}));
    let custom = subscribe(&r, "custom-webhook", json!({"eventTypes": ["user.lifecycle.create", "group.lifecycle.create"]}));
    let suspended = subscribe(&r, "user-suspended", json!({}));
    let items = |org: &common::Org| -> Value { hooks(org)[0]["events"]["items"].clone() };
    assert_eq!(items(&org), json!(["user.lifecycle.create", "group.lifecycle.create", "user.lifecycle.suspend"]));
    r.unsubscribe(&created).unwrap().unwrap();
    assert_eq!(items(&org), json!(["user.lifecycle.create", "group.lifecycle.create", "user.lifecycle.suspend"]), "custom-webhook still needs user.lifecycle.create");
    r.unsubscribe(&suspended).unwrap().unwrap();
    assert_eq!(items(&org), json!(["user.lifecycle.create", "group.lifecycle.create"]));
    // Again, straight through the connector: nothing changes.
    org.connector.unsubscribe("user-suspended", &org.connection, "{}", &suspended).unwrap().unwrap();
    assert_eq!(items(&org), json!(["user.lifecycle.create", "group.lifecycle.create"]));
    // A hook someone else made on the same org is left alone.
    let (status, _) = http(&org, "POST", "/api/v1/eventHooks", Some(&json!({"name": "theirs", "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": "https://theirs.example.com/hook"}}})));
    assert_eq!(status, 200);
    r.unsubscribe(&custom).unwrap().unwrap();
    let left = hooks(&org);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["name"], "theirs");
    org.connector.unsubscribe("custom-webhook", &org.connection, "{}", &custom).unwrap().unwrap();
}

#[test]
fn event_hook_filters_and_headers_reach_okta_and_okta_applies_them() {
    let org = org(0, false);
    let r = receiver(&org);
    let config = json!({"eventTypes": ["user.lifecycle.create"], "headers": [{"key": "X-Flow", "value": "onboarding"}],
        "filters": [{"eventType": "user.lifecycle.create", "expression": "event.target.?[alternateId eq 'wanted@example.com'].size() > 0"}]});
    subscribe(&r, "event-hook", config);
    let hook = &hooks(&org)[0];
    assert_eq!(hook["channel"]["config"]["headers"], json!([{"key": "X-Flow", "value": "onboarding"}]));
    assert!(hook["channel"]["config"]["authScheme"].get("value").is_none());
    org.create_user("unwanted@example.com");
    org.create_user("wanted@example.com");
    let events = r.wait_for(1, WAIT);
    std::thread::sleep(Duration::from_millis(200));
    let all = r.events();
    assert_eq!(all.len(), 1, "{events:?}");
    assert_eq!(all[0].event["oktaUser"]["alternateId"], "wanted@example.com");
}

#[test]
fn polling_only_and_bad_configs_are_refused_before_anything_is_sent() {
    let org = org(0, false);
    let url = "https://hooks.example.com/okta";
    let refuse = |key: &str, config: Value| {
        let e = org.connector.subscribe(key, &org.connection, &config.to_string(), url).unwrap().unwrap_err();
        host_test::error_json(&e)
    };
    assert_eq!(refuse("user-deletion-completed", json!({}))["path"], "key");
    assert_eq!(refuse("new-users", json!({}))["path"], "key");
    assert_eq!(refuse("custom-webhook", json!({}))["path"], "config.eventTypes");
    assert_eq!(refuse("custom-webhook", json!({"eventTypes": ["user.lifecycle.delete.completed"]}))["path"], "config.eventTypes");
    assert_eq!(refuse("user-created", json!({"hydrat": true}))["path"], "config.hydrat");
    assert_eq!(refuse("no-such-trigger", json!({}))["error"], "unknown-key");
    assert!(org.requests_to("/api/v1/eventHooks").is_empty());
}

#[test]
fn hydrate_reads_the_user_once_per_event() {
    let org = org(0, false);
    let r = receiver(&org);
    subscribe(&r, "user-created", json!({"hydrate": true}));
    let user = org.create_user("hydrated@example.com");
    let e = &r.wait_for(1, WAIT)[0].event;
    assert_eq!(e["hydrated"]["user"]["id"], user["id"]);
    assert_eq!(e["hydrated"]["user"]["profile"]["login"], "hydrated@example.com");
}

#[test]
fn hydrate_gives_the_user_groups_the_group_cards_show() {
    let org = org(0, false);
    let r = receiver(&org);
    subscribe(&r, "user-added-to-group", json!({"hydrate": true}));
    let user = org.create_user("grouped@example.com");
    let group = org.run("create-group", json!({"name": "Field Sales", "description": "EMEA field team"})).unwrap();
    org.run("add-user-to-group", json!({"userId": user["id"], "groupId": group["id"]})).unwrap();
    let e = &r.wait_for(1, WAIT)[0].event;
    assert_eq!(e["group"]["id"], group["id"]);
    let groups = e["hydrated"]["userGroups"].as_array().expect("the user's groups are read");
    let field = groups.iter().find(|g| g["id"] == group["id"]).expect("the new group is among them");
    assert_eq!(field["name"], "Field Sales");
    assert_eq!(field["description"], "EMEA field team");
    assert!(groups.iter().any(|g| g["name"] == "Everyone"), "Okta puts every user in Everyone: {groups:?}");
}
