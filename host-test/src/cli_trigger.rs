//! `host-test trigger poll|listen`: run a trigger as a host would, and the demo's trigger step.

use super::{arg_text, print_error, Target};
use anyhow::{Context, Result};
use clap::Subcommand;
use host_test::webhook::Receiver;
use host_test::{error_json, Connector};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Subcommand)]
pub enum TriggerCommand {
    /// One poll: prints `{"events": […], "nextCursor": …}`; pass `nextCursor` as `--cursor` next time.
    Poll {
        /// Trigger key, e.g. `new-system-logs`.
        key: String,
        /// Config JSON, or @FILE.
        #[arg(long, default_value = "{}")]
        config: String,
        /// The `nextCursor` of the previous poll.
        #[arg(long)]
        cursor: Option<String>,
        #[command(flatten)]
        target: Target,
    },
    /// Serves a webhook receiver on loopback, subscribes the trigger with its URL, prints each event as one
    /// JSON line as deliveries arrive, and unsubscribes on SIGINT or SIGTERM.
    Listen {
        key: String,
        #[arg(long, default_value = "{}")]
        config: String,
        /// Loopback port of the receiver (0 = any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        #[command(flatten)]
        target: Target,
    },
}

pub fn run(command: TriggerCommand) -> Result<i32> {
    match command {
        TriggerCommand::Poll { key, config, cursor, target } => {
            let (connector, connection, _sim) = target.open()?;
            match connector.poll_trigger(&key, &connection, &arg_text(&config)?, cursor.as_deref())? {
                Ok(r) => {
                    let events: Value = serde_json::from_str(&r.events_json)?;
                    println!("{}", serde_json::to_string_pretty(&json!({"events": events, "nextCursor": r.next_cursor}))?);
                    Ok(0)
                }
                Err(e) => Ok(print_error(&e)),
            }
        }
        TriggerCommand::Listen { key, config, port, target } => {
            let (connector, connection, sim) = target.open()?;
            if let Some(sim) = &sim {
                eprintln!("embedded simulator at {} (API token {}): changes made there are delivered here", sim.url(), sim.api_token());
            }
            let config: Value = serde_json::from_str(&arg_text(&config)?).context("--config is not JSON")?;
            let receiver = Receiver::start(connector, connection, port)?;
            let subscription = match receiver.subscribe(&key, &config)? {
                Ok(s) => s,
                Err(e) => return Ok(print_error(&e)),
            };
            let shown: Value = serde_json::from_str(&subscription)?;
            eprintln!("subscribed {key} at {}: event hook {} for {}", receiver.url(), shown["eventHookId"], shown["eventTypes"]);
            let stop = stop_on_signal()?;
            while !stop.load(Ordering::SeqCst) {
                for received in receiver.take_events() {
                    println!("{}", received.event);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            for received in receiver.take_events() {
                println!("{}", received.event);
            }
            match receiver.unsubscribe(&subscription)? {
                Ok(()) => {
                    eprintln!("unsubscribed");
                    Ok(0)
                }
                Err(e) => Ok(print_error(&e)),
            }
        }
    }
}

/// A flag raised by SIGINT or SIGTERM.
fn stop_on_signal() -> Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let raised = stop.clone();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    std::thread::spawn(move || {
        runtime.block_on(async {
            let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return,
            };
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            raised.store(true, Ordering::SeqCst);
        })
    });
    Ok(stop)
}

/// The demo's trigger step: a `user-created` subscription receives a user created afterwards; then a
/// poll of `new-system-logs` from the start of the demo.
pub fn demo(connector: &Connector, connection: &str, since: &str) -> Result<()> {
    println!("== trigger user-created: subscribe (the simulator verifies the hook), create a user, receive the event");
    let receiver = Receiver::start(connector.clone(), connection.to_string(), 0)?;
    let subscription = match receiver.subscribe("user-created", &json!({}))? {
        Ok(s) => s,
        Err(e) => {
            println!("{}\n", error_json(&e));
            return Ok(());
        }
    };
    let input = json!({"profile": {"login": "grace.hopper@example.com", "email": "grace.hopper@example.com", "firstName": "Grace", "lastName": "Hopper"}});
    connector.run_action("create-user", connection, &input.to_string())?.map_err(|e| anyhow::anyhow!("{}", error_json(&e)))?;
    let events = receiver.wait_for(1, Duration::from_secs(5));
    let shown: Vec<Value> = events.iter().map(|r| json!({"eventType": r.event["eventType"], "oktaUser": r.event["oktaUser"], "actor": r.event["actor"]["displayName"], "idempotencyKey": r.event["idempotencyKey"]})).collect();
    println!("{}", serde_json::to_string_pretty(&shown)?);
    receiver.unsubscribe(&subscription)?.map_err(|e| anyhow::anyhow!("{}", error_json(&e)))?;
    let config = json!({"since": since, "maxEvents": 5}).to_string();
    let polled = connector.poll_trigger("new-system-logs", connection, &config, None)?.map_err(|e| anyhow::anyhow!("{}", error_json(&e)))?;
    let events: Vec<Value> = serde_json::from_str(&polled.events_json)?;
    let types: Vec<&Value> = events.iter().map(|e| &e["eventType"]).collect();
    println!("== trigger new-system-logs: first poll from the demo's start (5 events at most; the cursor resumes after them)\n{}\n", serde_json::to_string_pretty(&types)?);
    Ok(())
}
