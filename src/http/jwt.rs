//! Compact JWS (RFC 7515) signing with the two algorithms we send Okta: RS256 (RSA PKCS#1 v1.5 with
//! SHA-256) and ES256 (P-256). Written out over `rsa` and `p256` so no other algorithm's code (P-384,
//! Ed25519, HMAC, PSS) is linked into the component.

use super::base64url;
use crate::error::{Error, Result};
use serde_json::{json, Value};

/// A private key for client assertions and DPoP proofs.
pub enum SigningKey {
    Rs256(Box<rsa::pkcs1v15::SigningKey<sha2::Sha256>>),
    Es256(p256::ecdsa::SigningKey),
}

impl SigningKey {
    /// RSA (PKCS#1 or PKCS#8 PEM) signs RS256, P-256 (PKCS#8 PEM) ES256.
    pub fn from_pem(pem: &str) -> Option<SigningKey> {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        use rsa::pkcs8::DecodePrivateKey;
        if let Ok(key) = rsa::RsaPrivateKey::from_pkcs1_pem(pem).or_else(|_| rsa::RsaPrivateKey::from_pkcs8_pem(pem)) {
            return Some(SigningKey::Rs256(Box::new(rsa::pkcs1v15::SigningKey::new(key))));
        }
        p256::SecretKey::from_pkcs8_pem(pem).ok().map(|secret| SigningKey::Es256(secret.into()))
    }

    fn alg(&self) -> &'static str {
        match self {
            SigningKey::Rs256(_) => "RS256",
            SigningKey::Es256(_) => "ES256",
        }
    }

    /// `header` (an object; `alg` is added) and `claims`, signed: `header.claims.signature`.
    pub fn sign(&self, mut header: Value, claims: &Value) -> Result<String> {
        use signature::Signer;
        header["alg"] = json!(self.alg());
        let input = format!("{}.{}", base64url(header.to_string().as_bytes()), base64url(claims.to_string().as_bytes()));
        let signature = match self {
            SigningKey::Rs256(key) => key.try_sign(input.as_bytes()).map(|s| Box::<[u8]>::from(s).into_vec()),
            SigningKey::Es256(key) => Signer::<p256::ecdsa::Signature>::try_sign(key, input.as_bytes()).map(|s| s.to_bytes().to_vec()),
        }
        .map_err(|e| Error::Internal(format!("signing a JWT failed: {e}")))?;
        Ok(format!("{input}.{}", base64url(&signature)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    #[test]
    fn es256_tokens_verify_with_the_public_key() {
        use p256::ecdsa::signature::Verifier;
        let pem = crate::http::DpopKey::generate().unwrap().to_pem();
        let key = SigningKey::from_pem(&pem).expect("a P-256 key");
        let jwt = key.sign(json!({"typ": "JWT", "kid": "k1"}), &json!({"iss": "me"})).unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let header: Value = serde_json::from_slice(&b64.decode(parts[0]).unwrap()).unwrap();
        assert_eq!((header["alg"].as_str(), header["kid"].as_str()), (Some("ES256"), Some("k1")));
        let signature = p256::ecdsa::Signature::from_slice(&b64.decode(parts[2]).unwrap()).unwrap();
        let SigningKey::Es256(signer) = &key else { panic!("ES256 expected") };
        let input = format!("{}.{}", parts[0], parts[1]);
        assert!(signer.verifying_key().verify(input.as_bytes(), &signature).is_ok());
        assert!(SigningKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").is_none());
    }
}
