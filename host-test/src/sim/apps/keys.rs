//! An app's SAML signing key credentials (`/api/v1/apps/{appId}/credentials/keys`) and its IdP
//! metadata (`/api/v1/apps/{appId}/sso/saml/metadata?kid=`). Every SAML app has one key, derived from
//! its id so seeding draws no random numbers: an X.509 certificate in real DER (version 3, RSA 2048
//! public key, sha256WithRSAEncryption, ten years' validity) whose modulus and signature are
//! pseudo-random bytes — nothing verifies a signature here (README). Other apps have no keys.

use super::model::App;
use crate::sim::clock::{iso, Millis};
use crate::sim::ctx::{ok, Ctx};
use crate::sim::errors::{ApiError, ApiResult};
use crate::sim::Shared;
use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

const VALIDITY: Millis = 10 * 365 * 86_400_000;

/// One signing key credential of an app (the spec's JsonWebKey).
pub(crate) struct SigningKey {
    pub kid: String,
    /// The certificate, DER.
    der: Vec<u8>,
    n: Vec<u8>,
    created: Millis,
}

/// `len` bytes from a SHA-256 chain over `seed`.
fn stream(seed: &str, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 32);
    let mut block = Sha256::digest(seed.as_bytes()).to_vec();
    while out.len() < len {
        out.extend_from_slice(&block);
        block = Sha256::digest(&block).to_vec();
    }
    out.truncate(len);
    out
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    match content.len() {
        n if n < 0x80 => v.push(n as u8),
        n if n < 0x100 => v.extend([0x81, n as u8]),
        n => v.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    v.extend_from_slice(content);
    v
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// A positive INTEGER.
fn int(bytes: &[u8]) -> Vec<u8> {
    let mut content = if bytes[0] & 0x80 != 0 { vec![0] } else { Vec::new() };
    content.extend_from_slice(bytes);
    tlv(0x02, &content)
}

fn bits(bytes: &[u8]) -> Vec<u8> {
    tlv(0x03, &[&[0u8][..], bytes].concat())
}

/// AlgorithmIdentifier of an OID (given as its encoded arcs) with NULL parameters.
fn algorithm(oid: &[u8]) -> Vec<u8> {
    seq(&[tlv(0x06, oid), vec![0x05, 0x00]])
}

/// A Name of (attribute OID arcs, UTF8String) pairs.
fn name(attributes: &[(&[u8], &str)]) -> Vec<u8> {
    let rdns: Vec<Vec<u8>> = attributes.iter().map(|(oid, v)| tlv(0x31, &seq(&[tlv(0x06, oid), tlv(0x0C, v.as_bytes())]))).collect();
    seq(&rdns)
}

/// UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5).
fn time(ms: Millis) -> Vec<u8> {
    let digits: String = iso(ms)[..19].chars().filter(char::is_ascii_digit).collect();
    if digits[..4].parse::<u32>().unwrap_or(0) < 2050 { tlv(0x17, format!("{}Z", &digits[2..]).as_bytes()) } else { tlv(0x18, format!("{digits}Z").as_bytes()) }
}

const SHA256_WITH_RSA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B];
const RSA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
const ORGANIZATION: &[u8] = &[0x55, 0x04, 0x0A];
const ORGANIZATIONAL_UNIT: &[u8] = &[0x55, 0x04, 0x0B];

/// The signing key of a SAML app; `None` for other sign-on modes.
pub(crate) fn signing_key(app: &App) -> Option<SigningKey> {
    if !app.sign_on_mode.starts_with("SAML") {
        return None;
    }
    let mut n = stream(&format!("{}/modulus", app.id), 256);
    n[0] |= 0x80;
    let spki = seq(&[algorithm(RSA), bits(&seq(&[int(&n), int(&[1, 0, 1])]))]);
    let subject = name(&[(ORGANIZATION, "Okta"), (ORGANIZATIONAL_UNIT, "SSOProvider"), (COMMON_NAME, &app.name)]);
    let tbs = seq(&[
        tlv(0xA0, &int(&[2])),
        int(&stream(&format!("{}/serial", app.id), 8)[..]),
        algorithm(SHA256_WITH_RSA),
        subject.clone(),
        seq(&[time(app.created), time(app.created + VALIDITY)]),
        subject,
        spki.clone(),
    ]);
    let der = seq(&[tbs, algorithm(SHA256_WITH_RSA), bits(&stream(&format!("{}/signature", app.id), 256))]);
    Some(SigningKey { kid: URL_SAFE_NO_PAD.encode(Sha256::digest(&spki)), der, n, created: app.created })
}

