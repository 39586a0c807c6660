//! JWT checks of the org authorization server: `private_key_jwt` client
//! assertions (API-NOTES §1.4) and DPoP proofs (§1.5, RFC 9449). Errors are
//! the `error_description` Okta would send; the caller picks the code.

use super::super::clock::Millis;
use super::keys::ClientKey;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::jwk::ThumbprintHash;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use std::collections::HashSet;

/// Asymmetric algorithms Okta accepts for assertions and proofs, less ES512,
/// which `jsonwebtoken` cannot verify.
const ALGS: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::ES256,
    Algorithm::ES384,
];

/// DPoP proofs older than this are rejected.
const PROOF_MAX_AGE_S: i64 = 300;
/// Longest assertion lifetime Okta accepts (`exp` at most an hour ahead).
const ASSERTION_MAX_LIFETIME_S: i64 = 3600;

/// One base64url JSON segment of a compact JWT, undecoded by any library so
/// members it would drop (like a private `d` in a `jwk`) stay visible.
pub(super) fn segment(jwt: &str, index: usize) -> Option<Value> {
    let part = jwt.split('.').nth(index)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok()
}

/// Verifies the signature only; every claim is checked by the callers
/// against the simulator's clock.
fn verify_signature(jwt: &str, alg: Algorithm, key: &DecodingKey) -> Result<Value, jsonwebtoken::errors::Error> {
    let mut validation = Validation::new(alg);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(jwt, key, &validation).map(|data| data.claims)
}

/// The `client_id` a client assertion names (`sub`), read before the
/// signature is checked to find the key.
pub(super) fn assertion_subject(assertion: &str) -> Option<String> {
    segment(assertion, 1)?.get("sub")?.as_str().map(str::to_string)
}

/// Checks a `private_key_jwt` assertion of `client_id` signed with `key`,
/// addressed to `token_url`; records its `jti` so it cannot be replayed.
pub(super) fn verify_assertion(
    assertion: &str,
    client_id: &str,
    key: &ClientKey,
    token_url: &str,
    now: Millis,
    seen: &mut HashSet<String>,
) -> Result<(), String> {
    let header = jsonwebtoken::decode_header(assertion).map_err(|_| "The client_assertion token is malformed.".to_string())?;
    if header.alg != key.alg {
        return Err(format!("The client_assertion token has an invalid signing algorithm: {:?}.", header.alg));
    }
    if header.kid.as_deref().is_some_and(|kid| kid != key.kid) {
        return Err("The client_assertion token has a kid which does not identify any key of the client.".into());
    }
    let claims = verify_signature(assertion, key.alg, &key.public)
        .map_err(|_| "The client_assertion signature is invalid.".to_string())?;
    let claim = |name: &str| claims.get(name).and_then(Value::as_str);
    if claim("iss") != Some(client_id) {
        return Err("The issuer of the client_assertion token must match the client_id.".into());
    }
    if claim("sub") != Some(client_id) {
        return Err("The subject of the client_assertion token must match the client_id.".into());
    }
    let aud_ok = match claims.get("aud") {
        Some(Value::String(aud)) => aud == token_url,
        Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(token_url)),
        _ => false,
    };
    if !aud_ok {
        return Err(format!("The audience of the client_assertion token is invalid; expected {token_url}."));
    }
    let now_s = now.div_euclid(1000);
    let exp = claims.get("exp").and_then(Value::as_i64).ok_or("The client_assertion token must have an exp claim.")?;
    if exp <= now_s {
        return Err("The client_assertion token is expired.".into());
    }
    if exp > now_s + ASSERTION_MAX_LIFETIME_S {
        return Err("The client_assertion token has an expiration too far into the future.".into());
    }
    if let Some(iat) = claims.get("iat").and_then(Value::as_i64) {
        if iat > now_s {
            return Err("The client_assertion token was issued in the future.".into());
        }
        if exp - iat > ASSERTION_MAX_LIFETIME_S {
            return Err("The client_assertion token has an expiration too far into the future.".into());
        }
    }
    if let Some(jti) = claim("jti") {
        if !seen.insert(jti.to_string()) {
            return Err("The client_assertion token has already been used.".into());
        }
    }
    Ok(())
}

/// A DPoP proof whose signature, `typ`, `htm`, `htu` and `iat` checked out.
/// `jti`, `nonce` and `ath` are left to the caller, which knows the context.
pub(super) struct Proof {
    /// Base64url SHA-256 JWK thumbprint of the proof key (`cnf.jkt`).
    pub jkt: String,
    pub jti: String,
    pub nonce: Option<String>,
    pub ath: Option<String>,
}

/// Verifies the `DPoP` header value of a `method` request to `url` (scheme,
/// host and path; no query).
pub(super) fn verify_proof(proof: &str, method: &str, url: &str, now: Millis) -> Result<Proof, String> {
    let raw = segment(proof, 0).ok_or("The DPoP proof JWT is malformed.")?;
    let header = jsonwebtoken::decode_header(proof).map_err(|_| "The DPoP proof JWT is malformed.")?;
    if header.typ.as_deref() != Some("dpop+jwt") {
        return Err("The DPoP proof JWT 'typ' header is invalid; expected 'dpop+jwt'.".into());
    }
    if !ALGS.contains(&header.alg) {
        return Err("The DPoP proof JWT 'alg' header is invalid.".into());
    }
    let jwk = header.jwk.ok_or("The DPoP proof JWT 'jwk' header is missing.")?;
    if raw["jwk"].get("d").is_some() {
        return Err("The DPoP proof JWT 'jwk' header contains a private key.".into());
    }
    let key = DecodingKey::from_jwk(&jwk).map_err(|_| "The DPoP proof JWT 'jwk' header is invalid.")?;
    let claims = verify_signature(proof, header.alg, &key).map_err(|_| "The DPoP proof JWT signature is invalid.")?;
    let claim = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_string);
    if claim("htm").as_deref() != Some(method) {
        return Err("'htm' claim in the DPoP proof JWT is invalid.".into());
    }
    if claim("htu").as_deref() != Some(url) {
        return Err("'htu' claim in the DPoP proof JWT is invalid.".into());
    }
    let iat = claims.get("iat").and_then(Value::as_i64).ok_or("'iat' claim in the DPoP proof JWT is missing.")?;
    let now_s = now.div_euclid(1000);
    if iat > now_s || now_s - iat > PROOF_MAX_AGE_S {
        return Err("'iat' claim in the DPoP proof JWT is invalid or too old.".into());
    }
    let jti = claim("jti").ok_or("'jti' claim in the DPoP proof JWT is missing.")?;
    Ok(Proof { jkt: jwk.thumbprint(ThumbprintHash::SHA256), jti, nonce: claim("nonce"), ath: claim("ath") })
}

/// `ath`: base64url SHA-256 of the access token.
pub(super) fn token_hash(access_token: &str) -> String {
    use sha2::Digest;
    URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(access_token.as_bytes()))
}
