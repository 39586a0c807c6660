//! `host-test bench` prints its figures as JSON on the embedded simulator; an operation asked for zero
//! times has no quantiles (null), not a crash.
use std::process::Command;

#[test]
fn bench_with_no_gets_reports_null_quantiles_and_the_other_figures() {
    let out = Command::new(env!("CARGO_BIN_EXE_host-test"))
        .args(["bench", "--gets", "0", "--iterations", "2", "--users", "50", "--skip-list-all"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let figures: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = figures.to_string();
    let gets = find_n(&figures, 0).unwrap_or_else(|| panic!("no operation with n = 0 in {text}"));
    assert!(gets["p50Ms"].is_null() && gets["p95Ms"].is_null(), "{text}");
    let measured = find_n(&figures, 2).unwrap_or_else(|| panic!("no operation with n = 2 in {text}"));
    assert!(measured["p50Ms"].as_f64().is_some_and(|ms| ms > 0.0), "{text}");
}

/// The first `{n, p50Ms, …}` object with this `n`, wherever the bench put it.
fn find_n(v: &serde_json::Value, n: u64) -> Option<&serde_json::Value> {
    match v {
        serde_json::Value::Object(o) if o.get("n").and_then(|x| x.as_u64()) == Some(n) && o.contains_key("p50Ms") => Some(v),
        serde_json::Value::Object(o) => o.values().find_map(|x| find_n(x, n)),
        serde_json::Value::Array(a) => a.iter().find_map(|x| find_n(x, n)),
        _ => None,
    }
}
