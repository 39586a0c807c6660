//! DPoP (RFC 9449): a key the connection keeps, and a fresh signed proof for every request.

use super::{base64url, random_hex};
use crate::error::{Error, Result};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use serde_json::json;
use sha2::{Digest, Sha256};

/// The P-256 key that access tokens are bound to; kept in the connection state so the binding survives calls.
pub struct DpopKey {
    secret: p256::SecretKey,
}

impl DpopKey {
    pub fn generate() -> Result<DpopKey> {
        loop {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("no randomness for a DPoP key: {e}")))?;
            // Fewer than 1 in 2^32 byte strings are not a valid scalar; draw again.
            if let Ok(secret) = p256::SecretKey::from_slice(&bytes) {
                return Ok(DpopKey { secret });
            }
        }
    }

    pub fn from_pem(pem: &str) -> Result<DpopKey> {
        p256::SecretKey::from_pkcs8_pem(pem)
            .map(|secret| DpopKey { secret })
            .map_err(|_| Error::invalid("connection.dpopKey", "is not a PKCS#8 P-256 private key"))
    }

    pub fn to_pem(&self) -> String {
        self.secret.to_pkcs8_pem(LineEnding::LF).map(|p| p.to_string()).unwrap_or_default()
    }

    /// A proof for `method` on `url`; `access_token` adds `ath`. `htu` drops query and fragment, as RFC 9449
    /// says, and carries the percent-decoded path, because Okta decodes the path before comparing.
    pub fn proof(&self, method: &str, url: &str, nonce: Option<&str>, access_token: Option<&str>) -> Result<String> {
        let point = self.secret.public_key().to_encoded_point(false);
        let (x, y) = (point.x().map(|c| base64url(c)), point.y().map(|c| base64url(c)));
        let header = json!({"typ": "dpop+jwt", "jwk": {"kty": "EC", "crv": "P-256", "x": x.unwrap_or_default(), "y": y.unwrap_or_default()}});
        let htu = super::percent_decode_path(url.split(['?', '#']).next().unwrap_or(url));
        let mut claims = json!({"htm": method, "htu": htu, "iat": super::now_secs(), "jti": random_hex(16)?});
        if let Some(nonce) = nonce {
            claims["nonce"] = json!(nonce);
        }
        if let Some(token) = access_token {
            claims["ath"] = json!(base64url(&Sha256::digest(token.as_bytes())));
        }
        super::jwt::SigningKey::Es256(self.secret.clone().into()).sign(header, &claims)
    }
}
