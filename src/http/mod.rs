//! The only code that touches `waki`: org URL, auth, JSON in and out, retries, paging and the
//! mapping of Okta's error object. Handlers see typed values and `Error`s, never statuses or headers.

mod paginate;
mod retry;
mod url;

use crate::error::{Error, OktaError, Result};
use serde::{de::DeserializeOwned, Serialize};
use std::hash::{BuildHasher, RandomState};
use std::time::Duration;
pub use url::OrgUrl;

/// Sent on every request so Okta's logs name the caller.
const USER_AGENT: &str = concat!("okta-connector-wasm/", env!("CARGO_PKG_VERSION"));
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How requests authenticate.
pub enum Auth {
    /// `Authorization: SSWS <token>`.
    Ssws(String),
}

impl Auth {
    fn header(&self) -> String {
        match self {
            Auth::Ssws(token) => format!("SSWS {token}"),
        }
    }
}

/// HTTP method of a request; idempotency decides what the retry policy may repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    fn idempotent(self) -> bool {
        !matches!(self, Method::Post)
    }

    fn waki(self) -> waki::Method {
        match self {
            Method::Get => waki::Method::Get,
            Method::Post => waki::Method::Post,
        }
    }
}

/// Query parameters in order; values are percent-encoded when the URL is built.
pub type Query = Vec<(&'static str, String)>;

/// A client for one Okta org.
pub struct Okta {
    org: OrgUrl,
    auth: Auth,
    policy: retry::Policy,
}

/// One page-bounded listing: the items and, when more remain, where to resume.
pub struct Listing<T> {
    pub items: Vec<T>,
    /// The `after` cursor of the next page, when the listing stopped before the end.
    pub next_cursor: Option<String>,
    pub pages: u32,
}

struct Response {
    links: Vec<String>,
    body: Vec<u8>,
}

impl Okta {
    pub fn new(org: OrgUrl, auth: Auth) -> Self {
        Okta { org, auth, policy: retry::Policy::default() }
    }

    pub fn org(&self) -> &OrgUrl {
        &self.org
    }

    pub fn get<T: DeserializeOwned>(&self, path: &str, query: &Query) -> Result<T> {
        let resp = self.execute(Method::Get, &self.url(path, query), None)?;
        decode(&resp.body)
    }

    pub fn send<B: Serialize, T: DeserializeOwned>(&self, method: Method, path: &str, query: &Query, body: &B) -> Result<T> {
        let body = serde_json::to_vec(body).map_err(|e| Error::Internal(format!("cannot encode request: {e}")))?;
        let resp = self.execute(method, &self.url(path, query), Some(body))?;
        decode(&resp.body)
    }

    /// GETs a list and follows `rel="next"` links verbatim for at most `max_pages` pages.
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
            let next = paginate::next_link(&resp.links);
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

    /// Sends with the retry policy; any non-2xx that survives it becomes a typed error.
    fn execute(&self, method: Method, url: &str, body: Option<Vec<u8>>) -> Result<Response> {
        let random = RandomState::new();
        let mut attempt = 0u32;
        let mut waited = Duration::ZERO;
        let mut first_request_id: Option<String> = None;
        loop {
            attempt += 1;
            let mut req = waki::Client::new()
                .request(method.waki(), url)
                .header("Authorization", self.auth.header())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .connect_timeout(CONNECT_TIMEOUT);
            if let Some(id) = &first_request_id {
                req = req.header("X-Okta-Retry-For", id.as_str()).header("X-Okta-Retry-Count", (attempt - 1).to_string());
            }
            // Okta answers 411 to a POST without Content-Length, so bodiless writes send an empty one.
            if method == Method::Post || body.is_some() {
                req = req.header("Content-Type", "application/json").body(body.clone().unwrap_or_default());
            }
            let (outcome, result) = match req.send() {
                Ok(resp) => read_response(resp, &mut first_request_id),
                Err(e) => (retry::Outcome::Transport, Err(Error::transport(transport_message(&e)))),
            };
            let jitter = (random.hash_one(attempt) % 1000) as f64 / 1000.0;
            match retry::decide(&self.policy, method.idempotent(), outcome, attempt, waited, jitter) {
                retry::Decision::Retry(wait) if result.is_err() => {
                    std::thread::sleep(wait);
                    waited += wait;
                }
                _ => return result,
            }
        }
    }
}

fn read_response(resp: waki::Response, request_id: &mut Option<String>) -> (retry::Outcome, Result<Response>) {
    let header = |name: &str| resp.header(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let status = resp.status_code();
    let reset = header("x-rate-limit-reset").and_then(|v| v.trim().parse().ok());
    let date = header("date").and_then(|d| retry::parse_http_date(&d));
    if request_id.is_none() {
        *request_id = header("x-okta-request-id");
    }
    let links = resp.headers().get_all("link").iter().filter_map(|v| v.to_str().ok().map(str::to_string)).collect();
    let outcome = retry::Outcome::Status { status, reset, date };
    let body = match resp.body() {
        Ok(body) => body,
        Err(e) => return (retry::Outcome::Transport, Err(Error::transport(format!("reading Okta's response failed: {e}")))),
    };
    if (200..300).contains(&status) {
        return (outcome, Ok(Response { links, body }));
    }
    let mut okta: OktaError = serde_json::from_slice(&body).unwrap_or_default();
    okta.status = status;
    let retry_after = reset.zip(date).map(|(r, d)| r.saturating_sub(d));
    (outcome, Err(Error::from_okta(okta, retry_after)))
}

fn transport_message(e: &anyhow::Error) -> String {
    match e.downcast_ref::<waki::ErrorCode>() {
        Some(code) => format!("no answer from Okta: {code:?}"),
        None => format!("no answer from Okta: {e}"),
    }
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    // A 204 has no body; callers expecting `()` or `Option` read it as JSON null.
    let body = if body.is_empty() { b"null".as_slice() } else { body };
    serde_json::from_slice(body).map_err(|e| Error::Internal(format!("unreadable response from Okta: {e}")))
}

/// Encodes everything but RFC 3986 unreserved characters, so ids, logins and expressions survive as one value.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_encoding_round_trips_logins_and_expressions() {
        let s = r#"profile.login eq "a+b@x.com""#;
        assert_eq!(super::percent_encode("a+b@x.com"), "a%2Bb%40x.com");
        assert_eq!(super::percent_decode(&super::percent_encode(s)), s);
    }
}
