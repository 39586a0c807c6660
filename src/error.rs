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

/// 403 codes that refuse the passcode or answer presented (wrong, or a TOTP code used twice), not the
/// caller's permissions: `okta-api`, with Okta's code for the flow to branch on.
const CREDENTIAL_REFUSALS: [&str; 2] = ["E0000068", "E0000082"];

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
            403 if okta.error_code.as_deref().is_some_and(|c| CREDENTIAL_REFUSALS.contains(&c)) => Error::OktaApi(okta),
            403 => Error::Forbidden(detail),
            404 => Error::NotFound(detail),
            409 => Error::Conflict(detail),
            429 => Error::RateLimited { retry_after_seconds, detail },
            500..=599 => Error::Unavailable(detail),
            _ => Error::OktaApi(okta),
        }
    }

    /// Okta's refusal of a value it validated (400 `E0000001`, causes `<attribute>: <message>`) as
    /// `invalid-input` at the attribute's place in the caller's input, which `locate` knows (e.g.
    /// `badgeNumber` → `profileExtraAttributes.badgeNumber`). Okta's code, summary, id and every cause
    /// stay in the message. A value that already exists in the org is not a bad value: it stays `okta-api`.
    pub fn at_input_field(self, locate: impl Fn(&str) -> Option<String>) -> Error {
        let Error::OktaApi(okta) = &self else { return self };
        if okta.status != 400 || okta.error_code.as_deref() != Some("E0000001") {
            return self;
        }
        let placed = okta.error_causes.iter().find_map(|cause| {
            let (field, reason) = cause.error_summary.split_once(": ")?;
            (!reason.contains("already exists")).then_some(())?;
            Some((locate(field.trim())?, cause.error_summary.clone()))
        });
        let Some((path, first)) = placed else { return self };
        let mut detail = vec![okta.error_code.clone().unwrap_or_default()];
        detail.extend(okta.error_summary.clone());
        detail.extend(okta.error_id.as_ref().map(|id| format!("errorId {id}")));
        let others: Vec<&str> = okta.error_causes.iter().map(|c| c.error_summary.as_str()).filter(|c| *c != first).collect();
        if !others.is_empty() {
            detail.push(format!("also: {}", others.join("; ")));
        }
        Error::invalid(path, format!("{first} (Okta {})", detail.join(", ")))
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

#[cfg(test)]
mod tests {
    use super::{Error, ErrorCause, OktaError};

    fn refused(causes: &[&str]) -> Error {
        Error::OktaApi(OktaError {
            status: 400,
            error_code: Some("E0000001".into()),
            error_summary: Some("Api validation failed: badgeNumber".into()),
            error_id: Some("oae1".into()),
            error_causes: causes.iter().map(|c| ErrorCause { error_summary: c.to_string() }).collect(),
        })
    }

    #[test]
    fn oktas_refusal_of_a_value_names_the_callers_field_and_keeps_the_detail() {
        let locate = |attr: &str| (attr == "badgeNumber").then(|| "profileExtraAttributes.badgeNumber".to_string());
        let e = refused(&["badgeNumber: The field cannot exceed 20 characters", "nick: Does not match required pattern"]).at_input_field(locate);
        let Error::InvalidInput { path, message } = e else { panic!("{e:?}") };
        assert_eq!(path, "profileExtraAttributes.badgeNumber");
        assert_eq!(message, "badgeNumber: The field cannot exceed 20 characters (Okta E0000001, Api validation failed: badgeNumber, errorId oae1, also: nick: Does not match required pattern)");
        let taken = refused(&["badgeNumber: An object with this field already exists in the current organization"]);
        assert_eq!(taken.clone().at_input_field(locate), taken);
        let elsewhere = refused(&["other: bad"]);
        assert_eq!(elsewhere.clone().at_input_field(locate), elsewhere);
    }

    #[test]
    fn a_refused_passcode_is_okta_api_with_oktas_code_not_forbidden() {
        let okta = |code: &str| OktaError { status: 403, error_code: Some(code.into()), ..OktaError::default() };
        assert!(matches!(Error::from_okta(okta("E0000068"), None), Error::OktaApi(o) if o.error_code.as_deref() == Some("E0000068")));
        assert!(matches!(Error::from_okta(okta("E0000082"), None), Error::OktaApi(_)));
        assert!(matches!(Error::from_okta(okta("E0000006"), None), Error::Forbidden(_)));
    }
}
