//! Policy and policy-rule writes (create, update, activate, deactivate, delete) and an app's sign-in
//! policy. `conditions`, `settings` and `actions` differ per type and pass through as JSON objects; the
//! connector checks what it can know: the type, the names, priorities, and which `actions` a rule of the
//! policy's type takes.

use super::non_empty;
use crate::error::{Error, Result};
use crate::http::Okta;
use crate::okta::policies::{self, Policy, PolicyRule};
use crate::okta::Raw;
use crate::registry::{Action, Flags, CREATE, READ, UPDATE};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Okta takes policy (and rule) names of at most 50 characters.
const MAX_NAME: usize = 50;

/// The types a flow creates policies of.
#[derive(Deserialize, Serialize, JsonSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PolicyType {
    /// Global session policy.
    OktaSignOn,
    Password,
    /// Authenticator enrollment policy.
    MfaEnroll,
    /// App sign-in policy; assign it to apps with `assign-application-policy`.
    AccessPolicy,
    /// User profile policy (one rule, its default).
    ProfileEnrollment,
}

fn check_name(path: &str, name: &str) -> Result<()> {
    non_empty(path, name)?;
    if name.trim().chars().count() > MAX_NAME {
        return Err(Error::invalid(path, format!("must be at most {MAX_NAME} characters")));
    }
    Ok(())
}

/// A JSON body of the given fields, leaving out those not given.
fn object(fields: impl IntoIterator<Item = (&'static str, Option<Value>)>) -> Value {
    Value::Object(fields.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))).collect())
}

/// Which policy an action is about.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyRef {
    /// The policy's id (`00p…`, `rst…` for app sign-in policies).
    #[schemars(length(min = 1))]
    pub policy_id: String,
}

pub struct CreatePolicy;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePolicyInput {
    #[serde(rename = "type")]
    pub policy_type: PolicyType,
    /// 1–50 characters, unique among the org's policies of this type.
    #[schemars(length(min = 1, max = 50))]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Place in the evaluation order (1 is first); Okta's default puts it last, before the default policy.
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub priority: Option<u32>,
    /// Okta's policy conditions for the type, e.g. `{"people": {"groups": {"include": ["00g…"]}}}`.
    #[serde(default)]
    pub conditions: Option<Map<String, Value>>,
    /// Okta's policy settings for the type (password complexity, authenticators, …).
    #[serde(default)]
    pub settings: Option<Map<String, Value>>,
    /// Create it ACTIVE (Okta's default); `false` creates it INACTIVE.
    #[serde(default = "yes")]
    pub activate: bool,
}

fn yes() -> bool {
    true
}

fn check_priority(priority: Option<u32>) -> Result<()> {
    match priority {
        Some(0) => Err(Error::invalid("priority", "must be at least 1")),
        _ => Ok(()),
    }
}

impl Action for CreatePolicy {
    const KEY: &'static str = "create-policy";
    const LABEL: &'static str = "Create Policy";
    const DESCRIPTION: &'static str = "Creates a policy of one of the common types (global session, password, authenticator enrollment, app sign-in, user profile). An app sign-in policy starts with its catch-all rule; add rules with `create-policy-rule`.";
    const FLAGS: Flags = CREATE;
    type Input = CreatePolicyInput;
    type Output = Raw<Policy>;

    fn validate(input: &CreatePolicyInput) -> Result<()> {
        check_name("name", &input.name)?;
        check_priority(input.priority)
    }

    fn run(okta: &Okta, input: CreatePolicyInput) -> Result<Raw<Policy>> {
        let body = object([
            ("type", Some(json!(input.policy_type))),
            ("name", Some(json!(input.name.trim()))),
            ("description", input.description.map(Value::String)),
            ("priority", input.priority.map(Value::from)),
            ("conditions", input.conditions.map(Value::Object)),
            ("settings", input.settings.map(Value::Object)),
        ]);
        policies::create(okta, &body, input.activate)
    }
}

pub struct UpdatePolicy;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"policyId": "<policyId>", "description": "Sign-on for contractors", "priority": 2}))]
pub struct UpdatePolicyInput {
    /// The policy's id.
    #[schemars(length(min = 1))]
    pub policy_id: String,
    #[serde(default)]
    #[schemars(length(min = 1, max = 50))]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// New place in the evaluation order (a default policy's is read-only).
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub priority: Option<u32>,
    /// Replaces the policy's conditions.
    #[serde(default)]
    pub conditions: Option<Map<String, Value>>,
    /// Replaces the policy's settings.
    #[serde(default)]
    pub settings: Option<Map<String, Value>>,
}

