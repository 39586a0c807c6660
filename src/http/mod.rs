//! The only code that touches `waki`: org URL, auth (API token, OAuth, DPoP), JSON in and out,
//! retries, paging and the mapping of Okta's error object. Handlers see typed values and `Error`s,
//! never statuses or headers.

mod auth;
mod dpop;
mod encoding;
mod jwt;
mod oauth;
mod paginate;
mod raw;
mod retry;
mod url;

use crate::error::{Error, OktaError, Result};
use base64::Engine as _;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

pub use auth::{Auth, Tokens};
pub use dpop::DpopKey;
pub use encoding::percent_encode;
use encoding::{base64url, percent_decode, percent_decode_path};
pub use oauth::{authorize_url, pkce, signing_key};
pub use raw::{check_header, org_path};
pub use url::OrgUrl;

/// Sent on every request so Okta's logs name the caller.
const USER_AGENT: &str = concat!("okta-connector-wasm/", env!("CARGO_PKG_VERSION"));
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Most items one listing gathers, whatever its page cap: bounds a call's memory (about 20 MB of users).
/// A listing that stops here returns the cursor to resume from.
pub const LIST_ITEM_BUDGET: usize = 20_000;

/// Okta's JSON text of one object, neither decoded into a model nor re-encoded (`okta::Raw<T>` gives it
/// its model's schema).
pub type RawItem = Box<serde_json::value::RawValue>;

/// HTTP method of a request; idempotency decides what the retry policy may repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// RFC 9110's idempotent methods: only these are repeated after a 5xx or a lost answer.
    fn idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    fn name(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    fn waki(self) -> waki::Method {
        match self {
            Method::Get => waki::Method::Get,
            Method::Post => waki::Method::Post,
            Method::Put => waki::Method::Put,
            Method::Patch => waki::Method::Patch,
            Method::Delete => waki::Method::Delete,
        }
    }
}

/// Query parameters in order; values are percent-encoded when the URL is built.
pub type Query = Vec<(String, String)>;

