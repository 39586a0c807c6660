//! `POST /oauth2/v1/token` and `POST /oauth2/v1/revoke` (API-NOTES §1.3–1.5).

use super::super::ctx::Ctx;
use super::{jwt, Client, State};
use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::json;
use sha2::Digest;

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// An OAuth error: `{"error", "error_description"}`, optionally with a fresh
/// `DPoP-Nonce`.
pub(super) struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
    nonce: Option<String>,
}

impl OAuthError {
    pub fn new(status: u16, error: &'static str, description: impl Into<String>) -> OAuthError {
        OAuthError { status: StatusCode::from_u16(status).unwrap(), error, description: description.into(), nonce: None }
    }

    fn invalid_client(description: impl Into<String>) -> OAuthError {
        OAuthError::new(401, "invalid_client", description)
    }

    fn invalid_grant(description: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "invalid_grant", description)
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.error, "error_description": self.description});
        let mut response = (self.status, [(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response();
        if let Some(nonce) = self.nonce {
            response.headers_mut().insert("dpop-nonce", nonce.parse().unwrap());
        }
        response
    }
}

type Form = Vec<(String, String)>;

fn param<'a>(form: &'a Form, name: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn parse_form(headers: &HeaderMap, body: &[u8]) -> Result<Form, OAuthError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(OAuthError::new(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded."));
    }
    Ok(form_urlencoded::parse(body).into_owned().collect())
}

pub(crate) async fn token(ctx: Ctx, body: Bytes) -> Response {
    let token_url = format!("{}/oauth2/v1/token", ctx.base);
    let now = ctx.now();
    let mut state = ctx.shared.oauth.state.lock().unwrap();
    let result = parse_form(&ctx.headers, &body).and_then(|form| {
        let client = authenticate_client(&mut state, &form, &ctx.headers, &token_url, now)?;
        let jkt = dpop_binding(&mut state, &client, &ctx.headers, &token_url, now)?;
        let admin = ctx.shared.oauth.admin.clone();
        match param(&form, "grant_type") {
            Some("authorization_code") => authorization_code(&mut state, &client, &form, jkt, admin, now),
            Some("refresh_token") => refresh(&mut state, &client, &form, jkt, now),
            Some("client_credentials") => client_credentials(&mut state, &client, &form, jkt, now),
            Some(other) => Err(OAuthError::new(400, "unsupported_grant_type", format!("The authorization grant type is not supported by the authorization server: '{other}'."))),
            None => Err(OAuthError::new(400, "invalid_request", "The 'grant_type' parameter is required.")),
        }
    });
    match result {
        Ok(body) => ([(header::CACHE_CONTROL, "no-store"), (header::PRAGMA, "no-cache")], axum::Json(body)).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The authenticated client, a snapshot so grants can mutate `state`.
struct Authenticated {
    id: String,
    name: &'static str,
    by_key: bool,
    dpop: bool,
    scopes: Vec<String>,
}

fn snapshot(client: &Client, by_key: bool) -> Authenticated {
    Authenticated { id: client.id.clone(), name: client.name, by_key, dpop: client.dpop, scopes: client.scopes.iter().cloned().collect() }
}

/// Exactly one of HTTP Basic, `client_secret` in the body, or a client
/// assertion. The web app accepts both secret methods (Okta would enforce
/// the single registered `token_endpoint_auth_method`).
fn authenticate_client(state: &mut State, form: &Form, headers: &HeaderMap, token_url: &str, now: i64) -> Result<Authenticated, OAuthError> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "));
    let post = param(form, "client_secret");
    let assertion = param(form, "client_assertion");
    let kinds = [basic.is_some(), post.is_some(), assertion.is_some() || param(form, "client_assertion_type").is_some()];
    if kinds.iter().filter(|k| **k).count() > 1 {
        return Err(OAuthError::new(401, "invalid_request", "Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body."));
    }
    if kinds[2] {
        if param(form, "client_assertion_type") != Some(JWT_BEARER) {
            return Err(OAuthError::new(400, "invalid_request", format!("The client_assertion_type must be {JWT_BEARER}.")));
        }
        let assertion = assertion.ok_or_else(|| OAuthError::new(400, "invalid_request", "The 'client_assertion' parameter is required."))?;
        let id = jwt::assertion_subject(assertion).ok_or_else(|| OAuthError::invalid_client("The client_assertion token is malformed."))?;
        if param(form, "client_id").is_some_and(|c| c != id) {
            return Err(OAuthError::invalid_client("The client_id does not match the client_assertion subject."));
        }
        let (client, seen) = (state.clients.iter().find(|c| c.id == id), &mut state.assertion_jtis);
        let client = client.ok_or_else(|| OAuthError::invalid_client("The client_assertion subject is not a valid client."))?;
        let key = client.key.as_ref().ok_or_else(|| OAuthError::invalid_client("The client has no JWKS configured for private_key_jwt."))?;
        jwt::verify_assertion(assertion, &id, key, token_url, now, seen).map_err(OAuthError::invalid_client)?;
        return Ok(snapshot(client, true));
    }
    let (id, secret) = match (basic, post) {
        (Some(b64), _) => {
            let decoded = STANDARD.decode(b64.trim()).ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
            let (id, secret) = decoded.split_once(':').unwrap_or((&decoded, ""));
            // RFC 6749 §2.3.1: both halves are form-urlencoded before encoding.
            let unescape = |s: &str| form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default();
            (unescape(id), unescape(secret))
        }
        (None, Some(secret)) => (param(form, "client_id").unwrap_or_default().to_string(), secret.to_string()),
        (None, None) => return Err(OAuthError::invalid_client("Client authentication failed. Either the client or the client credentials are invalid.")),
    };
    let client = state.client(&id).ok_or_else(|| OAuthError::invalid_client("Invalid value for 'client_id' parameter."))?;
    if client.secret.as_deref() != Some(secret.as_str()) {
        return Err(OAuthError::invalid_client("The client secret supplied for a confidential client is invalid."));
    }
    Ok(snapshot(client, false))
}

/// For a client that requires DPoP: checks the token-request proof and
/// returns the key thumbprint to bind. A `DPoP` header from any other client
/// is ignored and a Bearer token issued [infer].
///
/// Client authentication runs first, so an assertion `jti` is spent even when
/// the answer is `use_dpop_nonce`: clients must build a new assertion for the
/// retry (API-NOTES §1.5 step 4).
fn dpop_binding(state: &mut State, client: &Authenticated, headers: &HeaderMap, token_url: &str, now: i64) -> Result<Option<String>, OAuthError> {
    if !client.dpop {
        return Ok(None);
    }
    let proof = headers
        .get("dpop")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| OAuthError::new(400, "invalid_dpop_proof", "The DPoP proof JWT header is missing."))?;
    let proof = jwt::verify_proof(proof, "POST", token_url, now).map_err(|e| OAuthError::new(400, "invalid_dpop_proof", e))?;
    if proof.nonce.as_deref() != Some(state.token_nonce.as_str()) {
        let mut e = OAuthError::new(400, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.");
        e.nonce = Some(state.token_nonce.clone());
        return Err(e);
    }
    if !state.proof_jtis.insert(proof.jti) {
        return Err(OAuthError::new(400, "invalid_dpop_proof", "The DPoP proof JWT has already been used."));
    }
    Ok(Some(proof.jkt))
}

fn authorization_code(state: &mut State, client: &Authenticated, form: &Form, jkt: Option<String>, admin: super::Principal, now: i64) -> Result<serde_json::Value, OAuthError> {
    if client.by_key {
        return Err(OAuthError::new(400, "unauthorized_client", "The client is not authorized to use the provided grant type. Configured grant types: [client_credentials]."));
    }
    let code = param(form, "code").ok_or_else(|| OAuthError::new(400, "invalid_request", "The 'code' parameter is required."))?;
    // Single use: the code is spent by any attempt, successful or not.
    let grant = state.codes.remove(code).filter(|g| g.client_id == client.id && g.expires > now);
    let grant = grant.ok_or_else(|| OAuthError::invalid_grant("The authorization code is invalid or has expired."))?;
    if param(form, "redirect_uri") != Some(grant.redirect_uri.as_str()) {
        return Err(OAuthError::invalid_grant("The 'redirect_uri' does not match the redirection URI used in the authorization request."));
    }
    match (&grant.challenge, param(form, "code_verifier")) {
        (Some(challenge), Some(verifier)) if URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes())) == *challenge => {}
        (None, None) => {}
        _ => return Err(OAuthError::invalid_grant("PKCE verification failed.")),
    }
    let family = grant.scopes.iter().any(|s| s == "offline_access").then(|| state.new_family());
    Ok(state.issue(&client.id, grant.scopes, admin, jkt, now, family))
}