impl Action for UpdatePolicy {
    const KEY: &'static str = "update-policy";
    const LABEL: &'static str = "Update Policy";
    const DESCRIPTION: &'static str = "Changes a policy's name, description, priority, conditions or settings; what is not given stays as it is (Okta's PUT replaces the policy, so the connector reads it first).";
    const FLAGS: Flags = UPDATE;
    type Input = UpdatePolicyInput;
    type Output = Raw<Policy>;

    fn validate(input: &UpdatePolicyInput) -> Result<()> {
        non_empty("policyId", &input.policy_id)?;
        if let Some(name) = &input.name {
            check_name("name", name)?;
        }
        check_priority(input.priority)?;
        let given = [input.name.is_some(), input.description.is_some(), input.priority.is_some(), input.conditions.is_some(), input.settings.is_some()];
        if !given.contains(&true) {
            return Err(Error::invalid("name", "give `name`, `description`, `priority`, `conditions` or `settings` to change"));
        }
        Ok(())
    }

    fn run(okta: &Okta, input: UpdatePolicyInput) -> Result<Raw<Policy>> {
        let id = input.policy_id.trim();
        let current: Value = policies::get(okta, id, None)?;
        let keep = |field: &str| current.get(field).filter(|v| !v.is_null()).cloned();
        let body = object([
            ("type", keep("type")),
            ("name", input.name.map(|n| json!(n.trim())).or_else(|| keep("name"))),
            ("description", input.description.map(Value::String).or_else(|| keep("description"))),
            ("priority", input.priority.map(Value::from).or_else(|| keep("priority"))),
            ("conditions", input.conditions.map(Value::Object).or_else(|| keep("conditions"))),
            ("settings", input.settings.map(Value::Object).or_else(|| keep("settings"))),
        ]);
        policies::replace(okta, id, &body)
    }
}

pub struct DeletePolicy;

/// What the deletion did.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeletePolicyOutput {
    pub policy_id: String,
    /// Always true: failures are errors.
    pub deleted: bool,
}

impl Action for DeletePolicy {
    const KEY: &'static str = "delete-policy";
    const LABEL: &'static str = "Delete Policy";
    const DESCRIPTION: &'static str = "Deletes a policy and its rules. Okta refuses the default policy of a type, and an app sign-in policy that apps still use.";
    const FLAGS: Flags = Flags { read_only: false, destructive: true, idempotent: false };
    type Input = PolicyRef;
    type Output = DeletePolicyOutput;

    fn validate(input: &PolicyRef) -> Result<()> {
        non_empty("policyId", &input.policy_id)
    }

    fn run(okta: &Okta, input: PolicyRef) -> Result<DeletePolicyOutput> {
        let policy_id = input.policy_id.trim().to_string();
        policies::delete(okta, &policy_id)?;
        Ok(DeletePolicyOutput { policy_id, deleted: true })
    }
}

/// One activate/deactivate call: the same input and handler, differing only in data.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))] // descriptors are read by the native catalogue generator
pub struct LifecycleOp {
    key: &'static str,
    label: &'static str,
    description: &'static str,
    flags: Flags,
    op: &'static str,
}

const ACTIVATE: Flags = UPDATE;
const DEACTIVATE: Flags = Flags { read_only: false, destructive: true, idempotent: true };

pub const POLICY_LIFECYCLE: [LifecycleOp; 2] = [
    LifecycleOp { key: "activate-policy", label: "Activate Policy", op: "activate", flags: ACTIVATE,
        description: "Activates a policy so Okta evaluates it (by priority) for the users its conditions match." },
    LifecycleOp { key: "deactivate-policy", label: "Deactivate Policy", op: "deactivate", flags: DEACTIVATE,
        description: "Deactivates a policy: Okta skips it. Okta refuses the default policy of a type, and an app sign-in policy that apps use." },
];

/// A policy's status, read back after a lifecycle call (Okta answers 204).
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyStatusOutput {
    pub policy_id: String,
    /// ACTIVE or INACTIVE.
    pub status: String,
}

fn status_of(v: &Value) -> String {
    v["status"].as_str().unwrap_or_default().to_string()
}

/// The one handler behind every row of `POLICY_LIFECYCLE`.
pub struct PolicyLifecycle<const I: usize>;

impl<const I: usize> Action for PolicyLifecycle<I> {
    const KEY: &'static str = POLICY_LIFECYCLE[I].key;
    const LABEL: &'static str = POLICY_LIFECYCLE[I].label;
    const DESCRIPTION: &'static str = POLICY_LIFECYCLE[I].description;
    const FLAGS: Flags = POLICY_LIFECYCLE[I].flags;
    type Input = PolicyRef;
    type Output = PolicyStatusOutput;