/// A query from literal names and values.
pub fn query<const N: usize>(pairs: [(&str, String); N]) -> Query {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// A client for one Okta org.
pub struct Okta {
    org: OrgUrl,
    auth: RefCell<Auth>,
    policy: retry::Policy,
    /// The DPoP nonces Okta last handed out, for the token endpoint and for resource calls.
    token_nonce: RefCell<Option<String>>,
    resource_nonce: RefCell<Option<String>>,
}

/// One page-bounded listing: the items and, when more remain, where to resume.
pub struct Listing<T> {
    pub items: Vec<T>,
    /// The `after` cursor of the next page, when the listing stopped before the end.
    pub next_cursor: Option<String>,
    pub pages: u32,
}

/// One page of a list and Okta's `rel="next"` link as a path and query on the org (`None` on the last page).
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// A response of any status.
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A request a flow composed itself (raw request): any method, extra headers, a body of any type.
pub struct RawRequest {
    pub method: Method,
    /// An org path checked by [`org_path`].
    pub path: String,
    pub query: Query,
    /// Extra headers, each checked by [`check_header`].
    pub headers: Vec<(String, String)>,
    /// Content type and bytes.
    pub body: Option<(String, Vec<u8>)>,
    /// The longest wait for a connection to Okta; the host bounds the wait for the answer.
    pub connect_timeout: Option<Duration>,
}

/// Okta's answer to a raw request: any 2xx, with every header.
pub struct RawResponse {
    pub status: u16,
    /// Lower-case names, in Okta's order; a repeated header appears once per value.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What a raw request adds to an attempt beyond the connector's own headers.
#[derive(Default)]
struct Extras<'a> {
    headers: &'a [(String, String)],
    content_type: Option<&'a str>,
    connect_timeout: Option<Duration>,
}

/// Headers and body of one attempt; rebuilt per attempt so proofs and assertions are never reused.
type Attempt = (Vec<(&'static str, String)>, Option<(&'static str, Vec<u8>)>);

impl Okta {
    pub fn new(org: OrgUrl, auth: Auth) -> Self {
        Okta { org, auth: RefCell::new(auth), policy: retry::Policy::default(), token_nonce: RefCell::new(None), resource_nonce: RefCell::new(None) }
    }

    pub fn org(&self) -> &OrgUrl {
        &self.org
    }

    /// Connection fields that changed (new tokens, a generated DPoP key), for the host to store.
    pub fn state_update(&self) -> Option<Map<String, Value>> {
        self.auth.borrow().state_update()
    }

    pub fn get<T: DeserializeOwned>(&self, path: &str, query: &Query) -> Result<T> {
        decode(&self.execute(Method::Get, &self.url(path, query), None)?.body)
    }

    pub fn send<B: Serialize, T: DeserializeOwned>(&self, method: Method, path: &str, query: &Query, body: &B) -> Result<T> {
        let body = serde_json::to_vec(body).map_err(|e| Error::Internal(format!("cannot encode request: {e}")))?;
        decode(&self.execute(method, &self.url(path, query), Some(body))?.body)
    }

    /// Any call whose answer may be empty: `None` for a 204 or an empty 200 (older orgs and the spec),
    /// the decoded body otherwise (today's orgs answer lifecycle calls with `{}`).
    pub fn call<T: DeserializeOwned>(&self, method: Method, path: &str, query: &Query, body: Option<&Value>) -> Result<Option<T>> {
        let body = body.map(|b| serde_json::to_vec(b).map_err(|e| Error::Internal(format!("cannot encode request: {e}")))).transpose()?;
        let raw = self.execute(method, &self.url(path, query), body)?;
        if raw.status == 204 || raw.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        decode(&raw.body).map(Some)
    }

    /// GETs a document that is not JSON (SAML metadata), asking for `accept`; the body as text.
    pub fn text(&self, path: &str, query: &Query, accept: &str) -> Result<String> {
        let headers = [("Accept".to_string(), accept.to_string())];
        let raw = self.execute_with(Method::Get, &self.url(path, query), None, &Extras { headers: &headers, ..Extras::default() })?;
        String::from_utf8(raw.body).map_err(|_| Error::Internal("Okta's document is not UTF-8".into()))
    }

    /// GETs a list and follows `rel="next"` links verbatim for at most `max_pages` pages and about
    /// [`LIST_ITEM_BUDGET`] items. With `T = okta::Raw<_>` the items stay Okta's JSON text, held once.
    pub fn list<T: DeserializeOwned>(&self, path: &str, query: &Query, max_pages: u32) -> Result<Listing<T>> {
        let first = self.url(path, query);
        let mut pager = paginate::Pager::new(&first, max_pages);
        let mut url = first;
        let mut items = Vec::new();
        loop {
            let resp = self.execute(Method::Get, &url, None)?;
            let page: Vec<T> = decode(&resp.body)?;
            let count = page.len();
            items.extend(page);
            let links: Vec<String> = resp.headers.iter().filter(|(k, _)| k == "link").map(|(_, v)| v.clone()).collect();
            let next = paginate::next_link(&links);
            if let Some(next) = &next {
                self.ensure_same_origin(next)?;
            }
            match pager.step(count, next) {
                paginate::Step::NextPage(next) => url = next,
                paginate::Step::Done => return Ok(Listing { items, next_cursor: None, pages: pager.pages() }),
                paginate::Step::Capped(next) => {
                    let next_cursor = paginate::after_cursor(&next);
                    return Ok(Listing { items, next_cursor, pages: pager.pages() });
                }
            }
        }
    }

    /// GETs one page; `path` may carry its own encoded query (a stored `next` link), then `query` is empty.
    /// Unlike [`Okta::list`] an empty page keeps its next link: System Log polling lives on it.
    pub fn page<T: DeserializeOwned>(&self, path: &str, query: &Query) -> Result<Page<T>> {
        let resp = self.execute(Method::Get, &self.url(path, query), None)?;
        let items = decode(&resp.body)?;
        let links: Vec<String> = resp.headers.iter().filter(|(k, _)| k == "link").map(|(_, v)| v.clone()).collect();
        let next = match paginate::next_link(&links) {
            Some(url) => {
                self.ensure_same_origin(&url)?;
                Some(url[self.org.as_str().len()..].to_string())
            }
            None => None,
        };
        Ok(Page { items, next })
    }

    /// Completes the authorization-code flow: trades the code for tokens kept in the connection state.
    pub fn exchange_code(&self, code: &str, redirect_uri: &str, code_verifier: &str) -> Result<()> {
        if !matches!(&*self.auth.borrow(), Auth::AuthorizationCode { .. }) {
            return Err(Error::invalid("connection.type", "only `oauth2-authorization-code` connections take an authorization code"));
        }
        let form = || {
            Ok(vec![
                ("grant_type", "authorization_code".to_string()),
                ("code", code.to_string()),
                ("redirect_uri", redirect_uri.to_string()),
                ("code_verifier", code_verifier.to_string()),
            ])
        };
        self.obtain_tokens(&form).map(drop)
    }

    /// A raw request through the same path as every action: auth, renewal, DPoP, retries, error mapping.
    pub fn raw(&self, req: &RawRequest) -> Result<RawResponse> {
        let extras = Extras { headers: &req.headers, content_type: req.body.as_ref().map(|(t, _)| t.as_str()), connect_timeout: req.connect_timeout };
        let body = req.body.as_ref().map(|(_, b)| b.clone());
        let raw = self.execute_with(req.method, &self.url(&req.path, &req.query), body, &extras)?;
        Ok(RawResponse { status: raw.status, headers: raw.headers, body: raw.body })
    }

    /// A next link on another origin would receive our credentials: refuse it.
    fn ensure_same_origin(&self, url: &str) -> Result<()> {
        let origin = self.org.as_str();
        match url.strip_prefix(origin) {
            Some(rest) if rest.starts_with('/') => Ok(()),
            _ => Err(Error::Internal(format!("Okta returned a next link outside {origin}; refusing to follow it"))),
        }
    }

    fn url(&self, path: &str, query: &Query) -> String {
        let mut url = format!("{}{}", self.org.as_str(), path);
        for (i, (k, v)) in query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(k);
            url.push('=');
            url.push_str(&percent_encode(v));
        }
        url
    }

    /// An API call: authenticated, retried by policy, renewed once on an expired OAuth token and
    /// once on a stale DPoP nonce; any non-2xx left becomes a typed error.
    fn execute(&self, method: Method, url: &str, body: Option<Vec<u8>>) -> Result<Raw> {
        self.execute_with(method, url, body, &Extras::default())
    }

    fn execute_with(&self, method: Method, url: &str, body: Option<Vec<u8>>, extras: &Extras) -> Result<Raw> {
        let (mut renewed, mut nonce_retried) = (false, false);
        loop {
            let attempt = || -> Result<Attempt> {
                // Okta answers 411 to a POST without Content-Length, so bodiless writes send an empty one.
                let body = (matches!(method, Method::Post | Method::Put | Method::Patch) || body.is_some()).then(|| ("application/json", body.clone().unwrap_or_default()));
                Ok((self.auth_headers(method, url)?, body))
            };
            let raw = self.send_with_retry(method, url, &attempt, extras)?;
            if raw.status == 401 && self.auth.borrow().is_oauth() {
                let challenge = raw.header("www-authenticate").unwrap_or_default();
                if challenge.contains("use_dpop_nonce") && !nonce_retried {
                    *self.resource_nonce.borrow_mut() = raw.header("dpop-nonce").map(str::to_string);
                    nonce_retried = true;
                    continue;
                }
                if !renewed {
                    if let Some(tokens) = self.auth.borrow_mut().tokens_mut() {
                        tokens.access_token = None;
                    }
                    renewed = true;
                    continue;
                }
            }
            return okta_result(raw);
        }
    }

    /// `Authorization` (and `DPoP`) for a resource call, getting a new access token first when needed.
    fn auth_headers(&self, method: Method, url: &str) -> Result<Vec<(&'static str, String)>> {
        if let Auth::ApiToken(token) = &*self.auth.borrow() {
            return Ok(vec![("Authorization", format!("SSWS {token}"))]);
        }
        let fresh = self.auth.borrow_mut().tokens_mut().and_then(|t| t.fresh().map(str::to_string));
        let token = match fresh {
            Some(token) => token,
            None => self.renew()?,
        };
        let auth = self.auth.borrow();
        Ok(match auth.dpop() {
            Some(key) => {
                let proof = key.proof(method.name(), url, self.resource_nonce.borrow().as_deref(), Some(&token))?;
                vec![("Authorization", format!("DPoP {token}")), ("DPoP", proof)]
            }
            None => vec![("Authorization", format!("Bearer {token}"))],
        })
    }

    /// A new access token: refresh token (authorization code) or a fresh client assertion.
    fn renew(&self) -> Result<String> {
        let token_url = oauth::token_url(&self.org);
        self.obtain_tokens(&|| self.auth.borrow().renewal(&token_url))
    }

    /// POSTs a form to the token endpoint, answering DPoP's `use_dpop_nonce` challenge once, and keeps
    /// the tokens in the connection state; returns the new access token.
    fn obtain_tokens(&self, form: &dyn Fn() -> Result<Vec<(&'static str, String)>>) -> Result<String> {
        let url = oauth::token_url(&self.org);
        let basic = self.auth.borrow().client_secret_basic();
        let mut nonce_retried = false;
        loop {
            let attempt = || -> Result<Attempt> {
                let mut headers = Vec::new();
                if let Some((id, secret)) = &basic {
                    let pair = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", percent_encode(id), percent_encode(secret)));
                    headers.push(("Authorization", format!("Basic {pair}")));
                }
                if let Some(key) = self.auth.borrow().dpop() {
                    headers.push(("DPoP", key.proof("POST", &url, self.token_nonce.borrow().as_deref(), None)?));
                }
                let body: Vec<String> = form()?.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect();
                Ok((headers, Some(("application/x-www-form-urlencoded", body.join("&").into_bytes()))))
            };
            let raw = self.send_with_retry(Method::Post, &url, &attempt, &Extras::default())?;
            if (200..300).contains(&raw.status) {
                let response: oauth::TokenResponse =
                    serde_json::from_slice(&raw.body).map_err(|e| Error::Internal(format!("unreadable token response: {e}")))?;
                let token = response.access_token.clone();
                self.auth.borrow_mut().tokens_mut().ok_or_else(|| Error::Internal("API tokens take no OAuth tokens".into()))?.store(response);
                return Ok(token);
            }
            let err: oauth::OAuthError = serde_json::from_slice(&raw.body).unwrap_or_default();
            if err.error == "use_dpop_nonce" && !nonce_retried {
                *self.token_nonce.borrow_mut() = raw.header("dpop-nonce").map(str::to_string);
                nonce_retried = true;
                continue;
            }
            let dpop_missing = err.error == "invalid_dpop_proof" && self.auth.borrow().dpop().is_none();
            let mut error = err.into_error(raw.status);
            if dpop_missing {
                if let Error::Unauthenticated(detail) = &mut error {
                    detail.message = format!("Okta requires DPoP for this client: set `dpop: true` on the connection ({})", detail.message);
                }
            }
            return Err(error);
        }
    }

    /// Sends with the retry policy; returns the last answer of any status, or the transport failure.
    fn send_with_retry(&self, method: Method, url: &str, attempt: &dyn Fn() -> Result<Attempt>, extras: &Extras) -> Result<Raw> {
        let random = RandomState::new();
        let (mut count, mut waited) = (0u32, Duration::ZERO);
        let mut first_request_id: Option<String> = None;
        loop {
            count += 1;
            let (headers, body) = attempt()?;
            let mut req = waki::Client::new()
                .request(method.waki(), url)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .connect_timeout(extras.connect_timeout.unwrap_or(CONNECT_TIMEOUT));
            for (k, v) in extras.headers {
                let name = waki::header::HeaderName::from_bytes(k.as_bytes()).map_err(|_| Error::invalid(format!("headers.{k}"), "is not a valid header name"))?;
                req = req.header(name, v.as_str());
            }
            for (k, v) in headers {
                req = req.header(k, v);
            }
            if let Some(id) = &first_request_id {
                req = req.header("X-Okta-Retry-For", id.as_str()).header("X-Okta-Retry-Count", (count - 1).to_string());
            }
            if let Some((content_type, bytes)) = body {
                req = req.header("Content-Type", extras.content_type.unwrap_or(content_type)).body(bytes);
            }
            let sent = req.send().map_err(|e| Error::transport(transport_message(&e, url))).and_then(read);
            let outcome = match &sent {
                Ok(raw) => {
                    if first_request_id.is_none() {
                        first_request_id = raw.header("x-okta-request-id").map(str::to_string);
                    }
                    let reset = raw.header("x-rate-limit-reset").and_then(|v| v.trim().parse().ok());
                    let date = raw.header("date").and_then(crate::time::parse_http_date);
                    retry::Outcome::Status { status: raw.status, reset, date }
                }
                Err(_) => retry::Outcome::Transport,
            };
            let done = matches!(&sent, Ok(raw) if raw.status < 400);
            let jitter = (random.hash_one(count) % 1000) as f64 / 1000.0;
            match retry::decide(&self.policy, method.idempotent(), outcome, count, waited, jitter) {
                retry::Decision::Retry(wait) if !done => {
                    std::thread::sleep(wait);
                    waited += wait;
                }
                _ => return sent,
            }
        }
    }
}

fn read(resp: waki::Response) -> Result<Raw> {
    let status = resp.status_code();
    let headers = resp
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_ascii_lowercase(), v.to_str().ok()?.to_string())))
        .collect();
    let body = resp.body().map_err(|e| Error::transport(format!("reading Okta's response failed: {e}")))?;
    Ok(Raw { status, headers, body })
}

