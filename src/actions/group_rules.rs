//! Group rule actions: rules that put users whose profile matches an expression into groups.

use super::non_empty;
use crate::error::{Detail, Error, Result};
use crate::http::{Okta, RawItem};
use crate::okta::group_rules::{self, GroupRule};
use crate::okta::Raw;
use crate::registry::{Action, Flags, CREATE, READ};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Okta's expression language version, the only one group rules take.
const EXPRESSION_TYPE: &str = "urn:okta:expression:1.0";

/// Which rule an action is about.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleRef {
    /// The rule's id (`0pr…`).
    #[schemars(length(min = 1))]
    pub rule_id: String,
}

pub struct CreateGroupRule;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateGroupRuleInput {
    /// 1–50 characters.
    #[schemars(length(min = 1, max = 50))]
    pub name: String,
    /// An Okta expression on the user's profile, e.g. `user.department == "Engineering"`.
    #[schemars(length(min = 1))]
    pub expression: String,
    /// Groups that matching users are added to.
    #[schemars(length(min = 1))]
    pub group_ids: Vec<String>,
    /// Users the rule never adds.
    #[serde(default)]
    pub excluded_user_ids: Vec<String>,
    /// Activate at once; Okta creates rules INACTIVE.
    #[serde(default)]
    pub activate: bool,
}

fn body(name: &str, expression: &str, group_ids: &Value, excluded: &[String]) -> Value {
    json!({
        "type": "group_rule",
        "name": name,
        "conditions": {"people": {"users": {"exclude": excluded}}, "expression": {"value": expression, "type": EXPRESSION_TYPE}},
        "actions": {"assignUserToGroups": {"groupIds": group_ids}},
    })
}

fn check_ids(path: &str, ids: &[String]) -> Result<()> {
    match ids.iter().position(|g| g.trim().is_empty()) {
        Some(i) => Err(Error::invalid(format!("{path}.{i}"), "must not be empty")),
        None => Ok(()),
    }
}

fn check_name(name: &str) -> Result<()> {
    non_empty("name", name)?;
    if name.chars().count() > 50 {
        return Err(Error::invalid("name", "must be at most 50 characters"));
    }
    Ok(())
}

impl Action for CreateGroupRule {
    const KEY: &'static str = "create-group-rule";
    const LABEL: &'static str = "Create Group Rule";
    const DESCRIPTION: &'static str = "Creates a group rule: users whose profile matches the expression (and who are not excluded) are added to the target groups while the rule is ACTIVE. Okta creates it INACTIVE unless `activate` is set.";
    const FLAGS: Flags = CREATE;
    type Input = CreateGroupRuleInput;
    type Output = Raw<GroupRule>;

    fn validate(input: &CreateGroupRuleInput) -> Result<()> {
        check_name(&input.name)?;
        non_empty("expression", &input.expression)?;
        if input.group_ids.is_empty() {
            return Err(Error::invalid("groupIds", "give at least one target group"));
        }
        check_ids("groupIds", &input.group_ids)?;
        check_ids("excludedUserIds", &input.excluded_user_ids)
    }

    fn run(okta: &Okta, input: CreateGroupRuleInput) -> Result<Raw<GroupRule>> {
        let (id, rule) = group_rules::create(okta, &body(input.name.trim(), &input.expression, &json!(input.group_ids), &input.excluded_user_ids))?;
        if !input.activate {
            return Ok(rule);
        }
        group_rules::lifecycle(okta, &id, "activate")?;
        group_rules::get(okta, &id)
    }
}

pub struct GetGroupRule;

impl Action for GetGroupRule {
    const KEY: &'static str = "get-group-rule";
    const LABEL: &'static str = "Get Group Rule";
    const DESCRIPTION: &'static str = "Reads one group rule by id.";
    const FLAGS: Flags = READ;
    type Input = RuleRef;
    type Output = Raw<GroupRule>;

    fn validate(input: &RuleRef) -> Result<()> {
        non_empty("ruleId", &input.rule_id)
    }

    fn run(okta: &Okta, input: RuleRef) -> Result<Raw<GroupRule>> {
        group_rules::get(okta, input.rule_id.trim())
    }
}

