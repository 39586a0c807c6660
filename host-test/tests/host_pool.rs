//! The host's pooled HTTP client: keep-alive across calls, the origin allowlist, and its timeouts.
mod common;

use host_test::sim::{FaultKind, SimConfig, Simulator};
use host_test::{error_json, Harness, Limits};
use serde_json::json;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn new_user() -> serde_json::Value {
    json!({"profile": {"login": "pool@example.com", "email": "pool@example.com", "firstName": "P", "lastName": "Q"}})
}

#[test]
fn calls_of_one_connector_reuse_one_keep_alive_connection() {
    let org = common::org(50);
    for _ in 0..20 {
        org.run("list-users", json!({"limit": 5})).unwrap();
    }
    assert_eq!(org.requests_to("/api/v1/users").len(), 20);
    assert_eq!(org.sim.connections(), 1, "20 calls, one TCP connection");
}

#[test]
fn a_connection_okta_reset_is_replaced_not_reused() {
    let org = common::org(5);
    org.run("list-users", json!({"limit": 1})).unwrap();
    org.fail("GET", "/api/v1/users", 1, FaultKind::ConnectionReset);
    // GET is retried after the transport failure, on a fresh connection.
    org.run("list-users", json!({"limit": 1})).unwrap();
    org.run("list-users", json!({"limit": 1})).unwrap();
    assert_eq!(org.sim.connections(), 2);
}

#[test]
fn an_origin_outside_the_allowlist_is_denied_and_never_contacted() {
    let org = common::org(1);
    let other = Simulator::start(SimConfig::default()).unwrap();
    let elsewhere = json!({"type": "api-token", "oktaDomain": other.url(), "apiToken": other.api_token()}).to_string();
    let err = org.run_with("create-user", &elsewhere, new_user()).unwrap_err();
    assert_eq!(err["error"], "unavailable", "{err}");
    assert_eq!((other.requests().len(), other.connections()), (0, 0));
}

/// A server that sends the status line, headers and one byte of a longer body, then stalls.
fn stalling_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{");
            std::thread::sleep(Duration::from_secs(10));
        }
    });
    url
}

#[test]
fn a_body_that_stalls_between_chunks_times_out() {
    let url = stalling_server();
    let limits = Limits { first_byte_timeout: Duration::from_secs(1), ..Limits::default() };
    let connector = Harness::load().unwrap().connector(vec![url.clone()], limits);
    let connection = json!({"type": "api-token", "oktaDomain": url, "apiToken": "t0ken"}).to_string();
    let started = Instant::now();
    // POST: not retried, so the one timeout is what the caller sees.
    let err = connector.run_action("create-user", &connection, &new_user().to_string()).unwrap().unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error_json(&err)["error"], "unavailable", "{}", error_json(&err));
    assert!(elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn a_slow_first_byte_times_out_at_the_hosts_limit() {
    let org = common::org(1);
    org.fail("POST", "/api/v1/users", 1, FaultKind::Delay(Duration::from_secs(4)));
    let started = Instant::now();
    let err = org.run("create-user", new_user()).unwrap_err();
    assert_eq!(err["error"], "unavailable", "{err}");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(1900) && elapsed < Duration::from_millis(3900), "common::org allows 2 s: {elapsed:?}");
}
