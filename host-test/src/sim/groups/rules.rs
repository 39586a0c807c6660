//! `/api/v1/groups/rules`: group rules that really evaluate. An ACTIVE rule
//! adds every user whose profile matches its expression (and who is not
//! excluded) to its groups, on activation and whenever a user is created or
//! their profile changes; a user who stops matching leaves the groups the
//! rule put them in. Deactivating keeps those memberships; deleting with
//! `removeUsers=true` removes them.

use super::expr::{self, Expr};
use crate::sim::clock::{iso, Millis};
use crate::sim::ctx::{json_body, no_content, ok, Ctx};
use crate::sim::errors::{ApiError, ApiResult};
use crate::sim::org::Org;
use crate::sim::users::model::Status;
use crate::sim::users::validate::BASE_ATTRIBUTES;
use crate::sim::{paging, Shared};
use axum::body::Bytes;
use axum::extract::Path;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

const EXPRESSION_TYPE: &str = "urn:okta:expression:1.0";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleStatus {
    Active,
    Inactive,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub status: RuleStatus,
    pub created: Millis,
    pub last_updated: Millis,
    pub expression: String,
    parsed: Expr,
    pub group_ids: Vec<String>,
    pub exclude: Vec<String>,
    /// (group, user) memberships this rule made.
    pub added: BTreeSet<(String, String)>,
}

impl Rule {
    fn to_json(&self) -> Value {
        json!({
            "type": "group_rule",
            "id": self.id,
            "status": if self.status == RuleStatus::Active { "ACTIVE" } else { "INACTIVE" },
            "name": self.name,
            "created": iso(self.created),
            "lastUpdated": iso(self.last_updated),
            "conditions": {
                "people": {"users": {"exclude": self.exclude}, "groups": {"exclude": []}},
                "expression": {"value": self.expression, "type": EXPRESSION_TYPE},
            },
            "actions": {"assignUserToGroups": {"groupIds": self.group_ids}},
        })
    }

    /// System Log target.
    fn target(&self) -> Value {
        json!({"id": self.id, "type": "RULE", "alternateId": "unknown", "displayName": self.name, "detailEntry": null})
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/groups/rules", get(list).post(create))
        .route("/api/v1/groups/rules/{ruleId}", get(read).put(replace).delete(delete))
        .route("/api/v1/groups/rules/{ruleId}/lifecycle/{op}", post(lifecycle))
}

fn find<'a>(org: &'a Org, id: &str) -> ApiResult<&'a Rule> {
    org.group_rules.get(id).ok_or_else(|| ApiError::not_found(id, "GroupRule"))
}

/// The validated parts of a create or replace body.
struct Spec {
    name: String,
    expression: String,
    parsed: Expr,
    group_ids: Vec<String>,
    exclude: Vec<String>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default()
}

fn spec(org: &Org, body: &[u8], except: Option<&str>) -> ApiResult<Spec> {
    let body = json_body(body)?;
    let name = body.get("name").and_then(Value::as_str).map(str::trim).unwrap_or("").to_string();
    let expression = body.pointer("/conditions/expression/value").and_then(Value::as_str).unwrap_or("").to_string();
    let group_ids = strings(body.pointer("/actions/assignUserToGroups/groupIds"));
    let exclude = strings(body.pointer("/conditions/people/users/exclude"));
    let mut errors: Vec<(String, String)> = Vec::new();
    if name.is_empty() || name.chars().count() > 50 {
        errors.push(("name".into(), "size must be between 1 and 50".into()));
    } else if org.group_rules.values().any(|r| r.name.eq_ignore_ascii_case(&name) && Some(r.id.as_str()) != except) {
        errors.push(("name".into(), "An object with this field already exists in the current organization".into()));
    }
    if body.pointer("/conditions/expression/type").and_then(Value::as_str).is_some_and(|t| t != EXPRESSION_TYPE) {
        errors.push(("conditions.expression.type".into(), format!("Only {EXPRESSION_TYPE} is supported")));
    }
    let parsed = match expr::parse(&expression) {
        Ok(e) => {
            let mut attrs = Vec::new();
            e.attributes(&mut attrs);
            if let Some(a) = attrs.iter().find(|a| !BASE_ATTRIBUTES.contains(&a.as_str()) && !org.default_type().custom.contains_key(a.as_str())) {
                errors.push(("conditions.expression.value".into(), format!("Invalid property {a} in expression {expression}")));
            }
            Some(e)
        }
        Err(why) => {
            errors.push(("conditions.expression.value".into(), format!("Invalid expression {expression}: {why}")));
            None
        }
    };
    if group_ids.is_empty() {
        errors.push(("actions.assignUserToGroups.groupIds".into(), "At least one group is required".into()));
    }
    if let Some(g) = group_ids.iter().find(|g| org.groups.by_id.get(g.as_str()).is_none_or(|g| g.kind != super::model::Kind::Okta)) {
        errors.push(("actions.assignUserToGroups.groupIds".into(), format!("Invalid group id {g}: only existing OKTA_GROUPs can be targets")));
    }
    if let Some(u) = exclude.iter().find(|u| org.users.get(u.as_str()).is_none()) {
        errors.push(("conditions.people.users.exclude".into(), format!("Invalid user id {u}")));
    }
    match (errors.is_empty(), parsed) {
        (true, Some(parsed)) => Ok(Spec { name, expression, parsed, group_ids, exclude }),
        _ => Err(ApiError::validation(&errors)),
    }
}

