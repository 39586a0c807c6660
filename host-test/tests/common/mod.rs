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

    /// Answers a data source: `Ok(answer)` or `Err(connector-error as JSON)`.
    pub fn data(&self, key: &str, input: Value) -> Result<Value, Value> {
        match self.connector.data_source(key, &self.connection, &input.to_string()).expect("the call does not trap") {
            Ok(answer) => Ok(serde_json::from_str(&answer).expect("answer is JSON")),
            Err(e) => Err(error_json(&e)),
        }
    }

    /// Calls the org's API directly, to set up state and read it back: status and JSON body.
    pub fn okta(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let req = ureq::request(method, &format!("{}{path}", self.sim.url())).set("Authorization", &format!("SSWS {}", self.sim.api_token()));
        let resp = match body {
            Some(b) => req.send_json(b),
            // Bodiless writes carry `Content-Length: 0`, as Okta requires.
            None if matches!(method, "POST" | "PUT") => req.send_string(""),
            None => req.call(),
        };
        let resp = match resp {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{method} {path}: {e}"),
        };
        let status = resp.status();
        (status, serde_json::from_str(&resp.into_string().unwrap()).unwrap_or(Value::Null))
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

/// What one action call returned, with the connection state it handed back.
pub struct Called {
    pub result: Result<Value, Value>,
    pub connection: Option<String>,
}

impl Org {
    /// Runs an action and keeps the updated connection, as a host would.
    pub fn call(&self, key: &str, connection: &str, input: Value) -> Called {
        match self.connector.run_action(key, connection, &input.to_string()).expect("the call does not trap") {
            Ok(r) => Called { result: Ok(serde_json::from_str(&r.output_json).unwrap()), connection: r.connection_json },
            Err(e) => Called { result: Err(error_json(&e)), connection: None },
        }
    }

    /// An `oauth2-authorization-code` connection before consent.
    pub fn web_connection(&self, scopes: &[&str]) -> String {
        let web = self.sim.web_app();
        json!({"type": "oauth2-authorization-code", "oktaDomain": self.sim.url(), "clientId": web.client_id,
               "clientSecret": web.client_secret, "scopes": scopes})
        .to_string()
    }

    /// Runs the authorization-code flow as the simulator's test admin; returns the connection with tokens.
    pub fn consent(&self, connection: &str) -> Result<String, Value> {
        let redirect = "http://127.0.0.1:9/callback";
        let (url, verifier) = self.connector.oauth_authorize(connection, redirect, "st4te").unwrap().map_err(|e| error_json(&e))?;
        let agent = ureq::AgentBuilder::new().redirects(0).build();
        let resp = agent.get(&url).call().expect("authorize answers");
        assert_eq!(resp.status(), 302);
        let location = resp.header("location").unwrap().to_string();
        let code = location.split("code=").nth(1).unwrap().split('&').next().unwrap().to_string();
        assert!(location.contains("state=st4te"));
        self.connector.oauth_exchange_code(connection, redirect, &code, &verifier).unwrap().map_err(|e| error_json(&e))
    }

    /// An `oauth2-client-credentials` connection for the seeded service app (or its DPoP twin).
    pub fn service_connection(&self, dpop_app: bool, dpop: bool, scopes: &[&str]) -> String {
        let app = if dpop_app { self.sim.dpop_service_app() } else { self.sim.service_app() };
        json!({"type": "oauth2-client-credentials", "oktaDomain": self.sim.url(), "clientId": app.client_id,
               "privateKey": app.private_key_pem, "keyId": app.key_id, "scopes": scopes, "dpop": dpop})
        .to_string()
    }

    pub fn token_requests(&self) -> usize {
        self.requests_to("/oauth2/v1/token").len()
    }
}

impl Org {
    /// Reads the org's state straight from the simulator's HTTP API (not through the connector).
    pub fn okta_get(&self, path: &str) -> (u16, Value) {
        let url = format!("{}{path}", self.sim.url());
        let resp = match ureq::get(&url).set("Authorization", &format!("SSWS {}", self.sim.api_token())).call() {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("GET {url}: {e}"),
        };
        let status = resp.status();
        (status, resp.into_json().unwrap_or(Value::Null))
    }

    /// The id of the first app whose name or label starts with `q` (any status).
    pub fn app_id(&self, q: &str) -> String {
        let (_, apps) = self.okta_get(&format!("/api/v1/apps?includeNonDeleted=true&q={q}"));
        apps[0]["id"].as_str().unwrap_or_else(|| panic!("no app {q}")).to_string()
    }

    /// System Log event types written so far, oldest first.
    pub fn event_types(&self) -> Vec<String> {
        let (_, events) = self.okta_get("/api/v1/logs?limit=1000");
        events.as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap().to_string()).collect()
    }

    /// `GET` over the simulator's HTTP; panics unless 200.
    pub fn read(&self, path: &str) -> Value {
        let (status, v) = self.okta("GET", path, None);
        assert_eq!(status, 200, "GET {path}: {v}");
        v
    }

    /// The id of the first user with this status (seeded orgs have some of each).
    pub fn user_with_status(&self, status: &str) -> String {
        let users = self.read(&format!("/api/v1/users?search=status%20eq%20%22{status}%22&limit=1"));
        users[0]["id"].as_str().unwrap_or_else(|| panic!("no {status} user")).to_string()
    }

    /// Creates a group directly in the org; returns its id.
    pub fn group(&self, name: &str) -> String {
        let (status, g) = self.okta("POST", "/api/v1/groups", Some(json!({"profile": {"name": name}})));
        assert_eq!(status, 200, "{g}");
        g["id"].as_str().unwrap().to_string()
    }
}