/// Rotation: every use returns a new refresh token and revokes the used one.
fn refresh(state: &mut State, client: &Authenticated, form: &Form, jkt: Option<String>, now: i64) -> Result<serde_json::Value, OAuthError> {
    let token = param(form, "refresh_token").ok_or_else(|| OAuthError::new(400, "invalid_request", "The 'refresh_token' parameter is required."))?;
    let invalid = || OAuthError::invalid_grant("The refresh token is invalid or expired.");
    let entry = state.refresh.get(token).filter(|r| r.client_id == client.id).ok_or_else(invalid)?;
    if entry.revoked {
        let family = entry.family;
        state.refresh.values_mut().filter(|r| r.family == family).for_each(|r| r.revoked = true);
        return Err(invalid());
    }
    if entry.jkt.is_some() && entry.jkt != jkt {
        return Err(OAuthError::new(400, "invalid_dpop_proof", "The DPoP proof key does not match the refresh token binding."));
    }
    let scopes = match param(form, "scope") {
        None => entry.scopes.clone(),
        Some(requested) => {
            let requested: Vec<String> = requested.split_whitespace().map(str::to_string).collect();
            if let Some(extra) = requested.iter().find(|s| !entry.scopes.contains(s)) {
                return Err(OAuthError::new(400, "invalid_scope", format!("The requested scope '{extra}' was not granted to the refresh token.")));
            }
            requested
        }
    };
    let (principal, family) = (entry.principal.clone(), entry.family);
    state.refresh.get_mut(token).unwrap().revoked = true;
    Ok(state.issue(&client.id, scopes, principal, jkt, now, Some(family)))
}

