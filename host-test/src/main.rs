//! `host-test`: run the connector component from the command line, against the embedded Okta
//! simulator or a real org.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use host_test::sim::{SimConfig, Simulator};
use host_test::{error_json, Connector, ConnectorError, Harness, Limits};
use serde_json::{json, Value};

mod bench;
mod cli_trigger;
mod data_source;
mod oauth_callback;

#[derive(Parser)]
#[command(about = "Load the okta-connector component in wasmtime and call it")]
struct Cli {
    /// Load this component file (e.g. one pulled from a registry) instead of the one built from this workspace.
    #[arg(long, global = true, value_name = "FILE")]
    component: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// `--component`, when given; set once in `main`.
static COMPONENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The component every command loads: `--component FILE`, or the workspace's build.
fn harness() -> Result<Harness> {
    match COMPONENT.get() {
        Some(path) => Harness::from_file(path),
        None => Harness::load(),
    }
}

#[derive(Subcommand)]
enum Command {
    /// Print the catalogue JSON (what manifest.json holds).
    Describe,
    /// Run one action and print its output JSON; on failure print the connector-error JSON and exit 1.
    Run {
        /// Action key, e.g. `get-user`.
        action: String,
        /// Input JSON, or @FILE.
        #[arg(long, default_value = "{}")]
        input: String,
        #[command(flatten)]
        target: Target,
        /// Follow `nextCursor` to the end and print one item per line (NDJSON) as pages arrive;
        /// progress on stderr when it is a terminal. Any list action with an `after` input.
        #[arg(long)]
        stream: bool,
    },
    /// Answer one data source (options or a dynamic schema) and print it; on failure print the connector-error JSON and exit 1.
    DataSource(data_source::Args),
    /// Check a connection with one cheap call.
    TestConnection {
        #[command(flatten)]
        target: Target,
    },
    /// Serve the Okta simulator on 127.0.0.1 until stopped; the first stdout line is `{"url", "apiToken", "webApp", "serviceApp"}`.
    Sim {
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Synthetic users to seed.
        #[arg(long, default_value_t = 100)]
        users: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Serve the test-only control path `/sim/…` (fault injection, hook deliveries); see src/sim/README.md.
        #[arg(long)]
        control: bool,
        /// One per-minute quota for every rate-limit bucket instead of Okta's defaults.
        #[arg(long)]
        rate_limit_per_minute: Option<u32>,
        /// No per-minute rate limits at all (the concurrency limit stays).
        #[arg(long, conflicts_with = "rate_limit_per_minute")]
        no_rate_limits: bool,
    },
    /// Run a connection's OAuth flow and print the connection with its tokens, ready for `run --connection`.
    /// On the embedded simulator the test admin approves by itself; on a real org, open the printed URL.
    Connect {
        /// Connection type; only `oauth2-authorization-code` has an interactive flow.
        kind: String,
        #[command(flatten)]
        target: Target,
        /// Loopback port for the redirect URI (register `http://127.0.0.1:PORT/callback` in the Okta app).
        #[arg(long, default_value_t = 8765)]
        redirect_port: u16,
    },
    /// Run a trigger: one poll, or a webhook receiver that prints events as they arrive.
    Trigger {
        #[command(subcommand)]
        command: cli_trigger::TriggerCommand,
    },
    /// A scripted walk-through on the embedded simulator.
    Demo,
    /// Time the component (embedded simulator, or `--okta-url`) and print the figures as JSON.
    Bench(bench::BenchArgs),
    /// Serve the catalogue to AI agents over MCP on stdio: one tool per action, hints from its flags.
    Mcp {
        #[command(flatten)]
        target: Target,
        /// Expose only the read-only actions.
        #[arg(long)]
        read_only: bool,
    },
}

/// Where the component's HTTP goes and with which connection.
#[derive(clap::Args)]
struct Target {
    /// Connection JSON, or @FILE; default: an API-token connection to the embedded simulator.
    #[arg(long)]
    connection: Option<String>,
    /// Route HTTP to this origin (a real org or a `sim` elsewhere) instead of the embedded simulator.
    #[arg(long)]
    okta_url: Option<String>,
    /// Users to seed in the embedded simulator.
    #[arg(long, default_value_t = 25)]
    sim_users: usize,
}

fn main() {
    let cli = Cli::parse();
    if let Some(path) = cli.component {
        COMPONENT.set(path).expect("set once");
    }
    let code = match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}

fn run(command: Command) -> Result<i32> {
    match command {
        Command::Describe => {
            // The component answers on one line; pretty-printed, this is manifest.json byte for byte.
            match harness()?.connector(vec![], Limits::default()).describe()? {
                Ok(catalogue) => {
                    println!("{}", pretty(&catalogue));
                    Ok(0)
                }
                Err(e) => Ok(print_error(&e)),
            }
        }
        Command::Run { action, input, target, stream: true } => {
            let (connector, connection, _sim) = target.open()?;
            stream_to_stdout(&connector, &action, &connection, &arg_text(&input)?)
        }
        Command::Run { action, input, target, stream: false } => {
            let (connector, connection, _sim) = target.open()?;
            match connector.run_action(&action, &connection, &arg_text(&input)?)? {
                Ok(result) => {
                    println!("{}", pretty(&result.output_json));
                    if result.connection_json.is_some() {
                        eprintln!("note: the connection state changed; the host would store the new one");
                    }
                    Ok(0)
                }
                Err(e) => Ok(print_error(&e)),
            }
        }
        Command::DataSource(args) => data_source::run(&args),
        Command::TestConnection { target } => {
            let (connector, connection, _sim) = target.open()?;
            match connector.test_connection(&connection)? {
                Ok(out) => {
                    println!("{}", pretty(&out));
                    Ok(0)
                }
                Err(e) => Ok(print_error(&e)),
            }
        }
        Command::Sim { port, users, seed, control, rate_limit_per_minute, no_rate_limits } => {
            let config = SimConfig { port, users, seed, control, rate_limit_per_minute, rate_limits: !no_rate_limits, ..SimConfig::default() };
            let sim = Simulator::start(config)?;
            let (web, service) = (sim.web_app(), sim.service_app());
            println!("{}", json!({"url": sim.url(), "apiToken": sim.api_token(), "webApp": {"clientId": web.client_id, "clientSecret": web.client_secret}, "serviceApp": {"clientId": service.client_id, "privateKey": service.private_key_pem, "keyId": service.key_id}}));
            sim_commands(&sim);
            loop {
                std::thread::park();
            }
        }
        Command::Connect { kind, target, redirect_port } => connect(&kind, &target, redirect_port),
        Command::Trigger { command } => cli_trigger::run(command),
        Command::Demo => demo(),
        Command::Bench(args) => bench::bench(args, arg_text, origin),
        Command::Mcp { target, read_only } => {
            let (connector, connection, _sim) = target.open()?;
            host_test::mcp::serve_stdio(connector, connection, host_test::mcp::Options { read_only })?;
            Ok(0)
        }
    }
}

fn connect(kind: &str, target: &Target, redirect_port: u16) -> Result<i32> {
    if kind != "oauth2-authorization-code" {
        bail!("`connect` runs the `oauth2-authorization-code` flow; other connection types need no flow");
    }
    let (connector, connection, sim) = target.open()?;
    let connection = match (&target.connection, &sim) {
        (None, Some(sim)) => {
            let web = sim.web_app();
            json!({"type": kind, "oktaDomain": sim.url(), "clientId": web.client_id, "clientSecret": web.client_secret,
                   "scopes": ["okta.users.read", "okta.users.manage"]})
            .to_string()
        }
        _ => connection,
    };
    let listener = std::net::TcpListener::bind(("127.0.0.1", redirect_port)).context("binding the redirect port")?;
    let redirect_uri = format!("http://127.0.0.1:{}/callback", listener.local_addr()?.port());
    let state = oauth_callback::random_state();
    let (url, verifier) = match connector.oauth_authorize(&connection, &redirect_uri, &state)? {
        Ok(pair) => pair,
        Err(e) => return Ok(print_error(&e)),
    };
    match &sim {
        // The simulator's authorize endpoint approves as its test admin; play the browser.
        Some(_) => oauth_callback::follow_in_background(url),
        None => eprintln!("Open this URL in a browser and sign in:\n{url}\nWaiting for Okta to redirect to {redirect_uri} …"),
    }
    let code = oauth_callback::wait_for_code(&listener, &state)?;
    match connector.oauth_exchange_code(&connection, &redirect_uri, &code, &verifier)? {
        Ok(connection) => {
            println!("{}", pretty(&connection));
            Ok(0)
        }
        Err(e) => Ok(print_error(&e)),
    }
}

impl Target {
    /// The routed connector, the connection JSON, and the embedded simulator when one is used.
    fn open(&self) -> Result<(Connector, String, Option<Simulator>)> {
        let harness = harness()?;
        if let Some(url) = &self.okta_url {
            let connection = self.connection.as_deref().map(arg_text).transpose()?.context("--okta-url needs --connection")?;
            return Ok((harness.connector(vec![origin(url)?], Limits::default()), connection, None));
        }
        let sim = Simulator::start(SimConfig { users: self.sim_users, ..SimConfig::default() })?;
        let connection = match &self.connection {
            Some(c) => arg_text(c)?,
            None => sim_connection(&sim),
        };
        Ok((harness.connector(vec![sim.url()], Limits::default()), connection, Some(sim)))
    }
}

fn sim_connection(sim: &Simulator) -> String {
    json!({"type": "api-token", "oktaDomain": sim.url(), "apiToken": sim.api_token()}).to_string()
}

/// `scheme://authority` of a URL, the unit the router allows.
fn origin(url: &str) -> Result<String> {
    let uri: http::Uri = url.parse().with_context(|| format!("--okta-url {url} is not a URL"))?;
    match (uri.scheme_str(), uri.authority()) {
        (Some(s), Some(a)) => Ok(format!("{s}://{a}")),
        _ => bail!("--okta-url must be like https://acme.okta.com"),
    }
}

/// A literal argument, or the contents of the file after `@`.
fn arg_text(arg: &str) -> Result<String> {
    match arg.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("reading {path}")),
        None => Ok(arg.to_string()),
    }
}

