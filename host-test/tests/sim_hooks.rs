//! Event hooks: management API, real verification call, real deliveries.
mod sim_support;

use serde_json::{json, Value};
use sim_support::Api;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the receiver got: (method, lower-cased headers, body).
type Seen = Arc<Mutex<Vec<(String, Vec<(String, String)>, String)>>>;

/// A blocking HTTP receiver. `echo` decides whether it answers the
/// verification challenge correctly; POSTs get `post_status`.
fn receiver(echo: bool, post_status: u16) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}/okta/hook", listener.local_addr().unwrap().port());
    let seen: Seen = Arc::default();
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap_or(0);
            let method = line.split(' ').next().unwrap_or("").to_string();
            let mut headers = Vec::new();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
                if let Some((k, v)) = h.trim_end().split_once(':') {
                    headers.push((k.to_lowercase(), v.trim().to_string()));
                }
            }
            let len: usize = headers.iter().find(|(k, _)| k == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap();
            let challenge = headers.iter().find(|(k, _)| k == "x-okta-verification-challenge").map(|(_, v)| v.clone());
            let (status, answer) = match challenge {
                Some(c) if echo => (200, json!({ "verification": c }).to_string()),
                Some(_) => (200, json!({ "verification": "wrong" }).to_string()),
                None => (post_status, String::new()),
            };
            record.lock().unwrap().push((method, headers, String::from_utf8(body).unwrap()));
            let mut s = stream;
            let _ = write!(s, "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}", answer.len());
        }
    });
    (url, seen)
}

fn hook_body(uri: &str, items: &[&str]) -> Value {
    json!({
        "name": "Connector hook",
        "events": {"type": "EVENT_TYPE", "items": items},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {
            "uri": uri,
            "headers": [{"key": "X-Other-Header", "value": "static"}],
            "authScheme": {"type": "HEADER", "key": "Authorization", "value": "s3cret"}}}
    })
}

fn wait_for(seen: &Seen, n: usize) -> Vec<(String, Vec<(String, String)>, String)> {
    let deadline = Instant::now() + Duration::from_secs(5);
    while seen.lock().unwrap().len() < n && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    seen.lock().unwrap().clone()
}

#[test]
fn create_hides_secret_and_starts_active_unverified() {
    let api = Api::start(0);
    let r = api.post("/api/v1/eventHooks", &hook_body("https://hooks.example.com/okta", &["user.lifecycle.create"]));
    assert_eq!(r.status, 200, "{}", r.text);
    let h = r.json();
    assert!(h["id"].as_str().unwrap().starts_with("who"));
    assert_eq!((h["status"].as_str(), h["verificationStatus"].as_str()), (Some("ACTIVE"), Some("UNVERIFIED")));
    assert!(h["channel"]["config"]["authScheme"].get("value").is_none());
    assert!(!r.text.contains("s3cret"));
    assert_eq!(api.get("/api/v1/eventHooks").json().as_array().unwrap().len(), 1);
}

#[test]
fn invalid_hooks_are_rejected_with_e0000001() {
    let api = Api::start(0);
    for body in [
        hook_body("http://hooks.example.com/okta", &["user.lifecycle.create"]),
        hook_body("https://hooks.example.com/okta", &["user.lifecycle.delete.completed"]),
        hook_body("https://hooks.example.com/okta", &[]),
    ] {
        let r = api.post("/api/v1/eventHooks", &body);
        assert_eq!((r.status, r.error_code()), (400, "E0000001".into()), "{body}");
    }
}

#[test]
fn at_most_25_hooks_per_org() {
    let api = Api::start(0);
    for _ in 0..25 {
        assert_eq!(api.post("/api/v1/eventHooks", &hook_body("https://h.example.com/", &["user.lifecycle.create"])).status, 200);
    }
    let r = api.post("/api/v1/eventHooks", &hook_body("https://h.example.com/", &["user.lifecycle.create"]));
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()));
}

#[test]
fn verify_calls_the_hook_with_challenge_and_configured_headers() {
    let api = Api::start(0);
    let (url, seen) = receiver(true, 200);
    let id = api.post("/api/v1/eventHooks", &hook_body(&url, &["user.lifecycle.create"])).json()["id"].as_str().unwrap().to_string();
    let r = api.post_empty(&format!("/api/v1/eventHooks/{id}/lifecycle/verify"));
    assert_eq!((r.status, r.json()["verificationStatus"].as_str()), (200, Some("VERIFIED")), "{}", r.text);
    let calls = seen.lock().unwrap().clone();
    let (method, headers, _) = &calls[0];
    let header = |k: &str| headers.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(method, "GET");
    assert_eq!(header("authorization"), Some("s3cret"));
    assert_eq!(header("x-other-header"), Some("static"));
    assert_eq!(header("x-okta-verification-challenge").map(str::len), Some(32));
}

#[test]
fn verify_fails_when_the_challenge_is_not_echoed() {
    let api = Api::start(0);
    let (url, _seen) = receiver(false, 200);
    let id = api.post("/api/v1/eventHooks", &hook_body(&url, &["user.lifecycle.create"])).json()["id"].as_str().unwrap().to_string();
    let r = api.post_empty(&format!("/api/v1/eventHooks/{id}/lifecycle/verify"));
    assert_eq!((r.status, r.error_code()), (400, "E0000001".into()));
    assert_eq!(r.json()["errorCauses"][0]["errorSummary"], "Unable to verify event hook. Hook Connector hook execution failed");
}

