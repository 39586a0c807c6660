//! The org URL a connection names, normalised once so every request goes to exactly that origin.

use crate::error::{Error, Result};

/// Okta-owned domains, where an `-admin` suffix on the org label names the same org's admin console.
const OKTA_DOMAINS: [&str; 4] = [".okta.com", ".oktapreview.com", ".okta-emea.com", ".okta-gov.com"];

/// `https://host[:port]` of an Okta org, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgUrl(String);

impl OrgUrl {
    /// Accepts `acme.okta.com`, `https://acme.okta.com/`, `acme-admin.okta.com`, custom URL domains and
    /// `http://` loopback (simulators); rejects anything that could send credentials elsewhere:
    /// userinfo, paths, queries, fragments and plain `http` to a non-loopback host. `field` names the input.
    pub fn parse(raw: &str, field: &str) -> Result<OrgUrl> {
        let bad = |why: &str| Error::invalid(field, format!("{why}; expected an Okta domain such as acme.okta.com"));
        let raw = raw.trim();
        let (scheme, rest) = match raw.split_once("://") {
            Some((s, r)) => (s.to_ascii_lowercase(), r),
            None => ("https".to_string(), raw),
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains(['/', '?', '#']) {
            return Err(bad("must not contain a path, query or fragment"));
        }
        if authority.contains('@') {
            return Err(bad("must not contain user information"));
        }
        let (host, port) = split_port(authority).ok_or_else(|| bad("has an invalid port"))?;
        let host = host.to_ascii_lowercase();
        let loopback = is_loopback(&host);
        if !loopback && is_ip_literal(&host) {
            return Err(bad("is an IP address; the connector sends credentials only to host names"));
        }
        if !loopback && !is_dns_name(&host) {
            return Err(bad("is not a valid host name"));
        }
        match scheme.as_str() {
            "https" => {}
            "http" if loopback => {}
            "http" => return Err(bad("must use https")),
            _ => return Err(bad("must be an https URL")),
        }
        let host = strip_admin(&host);
        Ok(OrgUrl(match port {
            Some(p) => format!("{scheme}://{host}:{p}"),
            None => format!("{scheme}://{host}"),
        }))
    }

    /// The origin as a string, e.g. `https://acme.okta.com`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn split_port(authority: &str) -> Option<(&str, Option<u16>)> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, rest) = authority.split_at(end + 1);
        return match rest.strip_prefix(':') {
            Some(p) => Some((host, Some(p.parse().ok()?))),
            None if rest.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match authority.rsplit_once(':') {
        Some((host, p)) => Some((host, Some(p.parse().ok()?))),
        None => Some((authority, None)),
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host == "[::1]" || host.strip_prefix("127.").is_some_and(|r| {
        r.split('.').count() == 3 && r.split('.').all(|o| o.parse::<u8>().is_ok())
    })
}

/// `[v6]`, or a name whose last label is numeric: URL parsers read `10.0.0.1`, `10.1` and `0x7f.1` as IPv4.
fn is_ip_literal(host: &str) -> bool {
    let last = host.rsplit('.').next().unwrap_or_default();
    let numeric = !last.is_empty() && (last.chars().all(|c| c.is_ascii_digit()) || (last.starts_with("0x") && last[2..].chars().all(|c| c.is_ascii_hexdigit())));
    host.starts_with('[') || numeric
}

/// At least two labels of letters, digits and inner hyphens: a bare `acme` is ambiguous, so it is refused.
fn is_dns_name(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

fn strip_admin(host: &str) -> String {
    for domain in OKTA_DOMAINS {
        if let Some(label) = host.strip_suffix(domain) {
            if let Some(org) = label.strip_suffix("-admin") {
                if !label.contains('.') {
                    return format!("{org}{domain}");
                }
            }
        }
    }
    host.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        OrgUrl::parse(raw, "oktaDomain").unwrap().0
    }

    #[test]
    fn accepts_okta_and_custom_domains_in_any_usual_spelling() {
        assert_eq!(ok("acme.okta.com"), "https://acme.okta.com");
        assert_eq!(ok("https://acme.okta.com/"), "https://acme.okta.com");
        assert_eq!(ok(" HTTPS://Acme.Okta.com "), "https://acme.okta.com");
        assert_eq!(ok("acme.oktapreview.com"), "https://acme.oktapreview.com");
        assert_eq!(ok("acme.okta-emea.com"), "https://acme.okta-emea.com");
        assert_eq!(ok("login.acme-corp.example"), "https://login.acme-corp.example");
        assert_eq!(ok("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(ok("http://localhost:9"), "http://localhost:9");
    }

    #[test]
    fn strips_admin_suffix_only_on_okta_domains() {
        assert_eq!(ok("acme-admin.okta.com"), "https://acme.okta.com");
        assert_eq!(ok("https://acme-admin.oktapreview.com/"), "https://acme.oktapreview.com");
        assert_eq!(ok("sso-admin.acme.example"), "https://sso-admin.acme.example");
    }

    #[test]
    fn rejects_anything_that_could_leak_credentials() {
        for raw in [
            "https://evil.example/x?y",
            "https://acme.okta.com/api/v1",
            "https://user:pw@acme.okta.com",
            "acme.okta.com@evil.example",
            "http://acme.okta.com",
            "ftp://acme.okta.com",
            "acme",
            "",
            "https://acme.okta.com:99999",
            "https://acme.okta.com#frag",
            "http://127.0.0.1.evil.example",
            "10.0.0.1",
            "https://192.168.1.20:8443",
            "https://[2001:db8::1]",
            "https://0x7f.1",
            "http://[::2]",
        ] {
            let err = OrgUrl::parse(raw, "oktaDomain").unwrap_err();
            assert!(matches!(err, Error::InvalidInput { ref path, .. } if path == "oktaDomain"), "{raw}: {err:?}");
        }
        for raw in ["10.0.0.1", "https://[2001:db8::1]", "https://0x7f.1"] {
            let err = OrgUrl::parse(raw, "oktaDomain").unwrap_err();
            assert!(matches!(err, Error::InvalidInput { ref message, .. } if message.contains("IP address")), "{raw}: {err:?}");
        }
    }
}
