//! All wasmtime glue: engine, component cache, linker, per-call stores, and the routing of the
//! component's outgoing HTTP. Adapted from wasmtime's `crates/wasi-http/tests/all/p2.rs` hooks pattern.

use anyhow::{Context, Result};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpHooks, WasiHttpView};

mod generated {
    // Only the exports: the host links wasi and wasi:http from wasmtime-wasi(-http) itself.
    wasmtime::component::bindgen!({
        path: "../wit",
        inline: "package host:harness; world harness { export okta:connector/connector@0.1.0; }",
        world: "harness",
    });
}

pub use generated::exports::okta::connector::connector::{
    ActionResult, ConnectorError, PollResult, WebhookRequest, WebhookResult,
};
use generated::{Harness as OktaConnector, HarnessPre as OktaConnectorPre};

/// The component built by `build.rs` from this workspace's source.
pub const COMPONENT_PATH: &str = env!("OKTA_CONNECTOR_WASM");

/// Epoch ticks bound a call's CPU time; host calls (HTTP, sleeps) are bounded by their own timeouts.
const EPOCH_TICK: Duration = Duration::from_millis(100);

/// Limits applied to every call.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Wall time the guest may run between host calls before it is interrupted.
    pub call_time: Duration,
    /// Linear memory the component may grow to.
    pub memory_bytes: usize,
    /// How long an outgoing request may wait for Okta's first byte.
    pub first_byte_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { call_time: Duration::from_secs(120), memory_bytes: 256 << 20, first_byte_timeout: Duration::from_secs(30) }
    }
}

/// The loaded, precompiled component; cheap to instantiate per call.
#[derive(Clone)]
pub struct Harness {
    engine: Engine,
    pre: Arc<OktaConnectorPre<State>>,
}

impl Harness {
    /// The workspace's component, compiled once per process and cached on disk across processes.
    pub fn load() -> Result<Harness> {
        // One loader at a time, so parallel tests in a process compile the component once.
        static SHARED: Mutex<Option<Harness>> = Mutex::new(None);
        let mut shared = SHARED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if shared.is_none() {
            *shared = Some(Harness::from_file(COMPONENT_PATH)?);
        }
        Ok(shared.clone().expect("set above"))
    }

    /// A component from any path (e.g. a registry download).
    pub fn from_file(path: &str) -> Result<Harness> {
        let mut config = Config::new();
        config.epoch_interruption(true);
        let engine = Engine::new(&config)?;
        let wasm = std::fs::read(path).with_context(|| format!("reading component {path}"))?;
        let component = load_cached(&engine, &wasm)?;
        let mut linker = Linker::<State>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        wasmtime_wasi_http::p2::add_only_http_to_linker_sync(&mut linker)?;
        let pre = OktaConnectorPre::new(linker.instantiate_pre(&component)?)?;
        let ticker = engine.weak();
        std::thread::spawn(move || loop {
            std::thread::sleep(EPOCH_TICK);
            match ticker.upgrade() {
                Some(engine) => engine.increment_epoch(),
                None => return,
            }
        });
        Ok(Harness { engine, pre: Arc::new(pre) })
    }

    /// A connector whose outgoing HTTP may reach only `allowed` origins (e.g. `http://127.0.0.1:8080`).
    pub fn connector(&self, allowed: Vec<String>, limits: Limits) -> Connector {
        Connector { harness: self.clone(), allowed, limits }
    }
}

/// Compiling takes seconds; precompiled code is keyed by the component's bytes and the engine's settings.
fn load_cached(engine: &Engine, wasm: &[u8]) -> Result<Component> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    wasm.hash(&mut h);
    engine.precompile_compatibility_hash().hash(&mut h);
    let dir = std::env::temp_dir().join("okta-connector-cwasm");
    let path = dir.join(format!("{:016x}.cwasm", h.finish()));
    if path.exists() {
        // SAFETY: the file was written by `Component::serialize` for an engine with the same compatibility hash.
        if let Ok(c) = unsafe { Component::deserialize_file(engine, &path) } {
            return Ok(c);
        }
    }
    let component = Component::new(engine, wasm)?;
    // The cache only saves time: processes racing to fill it, or a full disk, must not fail the load.
    let tmp = dir.join(format!("{}.{}.tmp", path.file_name().unwrap().to_string_lossy(), std::process::id()));
    let stored = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&tmp, component.serialize().map_err(std::io::Error::other)?))
        .and_then(|()| std::fs::rename(&tmp, &path));
    if stored.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(component)
}

