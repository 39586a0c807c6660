//! A user's MFA factors and sessions (API-NOTES §6.6).

use super::clock::{iso, Millis};
use super::ctx::{no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::users::model::Status;
use super::users::resolve;
use super::Shared;
use axum::extract::Path;
use axum::routing::{delete, get};
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub(crate) struct Factor {
    pub id: String,
    pub factor_type: &'static str,
    pub provider: &'static str,
    pub created: Millis,
    pub profile: Value,
}

impl Factor {
    fn to_json(&self, base: &str, user_id: &str) -> Value {
        let href = format!("{base}/api/v1/users/{user_id}/factors/{}", self.id);
        json!({
            "id": self.id, "factorType": self.factor_type, "provider": self.provider, "vendorName": self.provider,
            "status": "ACTIVE", "created": iso(self.created), "lastUpdated": iso(self.created), "profile": self.profile,
            "_links": {
                "self": {"href": href, "hints": {"allow": ["GET", "DELETE"]}},
                "user": {"href": format!("{base}/api/v1/users/{user_id}"), "hints": {"allow": ["GET"]}},
            },
        })
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/users/{id}/factors", get(list))
        .route("/api/v1/users/{id}/factors/{factor}", delete(unenroll))
        .route("/api/v1/users/{id}/sessions", delete(clear_sessions))
}

async fn list(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    let factors = org.factors.get(&id).map(Vec::as_slice).unwrap_or_default();
    Ok(ok(Value::Array(factors.iter().map(|f| f.to_json(&ctx.base, &id)).collect())))
}

/// Refused for deactivated users; 404 for an unknown factor.
async fn unenroll(ctx: Ctx, Path((key, factor)): Path<(String, String)>) -> ApiResult {
    ctx.flag("removeRecoveryEnrollment", false)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    if org.users.get(&id).is_some_and(|u| u.status == Status::Deprovisioned) {
        return Err(ApiError::bad_status());
    }
    let factors = org.factors.entry(id.clone()).or_default();
    let before = factors.len();
    factors.retain(|f| f.id != factor);
    if factors.len() == before {
        return Err(ApiError::not_found(&factor, "UserFactor"));
    }
    org.emit_user(&ctx, "user.mfa.factor.deactivate", &id);
    Ok(no_content())
}

async fn clear_sessions(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    ctx.flag("oauthTokens", false)?;
    ctx.flag("forgetDevices", true)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let id = resolve(&org, &key)?;
    org.emit_user(&ctx, "user.session.clear", &id);
    Ok(no_content())
}
