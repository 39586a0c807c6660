//! The guard of raw requests (Prismatic's Raw Request, Okta Workflows' Custom API Action): a path
//! that can only name a resource of the org, and headers that cannot replace the connector's own.

use super::{percent_decode, percent_decode_path};
use crate::error::{Error, Result};

/// Paths Okta serves outside `/api/v1`; anything else is taken as relative to `/api/v1`, as Prismatic does.
const ORG_ROOTS: [&str; 3] = ["/api/", "/oauth2/", "/.well-known/"];

/// Headers the connector owns (credentials, framing) and the hop-by-hop headers of RFC 9110 §7.6.1.
const RESERVED_HEADERS: [&str; 14] = [
    "authorization", "proxy-authorization", "dpop", "cookie", "host", "content-length", "connection", "keep-alive",
    "proxy-authenticate", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
];

/// Splits a raw path into the org-relative path to send and its query pairs. Refuses, as
/// invalid input at `path`, anything that could reach past the org: absolute or scheme-relative
/// URLs, userinfo, backslashes, dot segments, fragments, whitespace and control characters, and
/// any percent-encoded form of them (decoded repeatedly).
pub fn org_path(raw: &str) -> Result<(String, Vec<(String, String)>)> {
    let bad = |why: &str| Error::invalid("path", format!("{why}; give a path of the org such as /api/v1/users or /users"));
    if !raw.starts_with('/') {
        return Err(bad("must start with `/`, not a URL or host"));
    }
    if raw.chars().any(|c| c.is_whitespace() || c.is_control() || !c.is_ascii()) {
        return Err(bad("must not contain whitespace, control or non-ASCII characters (percent-encode them)"));
    }
    if raw.contains('#') {
        return Err(bad("must not contain a fragment"));
    }
    let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
    let mut form = path.to_string();
    for _ in 0..4 {
        check_form(&form).map_err(bad)?;
        let decoded = percent_decode_path(&form);
        if decoded == form {
            break;
        }
        form = decoded;
    }
    if form.contains('%') && percent_decode_path(&form) != form {
        return Err(bad("is encoded too many times"));
    }
    let path = if ORG_ROOTS.iter().any(|r| path.starts_with(r)) { path.to_string() } else { format!("/api/v1{path}") };
    let query = query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    Ok((path, query))
}

/// One decoding of a path: what makes it leave the org or climb out of its place.
fn check_form(path: &str) -> Result<(), &'static str> {
    if path.contains('\\') {
        return Err("must not contain a backslash");
    }
    if path.starts_with("//") || path.contains("://") {
        return Err("must not name another host");
    }
    let first = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    if first.contains(['@', ':']) {
        return Err("must not contain user information or a port");
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return Err("must not contain `.` or `..` segments");
    }
    if path.chars().any(|c| c.is_control() || c == ' ') {
        return Err("must not contain whitespace or control characters");
    }
    Ok(())
}

/// An extra header is a valid token with a value on one line, and not one the connector owns.
pub fn check_header(name: &str, value: &str) -> Result<()> {
    let field = format!("headers.{name}");
    let token = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !token {
        return Err(Error::invalid(field, "is not a valid header name"));
    }
    if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        return Err(Error::invalid(field, "is set by the connector (credentials and connection handling) and cannot be overridden"));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(Error::invalid(field, "must be one line without control characters"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_paths_are_kept_or_placed_under_api_v1_with_their_query() {
        assert_eq!(org_path("/api/v1/users").unwrap(), ("/api/v1/users".into(), vec![]));
        assert_eq!(org_path("/users?limit=2&q=ad%20a").unwrap(), ("/api/v1/users".into(), vec![("limit".into(), "2".into()), ("q".into(), "ad a".into())]));
        assert_eq!(org_path("/oauth2/v1/keys").unwrap().0, "/oauth2/v1/keys");
        assert_eq!(org_path("/api/v1/users/ada%40example.com").unwrap().0, "/api/v1/users/ada%40example.com");
        assert_eq!(org_path("/api/v1/users/ada@example.com").unwrap().0, "/api/v1/users/ada@example.com");
    }

    #[test]
    fn paths_that_could_leave_the_org_are_refused() {
        for raw in [
            "https://evil.example/api/v1/users", "http:/evil.example", "evil.example/api", "//evil.example/x", "/\\evil.example",
            "/api/v1\\..\\users", "/@evil.example", "/user:pw@evil.example/x", "/api/../../x", "/api/v1/users/..", "/./api",
            "/%2F%2Fevil.example", "/%2e%2e/x", "/api/%2E%2E/x", "/%5Cevil.example", "/%252e%252e/x", "/%25252F%25252Fevil", "/%40evil.example",
            "/api/v1/users#frag", "/api/v1/us ers", "/api/v1/users\r\nHost: evil", "/api/v1/ü", "", "users",
        ] {
            let err = org_path(raw).unwrap_err();
            assert!(matches!(err, Error::InvalidInput { ref path, .. } if path == "path"), "{raw}: {err:?}");
        }
    }

    #[test]
    fn headers_the_connector_owns_are_refused() {
        for name in ["Authorization", "authorization", "DPoP", "Host", "Content-Length", "Connection", "Transfer-Encoding", "TE", "Upgrade", "Proxy-Authorization"] {
            assert!(check_header(name, "x").is_err(), "{name}");
        }
        assert!(check_header("X-Note", "a\r\nAuthorization: SSWS x").is_err());
        assert!(check_header("Bad Name", "x").is_err());
        assert!(check_header("Accept-Language", "en").is_ok());
        assert!(check_header("Content-Type", "text/plain").is_ok());
    }
}
