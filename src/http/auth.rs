//! How requests authenticate, and the token state OAuth connections keep between calls.

use super::dpop::DpopKey;
use super::oauth;
use crate::error::{Error, Result};
use super::jwt::SigningKey;
use serde_json::{json, Map, Value};

/// Tokens a connection holds; `changed` marks state the host must store.
#[derive(Default)]
pub struct Tokens {
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    /// Epoch seconds.
    pub expires_at: Option<u64>,
    pub changed: bool,
}

impl Tokens {
    /// An access token that is not about to expire.
    pub fn fresh(&self) -> Option<&str> {
        let valid = self.expires_at.is_none_or(|at| super::now_secs() + oauth::EXPIRY_MARGIN_SECS < at);
        self.access_token.as_deref().filter(|_| valid)
    }

    pub fn store(&mut self, t: oauth::TokenResponse) {
        self.access_token = Some(t.access_token);
        self.expires_at = t.expires_in.map(|s| super::now_secs() + s);
        if t.refresh_token.is_some() {
            self.refresh_token = t.refresh_token;
        }
        self.changed = true;
    }
}

/// The credential of a connection.
pub enum Auth {
    /// `Authorization: SSWS <token>`.
    ApiToken(String),
    /// A user-delegated token from the authorization-code flow, refreshed with the refresh token.
    AuthorizationCode { client_id: String, client_secret: String, tokens: Tokens },
    /// A service app's token from `private_key_jwt` client credentials, optionally DPoP-bound.
    ClientCredentials { client_id: String, key: SigningKey, key_id: Option<String>, scopes: String, dpop: Option<DpopKey>, dpop_created: bool, tokens: Tokens },
}

impl Auth {
    pub fn is_oauth(&self) -> bool {
        !matches!(self, Auth::ApiToken(_))
    }

    pub fn tokens_mut(&mut self) -> Option<&mut Tokens> {
        match self {
            Auth::ApiToken(_) => None,
            Auth::AuthorizationCode { tokens, .. } | Auth::ClientCredentials { tokens, .. } => Some(tokens),
        }
    }

    pub fn dpop(&self) -> Option<&DpopKey> {
        match self {
            Auth::ClientCredentials { dpop, .. } => dpop.as_ref(),
            _ => None,
        }
    }

    /// Connection fields that changed during the call, to merge into the stored connection.
    pub fn state_update(&self) -> Option<Map<String, Value>> {
        let (tokens, dpop) = match self {
            Auth::ApiToken(_) => return None,
            Auth::AuthorizationCode { tokens, .. } => (tokens, None),
            Auth::ClientCredentials { tokens, dpop, dpop_created, .. } => (tokens, dpop.as_ref().filter(|_| *dpop_created)),
        };
        if !tokens.changed && dpop.is_none() {
            return None;
        }
        let mut m = Map::new();
        m.insert("accessToken".into(), json!(tokens.access_token));
        m.insert("expiresAt".into(), json!(tokens.expires_at));
        if tokens.refresh_token.is_some() {
            m.insert("refreshToken".into(), json!(tokens.refresh_token));
        }
        if let Some(key) = dpop {
            m.insert("dpop".into(), json!(true));
            m.insert("dpopKey".into(), json!(key.to_pem()));
        }
        Some(m)
    }

    /// `client_secret_basic` credentials, for the clients that authenticate with a secret.
    pub fn client_secret_basic(&self) -> Option<(String, String)> {
        match self {
            Auth::AuthorizationCode { client_id, client_secret, .. } => Some((client_id.clone(), client_secret.clone())),
            _ => None,
        }
    }

    /// The token-endpoint form for getting a new access token.
    pub fn renewal(&self, token_url: &str) -> Result<Vec<(&'static str, String)>> {
        match self {
            Auth::ApiToken(_) => Err(Error::Internal("API tokens are not renewed".into())),
            Auth::AuthorizationCode { tokens, .. } => {
                let refresh = tokens.refresh_token.clone().ok_or_else(|| {
                    Error::Unauthenticated(crate::error::Detail {
                        message: "the access token expired and the connection has no refresh token: reconnect".into(),
                        okta: None,
                    })
                })?;
                Ok(vec![("grant_type", "refresh_token".into()), ("refresh_token", refresh)])
            }
            Auth::ClientCredentials { client_id, key, key_id, scopes, .. } => {
                let assertion = oauth::client_assertion(client_id, token_url, key, key_id.as_deref())?;
                Ok(vec![
                    ("grant_type", "client_credentials".into()),
                    ("scope", scopes.clone()),
                    ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into()),
                    ("client_assertion", assertion),
                ])
            }
        }
    }
}
