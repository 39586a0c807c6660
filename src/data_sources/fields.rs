//! Which input fields take their options or schema from which data source, as the JSON Schema
//! extension keyword `x-okta-data-source` on the field's property (documented in README.md):
//!
//! ```json
//! "factorId": {"type": "string", "x-okta-data-source": {"key": "user-factors", "dependsOn": ["userId"]}}
//! ```
//!
//! `key` names a data source of the catalogue; `dependsOn` lists fields of the same input whose values
//! the host passes to the data source under the same names (the catalogue uses one name per concept);
//! `input` holds fixed data-source inputs. The catalogue names inputs by concept, so one table here
//! annotates every action by field name: new actions get their pickers without any edit.

use serde_json::{json, Map, Value};

/// The extension keyword.
pub const KEYWORD: &str = "x-okta-data-source";

/// The input an annotation is made for: the action's key and its top-level fields.
struct Form<'a> {
    action: &'a str,
    fields: &'a Map<String, Value>,
}

impl Form<'_> {
    fn has(&self, field: &str) -> bool {
        self.fields.contains_key(field)
    }
}

/// One row: fields with this name take `source` when `when` holds and the `requires` fields exist.
struct Rule {
    fields: &'static [&'static str],
    when: fn(&Form) -> bool,
    source: &'static str,
    /// Depended-on fields without which the source cannot answer; the rule is skipped when one is missing.
    requires: &'static [&'static str],
    /// Depended-on fields used when the input has them.
    optional: &'static [&'static str],
    /// Fixed boolean inputs of the data source.
    input: &'static [(&'static str, bool)],
}

const fn rule(fields: &'static [&'static str], source: &'static str) -> Rule {
    Rule { fields, when: |_| true, source, requires: &[], optional: &[], input: &[] }
}

/// First matching row wins per field.
const RULES: &[Rule] = &[
    // Reading, changing or removing an app assignment picks among the app's assigned users.
    Rule { when: |f| !f.action.starts_with("assign"), requires: &["appId"], ..rule(&["userId"], "app-users") },
    rule(&["userId", "userIds", "excludedUserIds"], "users"),
    // Removing a user from a group picks among the user's groups.
    Rule { when: |f| f.action.starts_with("remove"), requires: &["userId"], ..rule(&["groupId"], "user-groups") },
    rule(&["groupId", "groupIds"], "groups"),
    rule(&["appId"], "applications"),
    rule(&["typeId"], "user-types"),
    rule(&["realmId"], "realms"),
    Rule { optional: &["type"], ..rule(&["policyId"], "policies") },
    Rule { requires: &["userId"], ..rule(&["factorId"], "user-factors") },
    rule(&["eventHookId"], "event-hooks"),
    rule(&["eventTypes", "events"], "event-types"),
    // Profiles: an app assignment's follows the app, a group's the group schema, a user's the user type.
    Rule { requires: &["appId"], ..rule(&["profile"], "app-user-schema") },
    Rule { when: |f| f.action.contains("group"), ..rule(&["profile"], "group-profile-schema") },
    // A user action that splits the profile into fixed base fields and extra attributes takes the
    // org's custom attributes in the extra ones; otherwise the whole profile follows the schema.
    Rule { when: |f| f.action.contains("user") && !f.has("profileExtraAttributes"), optional: &["typeId", "userId"], ..rule(&["profile"], "user-profile-schema") },
    Rule { when: |f| f.action.contains("group"), input: &[("customOnly", true)], ..rule(&["profileExtraAttributes"], "group-profile-schema") },
    Rule { when: |f| f.action.contains("user"), optional: &["typeId", "userId"], input: &[("customOnly", true)], ..rule(&["profileExtraAttributes"], "user-profile-schema") },
];

/// An action's input (or a trigger's config) schema with every field the table knows annotated.
pub fn annotated(action: &str, schema: impl Into<Value>) -> Value {
    let mut schema: Value = schema.into();
    let Some(props) = schema.get("properties").and_then(Value::as_object).cloned() else {
        return schema;
    };
    let form = Form { action, fields: &props };
    for name in props.keys() {
        let matching = RULES.iter().find(|r| r.fields.contains(&name.as_str()) && r.requires.iter().all(|f| form.has(f)) && (r.when)(&form));
        let (Some(rule), Some(property)) = (matching, schema["properties"][name].as_object_mut()) else { continue };
        let mut pointer = json!({"key": rule.source});
        let depends: Vec<&str> = rule.requires.iter().chain(rule.optional).copied().filter(|f| form.has(f)).collect();
        if !depends.is_empty() {
            pointer["dependsOn"] = json!(depends);
        }
        if !rule.input.is_empty() {
            pointer["input"] = rule.input.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<Map<String, Value>>().into();
        }
        property.insert(KEYWORD.into(), pointer);
    }
    schema
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn annotate(action: &str, props: serde_json::Value) -> serde_json::Value {
        super::annotated(action, json!({"type": "object", "properties": props}))["properties"].clone()
    }

    #[test]
    fn fields_are_annotated_by_name_with_their_dependencies() {
        let p = annotate("reset-factor", json!({"userId": {"type": "string"}, "factorId": {"type": "string"}}));
        assert_eq!(p["userId"]["x-okta-data-source"], json!({"key": "users"}));
        assert_eq!(p["factorId"]["x-okta-data-source"], json!({"key": "user-factors", "dependsOn": ["userId"]}));
        let p = annotate("get-factor", json!({"factorId": {"type": "string"}}));
        assert!(p["factorId"].get("x-okta-data-source").is_none(), "no userId to depend on");
        let p = annotate("update-app-user", json!({"appId": {}, "userId": {}, "profile": {}}));
        assert_eq!(p["userId"]["x-okta-data-source"]["key"], "app-users");
        assert_eq!(p["profile"]["x-okta-data-source"], json!({"key": "app-user-schema", "dependsOn": ["appId"]}));
        let p = annotate("create-user", json!({"profile": {"$ref": "#/$defs/NewProfile"}, "profileExtraAttributes": {}, "typeId": {}}));
        assert!(p["profile"].get("x-okta-data-source").is_none());
        assert_eq!(p["profileExtraAttributes"]["x-okta-data-source"], json!({"key": "user-profile-schema", "dependsOn": ["typeId"], "input": {"customOnly": true}}));
        let p = annotate("update-group", json!({"groupId": {}, "profile": {}, "profileExtraAttributes": {}}));
        assert_eq!(p["profileExtraAttributes"]["x-okta-data-source"], json!({"key": "group-profile-schema", "input": {"customOnly": true}}));
    }
}