async fn create(ctx: Ctx, body: Bytes) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let s = spec(&org, &body, None)?;
    let now = ctx.now();
    let rule = Rule {
        id: org.rng.id("0pr"),
        name: s.name,
        status: RuleStatus::Inactive,
        created: now,
        last_updated: now,
        expression: s.expression,
        parsed: s.parsed,
        group_ids: s.group_ids,
        exclude: s.exclude,
        added: BTreeSet::new(),
    };
    let (rendered, target) = (rule.to_json(), rule.target());
    org.group_rules.insert(rule.id.clone(), rule);
    org.emit(&ctx, "group.user_membership.rule.created", vec![target]);
    Ok(ok(rendered))
}

async fn read(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    Ok(ok(find(&org, &id)?.to_json()))
}

/// Only INACTIVE rules can be replaced; the target groups cannot change.
async fn replace(ctx: Ctx, Path(id): Path<String>, body: Bytes) -> ApiResult {
    let mut org = ctx.shared.org.lock().unwrap();
    let current = find(&org, &id)?.clone();
    if current.status == RuleStatus::Active {
        return Err(ApiError::validation(&[("status", "Cannot update a rule in ACTIVE status; deactivate it first")]));
    }
    let s = spec(&org, &body, Some(&id))?;
    if s.group_ids != current.group_ids {
        return Err(ApiError::validation(&[("actions", "The actions of a group rule cannot be updated")]));
    }
    let now = ctx.now();
    let rule = org.group_rules.get_mut(&id).unwrap();
    (rule.name, rule.expression, rule.parsed, rule.exclude, rule.last_updated) = (s.name, s.expression, s.parsed, s.exclude, now);
    let (rendered, target) = (rule.to_json(), rule.target());
    org.emit(&ctx, "group.user_membership.rule.updated", vec![target]);
    Ok(ok(rendered))
}

async fn delete(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let remove_users = ctx.flag("removeUsers", false)?;
    let mut org = ctx.shared.org.lock().unwrap();
    let rule = find(&org, &id)?.clone();
    if remove_users {
        for (group, user) in &rule.added {
            org.set_membership(&ctx, group, user, false);
        }
    }
    org.group_rules.remove(&id);
    org.emit(&ctx, "group.user_membership.rule.deleted", vec![rule.target()]);
    Ok(axum::http::StatusCode::ACCEPTED.into_response())
}

async fn lifecycle(ctx: Ctx, Path((id, op)): Path<(String, String)>) -> ApiResult {
    let active = ApiError::activation(&op, &ctx.path)?;
    let mut org = ctx.shared.org.lock().unwrap();
    find(&org, &id)?;
    let now = ctx.now();
    let rule = org.group_rules.get_mut(&id).unwrap();
    let changed = (rule.status == RuleStatus::Active) != active;
    rule.status = if active { RuleStatus::Active } else { RuleStatus::Inactive };
    if changed {
        rule.last_updated = now;
        let target = rule.target();
        org.emit(&ctx, if active { "group.user_membership.rule.trigger" } else { "group.user_membership.rule.deactivated" }, vec![target]);
        if active {
            let users: Vec<String> = org.users.iter().map(|u| u.id.clone()).collect();
            org.apply_rule(&ctx, &id, &users);
        }
    }
    Ok(no_content())
}

async fn list(ctx: Ctx) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let limit = ctx.limit(50, 200)?;
    let keyword = ctx.param("search").map(str::to_lowercase);
    let rules: Vec<&Rule> = org.group_rules.values().filter(|r| keyword.as_ref().is_none_or(|k| r.name.to_lowercase().contains(k))).collect();
    let (rules, next) = paging::page(rules, |r| r.id.as_str(), ctx.after(&["0pr"])?, limit);
    Ok(paging::respond(&ctx, rules.iter().map(|r| r.to_json()).collect(), next.as_deref()))
}

impl Org {
    /// Applies one ACTIVE rule to the given users: matching users join its
    /// groups, users it added who no longer match leave them.
    fn apply_rule(&mut self, ctx: &Ctx, rule_id: &str, users: &[String]) {
        let Some(rule) = self.group_rules.get(rule_id).cloned() else { return };
        if rule.status != RuleStatus::Active {
            return;
        }
        let mut added = rule.added.clone();
        for user_id in users {
            let Some(user) = self.users.get(user_id) else { continue };
            let matches = user.status != Status::Deprovisioned && !rule.exclude.contains(user_id) && rule.parsed.matches(&user.profile);
            for group in &rule.group_ids {
                let key = (group.clone(), user_id.clone());
                if matches && !added.contains(&key) {
                    // A membership the user already had is not the rule's to take away later.
                    if self.set_membership(ctx, group, user_id, true) {
                        added.insert(key);
                    }
                } else if !matches && added.remove(&key) {
                    self.set_membership(ctx, group, user_id, false);
                }
            }
        }
        if let Some(r) = self.group_rules.get_mut(rule_id) {
            r.added = added;
        }
    }

    /// Re-evaluates every ACTIVE rule for one user (after create or a profile change).
    pub fn apply_rules_to(&mut self, ctx: &Ctx, user_id: &str) {
        let ids: Vec<String> = self.group_rules.keys().cloned().collect();
        for id in ids {
            self.apply_rule(ctx, &id, &[user_id.to_string()]);
        }
    }
}

/// Rules by id.
pub(crate) type Rules = BTreeMap<String, Rule>;
