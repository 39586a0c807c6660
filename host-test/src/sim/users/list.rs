//! `GET /api/v1/users` with `q`, `filter`, `search`, `sortBy`/`sortOrder`,
//! `limit`/`after` (API-NOTES §5, §6.4).

use super::model::{Status, User};
use crate::sim::ctx::Ctx;
use crate::sim::errors::{ApiError, ApiResult};
use crate::sim::filter::{self, Dialect, Op};
use crate::sim::paging;
use serde_json::Value;

const FILTER_ATTRS: &[&str] = &["status", "lastUpdated", "id", "profile.login", "profile.email", "profile.firstName", "profile.lastName"];
const SEARCH_ATTRS: &[&str] = &["id", "status", "created", "activated", "statusChanged", "lastUpdated", "type.id"];
const CONTAINS_ATTRS: &[&str] = &["profile.firstName", "profile.lastName", "profile.email", "profile.login"];

/// `filter`: a few attributes, `eq` only (plus ordering on `lastUpdated`),
/// case-sensitive values.
const FILTER: Dialect = Dialect {
    allows: |attr, op| FILTER_ATTRS.contains(&attr) && (op == Op::Eq || (attr == "lastUpdated" && op.is_ordering())),
    allow_not: false,
    case_insensitive: false,
};

/// `search`: any profile attribute plus the top-level ones; `co` only on the
/// four name/email attributes; case-insensitive values.
const SEARCH: Dialect = Dialect {
    allows: |attr, op| {
        let known = attr.starts_with("profile.") || SEARCH_ATTRS.contains(&attr);
        known
            && match op {
                Op::Co => CONTAINS_ATTRS.contains(&attr),
                Op::Ne | Op::Ew => false,
                _ => true,
            }
    },
    allow_not: false,
    case_insensitive: true,
};

const DATE_ATTRS: &[&str] = &["created", "activated", "statusChanged", "lastUpdated", "passwordChanged", "lastLogin"];

fn parse(expr: &str, dialect: &Dialect) -> ApiResult<filter::Expr> {
    let expr = filter::parse(expr, dialect).map_err(|e| ApiError::invalid_search(e.message()))?;
    match expr.invalid_date(DATE_ATTRS) {
        Some(_) => Err(ApiError::invalid_date()),
        None => Ok(expr),
    }
}

fn q_matches(user: &User, q: &str) -> bool {
    let q = q.to_lowercase();
    ["firstName", "lastName", "email"]
        .iter()
        .any(|k| user.profile.get(*k).and_then(Value::as_str).is_some_and(|v| v.to_lowercase().starts_with(&q)))
}

/// Honours `Content-Type: application/json; okta-response=omitCredentials,…`.
/// `omitCredentialsLinks` needs nothing: collection items only carry
/// `_links.self`; `transitioningToStatus` is never emitted.
fn trimmed(ctx: &Ctx, mut items: Vec<Value>) -> Vec<Value> {
    let content_type = ctx.headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let omit_credentials = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("okta-response="))
        .any(|v| v.split(',').any(|o| o.trim() == "omitCredentials"));
    if omit_credentials {
        items.iter_mut().filter_map(Value::as_object_mut).for_each(|m| {
            m.remove("credentials");
        });
    }
    items
}

pub(super) async fn list(ctx: Ctx) -> ApiResult {
    paging::search_alone(&ctx)?;
    let (q, filter_expr, search) = (ctx.param("q"), ctx.param("filter"), ctx.param("search"));
    let org = ctx.shared.org.lock().unwrap();
    let base = &ctx.base;
    if let Some(q) = q {
        // `q` lookups are not pageable: no cursor, default limit 10.
        let limit = ctx.limit(10, 200)?;
        let hits = org.users.iter().filter(|u| u.status != Status::Deprovisioned && q_matches(u, q));
        let items = hits.take(limit).map(|u| u.to_json(base, false)).collect();
        return Ok(paging::respond(&ctx, trimmed(&ctx, items), None));
    }
    let limit = ctx.limit(200, 200)?;
    let after = ctx.after(&["00u"])?;
    let rows: Vec<(String, Value)> = match (filter_expr, search) {
        (None, None) => {
            // Read from the id index at the cursor: a page costs its own size, not the org's.
            let users = org.users.after(after).filter(|u| u.status != Status::Deprovisioned);
            let (users, next) = paging::page(users.take(limit + 1).collect(), |u: &&User| u.id.as_str(), None, limit);
            let items = users.iter().map(|u| u.to_json(base, false)).collect();
            return Ok(paging::respond(&ctx, trimmed(&ctx, items), next.as_deref()));
        }
        (Some(f), None) => {
            let expr = parse(f, &FILTER)?;
            let all = org.users.iter().map(|u| (u.id.clone(), u.to_json(base, false)));
            all.filter(|(_, v)| expr.matches(v, false)).collect()
        }
        (_, Some(s)) => {
            let expr = parse(s, &SEARCH)?;
            let all = org.users.iter().map(|u| (u.id.clone(), u.to_json(base, false)));
            let mut rows: Vec<_> = all.filter(|(_, v)| expr.matches(v, true)).collect();
            paging::sort_rows(&ctx, &mut rows);
            rows
        }
    };
    let (rows, next) = paging::page(rows, |(id, _)| id.as_str(), after, limit);
    Ok(paging::respond(&ctx, trimmed(&ctx, rows.into_iter().map(|(_, v)| v).collect()), next.as_deref()))
}
