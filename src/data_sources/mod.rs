//! Data sources: pickers (`{label, key}` options from the org, with search and a cursor) and dynamic
//! schemas (the org's profile schemas as JSON Schema), plus the annotation that tells a host which
//! input fields take their options or schema from which data source ([`fields`]).

mod fields;
mod pickers;
mod schemas;

use crate::connections::Connection;
use crate::error::{Error, Result};
use crate::input::parse_value;
use crate::registry::unknown;
#[cfg(not(target_arch = "wasm32"))]
use schemars::{JsonSchema, SchemaGenerator};
use serde::{de::DeserializeOwned, Serialize};
#[cfg(not(target_arch = "wasm32"))]
use serde_json::json;
use serde_json::Value;

pub use fields::annotated;

/// A parent field a data source reads from, e.g. the `userId` whose factors to list.
#[derive(Clone, Copy)]
pub enum Need {
    Required(&'static str),
    Optional(&'static str),
}

impl Need {
    fn field(self) -> &'static str {
        match self {
            Need::Required(f) | Need::Optional(f) => f,
        }
    }
}

/// What `describe` says about a data source (the descriptive fields are read by the native catalogue generator).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub struct Source {
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    /// Other products' names for the same dropdown or dynamic fields.
    pub aliases: &'static [&'static str],
    /// `options` (a picker) or `schema` (dynamic fields).
    pub kind: &'static str,
    /// The parent fields of the common input this source accepts; the other parent fields are refused.
    pub needs: &'static [Need],
}

impl Source {
    const fn options(key: &'static str, label: &'static str, description: &'static str, aliases: &'static [&'static str]) -> Source {
        Source::options_of(key, label, description, aliases, &[])
    }

    const fn options_of(key: &'static str, label: &'static str, description: &'static str, aliases: &'static [&'static str], needs: &'static [Need]) -> Source {
        Source { key, label, description, aliases, kind: "options", needs }
    }

    const fn schema_of(key: &'static str, label: &'static str, description: &'static str, aliases: &'static [&'static str], needs: &'static [Need]) -> Source {
        Source { key, label, description, aliases, kind: "schema", needs }
    }

    /// The common input's schema narrowed to this source: its own parent fields, the required ones required.
    #[cfg(not(target_arch = "wasm32"))]
    fn input_schema<I: JsonSchema>(&self, parents: &[&str]) -> Value {
        let mut schema = SchemaGenerator::default().root_schema_for::<I>().to_value();
        if let Some(props) = schema["properties"].as_object_mut() {
            props.retain(|name, _| !parents.contains(&name.as_str()) || self.needs.iter().any(|n| n.field() == name));
        }
        let required: Vec<&str> = self.needs.iter().filter_map(|n| matches!(n, Need::Required(_)).then(|| n.field())).collect();
        if !required.is_empty() {
            schema["required"] = json!(required);
        }
        schema
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn describe<I: JsonSchema, O: JsonSchema>(&self, parents: &[&str]) -> Value {
        json!({
            "key": self.key, "label": self.label, "description": self.description, "aliases": self.aliases, "kind": self.kind,
            "scopes": crate::scopes::of(self.key, true),
            "inputSchema": self.input_schema::<I>(parents),
            "outputSchema": SchemaGenerator::default().root_schema_for::<O>().to_value(),
        })
    }

    /// Reads the input as this source's input schema says: fields other than the `common` ones and its
    /// own parent fields are refused, and its required parent fields demanded, each by name.
    fn parse<I: DeserializeOwned>(&self, common: &[&str], input: Value) -> Result<I> {
        let Value::Object(fields) = &input else {
            return Err(Error::invalid("", "input must be a JSON object"));
        };
        let own = |name: &str| common.contains(&name) || self.needs.iter().any(|n| n.field() == name);
        if let Some(name) = fields.keys().find(|k| !own(k)) {
            return Err(Error::invalid(name.clone(), format!("not an input of the `{}` data source", self.key)));
        }
        for need in self.needs {
            let given = fields.get(need.field()).and_then(Value::as_str).is_some_and(|v| !v.trim().is_empty());
            if matches!(need, Need::Required(_)) && !given {
                return Err(Error::invalid(need.field(), format!("the `{}` data source needs it", self.key)));
            }
        }
        parse_value("", input)
    }
}

/// The `dataSources` of the catalogue.
#[cfg(not(target_arch = "wasm32"))]
pub fn describe() -> Vec<Value> {
    let pickers = pickers::PICKERS.iter().map(|p| p.source.describe::<pickers::PickerInput, pickers::Options>(pickers::PARENTS));
    let schemas = schemas::SCHEMAS.iter().map(|s| s.source.describe::<schemas::SchemaInput, schemas::ProfileSchema>(schemas::PARENTS));
    pickers.chain(schemas).collect()
}

/// Answers the data source `key`, checking the input before any request is sent.
pub fn run(key: &str, connection_json: &str, input_json: &str) -> Result<String> {
    let input: Value = serde_json::from_str(input_json).map_err(|e| Error::invalid("", format!("input is not valid JSON: {e}")))?;
    if let Some(p) = pickers::PICKERS.iter().find(|p| p.source.key == key) {
        let input = p.source.parse(pickers::COMMON, input)?;
        let okta = Connection::parse(connection_json)?.client()?;
        return encode(pickers::run(&okta, p, input)?);
    }
    if let Some(s) = schemas::SCHEMAS.iter().find(|s| s.source.key == key) {
        let input = s.source.parse(schemas::COMMON, input)?;
        let okta = Connection::parse(connection_json)?.client()?;
        return encode(schemas::run(&okta, s, input)?);
    }
    Err(unknown("data source", key))
}

fn encode<T: Serialize>(answer: T) -> Result<String> {
    serde_json::to_string(&answer).map_err(|e| Error::Internal(format!("cannot encode answer: {e}")))
}
