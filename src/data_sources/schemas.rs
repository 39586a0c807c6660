//! Dynamic schemas: the org's profile schemas (user per user type, group, an app's user) as JSON Schema
//! a host renders as fields, with titles, types, enums, length limits, required-ness and read-only
//! attributes as Okta declares them.

use super::{Need, Source};
use crate::error::Result;
use crate::http::Okta;
use crate::okta::meta::{self, Attribute, Schema};
use crate::okta::users;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};
use std::collections::BTreeMap;

/// Which schema to answer.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SchemaInput {
    /// User type id (`oty…`): that type's schema. Wins over `userId`.
    #[serde(default)]
    pub type_id: Option<String>,
    /// A user (id or login): the schema of the user's type.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The app whose app-user profile schema to answer.
    #[serde(default)]
    pub app_id: Option<String>,
    /// Only the custom attributes: for fields that take the attributes beyond a fixed base profile.
    #[serde(default)]
    pub custom_only: bool,
}

/// Fields of [`SchemaInput`] that name the object the schema belongs to.
#[cfg(not(target_arch = "wasm32"))]
pub const PARENTS: &[&str] = &["typeId", "userId", "appId"];
/// Fields of [`SchemaInput`] every schema source accepts.
pub const COMMON: &[&str] = &["customOnly"];

/// A profile as JSON Schema (draft 2020-12). Okta refuses attributes its schema does not declare.
#[derive(Serialize, JsonSchema)]
pub struct ProfileSchema {
    #[serde(rename = "$schema")]
    pub dialect: String,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub properties: BTreeMap<String, Property>,
    pub required: Vec<String>,
    #[serde(rename = "additionalProperties")]
    pub additional_properties: bool,
}

/// One profile attribute as a JSON Schema property.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Property {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// string, boolean, integer, number or array.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Value>,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enumeration: Option<Vec<Value>>,
    /// `{const, title}` display names of the `enum` values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Okta's format name (`email`, `uri`, `date-time`, `country-code`, `locale`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Okta's `mutability: READ_ONLY`: shown, never sent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// Okta's `mutability: WRITE_ONLY`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub write_only: bool,
}

pub struct SchemaSource {
    pub source: Source,
    fetch: fn(&Okta, &SchemaInput) -> Result<Schema>,
}

/// Every dynamic schema, in catalogue order.
pub const SCHEMAS: &[SchemaSource] = &[
    SchemaSource {
        source: Source::schema_of(
            "user-profile-schema",
            "User Profile Schema",
            "The user profile schema of a user type (`typeId`, or the type of `userId`; the default type otherwise): base and custom attributes.",
            &[],
            &[Need::Optional("typeId"), Need::Optional("userId")],
        ),
        fetch: |okta, input| {
            let type_id = match (&input.type_id, &input.user_id) {
                (Some(t), _) => Some(t.clone()),
                (None, Some(u)) => users::get::<users::User>(okta, u, None)?.user_type.and_then(|t| t["id"].as_str().map(str::to_string)),
                (None, None) => None,
            };
            let schema_id = match type_id {
                Some(t) => meta::user_type(okta, &t)?.schema_id()?,
                None => "default".to_string(),
            };
            meta::user_schema(okta, &schema_id)
        },
    },
    SchemaSource {
        source: Source::schema_of("group-profile-schema", "Group Profile Schema", "The group profile schema: base and custom attributes.", &[], &[]),
        fetch: |okta, _| meta::group_schema(okta),
    },
    SchemaSource {
        source: Source::schema_of(
            "app-user-schema",
            "Application User Schema",
            "The app user profile schema of an app (`appId`), for app assignment, app profile and app credential updates.",
            &["Update Application Credentials for an Assigned User"],
            &[Need::Required("appId")],
        ),
        fetch: |okta, input| meta::app_user_schema(okta, input.app_id.as_deref().unwrap_or_default()),
    },
];

pub fn run(okta: &Okta, source: &SchemaSource, input: SchemaInput) -> Result<ProfileSchema> {
    let schema = (source.fetch)(okta, &input)?;
    Ok(convert(schema, input.custom_only))
}

/// Okta's base and custom definitions as one JSON Schema object.
fn convert(schema: Schema, custom_only: bool) -> ProfileSchema {
    let defs = schema.definitions;
    let sections = if custom_only { vec![defs.custom] } else { vec![defs.base, defs.custom] };
    let mut properties = BTreeMap::new();
    let mut required = Vec::new();
    for section in sections {
        for (name, def) in section.properties {
            let attr: Attribute = serde_json::from_value(def).unwrap_or_default();
            if attr.required == Some(true) || section.required.contains(&name) {
                required.push(name.clone());
            }
            properties.insert(name.clone(), property(&name, attr));
        }
    }
    ProfileSchema {
        dialect: "https://json-schema.org/draft/2020-12/schema".into(),
        title: schema.title.unwrap_or_else(|| "Profile".into()),
        kind: "object".into(),
        properties,
        required,
        additional_properties: false,
    }
}

fn property(name: &str, a: Attribute) -> Property {
    let mutability = a.mutability.as_deref();
    Property {
        title: a.title.unwrap_or_else(|| name.to_string()),
        description: a.description,
        kind: a.kind,
        items: a.items,
        enumeration: a.enumeration,
        one_of: a.one_of,
        min_length: a.min_length,
        max_length: a.max_length,
        minimum: a.minimum,
        maximum: a.maximum,
        pattern: a.pattern,
        format: a.format,
        default: a.default,
        read_only: mutability == Some("READ_ONLY"),
        write_only: mutability == Some("WRITE_ONLY"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn okta_definitions_become_one_json_schema() {
        let okta = json!({"title": "User", "definitions": {
            "base": {"properties": {"login": {"title": "Username", "type": "string", "required": true, "minLength": 5, "maxLength": 100}}, "required": ["login"]},
            "custom": {"properties": {
                "badge": {"title": "Badge", "type": "string", "maxLength": 20, "mutability": "READ_ONLY"},
                "size": {"title": "Size", "type": "string", "enum": ["S", "M"], "oneOf": [{"const": "S", "title": "Small"}, {"const": "M", "title": "Medium"}]}},
                "required": ["size"]}}});
        let schema = super::convert(serde_json::from_value(okta.clone()).unwrap(), false);
        let v = serde_json::to_value(&schema).unwrap();
        assert_eq!(v["required"], json!(["login", "size"]));
        assert_eq!(v["properties"]["login"]["maxLength"], 100);
        assert_eq!(v["properties"]["badge"]["readOnly"], true);
        assert_eq!(v["properties"]["size"]["oneOf"][1]["title"], "Medium");
        assert!(v["properties"]["login"].get("readOnly").is_none());
        let custom = serde_json::to_value(super::convert(serde_json::from_value(okta).unwrap(), true)).unwrap();
        assert!(custom["properties"].get("login").is_none() && custom["properties"].get("badge").is_some());
    }
}
