//! A simulated org with the connector routed to it, for tests that drive the component.
#![allow(dead_code)] // each test file uses a different part

use host_test::sim::{Fault, FaultKind, RecordedRequest, SimConfig, Simulator};
use host_test::{error_json, Connector, Harness, Limits};
use serde_json::{json, Value};

pub struct Org {
    pub sim: Simulator,
    pub connector: Connector,
    pub connection: String,
}

/// A fresh org seeded with `users` users, reachable only through the connector's router.
pub fn org(users: usize) -> Org {
    let sim = Simulator::start(SimConfig { users, ..SimConfig::default() }).expect("simulator starts");
    let limits = Limits { first_byte_timeout: std::time::Duration::from_secs(2), ..Limits::default() };
    let connector = Harness::load().expect("component loads").connector(vec![sim.url()], limits);
    let connection = json!({"type": "api-token", "oktaDomain": sim.url(), "apiToken": sim.api_token()}).to_string();
    Org { sim, connector, connection }
}

impl Org {
    /// Runs an action: `Ok(output)` or `Err(connector-error as JSON)`.
    pub fn run(&self, key: &str, input: Value) -> Result<Value, Value> {
        self.run_with(key, &self.connection, input)
    }

    pub fn run_with(&self, key: &str, connection: &str, input: Value) -> Result<Value, Value> {
        match self.connector.run_action(key, connection, &input.to_string()).expect("the call does not trap") {
            Ok(r) => Ok(serde_json::from_str(&r.output_json).expect("output is JSON")),
            Err(e) => Err(error_json(&e)),
        }
    }

    /// Requests that reached the simulator for paths starting with `prefix`.
    pub fn requests_to(&self, prefix: &str) -> Vec<RecordedRequest> {
        self.sim.requests().into_iter().filter(|r| r.path.starts_with(prefix)).collect()
    }

    pub fn fail(&self, method: &str, path_prefix: &str, times: u32, kind: FaultKind) {
        self.sim.inject(Fault { method: Some(method.into()), path_prefix: path_prefix.into(), times, kind });
    }

    /// Creates an active user through the connector and returns it.
    pub fn create_user(&self, login: &str) -> Value {
        self.run(
            "create-user",
            json!({"profile": {"login": login, "email": login, "firstName": "Test", "lastName": "User"}, "password": "Tr0ub4dor&3x"}),
        )
        .expect("user is created")
    }
}
