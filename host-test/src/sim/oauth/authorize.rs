//! `GET /oauth2/v1/authorize` (API-NOTES §1.3). There is no login page: the
//! seeded test admin approves every valid request at once and the browser is
//! redirected straight back with a code.

use super::super::ctx::Ctx;
use super::AuthCode;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Authorization codes are short-lived [infer: Okta documents no number].
const CODE_TTL_MS: i64 = 60_000;

/// Scopes any OIDC client may request besides its granted `okta.*` scopes.
/// `openid` is accepted but no ID token is issued (simplification).
const OIDC_SCOPES: &[&str] = &["openid", "profile", "email", "offline_access"];

/// Native-app style loopback redirect: `http://127.0.0.1:<any port>/…`
/// or `http://localhost:<any port>/…` (RFC 8252 §7.3).
fn loopback(redirect_uri: &str) -> bool {
    let Ok(uri) = redirect_uri.parse::<Uri>() else { return false };
    uri.scheme_str() == Some("http") && matches!(uri.host(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

fn redirect(redirect_uri: &str, params: &[(&str, &str)]) -> Response {
    let query: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    (StatusCode::FOUND, [(header::LOCATION, format!("{redirect_uri}{sep}{query}"))]).into_response()
}

/// Without a trustworthy redirect URI the error cannot be sent back to the
/// client; Okta shows an HTML error page, the simulator a JSON 400.
fn bad_request(error: &str, description: &str) -> Response {
    (StatusCode::BAD_REQUEST, axum::Json(json!({"error": error, "error_description": description}))).into_response()
}

pub(crate) async fn authorize(ctx: Ctx) -> Response {
    let client_id = ctx.param("client_id").unwrap_or_default();
    let redirect_uri = ctx.param("redirect_uri").unwrap_or_default();
    let mut state = ctx.shared.oauth.state.lock().unwrap();
    let Some(client) = state.client(client_id).filter(|c| c.secret.is_some()) else {
        return bad_request("invalid_client", "The client_id is not a web application of this org.");
    };
    if !loopback(redirect_uri) {
        return bad_request("invalid_request", "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.");
    }
    let app_state = ctx.param("state");
    let fail = |error: &str, description: &str| {
        let mut params = vec![("error", error), ("error_description", description)];
        params.extend(app_state.map(|s| ("state", s)));
        redirect(redirect_uri, &params)
    };
    let Some(app_state) = app_state else {
        return fail("invalid_request", "The 'state' parameter is required.");
    };
    if ctx.param("response_type") != Some("code") {
        return fail("unsupported_response_type", "The response type is not supported by the authorization server. Configured response types: [code].");
    }
    let scopes: Vec<String> = ctx.param("scope").unwrap_or_default().split_whitespace().map(str::to_string).collect();
    if scopes.is_empty() {
        return fail("invalid_scope", "The 'scope' parameter is required.");
    }
    let denied: Vec<&str> = scopes
        .iter()
        .filter(|s| !client.scopes.contains(*s) && !OIDC_SCOPES.contains(&s.as_str()))
        .map(String::as_str)
        .collect();
    if !denied.is_empty() {
        return fail("invalid_scope", &format!("One or more scopes are not configured for the authorization server resource: {}.", denied.join(" ")));
    }
    let challenge = ctx.param("code_challenge").map(str::to_string);
    if challenge.is_some() && ctx.param("code_challenge_method") != Some("S256") {
        return fail("invalid_request", "PKCE code challenge method must be S256.");
    }
    let code = AuthCode {
        client_id: client.id.clone(),
        redirect_uri: redirect_uri.to_string(),
        scopes,
        challenge,
        expires: ctx.now() + CODE_TTL_MS,
    };
    let value = state.random();
    state.codes.insert(value.clone(), code);
    redirect(redirect_uri, &[("code", &value), ("state", app_state)])
}
