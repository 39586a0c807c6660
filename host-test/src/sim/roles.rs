//! Admin role assignments of users and groups (`/api/v1/{users,groups}/{id}/roles`).
//! Standard roles only, each over the whole org (no resource sets or targets).

use super::clock::{iso, Millis};
use super::ctx::{json_body, no_content, ok, Ctx};
use super::errors::{ApiError, ApiResult};
use super::org::Org;
use super::Shared;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{delete, get};
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;

/// Standard role types and their labels (Okta labels USER_ADMIN "Group Administrator").
const ROLES: &[(&str, &str)] = &[
    ("SUPER_ADMIN", "Super Administrator"),
    ("ORG_ADMIN", "Organizational Administrator"),
    ("APP_ADMIN", "Application Administrator"),
    ("USER_ADMIN", "Group Administrator"),
    ("HELP_DESK_ADMIN", "Help Desk Administrator"),
    ("READ_ONLY_ADMIN", "Read Only Administrator"),
    ("GROUP_MEMBERSHIP_ADMIN", "Group Membership Administrator"),
    ("API_ACCESS_MANAGEMENT_ADMIN", "API Access Management Administrator"),
    ("REPORT_ADMIN", "Report Administrator"),
    ("WORKFLOWS_ADMIN", "Workflows Administrator"),
    ("ACCESS_CERTIFICATIONS_ADMIN", "Access Certifications Administrator"),
    ("ACCESS_REQUESTS_ADMIN", "Access Requests Administrator"),
];

#[derive(Debug, Clone)]
pub struct Assignment {
    pub id: String,
    pub role: &'static str,
    pub created: Millis,
}

/// `users` or `groups`, and the principal's resolved id.
#[derive(Clone, Copy, PartialEq)]
enum Principal {
    User,
    Group,
}

impl Assignment {
    fn to_json(&self, base: &str, principal: Principal, holder: &str) -> Value {
        let label = ROLES.iter().find(|(t, _)| *t == self.role).map_or(self.role, |(_, l)| l);
        let (kind, path) = match principal {
            Principal::User => ("USER", "users"),
            Principal::Group => ("GROUP", "groups"),
        };
        json!({"id": self.id, "label": label, "type": self.role, "status": "ACTIVE", "created": iso(self.created),
               "lastUpdated": iso(self.created), "assignmentType": kind,
               "_links": {"assignee": {"href": format!("{base}/api/v1/{path}/{holder}")}}})
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/users/{id}/roles", get(list_user).post(assign_user))
        .route("/api/v1/users/{id}/roles/{roleAssignmentId}", delete(unassign_user))
        .route("/api/v1/groups/{id}/roles", get(list_group).post(assign_group))
        .route("/api/v1/groups/{id}/roles/{roleAssignmentId}", delete(unassign_group))
}

fn holder(org: &Org, principal: Principal, key: &str) -> ApiResult<(String, Value)> {
    match principal {
        Principal::User => {
            let id = super::users::resolve(org, key)?;
            Ok((id.clone(), org.users.get(&id).unwrap().target()))
        }
        Principal::Group => org.groups.by_id.get(key).map(|g| (g.id.clone(), g.target())).ok_or_else(|| ApiError::not_found(key, "UserGroup")),
    }
}

/// A user's list also shows the roles they hold through their groups (`assignmentType: GROUP`).
fn list(ctx: Ctx, principal: Principal, key: String) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let (id, _) = holder(&org, principal, &key)?;
    let direct = org.roles.get(&id).into_iter().flatten().map(|a| a.to_json(&ctx.base, principal, &id));
    let mut rows: Vec<Value> = direct.collect();
    if principal == Principal::User {
        for g in org.groups.of_user(&id) {
            rows.extend(org.roles.get(&g.id).into_iter().flatten().map(|a| a.to_json(&ctx.base, Principal::Group, &g.id)));
        }
    }
    Ok(ok(Value::Array(rows)))
}

fn assign(ctx: Ctx, principal: Principal, key: String, body: Bytes) -> ApiResult {
    ctx.flag("disableNotifications", false)?;
    let body = json_body(&body)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let (id, target) = holder(&org, principal, &key)?;
    let requested = body.get("type").and_then(Value::as_str).unwrap_or("");
    let Some((role, _)) = ROLES.iter().find(|(t, _)| *t == requested) else {
        return Err(ApiError::validation(&[("type", format!("Invalid role type '{requested}'; the simulator models the standard roles"))]));
    };
    if org.roles.get(&id).is_some_and(|rs| rs.iter().any(|a| a.role == *role)) {
        return Err(ApiError::new(409, "E0000090", "Duplicate role assignment exception."));
    }
    let assignment = Assignment { id: org.rng.alphanumeric(24).to_uppercase(), role, created: ctx.now() };
    let rendered = assignment.to_json(&ctx.base, principal, &id);
    org.roles.entry(id).or_default().push(assignment);
    let event = if principal == Principal::User { "user.account.privilege.grant" } else { "group.privilege.grant" };
    org.emit(&ctx, event, vec![target]);
    Ok(match principal {
        Principal::User => (StatusCode::CREATED, axum::Json(rendered)).into_response(),
        Principal::Group => ok(rendered),
    })
}

fn unassign(ctx: Ctx, principal: Principal, key: String, assignment: String) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let (id, target) = holder(&org, principal, &key)?;
    let held = org.roles.entry(id).or_default();
    let Some(i) = held.iter().position(|a| a.id == assignment) else {
        return Err(ApiError::not_found(&assignment, "RoleAssignment"));
    };
    held.remove(i);
    let event = if principal == Principal::User { "user.account.privilege.revoke" } else { "group.privilege.revoke" };
    org.emit(&ctx, event, vec![target]);
    Ok(no_content())
}

async fn list_user(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    list(ctx, Principal::User, key)
}

async fn list_group(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    list(ctx, Principal::Group, key)
}

async fn assign_user(ctx: Ctx, Path(key): Path<String>, body: Bytes) -> ApiResult {
    assign(ctx, Principal::User, key, body)
}

async fn assign_group(ctx: Ctx, Path(key): Path<String>, body: Bytes) -> ApiResult {
    assign(ctx, Principal::Group, key, body)
}

async fn unassign_user(ctx: Ctx, Path((key, a)): Path<(String, String)>) -> ApiResult {
    unassign(ctx, Principal::User, key, a)
}

async fn unassign_group(ctx: Ctx, Path((key, a)): Path<(String, String)>) -> ApiResult {
    unassign(ctx, Principal::Group, key, a)
}
