//! The org authorization server (`/oauth2/v1/*`, API-NOTES §1.2–1.5) and the
//! OAuth/DPoP side of `/api/v1/*` authentication.
//!
//! Three clients are seeded from `SimConfig::seed`: a web app (authorization
//! code + refresh, client secret), a service app (client credentials,
//! `private_key_jwt`, RS256) and a second service app (ES256) that requires
//! DPoP. Access tokens are opaque strings mapped to what they grant.

mod authorize;
mod jwt;
mod keys;
mod knobs;
mod resource;
mod scopes;
mod token;

use super::auth::Principal;
use super::clock::Millis;
use super::rng::Rng;
use super::Shared;
use axum::routing::{get, post};
use axum::Router;
use keys::ClientKey;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

pub(crate) use resource::authenticate;

/// Every `okta.*` scope of API-NOTES §1.2; the default grant of every client.
pub const OKTA_SCOPES: &[&str] = &[
    "okta.users.read",
    "okta.users.manage",
    "okta.groups.read",
    "okta.groups.manage",
    "okta.apps.read",
    "okta.apps.manage",
    "okta.schemas.read",
    "okta.schemas.manage",
    "okta.userTypes.read",
    "okta.eventHooks.read",
    "okta.eventHooks.manage",
    "okta.policies.read",
    "okta.realms.read",
    "okta.logs.read",
    "okta.authenticators.read",
];

/// Okta-scoped access tokens live exactly one hour (API-NOTES §1.2).
const ACCESS_TTL_MS: Millis = 3_600_000;

/// The seeded web app (authorization-code flow).
#[derive(Debug, Clone)]
pub struct WebApp {
    pub client_id: String,
    pub client_secret: String,
}

/// A seeded service app (client credentials with `private_key_jwt`).
#[derive(Debug, Clone)]
pub struct ServiceApp {
    pub client_id: String,
    /// PKCS#8 PEM of the signing key (RSA for the plain app, P-256 for the DPoP one).
    pub private_key_pem: String,
    pub key_id: String,
}

pub(crate) struct Client {
    pub id: String,
    pub name: &'static str,
    /// Web app only: `client_secret_basic` / `client_secret_post`.
    pub secret: Option<String>,
    /// Service apps only: `private_key_jwt`.
    pub key: Option<ClientKey>,
    /// `dpop_bound_access_tokens`: token requests must carry a DPoP proof.
    pub dpop: bool,
    /// `okta.*` scopes granted to the app.
    pub scopes: BTreeSet<String>,
}

/// What an access token stands for.
pub(crate) struct AccessToken {
    client_id: String,
    pub scopes: Vec<String>,
    pub expires: Millis,
    /// `cnf.jkt`: thumbprint of the DPoP key the token is bound to.
    pub jkt: Option<String>,
    pub principal: Principal,
}

struct AuthCode {
    client_id: String,
    redirect_uri: String,
    scopes: Vec<String>,
    challenge: Option<String>,
    expires: Millis,
}

struct RefreshToken {
    client_id: String,
    scopes: Vec<String>,
    jkt: Option<String>,
    principal: Principal,
    /// Tokens descending from one authorization share a family; reuse of a
    /// rotated-out token revokes the whole family (OAuth security BCP).
    family: u64,
    revoked: bool,
}

pub(crate) struct State {
    rng: Rng,
    pub clients: Vec<Client>,
    codes: HashMap<String, AuthCode>,
    pub access: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshToken>,
    next_family: u64,
    assertion_jtis: HashSet<String>,
    pub proof_jtis: HashSet<String>,
    /// Current `DPoP-Nonce` of the token endpoint and of the resource server.
    pub token_nonce: String,
    pub resource_nonce: String,
}

pub(crate) struct AuthServer {
    pub state: Mutex<State>,
    /// Who approves every authorization request: the seeded test admin.
    admin: Principal,
}

impl AuthServer {
    /// Seeds the clients from their own RNG stream so the org's seeded data
    /// does not change with them.
    pub fn new(seed: u64, admin: &Principal) -> AuthServer {
        let mut rng = Rng::new(seed ^ 0x6F61_7574_6832);
        let all: BTreeSet<String> = OKTA_SCOPES.iter().map(|s| s.to_string()).collect();
        let web = Client {
            id: rng.id("0oa"),
            name: "Sim Web App",
            secret: Some(rng.alphanumeric(40)),
            key: None,
            dpop: false,
            scopes: all.clone(),
        };
        let service_key = keys::rsa(&mut rng);
        let service = Client { id: rng.id("0oa"), name: "Sim Service App", secret: None, key: Some(service_key), dpop: false, scopes: all.clone() };
        let dpop_key = keys::p256(&mut rng);
        let dpop = Client { id: rng.id("0oa"), name: "Sim DPoP Service App", secret: None, key: Some(dpop_key), dpop: true, scopes: all };
        let (token_nonce, resource_nonce) = (rng.alphanumeric(32), rng.alphanumeric(32));
        AuthServer {
            state: Mutex::new(State {
                rng,
                clients: vec![web, service, dpop],
                codes: HashMap::new(),
                access: HashMap::new(),
                refresh: HashMap::new(),
                next_family: 0,
                assertion_jtis: HashSet::new(),
                proof_jtis: HashSet::new(),
                token_nonce,
                resource_nonce,
            }),
            admin: admin.clone(),
        }
    }
}

impl State {
    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }

    /// Mints an access token, and a refresh token in `family` if given.
    fn issue(&mut self, client_id: &str, scopes: Vec<String>, principal: Principal, jkt: Option<String>, now: Millis, family: Option<u64>) -> serde_json::Value {
        let access_token = self.rng.alphanumeric(64);
        let mut body = serde_json::json!({
            "token_type": if jkt.is_some() { "DPoP" } else { "Bearer" },
            "expires_in": ACCESS_TTL_MS / 1000,
            "access_token": access_token,
            "scope": scopes.join(" "),
        });
        if let Some(family) = family {
            let token = self.rng.alphanumeric(43);
            let entry = RefreshToken { client_id: client_id.to_string(), scopes: scopes.clone(), jkt: jkt.clone(), principal: principal.clone(), family, revoked: false };
            self.refresh.insert(token.clone(), entry);
            body["refresh_token"] = token.into();
        }
        self.access.insert(access_token, AccessToken { client_id: client_id.to_string(), scopes, expires: now + ACCESS_TTL_MS, jkt, principal });
        body
    }

    fn new_family(&mut self) -> u64 {
        self.next_family += 1;
        self.next_family
    }

    /// A fresh opaque value (authorization codes, DPoP nonces).
    fn random(&mut self) -> String {
        self.rng.alphanumeric(32)
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/oauth2/v1/authorize", get(authorize::authorize))
        .route("/oauth2/v1/token", post(token::token))
        .route("/oauth2/v1/revoke", post(token::revoke))
}
