//! Test-facing handles on the authorization server.

use super::super::Simulator;
use super::{ServiceApp, WebApp};

impl Simulator {
    /// The seeded web app (authorization code + refresh, client secret).
    pub fn web_app(&self) -> WebApp {
        let state = self.shared.oauth.state.lock().unwrap();
        let client = &state.clients[0];
        WebApp { client_id: client.id.clone(), client_secret: client.secret.clone().unwrap_or_default() }
    }

    /// The seeded service app (client credentials, RS256 `private_key_jwt`, no DPoP).
    pub fn service_app(&self) -> ServiceApp {
        self.service(1)
    }

    /// The seeded service app that requires DPoP (ES256 `private_key_jwt`).
    pub fn dpop_service_app(&self) -> ServiceApp {
        self.service(2)
    }

    fn service(&self, index: usize) -> ServiceApp {
        let state = self.shared.oauth.state.lock().unwrap();
        let client = &state.clients[index];
        let key = client.key.as_ref().expect("service apps have a key");
        ServiceApp { client_id: client.id.clone(), private_key_pem: key.private_pem.clone(), key_id: key.kid.clone() }
    }

    /// Replaces the `okta.*` scopes granted to a client. Tokens already
    /// issued keep their scopes, as in Okta.
    pub fn set_client_scopes(&self, client_id: &str, scopes: &[&str]) {
        let mut state = self.shared.oauth.state.lock().unwrap();
        if let Some(client) = state.clients.iter_mut().find(|c| c.id == client_id) {
            client.scopes = scopes.iter().map(|s| s.to_string()).collect();
        }
    }

    /// Revokes every refresh token (as an admin revoking the app's grants would).
    pub fn revoke_refresh_tokens(&self) {
        let mut state = self.shared.oauth.state.lock().unwrap();
        state.refresh.values_mut().for_each(|r| r.revoked = true);
    }

    /// New `DPoP-Nonce` values for the token endpoint and the resource
    /// server; proofs carrying the old ones are challenged again.
    /// (Okta keeps honouring an old nonce for days; the simulator does not.)
    pub fn rotate_dpop_nonce(&self) {
        let mut state = self.shared.oauth.state.lock().unwrap();
        state.token_nonce = state.random();
        state.resource_nonce = state.random();
    }

    /// Expires every access token now, without moving the clock (which would
    /// also age the clients' assertions and proofs).
    pub fn expire_access_tokens(&self) {
        let now = self.shared.clock.now();
        let mut state = self.shared.oauth.state.lock().unwrap();
        state.access.values_mut().for_each(|t| t.expires = now);
    }
}
