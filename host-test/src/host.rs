//! All wasmtime glue: engine, component cache, linker, per-call stores, and the routing of the
//! component's outgoing HTTP through one keep-alive connection pool per [`Connector`]. Adapted from
//! wasmtime's `crates/wasi-http/tests/all/p2.rs` hooks pattern.

use anyhow::{Context, Result};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{ready, Poll};
use std::time::Duration;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, Store, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use read_ahead::{Page, ReadAhead};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpHooks, WasiHttpView};

mod read_ahead;

mod generated {
    // Only the exports: the host links wasi and wasi:http from wasmtime-wasi(-http) itself.
    wasmtime::component::bindgen!({
        path: "../wit",
        inline: "package host:harness; world harness { export okta:connector/connector@0.1.0; }",
        world: "harness",
        exports: { default: async },
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
    /// How long an outgoing request may wait for Okta's first byte, and at most between two chunks of
    /// the body.
    pub first_byte_timeout: Duration,
    /// How long opening a new connection (TCP and TLS) may take.
    pub connect_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            call_time: Duration::from_secs(120),
            memory_bytes: 256 << 20,
            first_byte_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// The loaded, precompiled component; cheap to instantiate per call.
#[derive(Clone)]
pub struct Harness {
    engine: Engine,
    pre: Arc<OktaConnectorPre<State>>,
    /// The component's first `describe` answer, kept for every later call (the WIT makes it constant).
    catalogue: Arc<OnceLock<String>>,
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
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(instance_pool()));
        let engine = Engine::new(&config)?;
        let wasm = std::fs::read(path).with_context(|| format!("reading component {path}"))?;
        let component = load_cached(&engine, &wasm).with_context(|| format!("loading component {path}"))?;
        let mut linker = Linker::<State>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;
        let pre = OktaConnectorPre::new(linker.instantiate_pre(&component)?)?;
        let ticker = engine.weak();
        std::thread::spawn(move || loop {
            std::thread::sleep(EPOCH_TICK);
            match ticker.upgrade() {
                Some(engine) => engine.increment_epoch(),
                None => return,
            }
        });
        Ok(Harness { engine, pre: Arc::new(pre), catalogue: Arc::default() })
    }

    /// Every exported function as `interface#function` (or its bare name), and whether it answers a
    /// `result`: hosts that require every export to be fallible (Obelisk) refuse a component with any other.
    pub fn exported_functions(&self) -> Vec<(String, bool)> {
        use wasmtime::component::types::{ComponentFunc, ComponentItem, Type};
        let fallible = |f: &ComponentFunc| matches!(f.results().collect::<Vec<_>>()[..], [Type::Result(_)]);
        let mut found = Vec::new();
        for (name, item) in self.pre.instance_pre().component().component_type().exports(&self.engine) {
            match item.ty {
                ComponentItem::ComponentFunc(f) => found.push((name.to_string(), fallible(&f))),
                ComponentItem::ComponentInstance(i) => {
                    for (function, item) in i.exports(&self.engine) {
                        if let ComponentItem::ComponentFunc(f) = item.ty {
                            found.push((format!("{name}#{function}"), fallible(&f)));
                        }
                    }
                }
                _ => {}
            }
        }
        found
    }

    /// A connector whose outgoing HTTP may reach only `allowed` origins (e.g. `http://127.0.0.1:8080`).
    /// Its calls share one pool of keep-alive connections.
    pub fn connector(&self, allowed: Vec<String>, limits: Limits) -> Connector {
        let pool = pool(&limits);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a current-thread runtime builds");
        Connector { harness: self.clone(), allowed: Arc::new(allowed), limits, pool, runtime: Arc::new(Runtime(Some(runtime))), read_ahead: None }
    }
}

/// Calls in flight at once per [`Harness`]; one more fails to instantiate until a call ends.
pub const MAX_CONCURRENT_CALLS: u32 = 100;

/// Instances come from a pool of slots reused call after call (no mmap/munmap of a memory, tables and
/// an async stack per call; the memory image stays mapped). Tables are zeroed in place rather than
/// faulted in again (-6 µs a warm call). Where Linux has the `PAGEMAP_SCAN` ioctl (6.7+), linear
/// memory stays resident too and only the pages a call wrote are reset, so the next call takes no
/// page faults (warm call 34 → 21 µs, get-user p50 0.23 → 0.19 ms); without it, a memset of the
/// whole kept region costs more than the faults, so memory is given back with madvise.
fn instance_pool() -> PoolingAllocationConfig {
    let mut pool = PoolingAllocationConfig::new();
    if PoolingAllocationConfig::is_pagemap_scan_available() {
        pool.pagemap_scan(wasmtime::Enabled::Yes).linear_memory_keep_resident(8 << 20);
    }
    pool.total_component_instances(MAX_CONCURRENT_CALLS)
        // The component instantiates its main module and wit-component's two small shim modules.
        .total_core_instances(8 * MAX_CONCURRENT_CALLS)
        .total_memories(2 * MAX_CONCURRENT_CALLS)
        .total_tables(4 * MAX_CONCURRENT_CALLS)
        .total_stacks(MAX_CONCURRENT_CALLS)
        .table_keep_resident(64 << 10);
    pool
}

/// The client behind every call of one connector: HTTP/1.1 keep-alive (idle connections kept 60 s),
/// TCP_NODELAY, TLS with the webpki roots for `https` origins.
type Pool = hyper_util::client::legacy::Client<hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>, WasiBody>;

fn pool(limits: &Limits) -> Pool {
    use hyper_util::client::legacy::{connect::HttpConnector, Client};
    use hyper_util::rt::{TokioExecutor, TokioTimer};
    let mut tcp = HttpConnector::new();
    tcp.set_nodelay(true);
    tcp.set_connect_timeout(Some(limits.connect_timeout));
    tcp.enforce_http(false);
    let tls = hyper_rustls::HttpsConnectorBuilder::new().with_webpki_roots().https_or_http().enable_http1().wrap_connector(tcp);
    Client::builder(TokioExecutor::new()).pool_timer(TokioTimer::new()).pool_idle_timeout(Duration::from_secs(60)).build(tls)
}

type WasiBody = wasmtime_wasi_http::WasiBody;

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

/// Sends the component's requests to the allowed origins only, over the connector's pool; anything
/// else is `HttpRequestDenied`.
struct Router {
    allowed: Arc<Vec<String>>,
    pool: Pool,
    first_byte_timeout: Duration,
    read_ahead: Option<Arc<ReadAhead>>,
}

impl WasiHttpHooks for Router {
    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<wasmtime_wasi_http::RequestOptions>,
        fut: Box<dyn Future<Output = Result<(), wasmtime_wasi_http::Error>> + Send>,
    ) -> Box<
        dyn Future<
                Output = Result<
                    (http::Response<WasiBody>, Box<dyn Future<Output = Result<(), wasmtime_wasi_http::Error>> + Send>),
                    wasmtime_wasi_http::Error,
                >,
            > + Send,
    > {
        use wasmtime_wasi_http::Error;
        drop(fut);
        let origin = request
            .uri()
            .scheme_str()
            .zip(request.uri().authority())
            .map(|(s, a)| format!("{s}://{a}"))
            .unwrap_or_default();
        let allowed = self.allowed.iter().any(|a| a.eq_ignore_ascii_case(&origin));
        // The guest may ask for shorter waits, never longer ones.
        let options = options.unwrap_or_default();
        let first_byte = options.first_byte_timeout.unwrap_or(self.first_byte_timeout).min(self.first_byte_timeout);
        let between_bytes = options.between_bytes_timeout.unwrap_or(self.first_byte_timeout).min(self.first_byte_timeout);
        let pool = self.pool.clone();
        let read_ahead = self.read_ahead.clone().zip(Page::of(&request));
        Box::new(async move {
            use http_body_util::BodyExt;
            if !allowed {
                return Err(Error::HttpRequestDenied);
            }
            let read = match &read_ahead {
                Some((ahead, page)) => ahead.take(page).await,
                None => None,
            };
            let response = match read {
                Some(response) => response,
                None => match tokio::time::timeout(first_byte, pool.request(request)).await {
                    Err(_) => return Err(Error::ConnectionReadTimeout),
                    Ok(Err(e)) => return Err(send_error(e)),
                    Ok(Ok(response)) => response,
                },
            };
            if let Some((ahead, page)) = read_ahead {
                ahead.follow(page, &response, first_byte);
            }
            let response = response.map(|body| TimedBody { body, idle: Box::pin(tokio::time::sleep(between_bytes)), between_bytes }.boxed_unsync());
            // The pool drives the connection itself; there is no per-request I/O future to await.
            Ok((response, Box::new(async { Ok(()) }) as Box<dyn Future<Output = _> + Send>))
        })
    }
}