    fn validate(input: &PolicyRef) -> Result<()> {
        non_empty("policyId", &input.policy_id)
    }

    fn run(okta: &Okta, input: PolicyRef) -> Result<PolicyStatusOutput> {
        let id = input.policy_id.trim();
        policies::lifecycle(okta, id, None, POLICY_LIFECYCLE[I].op)?;
        let policy: Value = policies::get(okta, id, None)?;
        Ok(PolicyStatusOutput { policy_id: id.to_string(), status: status_of(&policy) })
    }
}

pub struct ListPolicyRules;

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListPolicyRulesOutput {
    /// In priority order; the default rule (`system: true`) last.
    pub rules: Vec<Raw<PolicyRule>>,
}

impl Action for ListPolicyRules {
    const KEY: &'static str = "list-policy-rules";
    const LABEL: &'static str = "List Policy Rules";
    const DESCRIPTION: &'static str = "Lists a policy's rules in priority order.";
    const FLAGS: Flags = READ;
    type Input = PolicyRef;
    type Output = ListPolicyRulesOutput;

    fn validate(input: &PolicyRef) -> Result<()> {
        non_empty("policyId", &input.policy_id)
    }

    fn run(okta: &Okta, input: PolicyRef) -> Result<ListPolicyRulesOutput> {
        Ok(ListPolicyRulesOutput { rules: policies::rules(okta, input.policy_id.trim())? })
    }
}

/// Which rule of which policy.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyRuleRef {
    /// The policy's id.
    #[schemars(length(min = 1))]
    pub policy_id: String,
    /// The rule's id (`0pr…`).
    #[schemars(length(min = 1))]
    pub rule_id: String,
}

fn check_rule_ref(input: &PolicyRuleRef) -> Result<()> {
    non_empty("policyId", &input.policy_id)?;
    non_empty("ruleId", &input.rule_id)
}

pub struct GetPolicyRule;

impl Action for GetPolicyRule {
    const KEY: &'static str = "get-policy-rule";
    const LABEL: &'static str = "Get Policy Rule";
    const DESCRIPTION: &'static str = "Reads one rule of a policy.";
    const FLAGS: Flags = READ;
    type Input = PolicyRuleRef;
    type Output = Raw<PolicyRule>;

    fn validate(input: &PolicyRuleRef) -> Result<()> {
        check_rule_ref(input)
    }

    fn run(okta: &Okta, input: PolicyRuleRef) -> Result<Raw<PolicyRule>> {
        policies::rule(okta, input.policy_id.trim(), input.rule_id.trim())
    }
}

/// The rule `type` a policy takes, and a refusal naming the first `actions` member a rule of that type
/// does not take: checked after reading the policy, before any write.
fn rule_type_for(policy_type: &str, actions: Option<&Map<String, Value>>) -> Result<&'static str> {
    let Some(&(_, rule_type, keys)) = policies::writable(policy_type) else {
        return Err(Error::invalid("policyId", format!("the rules of a {policy_type} policy are read-only")));
    };
    match actions.into_iter().flat_map(Map::keys).find(|k| !keys.contains(&k.as_str())) {
        Some(key) => Err(Error::invalid(format!("actions.{key}"), format!("a {rule_type} rule takes the actions {}", keys.join(", ")))),
        None => Ok(rule_type),
    }
}

pub struct CreatePolicyRule;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePolicyRuleInput {
    /// The policy's id; the rule gets the policy's rule type.
    #[schemars(length(min = 1))]
    pub policy_id: String,
    /// 1–50 characters, unique within the policy.
    #[schemars(length(min = 1, max = 50))]
    pub name: String,
    /// Place among the policy's rules (1 is first); the default rule stays last.
    #[serde(default)]
    pub priority: Option<u32>,
    /// Okta's rule conditions, e.g. `{"people": {"groups": {"include": ["00g…"]}}, "network": {"connection": "ANYWHERE"}}`.
    #[serde(default)]
    pub conditions: Option<Map<String, Value>>,
    /// Okta's rule actions for the policy's type: `signon` (sign-on), `passwordChange`/`selfServicePasswordReset`/`selfServiceUnlock` (password), `enroll` (authenticator enrollment), `appSignOn` (app sign-in).
    #[serde(default)]
    pub actions: Option<Map<String, Value>>,
    /// Create it ACTIVE (Okta's default); `false` creates it INACTIVE.
    #[serde(default = "yes")]
    pub activate: bool,
}

