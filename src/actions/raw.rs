//! Raw Request: any call to the org's API that has no action of its own, through the same HTTP
//! layer as every action (auth, token renewal, DPoP, rate-limit waits, Okta's errors).

use crate::error::{Error, Result};
use crate::http::{check_header, org_path, Method, Okta, RawRequest as Request};
use crate::registry::{Action, Flags};
use base64::Engine as _;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

/// Most retries the retry options may ask for.
const MAX_RETRIES: u32 = 10;
/// Longest delay between retries.
const MAX_DELAY_MS: u64 = 60_000;
/// First wait of the exponential backoff; doubles per retry, capped at [`MAX_DELAY_MS`].
const BACKOFF_BASE_MS: u64 = 500;

pub struct RawRequest;

/// The HTTP method.
#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// How to read Okta's answer.
#[derive(Deserialize, JsonSchema, Clone, Copy, Default, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum ResponseType {
    #[default]
    Json,
    Text,
    /// The bytes, base64-encoded.
    Binary,
}

/// One request to the org.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"method": "GET", "path": "/api/v1/users", "query": {"limit": "5"}}))]
pub struct RawRequestInput {
    pub method: HttpMethod,
    /// A path of the org: `/api/v1/users`, or `/users` (taken as under `/api/v1`); may carry a `?query`.
    /// Never a URL: other hosts, `//host`, userinfo, backslashes and `..` are refused, encoded or not.
    #[schemars(length(min = 1))]
    pub path: String,
    /// Query parameters, added after any in `path`.
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    /// Extra headers; `Authorization`, `DPoP`, `Host`, `Content-Length` and hop-by-hop headers are the connector's.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A JSON body (POST, PUT, PATCH, DELETE).
    #[serde(default)]
    pub body: Option<Value>,
    /// A text body, sent as `text/plain` unless `headers` names a `Content-Type`; excludes `body`.
    #[serde(default)]
    pub text_body: Option<String>,
    /// `json` (default), `text`, or `binary` (base64).
    #[serde(default)]
    pub response_type: ResponseType,
    /// The longest wait for a connection to Okta, in seconds (1–120; the host bounds the wait for the answer).
    #[serde(default)]
    #[schemars(range(min = 1, max = 120))]
    pub timeout_seconds: Option<u64>,
    /// Further attempts after a failed one (0–10); rate limits are always waited out as for any action.
    #[serde(default)]
    #[schemars(range(min = 0, max = 10))]
    pub max_retries: u32,
    /// Milliseconds between those attempts (0–60000), unless `useExponentialBackoff`.
    #[serde(default)]
    #[schemars(range(min = 0, max = 60000))]
    pub retry_delay_ms: u64,
    /// Wait 0.5 s, 1 s, 2 s, … between attempts instead of `retryDelayMs`.
    #[serde(default)]
    pub use_exponential_backoff: bool,
    /// Retry on any error (4xx included); otherwise only on 5xx and network failures.
    #[serde(default)]
    pub retry_on_all_errors: bool,
}

/// Okta's answer.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RawRequestOutput {
    /// HTTP status (2xx: other statuses are errors carrying Okta's error object).
    pub status: u16,
    /// Response headers by lower-case name; repeated headers (e.g. `link`) joined with `, `.
    pub headers: BTreeMap<String, String>,
    /// JSON, text or base64 as asked; null when Okta sent no body.
    pub body: Value,
    /// Attempts made under the retry options.
    pub attempts: u32,
}