/// Store state of one call.
struct State {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
    hooks: Router,
    limits: StoreLimits,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl WasiHttpView for State {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView { ctx: &mut self.http, table: &mut self.table, hooks: &mut self.hooks }
    }
}

/// Sends the component's requests to the allowed origins only; anything else is `HttpRequestDenied`.
struct Router {
    allowed: Vec<String>,
    first_byte_timeout: Duration,
}

impl WasiHttpHooks for Router {
    fn send_request(
        &mut self,
        request: http::Request<wasmtime_wasi_http::WasiBody>,
        options: Option<wasmtime_wasi_http::RequestOptions>,
        fut: Box<dyn Future<Output = Result<(), wasmtime_wasi_http::Error>> + Send>,
    ) -> Box<
        dyn Future<
                Output = Result<
                    (http::Response<wasmtime_wasi_http::WasiBody>, Box<dyn Future<Output = Result<(), wasmtime_wasi_http::Error>> + Send>),
                    wasmtime_wasi_http::Error,
                >,
            > + Send,
    > {
        drop(fut);
        let origin = request
            .uri()
            .scheme_str()
            .zip(request.uri().authority())
            .map(|(s, a)| format!("{s}://{a}"))
            .unwrap_or_default();
        let allowed = self.allowed.iter().any(|a| a.eq_ignore_ascii_case(&origin));
        let mut options = options.unwrap_or_default();
        options.first_byte_timeout = Some(options.first_byte_timeout.unwrap_or(self.first_byte_timeout).min(self.first_byte_timeout));
        options.between_bytes_timeout = Some(options.between_bytes_timeout.unwrap_or(self.first_byte_timeout).min(self.first_byte_timeout));
        Box::new(async move {
            use http_body_util::BodyExt;
            if !allowed {
                return Err(wasmtime_wasi_http::Error::HttpRequestDenied);
            }
            let (res, io) = wasmtime_wasi_http::default_send_request(request, Some(options)).await?;
            Ok((res.map(BodyExt::boxed_unsync), Box::new(io) as Box<dyn Future<Output = _> + Send>))
        })
    }
}

/// One routed view of the component: every call gets a fresh instance with the same routing and limits.
#[derive(Clone)]
pub struct Connector {
    harness: Harness,
    allowed: Vec<String>,
    limits: Limits,
}

impl Connector {
    fn instance(&self) -> Result<(Store<State>, OktaConnector)> {
        let state = State {
            wasi: WasiCtx::builder().build(),
            http: WasiHttpCtx::new(),
            table: ResourceTable::new(),
            hooks: Router { allowed: self.allowed.clone(), first_byte_timeout: self.limits.first_byte_timeout },
            limits: StoreLimitsBuilder::new().memory_size(self.limits.memory_bytes).build(),
        };
        let mut store = Store::new(&self.harness.engine, state);
        store.limiter(|s| &mut s.limits);
        store.set_epoch_deadline((self.limits.call_time.as_millis() / EPOCH_TICK.as_millis()).max(1) as u64);
        let bindings = self.harness.pre.instantiate(&mut store)?;
        Ok((store, bindings))
    }

    pub fn describe(&self) -> Result<String> {
        let (mut store, c) = self.instance()?;
        Ok(c.okta_connector_connector().call_describe(&mut store)?)
    }

    pub fn test_connection(&self, connection: &str) -> Result<Result<String, ConnectorError>> {
        let (mut store, c) = self.instance()?;
        Ok(c.okta_connector_connector().call_test_connection(&mut store, connection)?)
    }

    /// Step one of the authorization-code flow: `(url, code verifier)`.
    pub fn oauth_authorize(&self, connection: &str, redirect_uri: &str, state: &str) -> Result<Result<(String, String), ConnectorError>> {
        let (mut store, c) = self.instance()?;
        let r = c.okta_connector_connector().call_oauth_authorize(&mut store, connection, redirect_uri, state)?;
        Ok(r.map(|a| (a.url, a.code_verifier)))
    }