impl Action for CreatePolicyRule {
    const KEY: &'static str = "create-policy-rule";
    const LABEL: &'static str = "Create Policy Rule";
    const DESCRIPTION: &'static str = "Adds a rule to a policy: its conditions pick the sign-ins it applies to, its actions what Okta then does. The rule takes the policy's type; actions of another type are refused before anything is written.";
    const FLAGS: Flags = CREATE;
    type Input = CreatePolicyRuleInput;
    type Output = Raw<PolicyRule>;

    fn validate(input: &CreatePolicyRuleInput) -> Result<()> {
        non_empty("policyId", &input.policy_id)?;
        check_name("name", &input.name)
    }

    fn run(okta: &Okta, input: CreatePolicyRuleInput) -> Result<Raw<PolicyRule>> {
        let policy_id = input.policy_id.trim();
        let policy: Value = policies::get(okta, policy_id, None)?;
        let rule_type = rule_type_for(policy["type"].as_str().unwrap_or_default(), input.actions.as_ref())?;
        let body = object([
            ("type", Some(json!(rule_type))),
            ("name", Some(json!(input.name.trim()))),
            ("priority", input.priority.map(Value::from)),
            ("conditions", input.conditions.map(Value::Object)),
            ("actions", input.actions.map(Value::Object)),
        ]);
        policies::create_rule(okta, policy_id, &body, input.activate)
    }
}

pub struct UpdatePolicyRule;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"policyId": "<policyId>", "ruleId": "<ruleId>", "name": "Require MFA off-network"}))]
pub struct UpdatePolicyRuleInput {
    #[schemars(length(min = 1))]
    pub policy_id: String,
    #[schemars(length(min = 1))]
    pub rule_id: String,
    #[serde(default)]
    #[schemars(length(min = 1, max = 50))]
    pub name: Option<String>,
    /// New place among the policy's rules (the default rule's is read-only).
    #[serde(default)]
    pub priority: Option<u32>,
    /// Replaces the rule's conditions.
    #[serde(default)]
    pub conditions: Option<Map<String, Value>>,
    /// Replaces the rule's actions (of the rule's type).
    #[serde(default)]
    pub actions: Option<Map<String, Value>>,
}

impl Action for UpdatePolicyRule {
    const KEY: &'static str = "update-policy-rule";
    const LABEL: &'static str = "Update Policy Rule";
    const DESCRIPTION: &'static str = "Changes a policy rule's name, priority, conditions or actions; what is not given stays as it is (Okta's PUT replaces the rule, so the connector reads it first).";
    const FLAGS: Flags = UPDATE;
    type Input = UpdatePolicyRuleInput;
    type Output = Raw<PolicyRule>;

    fn validate(input: &UpdatePolicyRuleInput) -> Result<()> {
        non_empty("policyId", &input.policy_id)?;
        non_empty("ruleId", &input.rule_id)?;
        if let Some(name) = &input.name {
            check_name("name", name)?;
        }
        let given = [input.name.is_some(), input.priority.is_some(), input.conditions.is_some(), input.actions.is_some()];
        if !given.contains(&true) {
            return Err(Error::invalid("name", "give `name`, `priority`, `conditions` or `actions` to change"));
        }
        Ok(())
    }

    fn run(okta: &Okta, input: UpdatePolicyRuleInput) -> Result<Raw<PolicyRule>> {
        let (policy_id, rule_id) = (input.policy_id.trim(), input.rule_id.trim());
        let current: Value = policies::rule(okta, policy_id, rule_id)?;
        rule_type_for(current["type"].as_str().unwrap_or_default(), input.actions.as_ref())?;
        let keep = |field: &str| current.get(field).filter(|v| !v.is_null()).cloned();
        let body = object([
            ("type", keep("type")),
            ("name", input.name.map(|n| json!(n.trim())).or_else(|| keep("name"))),
            ("priority", input.priority.map(Value::from).or_else(|| keep("priority"))),
            ("conditions", input.conditions.map(Value::Object).or_else(|| keep("conditions"))),
            ("actions", input.actions.map(Value::Object).or_else(|| keep("actions"))),
        ]);
        policies::replace_rule(okta, policy_id, rule_id, &body)
    }
}

pub struct DeletePolicyRule;

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeletePolicyRuleOutput {
    pub policy_id: String,
    pub rule_id: String,
    /// Always true: failures are errors.
    pub deleted: bool,
}

impl Action for DeletePolicyRule {
    const KEY: &'static str = "delete-policy-rule";
    const LABEL: &'static str = "Delete Policy Rule";
    const DESCRIPTION: &'static str = "Deletes a rule of a policy. Okta refuses a policy's default rule.";
    const FLAGS: Flags = Flags { read_only: false, destructive: true, idempotent: false };
    type Input = PolicyRuleRef;
    type Output = DeletePolicyRuleOutput;

