//! A webhook receiver for triggers, as a host runs one: serves HTTP on loopback, hands every request to
//! the component's `handle-webhook` for each subscription on its URL, answers Okta with what the
//! component said, and collects the events. Used by `host-test trigger listen` and by the tests.

use crate::host::{Connector, ConnectorError, WebhookRequest};
use anyhow::{Context, Result};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// One trigger subscribed at the receiver's URL; `subscription` is `None` while `subscribe` runs.
#[derive(Clone)]
struct Sub {
    key: String,
    config: String,
    subscription: Option<String>,
}

/// An event the component produced, with the trigger it belongs to.
#[derive(Debug, Clone)]
pub struct Received {
    pub trigger: String,
    pub event: Value,
}

/// One HTTP exchange: method, status answered, events and rejected entries produced.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    pub status: u16,
    pub events: usize,
    pub rejected: Vec<Value>,
}

struct Inner {
    connector: Connector,
    connection: String,
    subs: Mutex<Vec<Sub>>,
    events: Mutex<Vec<Received>>,
    exchanges: Mutex<Vec<Exchange>>,
    arrived: Condvar,
}

pub struct Receiver {
    url: String,
    inner: Arc<Inner>,
}

impl Receiver {
    /// Listens on `127.0.0.1:port` (0 = any) at path `/okta/events`.
    pub fn start(connector: Connector, connection: String, port: u16) -> Result<Receiver> {
        let listener = TcpListener::bind(("127.0.0.1", port)).context("binding the webhook port")?;
        let url = format!("http://127.0.0.1:{}/okta/events", listener.local_addr()?.port());
        let inner = Arc::new(Inner { connector, connection, subs: Mutex::default(), events: Mutex::default(), exchanges: Mutex::default(), arrived: Condvar::new() });
        let serving = inner.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let inner = serving.clone();
                std::thread::spawn(move || {
                    let _ = serve(&inner, stream);
                });
            }
        });
        Ok(Receiver { url, inner })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Subscribes trigger `key` at this URL (answering Okta's verification meanwhile); returns the subscription JSON.
    pub fn subscribe(&self, key: &str, config: &Value) -> Result<Result<String, ConnectorError>> {
        let config = config.to_string();
        self.inner.subs.lock().unwrap().push(Sub { key: key.into(), config: config.clone(), subscription: None });
        let result = self.inner.connector.subscribe(key, &self.inner.connection, &config, &self.url);
        let mut subs = self.inner.subs.lock().unwrap();
        let pending = subs.iter().position(|s| s.key == key && s.subscription.is_none()).expect("pending subscription");
        match &result {
            Ok(Ok(subscription)) => subs[pending].subscription = Some(subscription.clone()),
            _ => {
                subs.remove(pending);
            }
        }
        result
    }

    /// Unsubscribes one subscription this receiver made.
    pub fn unsubscribe(&self, subscription: &str) -> Result<Result<(), ConnectorError>> {
        let sub = self.inner.subs.lock().unwrap().iter().find(|s| s.subscription.as_deref() == Some(subscription)).cloned();
        let Some(sub) = sub else { anyhow::bail!("not a subscription of this receiver") };
        let result = self.inner.connector.unsubscribe(&sub.key, &self.inner.connection, &sub.config, subscription)?;
        if result.is_ok() {
            self.inner.subs.lock().unwrap().retain(|s| s.subscription.as_deref() != Some(subscription));
        }
        Ok(result)
    }

    /// Every event so far, in arrival order.
    pub fn events(&self) -> Vec<Received> {
        self.inner.events.lock().unwrap().clone()
    }

    /// Removes and returns the events so far.
    pub fn take_events(&self) -> Vec<Received> {
        std::mem::take(&mut *self.inner.events.lock().unwrap())
    }

    /// Waits until at least `n` events arrived (or `timeout` passed); returns them all.
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        let mut events = self.inner.events.lock().unwrap();
        while events.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            events = self.inner.arrived.wait_timeout(events, left).unwrap().0;
        }
        events.clone()
    }

    pub fn exchanges(&self) -> Vec<Exchange> {
        self.inner.exchanges.lock().unwrap().clone()
    }
}

/// Reads one HTTP/1.1 request, lets the component answer it, writes the answer and closes.
fn serve(inner: &Inner, stream: TcpStream) -> Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or("/").to_string());
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.trim_end().split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let length: usize = headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let request = WebhookRequest { method: method.clone(), path_with_query: path, headers, body };
    let subs = inner.subs.lock().unwrap().clone();
    // The verification GET goes to the subscription being made; deliveries to every subscription.
    let targets: Vec<&Sub> = match method.as_str() {
        "GET" => subs.iter().filter(|s| s.subscription.is_none()).chain(subs.iter()).take(1).collect(),
        _ => subs.iter().filter(|s| s.subscription.is_some()).collect(),
    };
    let (mut status, mut answer_headers, mut answer_body) = (404u16, Vec::new(), Vec::new());
    let (mut produced, mut rejected) = (Vec::new(), Vec::new());
    for (i, sub) in targets.iter().enumerate() {
        let result = inner.connector.handle_webhook(&sub.key, &inner.connection, &sub.config, sub.subscription.as_deref(), &request)?;
        let Ok(result) = result else {
            status = 500;
            continue;
        };
        if i == 0 {
            (status, answer_headers, answer_body) = (result.response.status, result.response.headers, result.response.body);
        }
        let events: Vec<Value> = serde_json::from_str(&result.events_json).unwrap_or_default();
        produced.extend(events.into_iter().map(|event| Received { trigger: sub.key.clone(), event }));
        rejected.extend(serde_json::from_str::<Vec<Value>>(&result.rejected_json).unwrap_or_default());
    }
    inner.exchanges.lock().unwrap().push(Exchange { method, status, events: produced.len(), rejected });
    if !produced.is_empty() {
        inner.events.lock().unwrap().extend(produced);
        inner.arrived.notify_all();
    }
    let mut out = stream;
    write!(out, "HTTP/1.1 {status} {}\r\n", if status < 400 { "OK" } else { "Error" })?;
    for (k, v) in &answer_headers {
        write!(out, "{k}: {v}\r\n")?;
    }
    write!(out, "Content-Length: {}\r\nConnection: close\r\n\r\n", answer_body.len())?;
    out.write_all(&answer_body)?;
    Ok(())
}