/// 2xx passes; anything else becomes the typed error for Okta's error object.
fn okta_result(raw: Raw) -> Result<Raw> {
    if (200..300).contains(&raw.status) {
        return Ok(raw);
    }
    let mut okta: OktaError = serde_json::from_slice(&raw.body).unwrap_or_default();
    okta.status = raw.status;
    // A missing OAuth scope is named only in the challenge header; keep it where callers look.
    if let Some(scope) = raw.header("www-authenticate").and_then(|c| challenge_param(c, "scope")) {
        let summary = okta.error_summary.take().unwrap_or_default();
        okta.error_summary = Some(format!("{summary} (missing scope: {scope})").trim().to_string());
    }
    let reset = raw.header("x-rate-limit-reset").and_then(|v| v.trim().parse::<u64>().ok());
    let date = raw.header("date").and_then(crate::time::parse_http_date);
    Err(Error::from_okta(okta, reset.zip(date).map(|(r, d)| r.saturating_sub(d))))
}

/// A quoted parameter of a `WWW-Authenticate` challenge.
fn challenge_param(challenge: &str, name: &str) -> Option<String> {
    let start = challenge.find(&format!("{name}=\""))? + name.len() + 2;
    challenge[start..].split('"').next().map(str::to_string)
}

fn transport_message(e: &anyhow::Error, url: &str) -> String {
    match e.downcast_ref::<waki::ErrorCode>() {
        Some(waki::ErrorCode::HttpRequestDenied) => {
            let origin = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
            format!("the host refused the request to {origin}: add {origin} to the origins this connector may reach in the host's outbound HTTP settings")
        }
        Some(code) => format!("no answer from Okta: {code:?}"),
        None => format!("no answer from Okta: {e}"),
    }
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    // A 204 has no body; callers expecting `()` or `Option` read it as JSON null.
    let body = if body.is_empty() { b"null".as_slice() } else { body };
    serde_json::from_slice(body).map_err(|e| Error::Internal(format!("unreadable response from Okta: {e}")))
}

/// Seconds since the epoch, from the host's wall clock.
fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// `n` random bytes from the host's secure source, hex-encoded (jti, PKCE verifier).
fn random_hex(n: usize) -> Result<String> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn challenge_params_are_read_from_www_authenticate() {
        let c = r#"Bearer authorization_uri="https://x/oauth2/v1/authorize", scope="okta.policies.read", error="insufficient_scope""#;
        assert_eq!(super::challenge_param(c, "scope").as_deref(), Some("okta.policies.read"));
        assert_eq!(super::challenge_param(c, "nonce"), None);
    }
}
