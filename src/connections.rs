//! Connection types: how a flow reaches an Okta org. A connection arrives as JSON
//! `{"type": "<key>", ...fields}`; its secrets never appear in errors or outputs.

use crate::error::{Error, Result};
use crate::http::{Auth, Okta, OrgUrl};
use crate::secret::Secret;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;

/// An Okta API token (Admin Console → Security → API → Tokens); acts with its creating admin's rights.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiToken {
    /// The org's domain, e.g. `acme.okta.com`, `acme.oktapreview.com` or a custom URL domain.
    pub okta_domain: String,
    /// The API token, sent as `Authorization: SSWS <token>`.
    pub api_token: Secret,
}

/// Every connection type, by its `type` key.
#[derive(Debug)]
pub enum Connection {
    ApiToken(ApiToken),
}

/// A connection type as the catalogue describes it.
pub struct ConnectionSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub schema: fn(&mut SchemaGenerator) -> Schema,
}

/// The catalogue's connection types; the schema is the fields beside `type`.
pub const CONNECTIONS: &[ConnectionSpec] = &[ConnectionSpec {
    key: "api-token",
    label: "API Token",
    description: "An Okta API token (SSWS). Simple to set up; acts with the rights of the admin who created it.",
    schema: |g| g.root_schema_for::<ApiToken>(),
}];

impl Connection {
    /// Parses and checks the connection JSON; errors name the field under `connection.`.
    pub fn parse(json: &str) -> Result<Connection> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| Error::invalid("connection", format!("not valid JSON: {e}")))?;
        let mut fields = match value {
            serde_json::Value::Object(map) => map,
            _ => return Err(Error::invalid("connection", "must be a JSON object")),
        };
        let kind = match fields.remove("type") {
            Some(serde_json::Value::String(kind)) => kind,
            _ => return Err(Error::invalid("connection.type", format!("required; one of: {}", keys()))),
        };
        // Each variant is parsed on its own (not as a serde-tagged enum) so errors keep the field's path.
        let fields = serde_json::Value::Object(fields);
        match kind.as_str() {
            "api-token" => Ok(Connection::ApiToken(crate::registry::parse_value("connection", fields)?)),
            _ => Err(Error::invalid("connection.type", format!("unknown connection type `{kind}`; one of: {}", keys()))),
        }
    }

    /// A client for the org this connection names.
    pub fn client(&self) -> Result<Okta> {
        match self {
            Connection::ApiToken(c) => {
                let org = OrgUrl::parse(&c.okta_domain, "connection.oktaDomain")?;
                Ok(Okta::new(org, Auth::Ssws(c.api_token.expose().to_string())))
            }
        }
    }
}

fn keys() -> String {
    CONNECTIONS.iter().map(|c| c.key).collect::<Vec<_>>().join(", ")
}
