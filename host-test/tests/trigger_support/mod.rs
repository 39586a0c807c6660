//! Shared by the trigger, event hook and System Log tests: an org with the connector routed to it, plain
//! HTTP to the simulator (to change the org and read its state back), and a hook endpoint that echoes
//! Okta's verification challenge.
#![allow(dead_code)]

use crate::common::Org;
use host_test::sim::{SimConfig, Simulator};
use host_test::{Harness, Limits};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex};

/// An org without rate limits in the way of bulk setup; `control` serves the `/sim/…` control path.
pub fn org(users: usize, control: bool) -> Org {
    let sim = Simulator::start(SimConfig { users, control, rate_limit_per_minute: Some(1_000_000), ..SimConfig::default() }).expect("simulator starts");
    let limits = Limits { first_byte_timeout: std::time::Duration::from_secs(2), ..Limits::default() };
    let connector = Harness::load().expect("component loads").connector(vec![sim.url()], limits);
    let connection = json!({"type": "api-token", "oktaDomain": sim.url(), "apiToken": sim.api_token()}).to_string();
    Org { sim, connector, connection }
}

/// A request to the simulator as the org's admin: (status, JSON body or null).
pub fn http(org: &Org, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let url = if path.starts_with("http") { path.to_string() } else { format!("{}{path}", org.sim.url()) };
    let req = ureq::request(method, &url).set("Authorization", &format!("SSWS {}", org.sim.api_token())).set("Accept", "application/json");
    let result = match body {
        Some(b) => req.send_json(b.clone()),
        None if method == "POST" || method == "PUT" => req.send_string(""),
        None => req.call(),
    };
    let resp = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {path}: {e}"),
    };
    let status = resp.status();
    let text = resp.into_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Creates `n` users `<prefix><i>@example.com` straight over HTTP; returns their ids.
pub fn create_users(org: &Org, prefix: &str, n: usize, activate: bool) -> Vec<String> {
    (0..n)
        .map(|i| {
            let login = format!("{prefix}{i}@example.com");
            let body = json!({"profile": {"login": login, "email": login, "firstName": "Poll", "lastName": format!("User{i}")}});
            let (status, user) = http(org, "POST", &format!("/api/v1/users?activate={activate}"), Some(&body));
            assert_eq!(status, 200, "{user}");
            user["id"].as_str().unwrap().to_string()
        })
        .collect()
}

/// Every System Log event since `since` (ISO), read with Okta's polling request straight over HTTP.
pub fn log_uuids_since(org: &Org, since: &str) -> Vec<String> {
    let mut url = format!("/api/v1/logs?since={}&limit=1000", form_urlencoded::byte_serialize(since.as_bytes()).collect::<String>());
    let mut out = Vec::new();
    loop {
        let resp = ureq::get(&if url.starts_with("http") { url.clone() } else { format!("{}{url}", org.sim.url()) })
            .set("Authorization", &format!("SSWS {}", org.sim.api_token()))
            .call()
            .unwrap();
        let next = resp.all("link").iter().find(|l| l.contains("rel=\"next\"")).and_then(|l| l.split(['<', '>']).nth(1)).map(str::to_string);
        let page: Vec<Value> = serde_json::from_str(&resp.into_string().unwrap()).unwrap();
        if page.is_empty() {
            return out;
        }
        out.extend(page.iter().map(|e| e["uuid"].as_str().unwrap().to_string()));
        url = next.expect("polling requests always have next");
    }
}

/// What an echo endpoint saw: (method, lower-cased headers).
pub type Seen = Arc<Mutex<Vec<(String, Vec<(String, String)>)>>>;

/// A hook endpoint answering the verification challenge (when `echo`) and 200 to POSTs.
pub fn echo_endpoint(echo: bool) -> (String, Seen) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}/hook", listener.local_addr().unwrap().port());
    let seen: Seen = Arc::default();
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap_or(0);
            let method = line.split(' ').next().unwrap_or("").to_string();
            let (mut headers, mut h) = (Vec::new(), String::new());
            while reader.read_line(&mut h).unwrap_or(0) > 0 && h != "\r\n" {
                if let Some((k, v)) = h.trim_end().split_once(':') {
                    headers.push((k.to_ascii_lowercase(), v.trim().to_string()));
                }
                h.clear();
            }
            let len: usize = headers.iter().find(|(k, _)| k == "content-length").map_or(0, |(_, v)| v.parse().unwrap_or(0));
            let _ = reader.read_exact(&mut vec![0; len]);
            let challenge = headers.iter().find(|(k, _)| k == "x-okta-verification-challenge").map(|(_, v)| v.clone()).unwrap_or_default();
            let answer = if echo { json!({ "verification": challenge }).to_string() } else { "{}".to_string() };
            record.lock().unwrap().push((method, headers));
            let mut s = stream;
            let _ = write!(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}", answer.len());
        }
    });
    (url, seen)
}

/// The org's event hooks, read back over HTTP.
pub fn hooks(org: &Org) -> Vec<Value> {
    let (status, hooks) = http(org, "GET", "/api/v1/eventHooks", None);
    assert_eq!(status, 200);
    hooks.as_array().unwrap().clone()
}
