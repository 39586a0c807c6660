//! `host-test bench`: latencies and throughput of the component, against the embedded simulator or any
//! Okta-like server, printed as JSON. Figures only: nothing here asserts a limit.

use anyhow::{anyhow, Context, Result};
use host_test::sim::{SimConfig, Simulator};
use host_test::stream::stream;
use host_test::{error_json, ConnectorError, Limits};
use serde_json::{json, Value};
use std::time::Instant;

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Calls per measured in-process operation (describe, a warm call, a page of 200; a tenth as many fetchAll lists).
    #[arg(long, default_value_t = 50)]
    iterations: usize,
    /// Single `get-user` calls.
    #[arg(long, default_value_t = 2000)]
    gets: usize,
    /// The user to get (id or login); default: the first user listed.
    #[arg(long)]
    user_id: Option<String>,
    /// Measure against this origin (a real org or a `host-test sim`) instead of the embedded simulator.
    #[arg(long, requires = "connection")]
    okta_url: Option<String>,
    /// Connection JSON (or @FILE) for `--okta-url`.
    #[arg(long)]
    connection: Option<String>,
    /// Users in the embedded simulator.
    #[arg(long, default_value_t = 1200)]
    users: usize,
    /// Leave out listing every user (e.g. when only gets are compared).
    #[arg(long)]
    skip_list_all: bool,
}

/// n, median, 95th percentile and total of `n` runs of `f`.
fn measure(n: usize, mut f: impl FnMut() -> Result<()>) -> Result<Value> {
    let mut ms = Vec::with_capacity(n);
    let all = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        f()?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let total = all.elapsed().as_secs_f64();
    ms.sort_by(f64::total_cmp);
    // No samples (`--gets 0`) has no quantiles: null, not a panic.
    let at = |q: f64| ms.get(((ms.len().max(1) - 1) as f64 * q).round() as usize).map(|v| (v * 1000.0).round() / 1000.0);
    Ok(json!({"n": n, "p50Ms": at(0.5), "p95Ms": at(0.95), "totalSeconds": (total * 1000.0).round() / 1000.0}))
}

fn ok<T>(r: Result<T, ConnectorError>) -> Result<T> {
    r.map_err(|e| anyhow!("{}", error_json(&e)))
}

/// The process's peak resident set (VmHWM), in MiB.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some((kb / 1024.0 * 10.0).round() / 10.0)
}

pub fn bench(args: BenchArgs, arg_text: impl Fn(&str) -> Result<String>, origin: impl Fn(&str) -> Result<String>) -> Result<i32> {
    let t = Instant::now();
    let harness = crate::harness()?;
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;
    // The embedded org has no rate limits: the figures are the component's, not the quota's.
    let sim = match args.okta_url {
        Some(_) => None,
        None => Some(Simulator::start(SimConfig { users: args.users, rate_limits: false, ..SimConfig::default() })?),
    };
    let (allowed, conn) = match (&sim, &args.okta_url) {
        (Some(sim), _) => (sim.url(), json!({"type": "api-token", "oktaDomain": sim.url(), "apiToken": sim.api_token()}).to_string()),
        (None, url) => (origin(url.as_deref().unwrap_or_default())?, arg_text(args.connection.as_deref().context("--okta-url needs --connection")?)?),
    };
    let connector = harness.connector(vec![allowed.clone()], Limits::default());
    let user_id = match args.user_id {
        Some(id) => id,
        None => {
            let first = ok(connector.run_action("list-users", &conn, r#"{"limit":1}"#)?)?;
            serde_json::from_str::<Value>(&first.output_json)?["users"][0]["id"].as_str().context("the org has no user to get")?.to_string()
        }
    };
    let get_user = json!({"userId": user_id}).to_string();
    let mut figures = json!({
        "target": allowed,
        "componentLoadMs": (load_ms * 100.0).round() / 100.0,
        // The export itself, on a fresh instance each time; then what a host's later calls cost (kept).
        "describeExport": measure(args.iterations, || ok(connector.describe_export()?).map(drop))?,
        "describe": measure(args.iterations, || ok(connector.describe()?).map(drop))?,
        // Instantiate + call + a typed error, no HTTP: the input fails validation before any request.
        "warmCallNoHttp": measure(args.iterations, || connector.run_action("get-user", &conn, r#"{"userId":" "}"#).map(drop))?,
        "getUser": measure(args.gets, || ok(connector.run_action("get-user", &conn, &get_user)?).map(drop))?,
        "listUsersPage200": measure(args.iterations, || ok(connector.run_action("list-users", &conn, r#"{"limit":200}"#)?).map(drop))?,
        // Every user in one call, as a flow's `fetchAll` does (the figure hosts compare, e.g. jco's).
        "listUsersFetchAll": measure(args.iterations.div_ceil(10), || ok(connector.run_action("list-users", &conn, r#"{"fetchAll":true,"limit":200}"#)?).map(drop))?,
    });
    if let Some(users) = sim.as_ref().map(|s| s.user_count()) {
        figures["embeddedSimulatorUsers"] = json!(users);
    }
    if !args.skip_list_all {
        let t = Instant::now();
        let streamed = stream(&connector, "list-users", &conn, r#"{"limit":200}"#, &mut std::io::sink(), &mut |_| {})?
            .map_err(|e| anyhow!("{}", error_json(&e)))?;
        let seconds = t.elapsed().as_secs_f64();
        figures["listAllStreamed"] = json!({"items": streamed.items, "pages": streamed.pages, "seconds": (seconds * 1000.0).round() / 1000.0,
                                            "itemsPerSecond": (streamed.items as f64 / seconds).round()});
    }
    figures["peakRssMiB"] = json!(peak_rss_mib());
    println!("{}", serde_json::to_string_pretty(&figures)?);
    Ok(0)
}