impl SigningKey {
    fn x5c(&self) -> String {
        STANDARD.encode(&self.der)
    }

    fn to_json(&self) -> Value {
        json!({
            "created": iso(self.created), "lastUpdated": iso(self.created), "expiresAt": iso(self.created + VALIDITY),
            "x5c": [self.x5c()], "e": "AQAB", "n": URL_SAFE_NO_PAD.encode(&self.n), "kid": self.kid, "kty": "RSA", "use": "sig",
            "x5t#S256": URL_SAFE_NO_PAD.encode(Sha256::digest(&self.der)),
        })
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/apps/{id}/credentials/keys", get(list))
        .route("/api/v1/apps/{id}/credentials/keys/{keyId}", get(read))
        .route("/api/v1/apps/{id}/sso/saml/metadata", get(metadata))
}

async fn list(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let app = super::find(&org, &id)?;
    Ok(ok(Value::Array(signing_key(app).iter().map(SigningKey::to_json).collect())))
}

fn key_of(app: &App, kid: &str) -> ApiResult<SigningKey> {
    signing_key(app).filter(|k| k.kid == kid).ok_or_else(|| ApiError::not_found(kid, "AppInstanceKeyCredential"))
}

async fn read(ctx: Ctx, Path((id, kid)): Path<(String, String)>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    Ok(ok(key_of(super::find(&org, &id)?, &kid)?.to_json()))
}

/// The IdP metadata Okta publishes for the app with that key: `text/xml`, entity id
/// `http://www.okta.com/<externalKey>`, HTTP-POST and HTTP-Redirect SSO endpoints.
async fn metadata(ctx: Ctx, Path(id): Path<String>) -> ApiResult {
    let org = ctx.shared.org.lock().unwrap();
    let app = super::find(&org, &id)?;
    let Some(kid) = ctx.param("kid") else {
        return Err(ApiError::new(400, "E0000028", "The request is missing a required parameter: kid"));
    };
    let key = key_of(app, kid)?;
    let external_key = format!("exk{}", &app.id[3..]);
    let sso = format!("{}/app/{}/{external_key}/sso/saml", ctx.base, app.name);
    let xml = format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/{exk}">"#,
            r#"<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">"#,
            r#"<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"#,
            r#"<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat><md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"#,
            r#"<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{sso}"/>"#,
            r#"<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{sso}"/>"#,
            r#"</md:IDPSSODescriptor></md:EntityDescriptor>"#
        ),
        exk = external_key,
        cert = key.x5c(),
        sso = sso,
    );
    Ok(([(header::CONTENT_TYPE, "text/xml;charset=UTF-8")], xml).into_response())
}

#[cfg(test)]
mod tests {
    use super::{int, tlv, time};

    #[test]
    fn der_lengths_integers_and_times_follow_x690() {
        assert_eq!(tlv(0x04, &[0; 3]), [0x04, 3, 0, 0, 0]);
        assert_eq!(&tlv(0x04, &[0; 200])[..3], [0x04, 0x81, 200]);
        assert_eq!(&tlv(0x04, &[0; 300])[..4], [0x04, 0x82, 0x01, 0x2C]);
        assert_eq!(int(&[0x80]), [0x02, 2, 0, 0x80], "a high bit gets a leading zero");
        assert_eq!(time(0), tlv(0x17, b"700101000000Z"));
        assert_eq!(time(2_556_144_000_000), tlv(0x18, b"20510101000000Z"));
    }
}
