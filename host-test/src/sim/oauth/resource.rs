//! Authentication of `/api/v1/*` calls: SSWS via [`Auth`], OAuth `Bearer` and
//! `DPoP` access tokens from this org's authorization server, plus the
//! per-route scope check (API-NOTES §1.2, §1.5).
//!
//! [`Auth`]: super::super::auth::Auth

use super::super::auth::{Credential, Principal};
use super::super::errors::ApiError;
use super::super::Shared;
use super::{jwt, scopes};
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

const DPOP_ALGS: &str = "RS256 RS384 RS512 ES256 ES384 ES512";

/// `Err` is the complete error response, challenge headers included.
pub(crate) fn authenticate(shared: &Shared, req: &Request) -> Result<Principal, Response> {
    let headers = req.headers();
    let authorization = headers.get(header::AUTHORIZATION).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let call = Call {
        base: format!("http://{host}"),
        method: req.method().as_str(),
        path: req.uri().path(),
        proof: headers.get("dpop").and_then(|h| h.to_str().ok()),
    };
    match Credential::parse(authorization) {
        Credential::Bearer(token) => call.admit(shared, token, Scheme::Bearer),
        Credential::Dpop(token) => call.admit(shared, token, Scheme::Dpop),
        _ => shared.auth.authenticate(headers).map_err(IntoResponse::into_response),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Scheme {
    Bearer,
    Dpop,
}

struct Call<'a> {
    base: String,
    method: &'a str,
    path: &'a str,
    proof: Option<&'a str>,
}

impl Call<'_> {
    fn admit(&self, shared: &Shared, token: &str, scheme: Scheme) -> Result<Principal, Response> {
        let now = shared.clock.now();
        let mut state = shared.oauth.state.lock().unwrap();
        let invalid = || self.reject(401, "E0000011", "Invalid token provided", scheme, &[("error", "invalid_token"), ("error_description", "The access token is invalid.")]);
        let issued = state.access.get(token).filter(|t| t.expires > now).ok_or_else(invalid)?;
        let (jkt, granted, principal) = (issued.jkt.clone(), issued.scopes.clone(), issued.principal.clone());
        match (scheme, jkt) {
            (Scheme::Bearer, Some(_)) => {
                let description = "The DPoP-bound access token must use the DPoP authentication scheme.";
                return Err(self.reject(400, "E0000011", "Invalid token provided", Scheme::Dpop, &[("error", "invalid_request"), ("error_description", description)]));
            }
            (Scheme::Dpop, None) => return Err(invalid()),
            (Scheme::Dpop, Some(jkt)) => {
                let bad_proof = |description: &str| self.reject(400, "E0000011", "Invalid token provided", scheme, &[("error", "invalid_dpop_proof"), ("error_description", description)]);
                let proof = self.proof.ok_or_else(|| bad_proof("The DPoP proof JWT header is missing."))?;
                let proof = jwt::verify_proof(proof, self.method, &self.htu(), now).map_err(|e| bad_proof(&e))?;
                if proof.ath.as_deref() != Some(jwt::token_hash(token).as_str()) {
                    return Err(bad_proof("'ath' claim in the DPoP proof JWT is invalid."));
                }
                if proof.jkt != jkt {
                    return Err(bad_proof("The DPoP proof JWT key does not match the access token binding."));
                }
                // RFC 9449 §9: API-NOTES says Okta does not demand a resource
                // nonce today; the simulator does, so clients handle it.
                if proof.nonce.as_deref() != Some(state.resource_nonce.as_str()) {
                    return Err(self.nonce_challenge(&state.resource_nonce));
                }
                if !state.proof_jtis.insert(proof.jti) {
                    return Err(bad_proof("The DPoP proof JWT has already been used."));
                }
            }
            (Scheme::Bearer, None) => {}
        }
        if let Some(needed) = scopes::required(self.method, self.path) {
            if !scopes::satisfied(&granted, &needed) {
                let description = "The access token provided does not contain the required scopes.";
                let params = [("scope", needed.as_str()), ("error", "insufficient_scope"), ("error_description", description), ("resource", self.path)];
                return Err(self.reject(403, "E0000006", "You do not have permission to perform the requested action", scheme, &params));
            }
        }
        Ok(principal)
    }

    /// `htu` as Okta compares it: scheme, host and the percent-decoded path
    /// (Okta decodes before comparing, okta-sdk-python#541).
    fn htu(&self) -> String {
        format!("{}{}", self.base, percent_encoding::percent_decode_str(self.path).decode_utf8_lossy())
    }

    /// Okta error body plus the `WWW-Authenticate` challenge of §1.2.
    fn reject(&self, status: u16, code: &'static str, summary: &str, scheme: Scheme, params: &[(&str, &str)]) -> Response {
        let mut challenge = match scheme {
            Scheme::Bearer => "Bearer ".to_string(),
            Scheme::Dpop => format!("DPoP algs=\"{DPOP_ALGS}\", "),
        };
        challenge.push_str(&format!("authorization_uri=\"{}/oauth2/v1/authorize\", realm=\"{}\"", self.base, self.base));
        for (name, value) in params {
            challenge.push_str(&format!(", {name}=\"{value}\""));
        }
        let mut response = ApiError::new(status, code, summary).into_response();
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
        }
        response
    }

    fn nonce_challenge(&self, nonce: &str) -> Response {
        let mut response = ApiError::invalid_token().into_response();
        let h = response.headers_mut();
        let challenge = "DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"";
        h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        h.insert("dpop-nonce", HeaderValue::from_str(nonce).unwrap());
        response
    }
}
