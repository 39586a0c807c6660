//! Per-request context extracted once for every handler: shared state, the
//! base URL the client used (for `_links` and `Link`), and decoded query.

use super::auth::Principal;
use super::errors::{ApiError, ApiResult};
use super::Shared;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::{Arc, Mutex};

pub(crate) struct Ctx {
    pub shared: Arc<Shared>,
    /// `http://<Host header>`, so links point where the client connected.
    pub base: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub principal: Option<Principal>,
    pub headers: axum::http::HeaderMap,
    /// Query parameters the handler consulted and the `limit` it applied:
    /// Okta's `self`/`next` links carry only the parameters the operation
    /// knows, with the effective limit.
    consulted: Mutex<Consulted>,
}

#[derive(Default)]
struct Consulted {
    names: Vec<String>,
    limit: Option<usize>,
}

impl FromRequestParts<Arc<Shared>> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, shared: &Arc<Shared>) -> Result<Self, Self::Rejection> {
        let host = parts
            .headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        let query = parts
            .uri
            .query()
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        // Asynchronous lifecycle transitions complete as the clock passes them.
        shared.org.lock().unwrap().users.settle(shared.clock.now());
        Ok(Ctx {
            shared: shared.clone(),
            base: format!("http://{host}"),
            path: parts.uri.path().to_string(),
            query,
            principal: parts.extensions.get::<Principal>().cloned(),
            headers: parts.headers.clone(),
            consulted: Mutex::default(),
        })
    }
}

impl Ctx {
    pub fn param(&self, name: &str) -> Option<&str> {
        let value = self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let mut consulted = self.consulted.lock().unwrap();
        if value.is_some() && !consulted.names.iter().any(|n| n == name) {
            consulted.names.push(name.to_string());
        }
        value
    }

    /// The query as Okta echoes it in `Link` URLs: the consulted parameters
    /// in request order, `limit` set to the one applied (if any).
    pub fn known_query(&self) -> Vec<(String, String)> {
        let consulted = self.consulted.lock().unwrap();
        let mut query: Vec<(String, String)> =
            self.query.iter().filter(|(k, _)| k != "limit" && consulted.names.contains(k)).cloned().collect();
        if let Some(limit) = consulted.limit {
            query.push(("limit".into(), limit.to_string()));
        }
        query
    }

    /// Boolean query parameter; anything but `true`/`false` is a validation error.
    pub fn flag(&self, name: &str, default: bool) -> ApiResult<bool> {
        match self.param(name) {
            None => Ok(default),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(_) => Err(ApiError::validation(&[(name, "Invalid boolean value")])),
        }
    }

    /// Integer `limit` with Okta's default and cap.
    pub fn limit(&self, default: usize, max: usize) -> ApiResult<usize> {
        let limit = match self.param("limit") {
            None => default,
            Some(v) => v
                .parse::<i64>()
                .map(|n| if n < 1 { default } else { (n as usize).min(max) })
                .map_err(|_| ApiError::validation(&[("limit", "Invalid limit value")]))?,
        };
        self.consulted.lock().unwrap().limit = Some(limit);
        Ok(limit)
    }

    /// The `after` cursor, which must have the shape of the list's paging
    /// key (an id with one of `prefixes`); anything else is 400 `E0000029` as on real orgs.
    pub fn after(&self, prefixes: &[&str]) -> ApiResult<Option<&str>> {
        let after = self.param("after");
        let valid = |a: &str| a.len() == 20 && prefixes.iter().any(|p| a.starts_with(p)) && a.bytes().all(|b| b.is_ascii_alphanumeric());
        match after {
            Some(a) if !valid(a) => Err(ApiError::invalid_cursor()),
            _ => Ok(after),
        }
    }

    /// `expand`, refused with 400 `E0000001` "Expand query is malformed."
    /// unless `valid` accepts it.
    pub fn expand(&self, valid: fn(&str) -> bool) -> ApiResult<Option<&str>> {
        match self.param("expand") {
            Some(e) if !valid(e) => Err(ApiError::malformed_expand()),
            e => Ok(e),
        }
    }

    pub fn now(&self) -> i64 {
        self.shared.clock.now()
    }
}

/// Parses a JSON request body; an empty body counts as `{}`.
pub(crate) fn json_body(body: &[u8]) -> ApiResult<Value> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(ApiError::malformed_body()),
    }
}

/// Drops null-valued object members recursively: Okta omits most absent
/// values, and the spec types many of them as non-nullable.
pub(crate) fn omit_nulls(mut value: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.retain(|_, x| !x.is_null());
                m.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut value);
    value
}

pub(crate) fn ok(value: Value) -> Response {
    axum::Json(value).into_response()
}

/// 200 `{}` (`application/json`): what today's orgs answer for lifecycle
/// calls whose spec declares no body (older orgs sent an empty 200 or a 204).
pub(crate) fn empty_object() -> Response {
    ok(Value::Object(Default::default()))
}

pub(crate) fn no_content() -> Response {
    axum::http::StatusCode::NO_CONTENT.into_response()
}
