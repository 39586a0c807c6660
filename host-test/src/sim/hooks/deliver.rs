//! Outgoing hook traffic: the one-time verification GET and event deliveries
//! (API-NOTES §13). 3 s timeout and one retry; 4xx is not retried.

use super::Hook;
use crate::sim::clock::iso;
use crate::sim::logs::Origin;
use crate::sim::org::Org;
use crate::sim::Shared;
use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

const TIMEOUT: Duration = Duration::from_secs(3);

static NEXT_REQUEST: AtomicU64 = AtomicU64::new(1);

/// One queued POST to a hook.
pub(crate) struct Delivery {
    pub hook_id: String,
    pub target: Value,
    pub uri: String,
    pub headers: Vec<(String, String)>,
    /// Envelope `source`.
    pub source: String,
    pub event: Value,
}

/// Events queued within this window go to a hook in one POST, as Okta batches them.
const BATCH_WINDOW: Duration = Duration::from_millis(20);

/// Outcome of one HTTP attempt: status + body, or a transport failure/timeout.
async fn send(method: &str, uri: &str, headers: &[(String, String)], body: Option<&Value>) -> Result<(u16, Bytes), String> {
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let mut req = hyper::Request::builder()
        .method(method)
        .uri(uri)
        .header("accept", "application/json")
        .header("user-agent", "Okta-Integrations")
        .header("x-okta-request-id", format!("simhook{}", NEXT_REQUEST.fetch_add(1, Ordering::Relaxed)));
    for (k, v) in headers {
        req = req.header(k.as_str(), v.as_str());
    }
    let payload = match body {
        Some(b) => {
            req = req.header("content-type", "application/json");
            Bytes::from(b.to_string())
        }
        None => Bytes::new(),
    };
    let req = req.body(Full::new(payload)).map_err(|e| e.to_string())?;
    let exchange = async {
        let resp = client.request(req).await.map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let body = resp.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok((status, body))
    };
    tokio::time::timeout(TIMEOUT, exchange).await.map_err(|_| "timeout".to_string())?
}

/// Two attempts at most; a 4xx answer is final. Returns the last outcome and every attempt's status.
async fn with_retry(method: &str, uri: &str, headers: &[(String, String)], body: Option<&Value>) -> (Result<(u16, Bytes), String>, Vec<Option<u16>>) {
    let first = send(method, uri, headers, body).await;
    let status = first.as_ref().ok().map(|(s, _)| *s);
    match first {
        Ok((s, b)) if s < 500 => (Ok((s, b)), vec![Some(s)]),
        _ => {
            let second = send(method, uri, headers, body).await;
            let again = second.as_ref().ok().map(|(s, _)| *s);
            (second, vec![status, again])
        }
    }
}

/// The verification GET: the hook must echo the challenge as `{"verification": …}`.
pub(crate) async fn verify(uri: &str, headers: &[(String, String)], challenge: &str) -> bool {
    let mut headers = headers.to_vec();
    headers.push(("x-okta-verification-challenge".into(), challenge.into()));
    match with_retry("GET", uri, &headers, None).await.0 {
        Ok((200, body)) => serde_json::from_slice::<Value>(&body).ok() == Some(json!({ "verification": challenge })),
        _ => false,
    }
}

/// Delivers queued events one POST each; failures are logged as `event_hook.delivery`.
pub(crate) async fn run(shared: Arc<Shared>, mut queue: UnboundedReceiver<Delivery>) {
    while let Some(first) = queue.recv().await {
        tokio::time::sleep(BATCH_WINDOW).await;
        let mut by_hook: BTreeMap<String, Vec<Delivery>> = BTreeMap::new();
        by_hook.entry(first.hook_id.clone()).or_default().push(first);
        while let Ok(d) = queue.try_recv() {
            by_hook.entry(d.hook_id.clone()).or_default().push(d);
        }
        for batch in by_hook.into_values() {
            tokio::spawn(deliver(shared.clone(), batch));
        }
    }
}

/// POSTs one envelope holding every event of `batch` (all for the same hook).
async fn deliver(shared: Arc<Shared>, batch: Vec<Delivery>) {
    let (event_id, now) = (shared.org.lock().unwrap().rng.uuid(), shared.clock.now());
    let d = &batch[0];
    let envelope = json!({
        "eventType": "com.okta.event_hook",
        "eventTypeVersion": "1.0",
        "cloudEventsVersion": "0.1",
        "source": d.source,
        "eventId": event_id,
        "eventTime": iso(now),
        "contentType": "application/json",
        "data": {"events": batch.iter().map(|d| &d.event).collect::<Vec<_>>()},
    });
    let (outcome, attempts) = with_retry("POST", &d.uri, &d.headers, Some(&envelope)).await;
    let delivered = matches!(outcome, Ok((200..=299, _)));
    let mut org = shared.org.lock().unwrap();
    if let Some(h) = org.hooks.get_mut(&d.hook_id) {
        h.deliveries += u64::from(delivered);
        h.record(super::Sent { envelope, attempts });
    }
    if !delivered {
        let origin = Origin { now: shared.clock.now(), actor: None, user_agent: String::new(), path: String::new(), base: String::new() };
        org.emit_from(&origin, "event_hook.delivery", "FAILURE", vec![d.target.clone()]);
    }
}

/// Sends a recorded envelope to its hook again, as Okta's at-least-once delivery may; returns the attempts.
pub(crate) async fn redeliver(uri: &str, headers: &[(String, String)], envelope: &Value) -> Vec<Option<u16>> {
    with_retry("POST", uri, headers, Some(envelope)).await.1
}

impl Org {
    /// Queues `event` for every ACTIVE, VERIFIED hook subscribed to its type.
    pub(crate) fn queue_deliveries(&mut self, origin: &Origin, event_type: &str, event: &Value) {
        let subscribed: Vec<&Hook> = self.hooks.values().filter(|h| h.receives(event_type, event)).collect();
        for h in subscribed {
            let delivery = Delivery {
                hook_id: h.id.clone(),
                target: h.target(),
                uri: h.uri().to_string(),
                headers: h.outgoing_headers(),
                source: format!("{}/api/v1/eventHooks/{}", origin.base, h.id),
                event: event.clone(),
            };
            // The receiver only disappears when the simulator shuts down.
            let _ = self.deliveries.send(delivery);
        }
    }
}