/// Org AS client credentials: `private_key_jwt` only, explicit granted scopes,
/// no refresh token (API-NOTES §1.4).
fn client_credentials(state: &mut State, client: &Authenticated, form: &Form, jkt: Option<String>, now: i64) -> Result<serde_json::Value, OAuthError> {
    if !client.by_key {
        return Err(OAuthError::invalid_client("Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method."));
    }
    let requested: Vec<String> = param(form, "scope").unwrap_or_default().split_whitespace().map(str::to_string).collect();
    if requested.is_empty() {
        return Err(OAuthError::new(400, "invalid_scope", "The authorization server resource does not have any configured default scopes, 'scope' must be provided."));
    }
    let denied: Vec<&str> = requested.iter().filter(|s| !client.scopes.contains(s)).map(String::as_str).collect();
    if !denied.is_empty() {
        return Err(OAuthError::new(400, "invalid_scope", format!("The following scopes were requested, but not granted to the client: {}.", denied.join(" "))));
    }
    let principal = super::Principal { id: client.id.clone(), login: client.id.clone(), display_name: client.name.to_string() };
    Ok(state.issue(&client.id, requested, principal, jkt, now, None))
}

/// RFC 7009: revokes an access or refresh token of the authenticated client;
/// unknown tokens are not an error. No DPoP proof is required here [infer].
pub(crate) async fn revoke(ctx: Ctx, body: Bytes) -> Response {
    let token_url = format!("{}/oauth2/v1/revoke", ctx.base);
    let mut state = ctx.shared.oauth.state.lock().unwrap();
    let result = parse_form(&ctx.headers, &body).and_then(|form| {
        let client = authenticate_client(&mut state, &form, &ctx.headers, &token_url, ctx.now())?;
        let token = param(&form, "token").ok_or_else(|| OAuthError::new(400, "invalid_request", "The 'token' parameter is required."))?;
        if let Some(r) = state.refresh.get_mut(token).filter(|r| r.client_id == client.id) {
            r.revoked = true;
        }
        if state.access.get(token).is_some_and(|a| a.client_id == client.id) {
            state.access.remove(token);
        }
        Ok(())
    });
    match result {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => e.into_response(),
    }
}
