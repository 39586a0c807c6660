//! Okta's error object (`{errorCode, errorSummary, errorLink, errorId, errorCauses}`)
//! and constructors for the codes the simulator emits (API-NOTES §4).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub summary: String,
    pub causes: Vec<String>,
}

pub type ApiResult<T = Response> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: u16, code: &'static str, summary: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code,
            summary: summary.into(),
            causes: Vec::new(),
        }
    }

    /// 400 E0000001 "Api validation failed: <field>" with one cause per `(field, message)`.
    pub fn validation<F: AsRef<str>, M: AsRef<str>>(causes: &[(F, M)]) -> ApiError {
        let field = causes.first().map_or("", |c| c.0.as_ref());
        ApiError {
            causes: causes.iter().map(|(f, m)| format!("{}: {}", f.as_ref(), m.as_ref())).collect(),
            ..ApiError::new(400, "E0000001", format!("Api validation failed: {field}"))
        }
    }

    /// The `active` flag an `activate`/`deactivate` lifecycle path asks for; any other op is an unknown route.
    pub fn activation(op: &str, path: &str) -> Result<bool, ApiError> {
        match op {
            "activate" => Ok(true),
            "deactivate" => Ok(false),
            _ => Err(ApiError::not_found(path, "GenericResource")),
        }
    }

    pub fn not_found(id: &str, kind: &str) -> ApiError {
        ApiError::new(404, "E0000007", format!("Not found: Resource not found: {id} ({kind})"))
    }

    pub fn invalid_token() -> ApiError {
        ApiError::new(401, "E0000011", "Invalid token provided")
    }

    pub fn malformed_body() -> ApiError {
        ApiError::new(400, "E0000003", "The request body was not well-formed.")
    }

    pub fn rate_limited() -> ApiError {
        ApiError::new(429, "E0000047", "API call exceeded rate limit due to too many requests.")
    }

    pub fn internal(status: u16) -> ApiError {
        ApiError::new(status, "E0000009", "Internal Server Error")
    }

    /// Okta's generic lifecycle refusal; its summary names no operation.
    pub fn bad_status() -> ApiError {
        ApiError::new(403, "E0000038", "This operation is not allowed in the user's current status.")
    }

    pub fn invalid_cursor() -> ApiError {
        ApiError { causes: vec!["Invalid cursor.".into()], ..ApiError::new(400, "E0000029", "Invalid paging request.") }
    }

    pub fn malformed_expand() -> ApiError {
        ApiError { causes: vec!["Expand query is malformed.".into()], ..ApiError::new(400, "E0000001", "Api validation failed: RequestParams") }
    }

    pub fn invalid_date() -> ApiError {
        ApiError::new(400, "E0000030", "Invalid date. Dates must be of the form yyyy-MM-dd'T'HH:mm:ss.SSSZZ, e.g. 2013-01-01T12:00:00.000-07:00.")
    }

    pub fn invalid_search(detail: &str) -> ApiError {
        ApiError {
            causes: vec![detail.to_string()],
            ..ApiError::new(400, "E0000031", "Invalid search criteria.")
        }
    }

    pub fn body(&self) -> serde_json::Value {
        json!({
            "errorCode": self.code,
            "errorSummary": self.summary,
            "errorLink": self.code,
            "errorId": error_id(),
            "errorCauses": self.causes.iter().map(|c| json!({"errorSummary": c})).collect::<Vec<_>>(),
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

/// Per-response support id, `oae` + 22 chars like Okta's; unique, not seeded
/// (it is not part of any state a test would compare).
fn error_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let mut rng = super::rng::Rng::new(NEXT.fetch_add(1, Ordering::Relaxed) ^ 0x6F61_6500);
    format!("oae{}", rng.alphanumeric(22))
}