impl Action for RawRequest {
    const KEY: &'static str = "raw-request";
    const LABEL: &'static str = "Raw Request";
    const DESCRIPTION: &'static str = "Sends an authenticated request to any path of the org's API (GET, POST, PUT, PATCH, DELETE) and returns status, headers and body. It cannot reach another host or replace the connector's credentials.";
    const ALIASES: &'static [&'static str] = &["Custom API Action"];
    const FLAGS: Flags = Flags { read_only: false, destructive: true, idempotent: false };
    type Input = RawRequestInput;
    type Output = RawRequestOutput;

    fn validate(input: &RawRequestInput) -> Result<()> {
        org_path(&input.path)?;
        for (name, value) in &input.headers {
            check_header(name, value)?;
        }
        for key in input.query.keys() {
            if key.is_empty() {
                return Err(Error::invalid("query", "parameter names must not be empty"));
            }
        }
        if input.body.is_some() && input.text_body.is_some() {
            return Err(Error::invalid("textBody", "give either `body` or `textBody`, not both"));
        }
        if input.method == HttpMethod::Get && (input.body.is_some() || input.text_body.is_some()) {
            return Err(Error::invalid("body", "a GET carries no body"));
        }
        if input.timeout_seconds.is_some_and(|t| !(1..=120).contains(&t)) {
            return Err(Error::invalid("timeoutSeconds", "must be between 1 and 120"));
        }
        if input.max_retries > MAX_RETRIES {
            return Err(Error::invalid("maxRetries", format!("must be at most {MAX_RETRIES}")));
        }
        if input.retry_delay_ms > MAX_DELAY_MS {
            return Err(Error::invalid("retryDelayMs", format!("must be at most {MAX_DELAY_MS}")));
        }
        Ok(())
    }

    fn run(okta: &Okta, input: RawRequestInput) -> Result<RawRequestOutput> {
        let (path, mut query) = org_path(&input.path)?;
        query.extend(input.query);
        let content_type = input.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-type")).map(|(_, v)| v.clone());
        let headers = input.headers.into_iter().filter(|(k, _)| !k.eq_ignore_ascii_case("content-type")).collect();
        let body = match (input.body, input.text_body) {
            (Some(json), _) => Some((content_type.unwrap_or_else(|| "application/json".into()), serde_json::to_vec(&json).unwrap_or_default())),
            (None, Some(text)) => Some((content_type.unwrap_or_else(|| "text/plain; charset=utf-8".into()), text.into_bytes())),
            (None, None) => None,
        };
        let method = match input.method {
            HttpMethod::Get => Method::Get,
            HttpMethod::Post => Method::Post,
            HttpMethod::Put => Method::Put,
            HttpMethod::Patch => Method::Patch,
            HttpMethod::Delete => Method::Delete,
        };
        let request = Request { method, path, query, headers, body, connect_timeout: input.timeout_seconds.map(Duration::from_secs) };
        let mut attempts = 0;
        let response = loop {
            attempts += 1;
            match okta.raw(&request) {
                Ok(r) => break r,
                Err(e) if attempts <= input.max_retries && retryable(&e, input.retry_on_all_errors) => {
                    let delay = if input.use_exponential_backoff { BACKOFF_BASE_MS << (attempts - 1).min(16) } else { input.retry_delay_ms };
                    std::thread::sleep(Duration::from_millis(delay.min(MAX_DELAY_MS)));
                }
                Err(e) => return Err(e),
            }
        };
        let mut headers: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in response.headers {
            headers.entry(k).and_modify(|joined| *joined = format!("{joined}, {v}")).or_insert(v);
        }
        let body = decode_body(&response.body, input.response_type)?;
        Ok(RawRequestOutput { status: response.status, headers, body, attempts })
    }
}

/// Failures the retry options repeat: Okta's 5xx and lost answers, or any answer of Okta's when asked.
fn retryable(e: &Error, all: bool) -> bool {
    match e {
        Error::Unavailable(_) => true,
        Error::InvalidInput { .. } | Error::UnknownKey(_) | Error::Internal(_) => false,
        _ => all,
    }
}

fn decode_body(body: &[u8], kind: ResponseType) -> Result<Value> {
    if body.is_empty() {
        return Ok(Value::Null);
    }
    Ok(match kind {
        ResponseType::Json => serde_json::from_slice(body).map_err(|e| Error::Internal(format!("Okta's answer is not JSON ({e}); ask for responseType `text`")))?,
        ResponseType::Text => Value::String(String::from_utf8_lossy(body).into_owned()),
        ResponseType::Binary => Value::String(base64::engine::general_purpose::STANDARD.encode(body)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_read_as_asked() {
        assert_eq!(decode_body(b"", ResponseType::Json).unwrap(), Value::Null);
        assert_eq!(decode_body(br#"{"a":1}"#, ResponseType::Json).unwrap(), serde_json::json!({"a": 1}));
        assert_eq!(decode_body(b"hi", ResponseType::Text).unwrap(), "hi");
        assert_eq!(decode_body(&[0, 255], ResponseType::Binary).unwrap(), "AP8=");
        assert!(decode_body(b"<html>", ResponseType::Json).is_err());
    }

    #[test]
    fn only_server_side_failures_retry_unless_all_errors_are_asked_for() {
        let unavailable = Error::transport("reset");
        let forbidden = Error::Forbidden(crate::error::Detail { message: "no".into(), okta: None });
        assert!(retryable(&unavailable, false));
        assert!(!retryable(&forbidden, false));
        assert!(retryable(&forbidden, true));
        assert!(!retryable(&Error::invalid("path", "x"), true));
    }
}

