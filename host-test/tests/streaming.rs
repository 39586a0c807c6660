//! `run --stream`: every item once, across pages and across calls, as NDJSON.
mod common;

use host_test::sim::{SimConfig, Simulator};
use host_test::stream::{stream, Streamed};
use serde_json::{json, Value};
use std::collections::HashSet;

/// The ids of every listed user, read back over the simulator's HTTP (no component involved).
fn listed_over_http(sim: &Simulator) -> HashSet<String> {
    let auth = format!("SSWS {}", sim.api_token());
    let mut url = Some(format!("{}/api/v1/users?limit=200", sim.url()));
    let mut ids = HashSet::new();
    while let Some(u) = url.take() {
        let resp = ureq::get(&u).set("Authorization", &auth).call().unwrap();
        url = resp.all("link").iter().find(|l| l.ends_with("rel=\"next\"")).map(|l| l[l.find('<').unwrap() + 1..l.find('>').unwrap()].to_string());
        let page: Vec<Value> = resp.into_json().unwrap();
        ids.extend(page.iter().map(|u| u["id"].as_str().unwrap().to_string()));
    }
    ids
}

fn ndjson_ids(out: &[u8]) -> Vec<String> {
    std::str::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn streaming_writes_every_user_once_one_per_line_across_pages() {
    let org = common::org(1_234);
    let mut out = Vec::new();
    let mut pages_seen = Vec::new();
    let done = stream(&org.connector, "list-users", &org.connection, r#"{"limit":100}"#, &mut out, &mut |d| pages_seen.push(d)).unwrap().unwrap();
    let pages = org.requests_to("/api/v1/users");
    assert!(pages[1..].iter().all(|r| r.query.as_deref().is_some_and(|q| q.contains("after="))), "resumed with the cursor");
    let ids = ndjson_ids(&out);
    let unique: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(unique.len(), ids.len(), "no user twice");
    assert_eq!(unique, listed_over_http(&org.sim), "every user Okta lists");
    assert_eq!(done, Streamed { items: ids.len() as u64, pages: ids.len().div_ceil(100) as u64 });
    assert_eq!(pages_seen.len() as u64, done.pages, "progress after every page");
}

#[test]
fn fetch_all_stops_at_its_item_budget_with_a_cursor_that_the_stream_follows() {
    let org = common::org(21_500);
    let first = org.run("list-users", json!({"fetchAll": true, "limit": 200})).unwrap();
    assert_eq!(first["users"].as_array().unwrap().len(), 20_000, "the documented budget");
    assert!(first["nextCursor"].is_string(), "more remain");
    let mut out = Vec::new();
    let done = stream(&org.connector, "list-users", &org.connection, r#"{"fetchAll":true,"limit":200}"#, &mut out, &mut |_| {}).unwrap().unwrap();
    let ids = ndjson_ids(&out);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    assert_eq!(ids.into_iter().collect::<HashSet<_>>(), listed_over_http(&org.sim));
    assert_eq!(done.pages, 2, "two calls: the budget, then the rest");
}

#[test]
fn an_action_without_a_cursor_cannot_stream() {
    let org = common::org(1);
    let err = stream(&org.connector, "get-user", &org.connection, r#"{"userId":"x"}"#, &mut Vec::new(), &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("`after`"), "{err}");
    assert!(org.requests_to("/api/v1").is_empty());
}

#[test]
fn the_cli_streams_ndjson_to_a_pipe_with_nothing_on_stderr() {
    let sim = Simulator::start(SimConfig { users: 450, ..SimConfig::default() }).unwrap();
    let connection = json!({"type": "api-token", "oktaDomain": sim.url(), "apiToken": sim.api_token()}).to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_host-test"))
        .args(["run", "list-users", "--stream", "--input", r#"{"limit":100}"#, "--okta-url", &sim.url(), "--connection", &connection])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "no progress when piped: {}", String::from_utf8_lossy(&out.stderr));
    let ids = ndjson_ids(&out.stdout);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    assert_eq!(ids.into_iter().collect::<HashSet<_>>(), listed_over_http(&sim));
}

#[test]
fn list_outputs_lead_with_the_cursor_so_a_stream_asks_for_the_next_page_before_writing_this_one() {
    let org = common::org(30);
    for action in ["list-users", "list-groups", "get-system-logs"] {
        let result = org.connector.run_action(action, &org.connection, r#"{"limit":2}"#).unwrap().unwrap();
        assert!(result.output_json.starts_with(r#"{"nextCursor":"#), "{action}: {}", &result.output_json[..80.min(result.output_json.len())]);
    }
    let before = org.requests_to("/api/v1/users").len();
    let mut out = Vec::new();
    let done = stream(&org.connector, "list-users", &org.connection, r#"{"limit":7}"#, &mut out, &mut |_| {}).unwrap().unwrap();
    let ids = ndjson_ids(&out);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len(), "no user twice");
    assert_eq!(done, Streamed { items: ids.len() as u64, pages: ids.len().div_ceil(7) as u64 });
    assert_eq!((org.requests_to("/api/v1/users").len() - before) as u64, done.pages, "one request per page, none beyond the last");
}