    /// Step two: the connection JSON holding the tokens.
    pub fn oauth_exchange_code(&self, connection: &str, redirect_uri: &str, code: &str, verifier: &str) -> Result<Result<String, ConnectorError>> {
        let (mut store, c) = self.instance()?;
        Ok(c.okta_connector_connector().call_oauth_exchange_code(&mut store, connection, redirect_uri, code, verifier)?)
    }

    pub fn run_action(&self, key: &str, connection: &str, input: &str) -> Result<Result<ActionResult, ConnectorError>> {
        let (mut store, c) = self.instance()?;
        Ok(c.okta_connector_connector().call_run_action(&mut store, key, connection, input)?)
    }

    pub fn data_source(&self, key: &str, connection: &str, input: &str) -> Result<Result<String, ConnectorError>> {
        let (mut store, c) = self.instance()?;
        Ok(c.okta_connector_connector().call_data_source(&mut store, key, connection, input)?)
    }

    pub fn poll_trigger(&self, key: &str, connection: &str, config: &str, cursor: Option<&str>) -> Result<Result<PollResult, ConnectorError>> {
        let (mut store, c) = self.instance()?;
        Ok(c.okta_connector_connector().call_poll_trigger(&mut store, key, connection, config, cursor)?)
    }

    /// `subscription` is what `subscribe` returned for the URL (`None` while `subscribe` itself runs).
    pub fn handle_webhook(&self, key: &str, connection: &str, config: &str, subscription: Option<&str>, request: &WebhookRequest) -> Result<Result<WebhookResult, ConnectorError>> {
        let (mut store, c) = self.instance()?;
        Ok(c.okta_connector_connector().call_handle_webhook(&mut store, key, connection, config, subscription, request)?)
    }

    pub fn subscribe(&self, key: &str, connection: &str, config: &str, webhook_url: &str) -> Result<Result<String, ConnectorError>> {
        let (mut store, c) = self.instance()?;
        Ok(c.okta_connector_connector().call_subscribe(&mut store, key, connection, config, webhook_url)?)
    }

    /// Removes the subscription `subscribe` returned.
    pub fn unsubscribe(&self, key: &str, connection: &str, config: &str, subscription: &str) -> Result<Result<(), ConnectorError>> {
        let (mut store, c) = self.instance()?;
        Ok(c.okta_connector_connector().call_unsubscribe(&mut store, key, connection, config, subscription)?)
    }
}

/// A connector error as JSON (`{"error": "<case>", ...}`), for the CLI and for assertions.
pub fn error_json(e: &ConnectorError) -> serde_json::Value {
    use serde_json::json;
    let okta = |o: &generated::okta::connector::types::OktaError| {
        json!({"httpStatus": o.http_status, "errorCode": o.error_code, "errorSummary": o.error_summary,
               "errorId": o.error_id, "errorCauses": o.error_causes})
    };
    let detail = |case: &str, d: &generated::okta::connector::types::ErrorDetail| {
        json!({"error": case, "message": d.message, "okta": d.okta.as_ref().map(okta)})
    };
    match e {
        ConnectorError::InvalidInput(f) => json!({"error": "invalid-input", "path": f.path, "message": f.message}),
        ConnectorError::UnknownKey(k) => json!({"error": "unknown-key", "message": k}),
        ConnectorError::Unauthenticated(d) => detail("unauthenticated", d),
        ConnectorError::Forbidden(d) => detail("forbidden", d),
        ConnectorError::NotFound(d) => detail("not-found", d),
        ConnectorError::Conflict(d) => detail("conflict", d),
        ConnectorError::RateLimited(r) => {
            let mut v = detail("rate-limited", &r.detail);
            v["retryAfterSeconds"] = json!(r.retry_after_seconds);
            v
        }
        ConnectorError::Unavailable(d) => detail("unavailable", d),
        ConnectorError::OktaApi(o) => json!({"error": "okta-api", "okta": okta(o)}),
        ConnectorError::Internal(m) => json!({"error": "internal", "message": m}),
    }
}
