//! `/api/v1/groups/{id}/owners`: users, or groups whose members, own a group.

use crate::sim::clock::{iso, Millis};
use crate::sim::ctx::{json_body, no_content, Ctx};
use crate::sim::errors::{ApiError, ApiResult};
use crate::sim::filter::{self, Dialect, Op};
use crate::sim::{paging, Shared};
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{delete, get};
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Owner {
    pub id: String,
    /// USER or GROUP.
    pub kind: &'static str,
    pub display_name: String,
    pub last_updated: Millis,
}

impl Owner {
    fn to_json(&self) -> Value {
        json!({"id": self.id, "type": self.kind, "displayName": self.display_name, "originType": "OKTA_DIRECTORY",
               "resolved": true, "lastUpdated": iso(self.last_updated)})
    }
}

/// `search`: `type`, `displayName` and `originType` with `eq`/`sw`.
const SEARCH: Dialect = Dialect {
    allows: |a, op| ["type", "displayName", "originType"].contains(&a) && matches!(op, Op::Eq | Op::Sw),
    allow_not: false,
    case_insensitive: true,
};

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/groups/{id}/owners", get(list).post(add))
        .route("/api/v1/groups/{id}/owners/{ownerId}", delete(remove))
}

async fn list(ctx: Ctx, Path(group): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    super::find(&org, &group)?;
    let mut rows: Vec<Value> = org.group_owners.get(&group).into_iter().flatten().map(Owner::to_json).collect();
    if let Some(s) = ctx.param("search") {
        let expr = filter::parse(s, &SEARCH).map_err(|e| ApiError::invalid_search(e.message()))?;
        rows.retain(|o| expr.matches(o, true));
    }
    let (rows, next) = paging::page(rows, |o| o["id"].as_str().unwrap_or(""), ctx.after(&["00u", "00g"])?, ctx.limit(1000, 1000)?);
    Ok(paging::respond(&ctx, rows, next.as_deref()))
}

async fn add(ctx: Ctx, Path(group): Path<String>, body: Bytes) -> ApiResult {
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let group_target = super::editable(&org, &group)?.target();
    let id = body.get("id").and_then(Value::as_str).unwrap_or("").to_string();
    let (kind, display_name, target) = match body.get("type").and_then(Value::as_str) {
        Some("USER") => {
            let u = org.users.get(&id).ok_or_else(|| ApiError::not_found(&id, "User"))?;
            ("USER", u.display_name(), u.target())
        }
        Some("GROUP") => {
            let g = super::find(&org, &id)?;
            ("GROUP", g.name().to_string(), g.target())
        }
        _ => return Err(ApiError::validation(&[("type", "The owner type must be USER or GROUP")])),
    };
    if org.group_owners.get(&group).is_some_and(|os| os.iter().any(|o| o.id == id)) {
        return Err(ApiError::validation(&[("id", "The owner is already assigned to this group")]));
    }
    let owner = Owner { id, kind, display_name, last_updated: ctx.now() };
    let rendered = owner.to_json();
    org.group_owners.entry(group).or_default().push(owner);
    org.emit(&ctx, "group.owner.add", vec![target, group_target]);
    Ok((StatusCode::CREATED, axum::Json(rendered)).into_response())
}

async fn remove(ctx: Ctx, Path((group, owner)): Path<(String, String)>) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let group_target = super::editable(&org, &group)?.target();
    let owners = org.group_owners.entry(group).or_default();
    let Some(i) = owners.iter().position(|o| o.id == owner) else {
        return Err(ApiError::not_found(&owner, "GroupOwner"));
    };
    let removed = owners.remove(i);
    let target = json!({"id": removed.id, "type": if removed.kind == "USER" { "User" } else { "UserGroup" }, "displayName": removed.display_name});
    org.emit(&ctx, "group.owner.remove", vec![target, group_target]);
    Ok(no_content())
}