pub struct ListGroupRules;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListGroupRulesInput {
    /// Keyword matched against rule names.
    #[serde(default)]
    pub search: Option<String>,
    /// Rules per page (1–200; Okta's default 50).
    #[serde(default)]
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u32>,
    #[serde(default)]
    pub after: Option<String>,
    /// Follow every page (up to 100).
    #[serde(default)]
    pub fetch_all: bool,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListGroupRulesOutput {
    pub next_cursor: Option<String>,
    #[schemars(with = "Vec<GroupRule>")]
    pub rules: Vec<RawItem>,
}

impl Action for ListGroupRules {
    const KEY: &'static str = "list-group-rules";
    const LABEL: &'static str = "List Group Rules";
    const DESCRIPTION: &'static str = "Lists the org's group rules, optionally those whose name matches a keyword.";
    const FLAGS: Flags = READ;
    type Input = ListGroupRulesInput;
    type Output = ListGroupRulesOutput;

    fn validate(input: &ListGroupRulesInput) -> Result<()> {
        super::in_range("limit", input.limit, 1, 200)
    }

    fn run(okta: &Okta, input: ListGroupRulesInput) -> Result<ListGroupRulesOutput> {
        let known = [("search", input.search), ("limit", input.limit.map(|l| l.to_string())), ("after", input.after)];
        let query = super::query_of(known);
        let listing = group_rules::list(okta, &query, super::pages(input.fetch_all))?;
        Ok(ListGroupRulesOutput { rules: listing.items, next_cursor: listing.next_cursor })
    }
}

pub struct UpdateGroupRule;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"ruleId": "<ruleId>", "expression": "user.department == \"Engineering\""}))]
pub struct UpdateGroupRuleInput {
    /// The rule's id (`0pr…`).
    #[schemars(length(min = 1))]
    pub rule_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub expression: Option<String>,
    /// Replaces the excluded users.
    #[serde(default)]
    pub excluded_user_ids: Option<Vec<String>>,
    /// Okta updates only INACTIVE rules: with `true` an ACTIVE rule is deactivated, updated and activated again.
    #[serde(default)]
    pub deactivate_first: bool,
}

impl Action for UpdateGroupRule {
    const KEY: &'static str = "update-group-rule";
    const LABEL: &'static str = "Update Group Rule";
    const DESCRIPTION: &'static str = "Changes a group rule's name, expression or excluded users (Okta does not change its target groups). Okta updates only INACTIVE rules: an ACTIVE one is refused with `conflict`, unless `deactivateFirst` deactivates, updates and reactivates it.";
    const FLAGS: Flags = Flags { read_only: false, destructive: false, idempotent: true };
    type Input = UpdateGroupRuleInput;
    type Output = Raw<GroupRule>;

    fn validate(input: &UpdateGroupRuleInput) -> Result<()> {
        non_empty("ruleId", &input.rule_id)?;
        if let Some(name) = &input.name {
            check_name(name)?;
        }
        if let Some(e) = &input.expression {
            non_empty("expression", e)?;
        }
        if let Some(ids) = &input.excluded_user_ids {
            check_ids("excludedUserIds", ids)?;
        }
        if input.name.is_none() && input.expression.is_none() && input.excluded_user_ids.is_none() {
            return Err(Error::invalid("name", "give `name`, `expression` or `excludedUserIds` to change"));
        }
        Ok(())
    }

    fn run(okta: &Okta, input: UpdateGroupRuleInput) -> Result<Raw<GroupRule>> {
        let id = input.rule_id.trim();
        let current: Value = group_rules::get(okta, id)?;
        let active = current["status"] == "ACTIVE";
        if active && !input.deactivate_first {
            let message = format!("group rule {id} is ACTIVE and Okta updates only INACTIVE rules: deactivate it first, or set `deactivateFirst: true`");
            return Err(Error::Conflict(Detail { message, okta: None }));
        }
        let conditions = &current["conditions"];
        let name = input.name.as_deref().map(str::trim).or(current["name"].as_str()).unwrap_or_default().to_string();
        let expression = input.expression.unwrap_or_else(|| conditions.pointer("/expression/value").and_then(Value::as_str).unwrap_or_default().to_string());
        let excluded = input.excluded_user_ids.unwrap_or_else(|| {
            let ids = conditions.pointer("/people/users/exclude").and_then(Value::as_array).cloned().unwrap_or_default();
            ids.iter().filter_map(Value::as_str).map(str::to_string).collect()
        });
        let groups = current.pointer("/actions/assignUserToGroups/groupIds").cloned().unwrap_or(json!([]));
        if active {
            group_rules::lifecycle(okta, id, "deactivate")?;
        }
        let updated = group_rules::replace(okta, id, &body(&name, &expression, &groups, &excluded))?;
        if !active {
            return Ok(updated);
        }
        group_rules::lifecycle(okta, id, "activate")?;
        group_rules::get(okta, id)
    }
}