#[test]
fn active_verified_hooks_receive_subscribed_events_only() {
    let api = Api::start(0);
    let (url, seen) = receiver(true, 200);
    let id = api.post("/api/v1/eventHooks", &hook_body(&url, &["user.lifecycle.suspend"])).json()["id"].as_str().unwrap().to_string();
    api.post_empty(&format!("/api/v1/eventHooks/{id}/lifecycle/verify"));
    let u = api.create_user("hooked@example.com", "?activate=true", Some(json!({"password": {"value": "Tr0ub4dor&3x"}})));
    api.post_empty(&format!("/api/v1/users/{}/lifecycle/suspend", u["id"].as_str().unwrap()));
    let calls = wait_for(&seen, 2);
    assert_eq!(calls.len(), 2, "verification + one delivery (create is not subscribed)");
    let (method, headers, body) = &calls[1];
    assert_eq!(method, "POST");
    assert!(headers.contains(&("authorization".into(), "s3cret".into())));
    let envelope: Value = serde_json::from_str(body).unwrap();
    assert_eq!(envelope["eventType"], "com.okta.event_hook");
    assert_eq!(envelope["data"]["events"][0]["eventType"], "user.lifecycle.suspend");
    assert_eq!(envelope["data"]["events"][0]["target"][0]["id"], u["id"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while api.sim.hook_deliveries(&id) != Some(1) {
        assert!(Instant::now() < deadline, "delivery not acknowledged");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn failed_delivery_is_retried_once_then_logged() {
    let api = Api::start(0);
    let (url, seen) = receiver(true, 503);
    let id = api.post("/api/v1/eventHooks", &hook_body(&url, &["user.lifecycle.create"])).json()["id"].as_str().unwrap().to_string();
    api.post_empty(&format!("/api/v1/eventHooks/{id}/lifecycle/verify"));
    api.create_user("retry@example.com", "", None);
    assert_eq!(wait_for(&seen, 3).len(), 3, "verification + two attempts");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let log = api.get("/api/v1/logs?filter=eventType%20eq%20%22event_hook.delivery%22").json();
        if let Some(e) = log.as_array().unwrap().first() {
            assert_eq!(e["outcome"]["result"], "FAILURE");
            assert_eq!(e["actor"]["type"], "SystemPrincipal");
            break;
        }
        assert!(Instant::now() < deadline, "no event_hook.delivery event");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn delete_requires_deactivation_and_put_with_new_channel_unverifies() {
    let api = Api::start(0);
    let (url, _seen) = receiver(true, 200);
    let id = api.post("/api/v1/eventHooks", &hook_body(&url, &["user.lifecycle.create"])).json()["id"].as_str().unwrap().to_string();
    api.post_empty(&format!("/api/v1/eventHooks/{id}/lifecycle/verify"));
    let path = format!("/api/v1/eventHooks/{id}");
    let r = api.call("PUT", &path, Some(&hook_body("https://elsewhere.example.com/", &["user.lifecycle.create"])));
    assert_eq!(r.json()["verificationStatus"], "UNVERIFIED");
    assert_eq!(api.call("DELETE", &path, None).status, 400);
    let r = api.post_empty(&format!("{path}/lifecycle/deactivate"));
    assert_eq!(r.json()["status"], "INACTIVE");
    assert_eq!(api.call("DELETE", &path, None).status, 204);
    assert_eq!(api.get(&path).status, 404);
}

#[test]
fn events_close_together_are_batched_into_one_delivery() {
    let api = Api::start(0);
    let (url, seen) = receiver(true, 200);
    let id = api.post("/api/v1/eventHooks", &hook_body(&url, &["user.lifecycle.create", "user.lifecycle.activate"])).json()["id"].as_str().unwrap().to_string();
    api.post_empty(&format!("/api/v1/eventHooks/{id}/lifecycle/verify"));
    api.create_user("batched@example.com", "?activate=true", None);
    let calls = wait_for(&seen, 2);
    let envelope: Value = serde_json::from_str(&calls[1].2).unwrap();
    let types: Vec<&str> = envelope["data"]["events"].as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap()).collect();
    assert_eq!(types, ["user.lifecycle.create", "user.lifecycle.activate"]);
    let inner: Vec<&str> = envelope["data"]["events"].as_array().unwrap().iter().map(|e| e["uuid"].as_str().unwrap()).collect();
    assert!(!inner.contains(&envelope["eventId"].as_str().unwrap()), "envelope id differs from event uuids");
}

#[test]
fn a_verified_hook_receives_the_creation_of_a_user_created_afterwards() {
    let api = Api::start(0);
    let (url, seen) = receiver(true, 200);
    let id = api.post("/api/v1/eventHooks", &hook_body(&url, &["user.lifecycle.create"])).json()["id"].as_str().unwrap().to_string();
    assert_eq!(api.post_empty(&format!("/api/v1/eventHooks/{id}/lifecycle/verify")).json()["verificationStatus"], "VERIFIED");
    assert_eq!(wait_for(&seen, 1)[0].0, "GET", "verification comes first");
    let u = api.create_user("born.later@example.com", "?activate=false", None);
    let calls = wait_for(&seen, 2);
    let envelope: Value = serde_json::from_str(&calls[1].2).unwrap();
    assert_eq!(envelope["data"]["events"][0]["eventType"], "user.lifecycle.create");
    assert_eq!(envelope["data"]["events"][0]["target"][0]["id"], u["id"]);
}