    fn validate(input: &PolicyRuleRef) -> Result<()> {
        check_rule_ref(input)
    }

    fn run(okta: &Okta, input: PolicyRuleRef) -> Result<DeletePolicyRuleOutput> {
        let (policy_id, rule_id) = (input.policy_id.trim().to_string(), input.rule_id.trim().to_string());
        policies::delete_rule(okta, &policy_id, &rule_id)?;
        Ok(DeletePolicyRuleOutput { policy_id, rule_id, deleted: true })
    }
}

pub const RULE_LIFECYCLE: [LifecycleOp; 2] = [
    LifecycleOp { key: "activate-policy-rule", label: "Activate Policy Rule", op: "activate", flags: ACTIVATE,
        description: "Activates a policy rule so Okta evaluates it (by priority) within its policy." },
    LifecycleOp { key: "deactivate-policy-rule", label: "Deactivate Policy Rule", op: "deactivate", flags: DEACTIVATE,
        description: "Deactivates a policy rule: Okta skips it. Okta refuses a policy's default rule." },
];

/// A rule's status, read back after a lifecycle call (Okta answers 204).
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRuleStatusOutput {
    pub policy_id: String,
    pub rule_id: String,
    /// ACTIVE or INACTIVE.
    pub status: String,
}

/// The one handler behind every row of `RULE_LIFECYCLE`.
pub struct PolicyRuleLifecycle<const I: usize>;

impl<const I: usize> Action for PolicyRuleLifecycle<I> {
    const KEY: &'static str = RULE_LIFECYCLE[I].key;
    const LABEL: &'static str = RULE_LIFECYCLE[I].label;
    const DESCRIPTION: &'static str = RULE_LIFECYCLE[I].description;
    const FLAGS: Flags = RULE_LIFECYCLE[I].flags;
    type Input = PolicyRuleRef;
    type Output = PolicyRuleStatusOutput;

    fn validate(input: &PolicyRuleRef) -> Result<()> {
        check_rule_ref(input)
    }

    fn run(okta: &Okta, input: PolicyRuleRef) -> Result<PolicyRuleStatusOutput> {
        let (policy_id, rule_id) = (input.policy_id.trim(), input.rule_id.trim());
        policies::lifecycle(okta, policy_id, Some(rule_id), RULE_LIFECYCLE[I].op)?;
        let rule: Value = policies::rule(okta, policy_id, rule_id)?;
        Ok(PolicyRuleStatusOutput { policy_id: policy_id.to_string(), rule_id: rule_id.to_string(), status: status_of(&rule) })
    }
}

pub struct AssignApplicationPolicy;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignApplicationPolicyInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// An app sign-in (ACCESS_POLICY) policy's id (`rst…`).
    #[schemars(length(min = 1))]
    pub policy_id: String,
}

/// The app's sign-in policy, read back from the app after the assignment (Okta answers 204).
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AssignApplicationPolicyOutput {
    pub app_id: String,
    /// The id in the app's `accessPolicy` link.
    pub access_policy_id: String,
}

impl Action for AssignApplicationPolicy {
    const KEY: &'static str = "assign-application-policy";
    const LABEL: &'static str = "Assign Application Policy";
    const DESCRIPTION: &'static str = "Makes an app sign-in (ACCESS_POLICY) policy the app's sign-in policy, replacing the one it had.";
    const ALIASES: &'static [&'static str] = &["Assign App Sign-In Policy", "Assign Authentication Policy to Application"];
    const FLAGS: Flags = UPDATE;
    type Input = AssignApplicationPolicyInput;
    type Output = AssignApplicationPolicyOutput;

    fn validate(input: &AssignApplicationPolicyInput) -> Result<()> {
        non_empty("appId", &input.app_id)?;
        non_empty("policyId", &input.policy_id)
    }

    fn run(okta: &Okta, input: AssignApplicationPolicyInput) -> Result<AssignApplicationPolicyOutput> {
        let app_id = input.app_id.trim();
        policies::assign_to_app(okta, app_id, input.policy_id.trim())?;
        let app: Value = crate::okta::apps::get(okta, app_id, None)?;
        let href = app.pointer("/_links/accessPolicy/href").and_then(Value::as_str).unwrap_or_default();
        Ok(AssignApplicationPolicyOutput { app_id: app_id.to_string(), access_policy_id: href.rsplit('/').next().unwrap_or_default().to_string() })
    }
}
