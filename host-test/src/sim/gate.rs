//! The middleware every request passes: record it, apply injected faults,
//! enforce concurrency, the length rule and rate limits, authenticate, then
//! stamp the common response headers (`Date`, `X-Okta-Request-Id`,
//! `X-Rate-Limit-*`).

use super::clock::http_date;
use super::errors::ApiError;
use super::limits::Quota;
use super::server::ResetHandle;
use super::{faults, FaultKind, RecordedRequest, Shared};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

const MAX_BODY: usize = 16 << 20;

pub(crate) async fn gate(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_BODY).await.unwrap_or_default();
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    shared.requests.lock().unwrap().push(RecordedRequest {
        method: method.clone(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_string),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    });

    let fault = faults::take(&shared.faults, &method, &path);
    if let Some(FaultKind::ConnectionReset) = fault {
        if let Some(reset) = parts.extensions.get::<ResetHandle>() {
            reset.0.notify_one();
        }
        return std::future::pending().await;
    }
    // The slot is held for the whole request, injected delays included.
    let _slot = if path.starts_with("/api/v1/") {
        match shared.limits.enter() {
            Some(slot) => Some(slot),
            None => {
                let reset = shared.clock.now() / 1000 + 1;
                let mut response = ApiError::rate_limited().into_response();
                stamp(&shared, &mut response, Some(Quota { limit: 0, remaining: 0, reset, exceeded: true }));
                return response;
            }
        }
    } else {
        None
    };
    if let Some(FaultKind::Delay(d)) = fault {
        tokio::time::sleep(d).await;
    }

    let mut req = Request::from_parts(parts, Body::from(bytes));
    let (response, quota) = admit_and_run(&shared, &mut req, fault.as_ref(), next).await;
    let mut response = match fault {
        Some(FaultKind::TruncatedBody) => truncate(response).await,
        Some(FaultKind::Replace { status, content_type, body }) => replaced(status, content_type, body),
        _ => response,
    };
    stamp(&shared, &mut response, quota);
    response
}

/// Everything between the faults that replace the transport and the headers.
async fn admit_and_run(shared: &Shared, req: &mut Request, fault: Option<&FaultKind>, next: Next) -> (Response, Option<Quota>) {
    let has_length = req.headers().contains_key(header::CONTENT_LENGTH) || req.headers().contains_key(header::TRANSFER_ENCODING);
    if matches!(*req.method(), Method::POST | Method::PUT) && !has_length {
        return ((StatusCode::LENGTH_REQUIRED, "Length Required").into_response(), None);
    }
    let path = req.uri().path().to_string();
    let now = shared.clock.now();
    // `None` outside `/api/v1`, which has no rate-limit bucket.
    let quota = shared.limits.charge(req.method().as_str(), &path, now);
    match fault {
        Some(FaultKind::RateLimited { reset_after_secs }) => {
            let quota = Quota {
                limit: quota.map_or(0, |q| q.limit),
                remaining: 0,
                reset: now / 1000 + *reset_after_secs as i64,
                exceeded: true,
            };
            return (ApiError::rate_limited().into_response(), Some(quota));
        }
        Some(FaultKind::ServerError(status)) => return (ApiError::internal(*status).into_response(), quota),
        Some(FaultKind::GarbageBody) => {
            let garbage = ([(header::CONTENT_TYPE, "application/json")], "<html><body>Bad Gateway</body></html>");
            return (garbage.into_response(), quota);
        }
        _ => {}
    }
    if quota.is_some_and(|q| q.exceeded) {
        return (ApiError::rate_limited().into_response(), quota);
    }
    if !path.starts_with("/api/v1/") {
        return (next.run(std::mem::take(req)).await, None);
    }
    match super::oauth::authenticate(shared, req) {
        Ok(principal) => {
            req.extensions_mut().insert(principal);
            (next.run(std::mem::take(req)).await, quota)
        }
        Err(response) => (response, quota),
    }
}

/// The answer a `Replace` fault substitutes for the real one.
fn replaced(status: u16, content_type: Option<String>, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    if let Some(v) = content_type.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    response
}

/// Announces the full length but sends only half, then fails the body so
/// hyper closes the connection mid-response.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let full = to_bytes(body, MAX_BODY).await.unwrap_or_default();
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
    let half = full.slice(..full.len() / 2);
    let head = futures_util::stream::iter([Ok::<_, std::io::Error>(half)]);
    // The pause lets hyper flush headers and the first half before the abort.
    let tail = futures_util::stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        Err(std::io::Error::other("truncated by fault"))
    });
    Response::from_parts(parts, Body::from_stream(futures_util::StreamExt::chain(head, tail)))
}

fn stamp(shared: &Shared, response: &mut Response, quota: Option<Quota>) {
    let h = response.headers_mut();
    let now = shared.clock.now();
    h.insert(header::DATE, HeaderValue::from_str(&http_date(now)).unwrap());
    h.insert("x-okta-request-id", HeaderValue::from_str(&request_id()).unwrap());
    if let Some(q) = quota {
        h.insert("x-rate-limit-limit", HeaderValue::from(q.limit));
        h.insert("x-rate-limit-remaining", HeaderValue::from(q.remaining));
        h.insert("x-rate-limit-reset", HeaderValue::from(q.reset));
    }
}

fn request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let mut rng = super::rng::Rng::new(NEXT.fetch_add(1, Ordering::Relaxed) ^ 0x5245_5155);
    rng.alphanumeric(27)
}
