//! Read-ahead for streams. When a page of a list arrives with a `rel="next"` link, that page is asked
//! for at once, so Okta works on it while the component reads this one; a stream then waits on Okta or
//! on the component, never on both in turn. The component's next request gets the response read ahead
//! only if it asks for exactly that page with exactly the same headers. Any other GET drops it and ends
//! the read-ahead, so a stream costs at most one request more than it reads, and only a stream (which
//! follows every cursor anyway) turns it on.

use super::{pool, send_error, Limits, Pool, Runtime, WasiBody};
use http::{HeaderMap, Method, Request, Response};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use std::sync::Mutex;
use std::time::Duration;

type Answer = Result<Response<Incoming>, wasmtime_wasi_http::Error>;

/// The requests read ahead run on a worker thread of their own: the connector's runtime runs only while
/// a call is in it, and a read-ahead must reach Okta while the component is busy reading a page.
pub(crate) struct ReadAhead {
    runtime: Runtime,
    pool: Pool,
    slot: Mutex<Slot>,
}

#[derive(Default)]
struct Slot {
    ahead: Option<(Page, tokio::task::JoinHandle<Answer>)>,
    ended: bool,
}

/// A GET as the read-ahead compares it: origin and path, the query's decoded pairs in any order (Okta's
/// link and the component may order them differently), and every header.
#[derive(PartialEq)]
pub(crate) struct Page {
    origin: String,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
}

impl Page {
    /// `None` for anything but a GET, and for a GET with a DPoP proof, which is single-use.
    pub(crate) fn of(request: &Request<WasiBody>) -> Option<Page> {
        (request.method() == Method::GET && !request.headers().contains_key("dpop")).then(|| Page::at(request.uri(), request.headers().clone())).flatten()
    }

    fn at(uri: &http::Uri, headers: HeaderMap) -> Option<Page> {
        let origin = format!("{}://{}", uri.scheme_str()?, uri.authority()?);
        let mut query: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect();
        query.sort();
        Some(Page { origin, path: uri.path().to_string(), query, headers })
    }
}

impl ReadAhead {
    pub(crate) fn new(limits: &Limits) -> ReadAhead {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a one-worker runtime builds");
        ReadAhead { runtime: Runtime(Some(runtime)), pool: pool(limits), slot: Mutex::default() }
    }

    /// The answer read ahead for `page`, if that is the page asked for; `None` sends the request as usual
    /// (also when the read-ahead itself failed: a GET may be sent again).
    pub(crate) async fn take(&self, page: &Page) -> Option<Response<Incoming>> {
        let ahead = {
            let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
            match slot.ahead.take() {
                Some((read, answer)) if read == *page => Some(answer),
                Some((_, answer)) => {
                    answer.abort();
                    slot.ended = true;
                    None
                }
                None => None,
            }
        };
        ahead?.await.ok()?.ok()
    }

    /// Asks for the page after `response` (the answer to `page`) if it links one on the same origin.
    pub(crate) fn follow(&self, page: Page, response: &Response<Incoming>, first_byte: Duration) {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if slot.ended || !response.status().is_success() {
            return;
        }
        let links = response.headers().get_all("link").iter().filter_map(|v| v.to_str().ok());
        let Some(next) = next_link(links).and_then(|l| l.parse::<http::Uri>().ok()) else { return };
        let Some(next_page) = Page::at(&next, page.headers.clone()) else { return };
        if next_page.origin != page.origin {
            return;
        }
        let mut request = Request::get(next).body(http_body_util::Empty::new().map_err(|never| match never {}).boxed_unsync()).expect("a parsed URI");
        *request.headers_mut() = page.headers;
        let pool = self.pool.clone();
        let answer = self.runtime.0.as_ref().expect("present until dropped").spawn(async move {
            match tokio::time::timeout(first_byte, pool.request(request)).await {
                Err(_) => Err(wasmtime_wasi_http::Error::ConnectionReadTimeout),
                Ok(answer) => answer.map_err(send_error),
            }
        });
        slot.ahead = Some((next_page, answer));
    }
}

/// The target of the `rel="next"` entry of `Link` headers.
fn next_link<'a>(links: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    links.flat_map(|h| h.split(',')).find_map(|part| {
        let (target, params) = part.trim().split_once(';')?;
        let is_next = params.split(';').any(|p| p.trim().strip_prefix("rel=").is_some_and(|v| v.trim_matches('"').split(' ').any(|r| r == "next")));
        is_next.then(|| target.trim().strip_prefix('<')?.strip_suffix('>'))?
    })
}
