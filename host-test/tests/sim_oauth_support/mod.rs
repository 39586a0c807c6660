//! Plain-HTTP client side of the OAuth tests: form posts, client assertions
//! and DPoP proofs built the way a real client would.
#![allow(dead_code)]

use host_test::sim::{ServiceApp, SimConfig, Simulator};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

pub fn start() -> Simulator {
    Simulator::start(SimConfig::default()).unwrap()
}

/// A response, whatever its status.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn from(response: ureq::Response) -> Reply {
        let status = response.status();
        let headers = response
            .headers_names()
            .iter()
            .filter_map(|n| response.header(n).map(|v| (n.clone(), v.to_string())))
            .collect();
        let text = response.into_string().unwrap_or_default();
        Reply { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::Null) }
    }
}

pub fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new().redirects(0).build()
}

pub fn send(request: ureq::Request, form: Option<&[(&str, &str)]>) -> Reply {
    let result = match form {
        Some(form) => request.send_form(form),
        None => request.call(),
    };
    match result {
        Ok(r) | Err(ureq::Error::Status(_, r)) => Reply::from(r),
        Err(e) => panic!("transport error: {e}"),
    }
}

pub fn now_s() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("{prefix}-{}-{}", now_s(), NEXT.fetch_add(1, Ordering::Relaxed))
}

fn signing_key(pem: &str) -> (EncodingKey, Algorithm) {
    match EncodingKey::from_rsa_pem(pem.as_bytes()) {
        Ok(key) => (key, Algorithm::RS256),
        Err(_) => (EncodingKey::from_ec_pem(pem.as_bytes()).unwrap(), Algorithm::ES256),
    }
}

/// A `private_key_jwt` assertion for `app` addressed to `aud`; `claims`
/// entries override the defaults (a `null` removes the claim).
pub fn assertion(app: &ServiceApp, aud: &str, claims: Value) -> String {
    let (key, alg) = signing_key(&app.private_key_pem);
    let now = now_s();
    let mut body = json!({"iss": app.client_id, "sub": app.client_id, "aud": aud, "iat": now, "exp": now + 300, "jti": unique("jti")});
    for (k, v) in claims.as_object().unwrap() {
        if v.is_null() {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    let mut header = Header::new(alg);
    header.kid = Some(app.key_id.clone());
    encode(&header, &body, &key).unwrap()
}

pub fn client_credentials(sim: &Simulator, app: &ServiceApp, scope: &str, dpop: Option<&str>) -> Reply {
    let url = format!("{}/oauth2/v1/token", sim.url());
    let jwt = assertion(app, &url, json!({}));
    let mut request = agent().post(&url);
    if let Some(proof) = dpop {
        request = request.set("DPoP", proof);
    }
    let form = [("grant_type", "client_credentials"), ("scope", scope), ("client_assertion_type", JWT_BEARER), ("client_assertion", &jwt)];
    send(request, Some(&form))
}

/// The client's DPoP key: a fixed P-256 test key (openssl-generated),
/// unrelated to any client key.
pub struct DpopKey {
    key: EncodingKey,
    jwk: Jwk,
}

pub const DPOP_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/6j/CRwVuS8qSSTU
Q7HoRpWdW0aEzShK0DtyqJ2++2ShRANCAASzwz6Hk/jFxFRJDHsIX6QueIU4r70B
RVtOSvW3J5PLFDGzx1az5Q4Xx9mpiXpSDC0/ZOm/N1GO9OU9K44insdO
-----END PRIVATE KEY-----
";

impl DpopKey {
    pub fn new() -> DpopKey {
        let key = EncodingKey::from_ec_pem(DPOP_PEM.as_bytes()).unwrap();
        let jwk = Jwk::from_encoding_key(&key, Algorithm::ES256).unwrap();
        DpopKey { key, jwk }
    }

    pub fn proof(&self, htm: &str, htu: &str, nonce: Option<&str>, access_token: Option<&str>) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.typ = Some("dpop+jwt".into());
        header.jwk = Some(self.jwk.clone());
        let mut claims = json!({"htm": htm, "htu": htu, "iat": now_s(), "jti": unique("proof")});
        if let Some(nonce) = nonce {
            claims["nonce"] = nonce.into();
        }
        if let Some(token) = access_token {
            use base64::Engine;
            use sha2::Digest;
            claims["ath"] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(token.as_bytes())).into();
        }
        encode(&header, &claims, &self.key).unwrap()
    }
}

/// `GET` an API path with `Authorization: <scheme> <token>` and an optional proof.
pub fn api_get(sim: &Simulator, path: &str, authorization: &str, proof: Option<&str>) -> Reply {
    let mut request = agent().get(&format!("{}{path}", sim.url())).set("Authorization", authorization);
    if let Some(proof) = proof {
        request = request.set("DPoP", proof);
    }
    send(request, None)
}
