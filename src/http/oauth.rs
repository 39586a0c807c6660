//! OAuth 2.0 for Okta's org authorization server: PKCE, the authorize URL, client assertions
//! (`private_key_jwt`), and the token endpoint's answers.

use super::{base64url, now_secs, percent_encode, random_hex, OrgUrl};
use crate::error::{Error, OktaError, Result};
use super::jwt::SigningKey;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

/// Seconds before expiry at which a token is replaced rather than used.
pub const EXPIRY_MARGIN_SECS: u64 = 60;

/// The org authorization server's token URL; the exact `aud` of client assertions.
pub fn token_url(org: &OrgUrl) -> String {
    format!("{}/oauth2/v1/token", org.as_str())
}

/// A PKCE verifier (43+ unreserved characters) and its S256 challenge.
pub fn pkce() -> Result<(String, String)> {
    let verifier = random_hex(32)?;
    let challenge = base64url(&Sha256::digest(verifier.as_bytes()));
    Ok((verifier, challenge))
}

pub fn authorize_url(org: &OrgUrl, client_id: &str, scopes: &str, redirect_uri: &str, state: &str, challenge: &str) -> String {
    let params = [
        ("client_id", client_id),
        ("response_type", "code"),
        ("scope", scopes),
        ("redirect_uri", redirect_uri),
        ("state", state),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ];
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect();
    format!("{}/oauth2/v1/authorize?{}", org.as_str(), query.join("&"))
}

/// A signing key from a PEM private key: RSA (PKCS#1 or PKCS#8) signs RS256, P-256 (PKCS#8) ES256.
pub fn signing_key(pem: &str) -> Result<SigningKey> {
    SigningKey::from_pem(pem).ok_or_else(|| Error::invalid("connection.privateKey", "is not a PEM RSA or P-256 private key"))
}

/// The `private_key_jwt` client assertion: iss = sub = client id, aud = the token URL, 5 minutes valid.
pub fn client_assertion(client_id: &str, aud: &str, key: &SigningKey, key_id: Option<&str>) -> Result<String> {
    let mut header = json!({"typ": "JWT"});
    if let Some(kid) = key_id {
        header["kid"] = json!(kid);
    }
    let iat = now_secs();
    let claims = json!({"iss": client_id, "sub": client_id, "aud": aud, "iat": iat, "exp": iat + 300, "jti": random_hex(16)?});
    key.sign(header, &claims)
}

/// A successful token response.
#[derive(Debug, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(default)]
    pub expires_in: Option<u64>,
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// An OAuth error response (`error`, `error_description`).
#[derive(Debug, Default, Deserialize)]
pub struct OAuthError {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
}

impl OAuthError {
    /// Token-endpoint refusals mean the credentials or grant are bad: reconnect, don't retry as is.
    pub fn into_error(self, status: u16) -> Error {
        let summary = format!("Okta's token endpoint refused: {} {}", self.error, self.error_description.clone().unwrap_or_default());
        let okta = OktaError { status, error_code: Some(self.error), error_summary: Some(summary.trim().to_string()), ..OktaError::default() };
        match status {
            400 | 401 => Error::Unauthenticated(crate::error::Detail { message: summary.trim().to_string(), okta: Some(okta) }),
            _ => Error::from_okta(okta, None),
        }
    }
}