fn pretty(json: &str) -> String {
    serde_json::from_str::<Value>(json).and_then(|v| serde_json::to_string_pretty(&v)).unwrap_or_else(|_| json.to_string())
}

fn print_error(e: &ConnectorError) -> i32 {
    println!("{}", serde_json::to_string_pretty(&error_json(e)).unwrap_or_default());
    1
}

fn demo() -> Result<i32> {
    let sim = Simulator::start(SimConfig { users: 1200, ..SimConfig::default() })?;
    let connector = harness()?.connector(vec![sim.url()], Limits::default());
    let conn = sim_connection(&sim);
    let demo_start = host_test::sim::clock::iso(sim.clock().now());
    println!("Okta simulator at {} with {} users; component {}\n", sim.url(), sim.user_count(), COMPONENT.get().map_or(host_test::COMPONENT_PATH, String::as_str));
    let step = |title: &str, result: Result<Value, ConnectorError>| {
        println!("== {title}");
        let shown = match result {
            Ok(v) => v,
            Err(e) => error_json(&e),
        };
        println!("{}\n", serde_json::to_string_pretty(&shown).unwrap_or_default());
        shown
    };
    let action = |key: &str, input: Value, conn: &str| -> Result<Result<Value, ConnectorError>> {
        Ok(connector.run_action(key, conn, &input.to_string())?.map(|r| serde_json::from_str(&r.output_json).unwrap_or(Value::Null)))
    };
    let catalogue = connector.catalogue()?;
    let keys: Vec<&Value> = catalogue["actions"].as_array().into_iter().flatten().map(|a| &a["key"]).collect();
    step("describe: actions in the catalogue", Ok(json!(keys)));
    step("test-connection", connector.test_connection(&conn)?.map(|s| serde_json::from_str(&s).unwrap_or(Value::Null)));
    let summary = |u: Value| json!({"id": u["id"], "status": u["status"], "login": u["profile"]["login"]});
    let created = step(
        "create-user (activate with a password)",
        action("create-user", json!({"profile": {"login": "ada.lovelace@example.com", "email": "ada.lovelace@example.com",
            "firstName": "Ada", "lastName": "Lovelace", "department": "Engineering"}, "password": "Correct-Horse-9"}), &conn)?
        .map(summary),
    );
    let id = created["id"].as_str().unwrap_or_default().to_string();
    step("get-user by id", action("get-user", json!({"userId": id}), &conn)?.map(summary));
    let by_login = action("get-user", json!({"userId": "ada.lovelace@example.com"}), &conn)?;
    step("get-user by login → id", by_login.map(|u| u["id"].clone()));
    let all = action("list-users", json!({"fetchAll": true, "limit": 200}), &conn)?;
    step("list-users fetchAll (limit 200)", all.map(|o| json!({"users": o["users"].as_array().map(Vec::len), "pages": o["pages"]})));
    let q = action("list-users", json!({"q": "Ada"}), &conn)?;
    step("list-users q=Ada → logins", q.map(|o| o["users"].as_array().into_iter().flatten().map(|u| u["profile"]["login"].clone()).collect()));
    step("get-user unknown id → not-found", action("get-user", json!({"userId": "00unknownuser000000"}), &conn)?);
    step("create-user without login → invalid-input, nothing sent", action("create-user", json!({"profile": {"email": "x@example.com", "firstName": "X", "lastName": "Y"}}), &conn)?);
    joiner_mover_leaver(&action, &step, &conn)?;
    sim.inject(host_test::sim::Fault { method: Some("GET".into()), path_prefix: "/api/v1/users".into(), times: 1, kind: host_test::sim::FaultKind::RateLimited { reset_after_secs: 1 } });
    let started = std::time::Instant::now();
    let limited = action("list-users", json!({"limit": 2}), &conn)?;
    step(&format!("list-users after an injected 429 → retried, {:.1}s", started.elapsed().as_secs_f64()), limited.map(|o| json!({"users": o["users"].as_array().map(Vec::len)})));
    let evil = json!({"type": "api-token", "oktaDomain": "https://evil.example/x?y", "apiToken": "secret"}).to_string();
    step("a connection to https://evil.example/x?y → rejected", action("get-user", json!({"userId": "x"}), &evil)?);
    let app = sim.dpop_service_app();
    let service = json!({"type": "oauth2-client-credentials", "oktaDomain": sim.url(), "clientId": app.client_id,
        "privateKey": app.private_key_pem, "keyId": app.key_id, "scopes": ["okta.users.read"], "dpop": true})
    .to_string();
    let first = connector.run_action("list-users", &service, r#"{"limit":3}"#)?;
    let service = first.as_ref().ok().and_then(|r| r.connection_json.clone()).unwrap_or(service);
    step("oauth2-client-credentials with DPoP: list-users (token fetched through the nonce challenge)",
        first.map(|r| json!({"users": serde_json::from_str::<Value>(&r.output_json).map(|o| o["users"].as_array().map(Vec::len)).ok(), "connectionStateReturned": r.connection_json.is_some()})));
    let again = action("get-user", json!({"userId": "ada.lovelace@example.com"}), &service)?;
    let token_calls = sim.requests().iter().filter(|r| r.path == "/oauth2/v1/token").count();
    step("…get-user with the returned connection reuses the bound token",
        again.map(|u| json!({"login": u["profile"]["login"], "tokenEndpointCalls (nonce challenge + grant)": token_calls})));
    step("…create-user with only okta.users.read → forbidden, naming the scope",
        action("create-user", json!({"profile": {"login": "b@example.com", "email": "b@example.com", "firstName": "B", "lastName": "C"}}), &service)?);
    cli_trigger::demo(&connector, &conn, &demo_start)?;
    println!("requests the simulator received: {}", sim.requests().len());
    Ok(0)
}


/// The lifecycle a flow author builds first: a hire joins (groups by rule and by hand, activation
/// link instead of email), moves department (the rule follows the profile), then leaves.
fn joiner_mover_leaver(
    action: &dyn Fn(&str, Value, &str) -> Result<Result<Value, ConnectorError>>,
    step: &dyn Fn(&str, Result<Value, ConnectorError>) -> Value,
    conn: &str,
) -> Result<()> {
    let id_of = |v: Value| v["id"].as_str().unwrap_or_default().to_string();
    let group = |g: Value| json!({"id": g["id"], "name": g["profile"]["name"], "type": g["type"]});
    let names = |o: Value| json!(o["groups"].as_array().into_iter().flatten().map(|g| g["profile"]["name"].clone()).collect::<Vec<_>>());
    println!("---- joiner → mover → leaver ----\n");
    let product = id_of(step("create-group Product Team", action("create-group", json!({"name": "Product Team", "description": "Everyone in Product"}), conn)?.map(group)));
    let research = id_of(step("create-group Research Lab", action("create-group", json!({"name": "Research Lab"}), conn)?.map(group)));
    let onboarding = id_of(step("create-group New Hires", action("create-group", json!({"name": "New Hires"}), conn)?.map(group)));
    step("create-group-rule: department Product → Product Team, activated",
        action("create-group-rule", json!({"name": "Product by department", "expression": "user.department == \"Product\"", "groupIds": [product], "activate": true}), conn)?
            .map(|r| json!({"id": r["id"], "status": r["status"], "expression": r["conditions"]["expression"]["value"]})));
    let profile = json!({"login": "grace.hopper@example.com", "email": "grace.hopper@example.com", "firstName": "Grace", "lastName": "Hopper", "department": "Product"});
    let grace = id_of(step("joiner: create-user STAGED with a password, in New Hires",
        action("create-user", json!({"profile": profile, "password": "Correct-Horse-7x", "activate": false, "groupIds": [onboarding]}), conn)?
        .map(|u| json!({"id": u["id"], "status": u["status"]}))));
    step("joiner: activate-user without email → activation link to send", action("activate-user", json!({"userId": "grace.hopper@example.com", "sendEmail": false}), conn)?);
    step("joiner: list-user-groups (Product Team came from the rule)", action("list-user-groups", json!({"userId": grace}), conn)?.map(names));
    step("mover: update-user department Research (partial)", action("update-user", json!({"userId": grace, "profile": {"department": "Research", "title": "Researcher"}}), conn)?
        .map(|u| json!({"department": u["profile"]["department"], "title": u["profile"]["title"]})));
    step("mover: remove-user-from-group New Hires", action("remove-user-from-group", json!({"groupId": onboarding, "userId": grace}), conn)?);
    step("mover: add-user-to-group Research Lab", action("add-user-to-group", json!({"groupId": research, "userId": grace}), conn)?);
    step("mover: add-group-owner (Grace owns Research Lab)", action("add-group-owner", json!({"groupId": research, "ownerId": grace}), conn)?.map(|o| json!({"id": o["id"], "type": o["type"]})));
    let role = step("mover: assign-user-admin-role GROUP_MEMBERSHIP_ADMIN", action("assign-user-admin-role", json!({"userId": grace, "roleType": "GROUP_MEMBERSHIP_ADMIN"}), conn)?
        .map(|r| json!({"id": r["id"], "type": r["type"], "label": r["label"]})));
    step("mover: list-user-groups (the rule took Product Team away)", action("list-user-groups", json!({"userId": grace}), conn)?.map(names));
    step("leaver: suspend-user", action("suspend-user", json!({"userId": grace}), conn)?);
    step("leaver: suspend-user again → Okta's refusal, errorCode kept", action("suspend-user", json!({"userId": grace}), conn)?);
    step("leaver: clear-user-sessions with OAuth tokens", action("clear-user-sessions", json!({"userId": grace, "oauthTokens": true}), conn)?);
    step("leaver: reset-user-factors", action("reset-user-factors", json!({"userId": grace}), conn)?);
    step("leaver: unassign-user-admin-role", action("unassign-user-admin-role", json!({"userId": grace, "roleAssignmentId": role["id"]}), conn)?);
    step("leaver: delete-user (first delete only deactivates)", action("delete-user", json!({"userId": grace}), conn)?);
    step("leaver: delete-user again → deleted", action("delete-user", json!({"userId": grace}), conn)?);
    step("leaver: get-user → not-found", action("get-user", json!({"userId": grace}), conn)?.map(|u| json!({"status": u["status"]})));
    println!("---- end of the story ----\n");
    Ok(())
}

/// Commands a `sim` reads from its stdin, one per line, each answered with one JSON line on stdout:
/// `reset-rate-limits` (fresh windows for the next client, e.g. between benchmark runs).
fn sim_commands(sim: &Simulator) {
    for line in std::io::stdin().lines().map_while(Result::ok) {
        match line.trim() {
            "" => {}
            "reset-rate-limits" => {
                sim.reset_rate_limits();
                println!("{}", json!({"rateLimitsReset": true}));
            }
            other => println!("{}", json!({"error": format!("unknown command `{other}`; known: reset-rate-limits")})),
        }
    }
}

/// `run --stream`: NDJSON on stdout; progress on stderr only when it is a terminal; a connector error
/// goes to stderr (stdout stays items only) and exits 1.
fn stream_to_stdout(connector: &Connector, action: &str, connection: &str, input: &str) -> Result<i32> {
    use std::io::IsTerminal;
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"));
        bar
    });
    let started = std::time::Instant::now();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let result = host_test::stream::stream(connector, action, connection, input, &mut out, &mut |done| {
        if let Some(bar) = &progress {
            let rate = done.items as f64 / started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{} items, {} pages, {rate:.0} items/s", done.items, done.pages));
            bar.tick();
        }
    })?;
    if let Some(bar) = &progress {
        bar.finish();
    }
    match result {
        Ok(_) => Ok(0),
        Err(e) => {
            eprintln!("{}", error_json(&e));
            Ok(1)
        }
    }
}
