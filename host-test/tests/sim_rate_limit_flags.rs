//! The simulator's knobs for benchmarks and other clients: one quota for every bucket, limits off,
//! fresh windows on request (the `sim` verb's stdin), and `SSWS<token>` without the space.
mod sim_support;

use host_test::sim::SimConfig;
use serde_json::Value;
use sim_support::Api;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

#[test]
fn one_quota_for_every_bucket_and_fresh_windows_on_reset() {
    let api = Api::with(SimConfig { users: 2, rate_limit_per_minute: Some(2), ..SimConfig::default() });
    for _ in 0..2 {
        assert_eq!(api.get("/api/v1/users").status, 200);
    }
    let r = api.get("/api/v1/users");
    assert_eq!((r.status, r.error_code()), (429, "E0000047".into()));
    assert_eq!(api.get("/api/v1/users/nobody").header("x-rate-limit-limit"), Some("2"));
    api.sim.reset_rate_limits();
    let r = api.get("/api/v1/users");
    assert_eq!((r.status, r.header("x-rate-limit-remaining")), (200, Some("1")));
}

#[test]
fn limits_off_never_answer_429_nor_send_quota_headers() {
    let api = Api::with(SimConfig { users: 2, rate_limit_per_minute: Some(1), rate_limits: false, ..SimConfig::default() });
    for _ in 0..5 {
        let r = api.get("/api/v1/users");
        assert_eq!(r.status, 200);
        assert_eq!(r.header("x-rate-limit-limit"), None);
    }
}

#[test]
fn ssws_without_the_space_authenticates_as_okta_accepts_it() {
    let api = Api::start(3);
    let token = api.sim.api_token();
    let r = api.call_as("GET", "/api/v1/users", Some(&format!("SSWS{token}")), None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json().as_array().unwrap().len(), 3);
    assert_eq!(api.call_as("GET", "/api/v1/users", Some("SSWS"), None).status, 401);
    assert_eq!(api.call_as("GET", "/api/v1/users", Some(&format!("SSWSx{token}")), None).status, 401);
}

#[test]
fn the_sim_verb_takes_the_flags_and_resets_windows_from_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_host-test"))
        .args(["sim", "--users", "1", "--rate-limit-per-minute", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let info: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    let (url, token) = (info["url"].as_str().unwrap(), info["apiToken"].as_str().unwrap());
    let status = |u: &str| match ureq::get(&format!("{u}/api/v1/users")).set("Authorization", &format!("SSWS {token}")).call() {
        Ok(r) => r.status(),
        Err(ureq::Error::Status(code, _)) => code,
        Err(e) => panic!("{e}"),
    };
    assert_eq!((status(url), status(url)), (200, 429));
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "reset-rate-limits").unwrap();
    let answer: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(answer["rateLimitsReset"], true);
    assert_eq!(status(url), 200);
    child.kill().unwrap();
    child.wait().unwrap();
}
