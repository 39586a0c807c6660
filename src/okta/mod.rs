//! Okta resources: typed models and endpoint calls, one file per resource. No WIT here.

pub mod apps;
pub mod event_hooks;
pub mod factors;
pub mod group_rules;
pub mod groups;
pub mod imports;
pub mod linked_objects;
pub mod logs;
pub mod meta;
pub mod policies;
pub mod realms;
pub mod roles;
pub mod users;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::marker::PhantomData;

/// An Okta object passed through as the JSON Okta sent, never decoded into its model `T`: `T` only
/// gives the schema. For outputs the connector only forwards (a get, a page of a list).
pub struct Raw<T>(crate::http::RawItem, PhantomData<T>);

impl<'de, T> Deserialize<'de> for Raw<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::http::RawItem::deserialize(d).map(|raw| Raw(raw, PhantomData))
    }
}

impl<T> Serialize for Raw<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<T: JsonSchema> JsonSchema for Raw<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
