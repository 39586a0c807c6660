//! Connection types: how a flow reaches an Okta org. A connection arrives as JSON
//! `{"type": "<key>", ...fields}`; its secrets never appear in errors or outputs.

use crate::error::{Error, Result};
use crate::http::{signing_key, Auth, Okta, OrgUrl, Tokens};
use crate::secret::Secret;
use schemars::JsonSchema;
#[cfg(not(target_arch = "wasm32"))]
use schemars::{Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};

/// An Okta API token (Admin Console → Security → API → Tokens); acts with its creating admin's rights.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiToken {
    /// The org's domain, e.g. `acme.okta.com`, `acme.oktapreview.com` or a custom URL domain.
    pub okta_domain: String,
    /// The API token, sent as `Authorization: SSWS <token>`.
    pub api_token: Secret,
}

/// OAuth 2.0 authorization code with PKCE against the org authorization server, acting as the
/// person who consented. The token fields are state the connector maintains: leave them empty.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorizationCode {
    /// The org's domain, e.g. `acme.okta.com`.
    pub okta_domain: String,
    /// Client id of the Okta OIDC web app.
    pub client_id: String,
    /// Client secret of that app.
    pub client_secret: Secret,
    /// Okta scopes to request, e.g. `["okta.users.read", "okta.users.manage"]` or `"okta.users.read okta.users.manage"`; `offline_access` is added for refresh.
    #[serde(deserialize_with = "scopes")]
    #[schemars(with = "ScopeList")]
    pub scopes: Vec<String>,
    /// State: the current access token.
    #[serde(default)]
    pub access_token: Option<Secret>,
    /// State: the refresh token; Okta may rotate it on each use.
    #[serde(default)]
    pub refresh_token: Option<Secret>,
    /// State: when the access token expires, in seconds since the epoch.
    #[serde(default)]
    pub expires_at: Option<u64>,
}

/// OAuth 2.0 client credentials for an Okta API service app, authenticated with `private_key_jwt`;
/// optionally DPoP-bound. Token fields are state the connector maintains: leave them empty.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientCredentials {
    /// The org's domain, e.g. `acme.okta.com`.
    pub okta_domain: String,
    /// Client id of the service app.
    pub client_id: String,
    /// The app's private key, PEM: RSA (PKCS#1 or PKCS#8, signs RS256) or P-256 (PKCS#8, signs ES256).
    pub private_key: Secret,
    /// The `kid` of the app's public key, when the app has several.
    #[serde(default)]
    pub key_id: Option<String>,
    /// Okta scopes granted to the app, e.g. `["okta.users.read"]` or `"okta.users.read okta.groups.read"`.
    #[serde(deserialize_with = "scopes")]
    #[schemars(with = "ScopeList")]
    pub scopes: Vec<String>,
    /// Bind tokens with DPoP; turned on by the connector when the org demands it.
    #[serde(default)]
    pub dpop: bool,
    /// State: the DPoP private key (PKCS#8 PEM) tokens are bound to.
    #[serde(default)]
    pub dpop_key: Option<Secret>,
    /// State: the current access token.
    #[serde(default)]
    pub access_token: Option<Secret>,
    /// State: when the access token expires, in seconds since the epoch.
    #[serde(default)]
    pub expires_at: Option<u64>,
}

