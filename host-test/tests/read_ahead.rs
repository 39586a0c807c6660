//! A connector reading ahead (as `run --stream` does) asks for a list's next page as soon as a page
//! arrives, serves it to the component's next call only if that call asks for exactly that page, and
//! otherwise stops reading ahead.
mod common;

use host_test::sim::RecordedRequest;
use host_test::stream::stream;
use host_test::Connector;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn list(connector: &Connector, connection: &str, input: Value) -> Value {
    let result = connector.run_action("list-users", connection, &input.to_string()).unwrap().unwrap_or_else(|e| panic!("{:?}", host_test::error_json(&e)));
    serde_json::from_str(&result.output_json).unwrap()
}

/// The simulator's list requests once there are `n` of them (the read-ahead is sent from a thread of
/// its own, so it may land just after the call that caused it returns).
fn list_requests(org: &common::Org, n: usize) -> Vec<RecordedRequest> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let seen = org.requests_to("/api/v1/users");
        if seen.len() >= n || Instant::now() > deadline {
            return seen;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn after(request: &RecordedRequest) -> Option<String> {
    let query = request.query.as_deref().unwrap_or("");
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "after").map(|(_, v)| v.into_owned())
}

#[test]
fn the_next_page_is_asked_for_while_the_component_reads_this_one_and_served_to_the_call_that_asks_for_it() {
    let org = common::org(10);
    let connector = org.connector.reading_ahead();
    let first = list(&connector, &org.connection, json!({"limit": 3}));
    let cursor = first["nextCursor"].as_str().unwrap().to_string();
    let seen = list_requests(&org, 2);
    assert_eq!(seen.len(), 2, "the second page was asked for before anyone called for it");
    assert_eq!(after(&seen[1]).as_deref(), Some(cursor.as_str()));
    assert_eq!(seen[1].header("authorization"), seen[0].header("authorization"), "with the same credentials");

    let second = list(&connector, &org.connection, json!({"limit": 3, "after": cursor}));
    let seen = list_requests(&org, 3);
    assert_eq!(seen.iter().filter(|r| after(r).as_deref() == Some(cursor.as_str())).count(), 1, "the page read ahead was not asked for again");
    assert_eq!(after(&seen[2]).as_deref(), second["nextCursor"].as_str(), "and the page after it is read ahead in turn");

    let ids = |page: &Value| page["users"].as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let (_, okta) = org.okta("GET", &format!("/api/v1/users?limit=3&after={cursor}"), None);
    assert_eq!(ids(&second), ids(&json!({"users": okta})), "the component got Okta's second page");
}

#[test]
fn asking_for_another_page_drops_what_was_read_ahead_and_ends_the_read_ahead() {
    let org = common::org(10);
    let connector = org.connector.reading_ahead();
    list(&connector, &org.connection, json!({"limit": 3}));
    assert_eq!(list_requests(&org, 2).len(), 2);

    let other = list(&connector, &org.connection, json!({"limit": 4}));
    assert_eq!(other["users"].as_array().unwrap().len(), 4, "a page of another size is asked of Okta, not taken from the read-ahead");
    let cursor = other["nextCursor"].as_str().unwrap();
    let rest = list(&connector, &org.connection, json!({"limit": 4, "after": cursor}));
    assert_eq!(rest["users"].as_array().unwrap().len(), 4);
    std::thread::sleep(Duration::from_millis(300));
    let seen = org.requests_to("/api/v1/users");
    assert_eq!(seen.len(), 4, "one request read ahead in vain, then none: {:?}", seen.iter().map(|r| &r.query).collect::<Vec<_>>());
}

#[test]
fn a_connector_that_does_not_read_ahead_sends_only_what_the_component_asks_for() {
    let org = common::org(10);
    list(&org.connector, &org.connection, json!({"limit": 3}));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(org.requests_to("/api/v1/users").len(), 1);
}

#[test]
fn a_stream_with_dpop_proofs_never_replays_a_proof_to_read_ahead() {
    let org = common::org(10);
    let connection = org.service_connection(true, true, &["okta.users.read"]);
    let mut out = Vec::new();
    let done = stream(&org.connector, "list-users", &connection, r#"{"limit":3}"#, &mut out, &mut |_| {}).unwrap().unwrap();
    assert_eq!(done.items, 10);
    let seen = org.requests_to("/api/v1/users");
    let proofs: std::collections::HashSet<_> = seen.iter().map(|r| r.header("dpop").unwrap().to_string()).collect();
    assert_eq!(proofs.len(), seen.len(), "every proof used once");
    // Each call is challenged for the resource's nonce once (the nonce is not kept across calls), so
    // each page costs two requests with or without a read-ahead; none goes beyond the pages read.
    let pages: std::collections::HashSet<_> = seen.iter().map(|r| r.query.clone()).collect();
    assert_eq!(pages.len() as u64, done.pages, "only the pages streamed were asked for");
}