/// The pool's failure as the `wasi:http` error code a guest can act on.
pub(crate) fn send_error(e: hyper_util::client::legacy::Error) -> wasmtime_wasi_http::Error {
    use std::error::Error as _;
    use wasmtime_wasi_http::Error;
    let mut source = e.source();
    while let Some(inner) = source {
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::TimedOut => Error::ConnectionTimeout,
                std::io::ErrorKind::ConnectionRefused => Error::ConnectionRefused,
                _ if e.is_connect() => Error::Connect(std::io::Error::new(io.kind(), io.to_string())),
                _ => Error::ConnectionTerminated,
            };
        }
        if let Some(hyper) = inner.downcast_ref::<hyper::Error>() {
            if hyper.is_incomplete_message() || hyper.is_canceled() || hyper.is_closed() {
                return Error::HttpResponseIncomplete;
            }
            return Error::HttpProtocolError;
        }
        source = inner.source();
    }
    if e.is_connect() {
        Error::ConnectionRefused
    } else {
        Error::InternalError(Some(e.to_string()))
    }
}

/// A response body that fails with `ConnectionReadTimeout` when no chunk arrives for `between_bytes`.
struct TimedBody {
    body: hyper::body::Incoming,
    idle: Pin<Box<tokio::time::Sleep>>,
    between_bytes: Duration,
}

