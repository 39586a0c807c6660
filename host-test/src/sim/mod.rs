//! A stateful, in-memory Okta org served over real HTTP on loopback.
//!
//! Behaviour follows `shared/okta/API-NOTES.md` and the official management
//! spec; deliberate simplifications are commented where they are made.
//! [`Simulator::start`] runs its own tokio runtime on background threads so it
//! can be used from plain `#[test]` functions; dropping it stops the server.

mod apps;
pub mod auth;
pub mod clock;
mod control;
mod directory;
mod factors;
mod ctx;
pub mod errors;
mod faults;
pub mod filter;
mod gate;
mod groups;
mod hooks;
mod identity_sources;
mod limits;
mod linked_objects;
mod logs;
mod meta;
mod oauth;
mod org;
mod paging;
mod policies;
mod rng;
mod roles;
mod seed;
mod server;
mod users;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use clock::Clock;
pub use factors::SentPasscode;
pub use oauth::{ServiceApp, WebApp, OKTA_SCOPES};
pub use seed::SEEDED_PASSWORD;
use org::Org;

/// How to build the simulated org.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// 0 = ephemeral port.
    pub port: u16,
    /// Number of seeded synthetic users.
    pub users: usize,
    pub seed: u64,
    /// Overrides the per-minute quota of *every* rate-limit bucket; `None`
    /// keeps Okta's legacy Workforce defaults (600/min for `/api/v1/users`).
    pub rate_limit_per_minute: Option<u32>,
    /// Serves the test-only control path `/sim/…` (faults, hook deliveries) to any HTTP client.
    pub control: bool,
    /// `false` turns the per-minute rate limits off (no `X-Rate-Limit-*` headers, no 429 but the
    /// concurrency one), for benchmarks and bulk loads.
    pub rate_limits: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig { port: 0, users: 0, seed: 42, rate_limit_per_minute: None, rate_limits: true, control: false }
    }
}

/// One HTTP request as the simulator received it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RecordedRequest {
    /// First value of a header (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A fault applied to the next `times` requests matching `method` (any when
/// `None`) and `path_prefix`.
#[derive(Debug, Clone)]
pub struct Fault {
    pub method: Option<String>,
    pub path_prefix: String,
    pub times: u32,
    pub kind: FaultKind,
}

#[derive(Debug, Clone)]
pub enum FaultKind {
    /// 429 `E0000047`, `X-Rate-Limit-Remaining: 0`, reset `now + reset_after_secs`.
    RateLimited { reset_after_secs: u64 },
    /// The given 5xx status with Okta error body `E0000009`.
    ServerError(u16),
    /// Wait, then serve normally.
    Delay(Duration),
    /// 200 with a body that is not JSON; the request is not executed.
    GarbageBody,
    /// Executes the request, announces the full `Content-Length`, sends half
    /// the body and closes the connection.
    TruncatedBody,
    /// Closes the TCP connection with a reset instead of answering.
    ConnectionReset,
    /// Executes the request normally, then answers with this status,
    /// `Content-Type` (none when `None`) and body instead: e.g. the `{}`,
    /// empty 200 or 204 that different orgs give for the same operation.
    Replace { status: u16, content_type: Option<String>, body: String },
}

/// State shared by every request handler.
pub(crate) struct Shared {
    pub org: Mutex<Org>,
    pub clock: Clock,
    pub auth: auth::Auth,
    pub faults: Mutex<Vec<Fault>>,
    pub requests: Mutex<Vec<RecordedRequest>>,
    pub limits: limits::Limits,
    pub oauth: oauth::AuthServer,
    /// Whether `/sim/…` answers (see `control.rs`).
    pub control: bool,
    /// TCP connections accepted so far.
    pub connections: std::sync::atomic::AtomicU64,
}

pub struct Simulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: tokio::sync::watch::Sender<bool>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Simulator {
    /// Seeds the org, binds `127.0.0.1:port` and starts serving. Callable from
    /// any thread, inside or outside a tokio runtime.
    pub fn start(config: SimConfig) -> anyhow::Result<Simulator> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", config.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let clock = Clock::live();
        let (deliveries, queue) = tokio::sync::mpsc::unbounded_channel();
        let (org, auth) = seed::org(&config, clock.now(), deliveries);
        let oauth = oauth::AuthServer::new(config.seed, &auth.admin);
        let shared = Arc::new(Shared {
            org: Mutex::new(org),
            clock,
            auth,
            faults: Mutex::new(Vec::new()),
            requests: Mutex::new(Vec::new()),
            // Whole seconds, so `X-Rate-Limit-Reset` is exactly the window's end.
            limits: limits::Limits::new(config.rate_limits, config.rate_limit_per_minute, (config.seed % 60) as i64 * 1000),
            oauth,
            control: config.control,
            connections: Default::default(),
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("okta-sim")
            .enable_all()
            .build()?;
        let (shutdown, stop) = tokio::sync::watch::channel(false);
        let app = server::router(shared.clone());
        let accepted = shared.clone();
        runtime.spawn(hooks::dispatch(shared.clone(), queue));
        runtime.spawn(async move {
            match tokio::net::TcpListener::from_std(listener) {
                Ok(listener) => server::serve(listener, app, stop, accepted).await,
                Err(e) => eprintln!("okta simulator: cannot adopt listener: {e}"),
            }
        });
        Ok(Simulator { shared, addr, shutdown, runtime: Some(runtime) })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The SSWS API token the org accepts (deterministic from the seed).
    pub fn api_token(&self) -> String {
        self.shared.auth.api_token.clone()
    }

    pub fn inject(&self, fault: Fault) {
        self.shared.faults.lock().unwrap().push(fault);
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// TCP connections accepted so far (keep-alive clients reuse theirs).
    pub fn connections(&self) -> u64 {
        self.shared.connections.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Starts every rate-limit window afresh, so the next client sees full quotas.
    pub fn reset_rate_limits(&self) {
        self.shared.limits.reset();
    }

    pub fn clear_requests(&self) {
        self.shared.requests.lock().unwrap().clear();
    }

    /// The simulator's clock; freeze or advance it to test time-based behaviour.
    pub fn clock(&self) -> &Clock {
        &self.shared.clock
    }

    /// Users that exist (any status, including DEPROVISIONED).
    pub fn user_count(&self) -> usize {
        self.shared.org.lock().unwrap().users.len()
    }

    /// The SMS, call and email passcodes the org sent that are not used yet (what the person received).
    pub fn passcodes(&self) -> Vec<SentPasscode> {
        factors::outstanding(&self.shared.org.lock().unwrap())
    }

    /// Deliveries the hook's receiver acknowledged with a 2xx; `None` for an unknown hook.
    pub fn hook_deliveries(&self, hook_id: &str) -> Option<u64> {
        self.shared.org.lock().unwrap().hooks.get(hook_id).map(|h| h.deliveries)
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(rt) = self.runtime.take() {
            // Blocking shutdown is not allowed inside an async context.
            if tokio::runtime::Handle::try_current().is_ok() {
                rt.shutdown_background();
            } else {
                rt.shutdown_timeout(Duration::from_secs(1));
            }
        }
    }
}
