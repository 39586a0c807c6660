//! Plain blocking HTTP client for the simulator tests (shared by `sim_*.rs`).
#![allow(dead_code)] // each test binary uses a different subset

use host_test::sim::{SimConfig, Simulator};
use serde_json::Value;

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }

    /// The URL of the `Link` line with `rel="<rel>"`.
    pub fn link(&self, rel: &str) -> Option<String> {
        self.headers_named("link").into_iter().find(|l| l.ends_with(&format!("rel=\"{rel}\""))).map(|l| {
            l[l.find('<').unwrap() + 1..l.find('>').unwrap()].to_string()
        })
    }

    pub fn error_code(&self) -> String {
        self.json()["errorCode"].as_str().unwrap_or("").to_string()
    }
}

pub struct Api {
    pub sim: Simulator,
    agent: ureq::Agent,
}

impl Api {
    pub fn start(users: usize) -> Api {
        Api::with(SimConfig { users, ..SimConfig::default() })
    }

    pub fn with(config: SimConfig) -> Api {
        Api { sim: Simulator::start(config).expect("simulator starts"), agent: ureq::AgentBuilder::new().build() }
    }

    /// Sends with the org's SSWS token; `path` may be absolute (a `Link` URL).
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Resp {
        let auth = format!("SSWS {}", self.sim.api_token());
        self.call_as(method, path, Some(&auth), body)
    }

    pub fn call_as(&self, method: &str, path: &str, authorization: Option<&str>, body: Option<&Value>) -> Resp {
        let url = if path.starts_with("http") { path.to_string() } else { format!("{}{path}", self.sim.url()) };
        let mut req = self.agent.request(method, &url).set("Accept", "application/json");
        if let Some(a) = authorization {
            req = req.set("Authorization", a);
        }
        let result = match (method, body) {
            (_, Some(b)) => req.set("Content-Type", "application/json").send_string(&b.to_string()),
            ("POST" | "PUT", None) => req.send_string(""),
            _ => req.call(),
        };
        let resp = match result {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{method} {url}: transport error {e}"),
        };
        let status = resp.status();
        let mut headers = Vec::new();
        for name in resp.headers_names() {
            for v in resp.all(&name) {
                headers.push((name.clone(), v.to_string()));
            }
        }
        Resp { status, headers, text: resp.into_string().unwrap_or_default() }
    }

    pub fn get(&self, path: &str) -> Resp {
        self.call("GET", path, None)
    }

    pub fn post(&self, path: &str, body: &Value) -> Resp {
        self.call("POST", path, Some(body))
    }

    /// POST with an empty body (`Content-Length: 0`), as lifecycle calls are made.
    pub fn post_empty(&self, path: &str) -> Resp {
        self.call("POST", path, None)
    }

    /// Creates a user via the API and returns its JSON.
    pub fn create_user(&self, login: &str, query: &str, credentials: Option<Value>) -> Value {
        let mut body = serde_json::json!({"profile": {"login": login, "email": login, "firstName": "Test", "lastName": "User"}});
        if let Some(c) = credentials {
            body["credentials"] = c;
        }
        let r = self.post(&format!("/api/v1/users{query}"), &body);
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()
    }
}

/// URL-encodes a query value.
pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