impl http_body::Body for TimedBody {
    type Data = bytes::Bytes;
    type Error = wasmtime_wasi_http::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        match Pin::new(&mut self.body).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                let deadline = tokio::time::Instant::now() + self.between_bytes;
                self.idle.as_mut().reset(deadline);
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) if e.is_timeout() => Poll::Ready(Some(Err(wasmtime_wasi_http::Error::HttpResponseTimeout))),
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                ready!(self.idle.as_mut().poll(cx));
                Poll::Ready(Some(Err(wasmtime_wasi_http::Error::ConnectionReadTimeout)))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// One routed view of the component: every call gets a fresh instance with the same routing and limits,
/// and all of them share one connection pool.
#[derive(Clone)]
pub struct Connector {
    harness: Harness,
    allowed: Arc<Vec<String>>,
    limits: Limits,
    pool: Pool,
    runtime: Arc<Runtime>,
    read_ahead: Option<Arc<ReadAhead>>,
}

/// The connector's single-threaded runtime: the guest, wasi-http's streams and the pool's connections all
/// run on the calling thread, so a request costs no hand-offs between threads.
struct Runtime(Option<tokio::runtime::Runtime>);

impl Drop for Runtime {
    fn drop(&mut self) {
        // Never blocks, so a connector may be dropped anywhere (even inside another runtime).
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl Connector {
    /// This connector, asking for the next page of a list as soon as a page arrives (see [`ReadAhead`]);
    /// for callers that follow every cursor, such as a stream.
    pub fn reading_ahead(&self) -> Connector {
        Connector { read_ahead: Some(Arc::new(ReadAhead::new(&self.limits))), ..self.clone() }
    }

    async fn instance(&self) -> Result<(Store<State>, OktaConnector)> {
        let state = State {
            wasi: WasiCtx::builder().build(),
            http: WasiHttpCtx::new(),
            table: ResourceTable::new(),
            hooks: Router {
                allowed: self.allowed.clone(),
                pool: self.pool.clone(),
                first_byte_timeout: self.limits.first_byte_timeout,
                read_ahead: self.read_ahead.clone(),
            },
            limits: StoreLimitsBuilder::new().memory_size(self.limits.memory_bytes).build(),
        };
        let mut store = Store::new(&self.harness.engine, state);
        store.limiter(|s| &mut s.limits);
        store.set_epoch_deadline((self.limits.call_time.as_millis() / EPOCH_TICK.as_millis()).max(1) as u64);
        let bindings = self.harness.pre.instantiate_async(&mut store).await?;
        Ok((store, bindings))
    }

    /// One call on a fresh instance, driven to completion on this thread.
    fn call<R>(&self, f: impl AsyncFnOnce(&mut Store<State>, &OktaConnector) -> wasmtime::Result<R>) -> Result<R> {
        let runtime = self.runtime.0.as_ref().expect("present until dropped");
        runtime.block_on(async {
            let (mut store, c) = self.instance().await?;
            Ok(f(&mut store, &c).await?)
        })
    }

    /// The catalogue JSON (manifest.json without the indentation); `Err` only from a component other than ours.
    /// Answered from memory after the first call: the export instantiates the component and copies ~0.5 MB
    /// out of it, for an answer that cannot change while this harness holds the component.
    pub fn describe(&self) -> Result<Result<String, ConnectorError>> {
        if let Some(json) = self.harness.catalogue.get() {
            return Ok(Ok(json.clone()));
        }
        let answer = self.describe_export()?;
        if let Ok(json) = &answer {
            let _ = self.harness.catalogue.set(json.clone());
        }
        Ok(answer)
    }

    /// The component's `describe` export on a fresh instance, never from memory.
    pub fn describe_export(&self) -> Result<Result<String, ConnectorError>> {
        self.call(async |s, c| c.okta_connector_connector().call_describe(s).await)
    }

    /// [`Connector::describe`] parsed, a connector error as the call's error.
    pub fn catalogue(&self) -> Result<serde_json::Value> {
        let json = self.describe()?.map_err(|e| anyhow::anyhow!("describe failed: {}", error_json(&e)))?;
        Ok(serde_json::from_str(&json)?)
    }

    pub fn test_connection(&self, connection: &str) -> Result<Result<String, ConnectorError>> {
        self.call(async |s, c| c.okta_connector_connector().call_test_connection(s, connection).await)
    }

    /// Step one of the authorization-code flow: `(url, code verifier)`.
    pub fn oauth_authorize(&self, connection: &str, redirect_uri: &str, state: &str) -> Result<Result<(String, String), ConnectorError>> {
        let r = self.call(async |s, c| c.okta_connector_connector().call_oauth_authorize(s, connection, redirect_uri, state).await)?;
        Ok(r.map(|a| (a.url, a.code_verifier)))
    }

    /// Step two: the connection JSON holding the tokens.
    pub fn oauth_exchange_code(&self, connection: &str, redirect_uri: &str, code: &str, verifier: &str) -> Result<Result<String, ConnectorError>> {
        self.call(async |s, c| c.okta_connector_connector().call_oauth_exchange_code(s, connection, redirect_uri, code, verifier).await)
    }

    pub fn run_action(&self, key: &str, connection: &str, input: &str) -> Result<Result<ActionResult, ConnectorError>> {
        self.call(async |s, c| c.okta_connector_connector().call_run_action(s, key, connection, input).await)
    }

    pub fn data_source(&self, key: &str, connection: &str, input: &str) -> Result<Result<String, ConnectorError>> {
        self.call(async |s, c| c.okta_connector_connector().call_data_source(s, key, connection, input).await)
    }

    pub fn poll_trigger(&self, key: &str, connection: &str, config: &str, cursor: Option<&str>) -> Result<Result<PollResult, ConnectorError>> {
        self.call(async |s, c| c.okta_connector_connector().call_poll_trigger(s, key, connection, config, cursor).await)
    }

    /// `subscription` is what `subscribe` returned for the URL (`None` while `subscribe` itself runs).
    pub fn handle_webhook(&self, key: &str, connection: &str, config: &str, subscription: Option<&str>, request: &WebhookRequest) -> Result<Result<WebhookResult, ConnectorError>> {
        self.call(async |s, c| c.okta_connector_connector().call_handle_webhook(s, key, connection, config, subscription, request).await)
    }

    pub fn subscribe(&self, key: &str, connection: &str, config: &str, webhook_url: &str) -> Result<Result<String, ConnectorError>> {
        self.call(async |s, c| c.okta_connector_connector().call_subscribe(s, key, connection, config, webhook_url).await)
    }

    /// Removes the subscription `subscribe` returned.
    pub fn unsubscribe(&self, key: &str, connection: &str, config: &str, subscription: &str) -> Result<Result<(), ConnectorError>> {
        self.call(async |s, c| c.okta_connector_connector().call_unsubscribe(s, key, connection, config, subscription).await)
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
