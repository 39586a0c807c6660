//! Realms (API-NOTES §15): read-only, seeded.

use super::clock::{iso, Millis};
use super::ctx::{ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::filter::{self, Dialect, Op};
use super::{paging, Shared};
use axum::extract::Path;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;

/// Realms `search`: `profile.name co "…"` only.
const REALM_SEARCH: Dialect = Dialect { allows: |a, op| a == "profile.name" && op == Op::Co, allow_not: false, case_insensitive: true };

#[derive(Debug, Clone)]
pub(crate) struct Realm {
    pub id: String,
    pub name: String,
    pub default: bool,
    pub domains: Vec<String>,
    pub created: Millis,
}

impl Realm {
    fn to_json(&self, base: &str) -> Value {
        json!({
            "id": self.id, "created": iso(self.created), "lastUpdated": iso(self.created), "isDefault": self.default,
            // Real orgs send no `realmType` unless one was set, and a self link without hints.
            "profile": {"name": self.name, "domains": self.domains},
            "_links": {"self": {"rel": "self", "href": format!("{base}/api/v1/realms/{}", self.id), "method": "GET"}},
        })
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/realms", get(list_realms))
        .route("/api/v1/realms/{id}", get(get_realm))
}

async fn list_realms(ctx: Ctx) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let search = ctx.param("search");
    let expr = search.map(|s| filter::parse(s, &REALM_SEARCH)).transpose().map_err(|e| ApiError::invalid_search(e.message()))?;
    let mut rows: Vec<(String, Value)> = org.realms.iter().map(|r| (r.id.clone(), r.to_json(&ctx.base))).collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(expr) = expr {
        rows.retain(|(_, v)| expr.matches(v, true));
        paging::sort_rows(&ctx, &mut rows);
    }
    // Real orgs page realms by 10 with or without `search` (their self Link says limit=10).
    let limit = ctx.limit(10, 200)?;
    let (rows, next) = paging::page(rows, |(id, _)| id.as_str(), ctx.after(&["guo"])?, limit);
    Ok(paging::respond(&ctx, rows.into_iter().map(|(_, v)| v).collect(), next.as_deref()))
}

async fn get_realm(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let realm = org.realms.iter().find(|r| r.id == id).ok_or_else(|| ApiError::not_found(&id, "Realm"))?;
    Ok(ok(realm.to_json(&ctx.base)))
}
