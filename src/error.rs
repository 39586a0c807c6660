//! The connector's one error type, and its single conversion to the WIT `connector-error`.

use crate::bindings::okta::connector::types as wit;
use serde::Deserialize;

/// Okta's error object as sent on the wire (`errorCode`, `errorSummary`, `errorId`, `errorCauses`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OktaError {
    /// HTTP status of the response that carried it (not part of Okta's body).
    #[serde(skip)]
    pub status: u16,
    pub error_code: Option<String>,
    pub error_summary: Option<String>,
    pub error_id: Option<String>,
    #[serde(default)]
    pub error_causes: Vec<ErrorCause>,
}

/// One entry of Okta's `errorCauses`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorCause {
    pub error_summary: String,
}

/// 403 codes that refuse an operation in the resource's current state: not allowed in the user's status,
/// already active, unlock not allowed, reset-password not allowed.
const STATE_REFUSALS: [&str; 4] = ["E0000038", "E0000016", "E0000032", "E0000017"];

/// Every failure, classified by what the caller can do about it (see the WIT docs of `connector-error`).
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    InvalidInput { path: String, message: String },
    UnknownKey(String),
    Unauthenticated(Detail),
    Forbidden(Detail),
    NotFound(Detail),
    Conflict(Detail),
    RateLimited { retry_after_seconds: Option<u64>, detail: Detail },
    Unavailable(Detail),
    OktaApi(OktaError),
    Internal(String),
}

/// A message for people plus Okta's error when Okta answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub message: String,
    pub okta: Option<OktaError>,
}

/// Shorthand used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An input field that is missing or unacceptable.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidInput { path: path.into(), message: message.into() }
    }

    /// The one table from an Okta error response to a category. `retry_after_seconds` comes from the
    /// rate-limit headers, which only the HTTP layer sees.
    pub fn from_okta(okta: OktaError, retry_after_seconds: Option<u64>) -> Self {
        let message = okta
            .error_summary
            .clone()
            .unwrap_or_else(|| format!("Okta answered HTTP {}", okta.status));
        let detail = Detail { message, okta: Some(okta.clone()) };
        match okta.status {
            401 => Error::Unauthenticated(detail),
            // Okta answers some refusals of the resource's current state with 403; they are not permission problems.
            403 if okta.error_code.as_deref().is_some_and(|c| STATE_REFUSALS.contains(&c)) => Error::Conflict(detail),
            403 => Error::Forbidden(detail),
            404 => Error::NotFound(detail),
            409 => Error::Conflict(detail),
            429 => Error::RateLimited { retry_after_seconds, detail },
            500..=599 => Error::Unavailable(detail),
            _ => Error::OktaApi(okta),
        }
    }

    /// A transport failure (timeout, reset, refused) that survived the retry policy.
    pub fn transport(message: impl Into<String>) -> Self {
        Error::Unavailable(Detail { message: message.into(), okta: None })
    }
}

impl From<OktaError> for wit::OktaError {
    fn from(e: OktaError) -> Self {
        wit::OktaError {
            http_status: e.status,
            error_code: e.error_code,
            error_summary: e.error_summary,
            error_id: e.error_id,
            error_causes: e.error_causes.into_iter().map(|c| c.error_summary).collect(),
        }
    }
}

impl From<Detail> for wit::ErrorDetail {
    fn from(d: Detail) -> Self {
        wit::ErrorDetail { message: d.message, okta: d.okta.map(Into::into) }
    }
}

impl From<Error> for wit::ConnectorError {
    fn from(e: Error) -> Self {
        use wit::ConnectorError as W;
        match e {
            Error::InvalidInput { path, message } => W::InvalidInput(wit::FieldError { path, message }),
            Error::UnknownKey(k) => W::UnknownKey(k),
            Error::Unauthenticated(d) => W::Unauthenticated(d.into()),
            Error::Forbidden(d) => W::Forbidden(d.into()),
            Error::NotFound(d) => W::NotFound(d.into()),
            Error::Conflict(d) => W::Conflict(d.into()),
            Error::RateLimited { retry_after_seconds, detail } => {
                W::RateLimited(wit::RateLimitDetail { retry_after_seconds, detail: detail.into() })
            }
            Error::Unavailable(d) => W::Unavailable(d.into()),
            Error::OktaApi(o) => W::OktaApi(o.into()),
            Error::Internal(m) => W::Internal(m),
        }
    }
}
