//! Encodings Okta's URLs, forms and JWTs need.

use base64::Engine as _;

/// Encodes everything but RFC 3986 unreserved characters, so ids, logins and expressions survive as one value.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decodes without turning `+` into a space, as a URL path requires.
pub fn percent_decode_path(s: &str) -> String {
    s.split('+').map(percent_decode).collect::<Vec<_>>().join("+")
}

/// Decodes a query value: `%XX` escapes, and `+` as a space.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn base64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}


#[cfg(test)]
mod tests {
    #[test]
    fn percent_encoding_round_trips_logins_and_expressions() {
        let s = r#"profile.login eq "a+b@x.com""#;
        assert_eq!(super::percent_encode("a+b@x.com"), "a%2Bb%40x.com");
        assert_eq!(super::percent_decode(&super::percent_encode(s)), s);
    }

}