/// Scopes as a list, or as Prismatic stores them: one space-separated string.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
enum ScopeList {
    List(#[schemars(length(min = 1))] Vec<String>),
    Text(#[schemars(length(min = 1))] String),
}

fn scopes<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<String>, D::Error> {
    let list = match ScopeList::deserialize(d)? {
        ScopeList::List(list) => list,
        ScopeList::Text(text) => text.split_whitespace().map(str::to_string).collect(),
    };
    if list.is_empty() {
        return Err(serde::de::Error::custom("give at least one scope"));
    }
    Ok(list)
}

/// Every connection type, by its `type` key.
#[derive(Debug)]
pub enum Connection {
    ApiToken(ApiToken),
    AuthorizationCode(AuthorizationCode),
    ClientCredentials(ClientCredentials),
}

/// A connection type as the catalogue describes it.
pub struct ConnectionSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    /// Generated natively for `manifest.json` only (see `registry::describe`).
    #[cfg(not(target_arch = "wasm32"))]
    pub schema: fn(&mut SchemaGenerator) -> Schema,
}

/// The catalogue's connection types; the schema is the fields beside `type`.
pub const CONNECTIONS: &[ConnectionSpec] = &[
    ConnectionSpec {
        key: "api-token",
        label: "API Token",
        description: "An Okta API token (SSWS). Simple to set up; acts with the rights of the admin who created it.",
        #[cfg(not(target_arch = "wasm32"))]
        schema: |g| g.root_schema_for::<ApiToken>(),
    },
    ConnectionSpec {
        key: "oauth2-authorization-code",
        label: "OAuth 2.0 Authorization Code",
        description: "An Okta OIDC web app; a person consents once, the connector refreshes tokens itself.",
        #[cfg(not(target_arch = "wasm32"))]
        schema: |g| g.root_schema_for::<AuthorizationCode>(),
    },
    ConnectionSpec {
        key: "oauth2-client-credentials",
        label: "OAuth 2.0 Client Credentials (private key JWT)",
        description: "An Okta API service app authenticating with its private key; supports DPoP-bound tokens.",
        #[cfg(not(target_arch = "wasm32"))]
        schema: |g| g.root_schema_for::<ClientCredentials>(),
    },
];

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
        use crate::input::parse_value as parse;
        match kind.as_str() {
            "api-token" => Ok(Connection::ApiToken(parse("connection", fields)?)),
            "oauth2-authorization-code" => Ok(Connection::AuthorizationCode(parse("connection", fields)?)),
            "oauth2-client-credentials" => Ok(Connection::ClientCredentials(parse("connection", fields)?)),
            _ => Err(Error::invalid("connection.type", format!("unknown connection type `{kind}`; one of: {}", keys()))),
        }
    }

    pub fn org(&self) -> Result<OrgUrl> {
        let domain = match self {
            Connection::ApiToken(c) => &c.okta_domain,
            Connection::AuthorizationCode(c) => &c.okta_domain,
            Connection::ClientCredentials(c) => &c.okta_domain,
        };
        OrgUrl::parse(domain, "connection.oktaDomain")
    }

    /// A client for the org this connection names, with the connection's token state.
    pub fn client(&self) -> Result<Okta> {
        let auth = match self {
            Connection::ApiToken(c) => Auth::ApiToken(c.api_token.expose().to_string()),
            Connection::AuthorizationCode(c) => Auth::AuthorizationCode {
                client_id: c.client_id.clone(),
                client_secret: c.client_secret.expose().to_string(),
                tokens: tokens(&c.access_token, &c.refresh_token, c.expires_at),
            },
            Connection::ClientCredentials(c) => {
                let dpop = match (&c.dpop_key, c.dpop) {
                    (Some(pem), _) => Some(crate::http::DpopKey::from_pem(pem.expose())?),
                    (None, true) => Some(crate::http::DpopKey::generate()?),
                    (None, false) => None,
                };
                Auth::ClientCredentials {
                    client_id: c.client_id.clone(),
                    key: signing_key(c.private_key.expose())?,
                    key_id: c.key_id.clone(),
                    scopes: c.scopes.join(" "),
                    dpop_created: dpop.is_some() && c.dpop_key.is_none(),
                    dpop,
                    tokens: tokens(&c.access_token, &None, c.expires_at),
                }
            }
        };
        Ok(Okta::new(self.org()?, auth))
    }

    /// The connection's long-lived credential (API token, client secret or private key), from which the
    /// triggers derive their event hook secrets.
    pub fn credential(&self) -> &str {
        match self {
            Connection::ApiToken(c) => c.api_token.expose(),
            Connection::AuthorizationCode(c) => c.client_secret.expose(),
            Connection::ClientCredentials(c) => c.private_key.expose(),
        }
    }

    /// Scopes to request in the authorization-code flow, with `offline_access` for a refresh token.
    pub fn authorization_scopes(&self) -> Result<(String, String)> {
        match self {
            Connection::AuthorizationCode(c) => {
                let mut scopes = c.scopes.clone();
                if !scopes.iter().any(|s| s == "offline_access") {
                    scopes.push("offline_access".into());
                }
                Ok((c.client_id.clone(), scopes.join(" ")))
            }
            _ => Err(Error::invalid("connection.type", "only `oauth2-authorization-code` connections use the authorization flow")),
        }
    }
}

fn tokens(access: &Option<Secret>, refresh: &Option<Secret>, expires_at: Option<u64>) -> Tokens {
    Tokens {
        access_token: access.as_ref().map(|s| s.expose().to_string()),
        refresh_token: refresh.as_ref().map(|s| s.expose().to_string()),
        expires_at,
        changed: false,
    }
}

fn keys() -> String {
    CONNECTIONS.iter().map(|c| c.key).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::Connection;

    #[test]
    fn scopes_are_a_list_or_prismatics_space_separated_string() {
        let with = |scopes: &str| format!(r#"{{"type":"oauth2-authorization-code","oktaDomain":"acme.okta.com","clientId":"c","clientSecret":"s","scopes":{scopes}}}"#);
        for scopes in [r#"["okta.users.read","okta.groups.read"]"#, r#""okta.users.read  okta.groups.read""#] {
            let (_, requested) = Connection::parse(&with(scopes)).unwrap().authorization_scopes().unwrap();
            assert_eq!(requested, "okta.users.read okta.groups.read offline_access");
        }
        for bad in [r#""   ""#, "[]", "7"] {
            let err = Connection::parse(&with(bad)).unwrap_err();
            assert!(matches!(&err, crate::error::Error::InvalidInput { path, .. } if path == "connection.scopes"), "{bad}: {err:?}");
        }
    }
}