pub struct DeleteGroupRule;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteGroupRuleInput {
    /// The rule's id (`0pr…`).
    #[schemars(length(min = 1))]
    pub rule_id: String,
    /// Also remove the users the rule added from its groups.
    #[serde(default)]
    pub remove_users: bool,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeleteGroupRuleOutput {
    pub rule_id: String,
    pub deleted: bool,
    pub users_removed: bool,
}

impl Action for DeleteGroupRule {
    const KEY: &'static str = "delete-group-rule";
    const LABEL: &'static str = "Delete Group Rule";
    const DESCRIPTION: &'static str = "Deletes a group rule; the users it added stay in its groups unless `removeUsers` is set.";
    const FLAGS: Flags = Flags { read_only: false, destructive: true, idempotent: false };
    type Input = DeleteGroupRuleInput;
    type Output = DeleteGroupRuleOutput;

    fn validate(input: &DeleteGroupRuleInput) -> Result<()> {
        non_empty("ruleId", &input.rule_id)
    }

    fn run(okta: &Okta, input: DeleteGroupRuleInput) -> Result<DeleteGroupRuleOutput> {
        let rule_id = input.rule_id.trim().to_string();
        group_rules::delete(okta, &rule_id, input.remove_users)?;
        Ok(DeleteGroupRuleOutput { rule_id, deleted: true, users_removed: input.remove_users })
    }
}

/// Activate and deactivate, which differ only in data.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))] // descriptors are read by the native catalogue generator
pub struct RuleLifecycleOp {
    key: &'static str,
    label: &'static str,
    description: &'static str,
    flags: Flags,
    op: &'static str,
}

pub const RULE_LIFECYCLE: [RuleLifecycleOp; 2] = [
    RuleLifecycleOp { key: "activate-group-rule", label: "Activate Group Rule", op: "activate",
        flags: Flags { read_only: false, destructive: false, idempotent: true },
        description: "Activates a group rule: Okta evaluates every user against it and adds those who match to its groups." },
    RuleLifecycleOp { key: "deactivate-group-rule", label: "Deactivate Group Rule", op: "deactivate",
        flags: Flags { read_only: false, destructive: true, idempotent: true },
        description: "Deactivates a group rule: it stops adding users; those it added stay in its groups." },
];

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RuleStatusOutput {
    pub rule_id: String,
    /// The status the rule has now, read back after the call.
    pub status: String,
}

/// The one handler behind every row of `RULE_LIFECYCLE`.
pub struct RuleLifecycle<const I: usize>;

impl<const I: usize> Action for RuleLifecycle<I> {
    const KEY: &'static str = RULE_LIFECYCLE[I].key;
    const LABEL: &'static str = RULE_LIFECYCLE[I].label;
    const DESCRIPTION: &'static str = RULE_LIFECYCLE[I].description;
    const FLAGS: Flags = RULE_LIFECYCLE[I].flags;
    type Input = RuleRef;
    type Output = RuleStatusOutput;

    fn validate(input: &RuleRef) -> Result<()> {
        non_empty("ruleId", &input.rule_id)
    }

    fn run(okta: &Okta, input: RuleRef) -> Result<RuleStatusOutput> {
        let id = input.rule_id.trim();
        group_rules::lifecycle(okta, id, RULE_LIFECYCLE[I].op)?;
        let rule: Value = group_rules::get(okta, id)?;
        Ok(RuleStatusOutput { rule_id: id.to_string(), status: rule["status"].as_str().unwrap_or_default().to_string() })
    }
}
