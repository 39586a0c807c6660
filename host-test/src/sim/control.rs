//! The test-only control path (`/sim/…`), off unless the simulator starts with `SimConfig::control`
//! (`host-test sim --control`): lets any HTTP client inject faults, inspect or repeat hook deliveries and
//! read the SMS, call and email passcodes the org sent, as tests do in-process with `Simulator::inject`
//! and `Simulator::passcodes`. Not part of Okta's API; never authenticated.

use super::ctx::{json_body, no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::{Fault, FaultKind, Shared};
use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/sim/faults", post(add_fault).delete(clear_faults))
        .route("/sim/deliveries", get(deliveries))
        .route("/sim/deliveries/{eventId}/redeliver", post(redeliver))
        .route("/sim/passcodes", get(passcodes))
}

fn enabled(ctx: &Ctx) -> ApiResult<()> {
    match ctx.shared.control {
        true => Ok(()),
        false => Err(ApiError::new(404, "E0000007", "Not found: the simulator's control path is off (start it with `host-test sim --control`)")),
    }
}

fn bad(field: &str, message: &str) -> ApiError {
    ApiError::validation(&[(field, message)])
}

/// `{"kind", "pathPrefix", "method"?, "times"?, "status"?, "resetAfterSecs"?, "delayMs"?}`.
async fn add_fault(ctx: Ctx, body: Bytes) -> ApiResult {
    enabled(&ctx)?;
    let b = json_body(&body)?;
    let kind = match b["kind"].as_str() {
        Some("rate-limited") => FaultKind::RateLimited { reset_after_secs: b["resetAfterSecs"].as_u64().unwrap_or(1) },
        Some("server-error") => FaultKind::ServerError(b["status"].as_u64().filter(|s| (500..600).contains(s)).unwrap_or(500) as u16),
        Some("delay") => FaultKind::Delay(Duration::from_millis(b["delayMs"].as_u64().unwrap_or(1000))),
        Some("garbage-body") => FaultKind::GarbageBody,
        Some("truncated-body") => FaultKind::TruncatedBody,
        Some("connection-reset") => FaultKind::ConnectionReset,
        _ => return Err(bad("kind", "one of rate-limited, server-error, delay, garbage-body, truncated-body, connection-reset")),
    };
    let path_prefix = b["pathPrefix"].as_str().filter(|p| p.starts_with('/')).ok_or_else(|| bad("pathPrefix", "required, starting with /"))?;
    let fault = Fault { method: b["method"].as_str().map(str::to_uppercase), path_prefix: path_prefix.to_string(), times: b["times"].as_u64().unwrap_or(1).max(1) as u32, kind };
    let times = fault.times;
    ctx.shared.faults.lock().unwrap().push(fault);
    Ok(ok(json!({"queued": times})))
}

async fn clear_faults(ctx: Ctx) -> ApiResult {
    enabled(&ctx)?;
    ctx.shared.faults.lock().unwrap().clear();
    Ok(no_content())
}

/// The envelopes sent to each hook lately, with the status of every attempt.
async fn deliveries(ctx: Ctx) -> ApiResult {
    enabled(&ctx)?;
    let org = ctx.shared.org.lock().unwrap();
    let sent: Vec<Value> = org
        .hooks
        .values()
        .flat_map(|h| h.sent.iter().map(move |s| json!({"eventHookId": h.id, "uri": h.uri(), "attempts": s.attempts, "envelope": s.envelope})))
        .collect();
    Ok(ok(Value::Array(sent)))
}

/// Sends an envelope again, unchanged, as Okta's at-least-once delivery may.
async fn redeliver(ctx: Ctx, Path(event_id): Path<String>) -> ApiResult {
    enabled(&ctx)?;
    let found = {
        let org = ctx.shared.org.lock().unwrap();
        org.hooks.values().find_map(|h| {
            let s = h.sent.iter().find(|s| s.envelope["eventId"] == event_id.as_str())?;
            Some((h.id.clone(), h.uri().to_string(), h.outgoing_headers(), s.envelope.clone()))
        })
    };
    let (hook_id, uri, headers, envelope) = found.ok_or_else(|| ApiError::not_found(&event_id, "HookDelivery"))?;
    let attempts = super::hooks::redeliver(&uri, &headers, &envelope).await;
    let mut org = ctx.shared.org.lock().unwrap();
    if let Some(h) = org.hooks.get_mut(&hook_id) {
        h.record(super::hooks::Sent { envelope, attempts: attempts.clone() });
    }
    Ok(ok(json!({"eventId": event_id, "eventHookId": hook_id, "attempts": attempts})))
}

/// The SMS, call and email passcodes sent and not yet used: what the person would have received.
async fn passcodes(ctx: Ctx) -> ApiResult {
    enabled(&ctx)?;
    let org = ctx.shared.org.lock().unwrap();
    let sent = super::factors::outstanding(&org).into_iter().map(|p| {
        json!({"userId": p.user_id, "factorId": p.factor_id, "factorType": p.factor_type, "to": p.to, "passCode": p.pass_code, "expiresAt": super::clock::iso(p.expires_at)})
    });
    Ok(ok(Value::Array(sent.collect())))
}
