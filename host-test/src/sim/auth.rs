//! Who is calling. One entry point, [`authenticate`], turns the
//! `Authorization` header into a [`Principal`]; new schemes (OAuth `Bearer`,
//! `DPoP`) plug in as further [`Credential`] variants.

use super::errors::ApiError;
use axum::http::HeaderMap;

/// The authenticated caller; becomes the `actor` of System Log events.
#[derive(Debug, Clone)]
pub struct Principal {
    pub id: String,
    pub login: String,
    pub display_name: String,
}

/// A credential as presented in the `Authorization` header.
#[derive(Debug, PartialEq)]
pub enum Credential<'a> {
    /// `SSWS <api token>`.
    Ssws(&'a str),
    /// `Bearer <access token>` from the org authorization server.
    Bearer(&'a str),
    /// `DPoP <access token>`, sent with a `DPoP` proof header.
    Dpop(&'a str),
    /// A scheme this org does not accept (yet).
    Unsupported(&'a str),
}

impl<'a> Credential<'a> {
    pub fn parse(header: &'a str) -> Credential<'a> {
        // Okta also takes `SSWS<token>` without the space; Okta's Python SDK sends exactly that.
        if let Some(token) = header.get(..4).filter(|s| s.eq_ignore_ascii_case("SSWS")).and(header.get(4..)) {
            if !token.is_empty() && !token.starts_with(' ') {
                return Credential::Ssws(token.trim());
            }
        }
        match header.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("SSWS") => Credential::Ssws(token.trim()),
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("Bearer") => Credential::Bearer(token.trim()),
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("DPoP") => Credential::Dpop(token.trim()),
            Some((scheme, _)) => Credential::Unsupported(scheme),
            None => Credential::Unsupported(header),
        }
    }
}

/// What the org accepts: its API token, acting as `admin`.
pub struct Auth {
    pub api_token: String,
    pub admin: Principal,
}

impl Auth {
    /// 401 `E0000011` for a missing, malformed or wrong credential.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Principal, ApiError> {
        let header = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .ok_or_else(ApiError::invalid_token)?;
        match Credential::parse(header) {
            Credential::Ssws(token) if token == self.api_token => Ok(self.admin.clone()),
            _ => Err(ApiError::invalid_token()),
        }
    }
}
