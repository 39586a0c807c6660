//! Okta connector as a WebAssembly component. The WIT exports only delegate to the registry;
//! everything Okta-specific lives in `okta/` (API) and `actions/` (catalogue).
#![deny(missing_docs)]
// Labels, descriptions, flags and schemas are read only by the native catalogue generator
// (`registry::describe`, which writes manifest.json); the component returns that file instead.
#![cfg_attr(target_arch = "wasm32", allow(dead_code))]

mod actions;
mod bindings;
mod catalogue;
mod connections;
mod data_sources;
#[cfg(test)]
mod docs;
mod error;
mod http;
mod input;
mod okta;
mod registry;
#[cfg(not(target_arch = "wasm32"))]
mod scopes;
mod secret;
mod time;
mod triggers;

use bindings::exports::okta::connector::connector::Guest;
use bindings::okta::connector::types::{ActionResult, AuthorizationRequest, ConnectorError, PollResult, WebhookRequest, WebhookResponse, WebhookResult};

/// The exported component; a unit type because the connector keeps no state between calls.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
struct Component;

impl Guest for Component {
    /// Generated once, natively, by `registry::describe` into manifest.json; built in by build.rs (see
    /// `catalogue`). Never an error: the `result` is for hosts that require one.
    fn describe() -> Result<String, ConnectorError> {
        Ok(catalogue::json())
    }

    fn test_connection(connection_json: String) -> Result<String, ConnectorError> {
        Ok(registry::test_connection(&connection_json)?)
    }

    fn oauth_authorize(connection_json: String, redirect_uri: String, state: String) -> Result<AuthorizationRequest, ConnectorError> {
        let (url, code_verifier) = registry::oauth_authorize(&connection_json, &redirect_uri, &state)?;
        Ok(AuthorizationRequest { url, code_verifier })
    }

    fn oauth_exchange_code(connection_json: String, redirect_uri: String, code: String, code_verifier: String) -> Result<String, ConnectorError> {
        Ok(registry::oauth_exchange_code(&connection_json, &redirect_uri, &code, &code_verifier)?)
    }

    fn run_action(key: String, connection_json: String, input_json: String) -> Result<ActionResult, ConnectorError> {
        let out = registry::run_action(&key, &connection_json, &input_json)?;
        Ok(ActionResult { output_json: out.output_json, connection_json: out.connection_json })
    }

    fn data_source(key: String, connection_json: String, input_json: String) -> Result<String, ConnectorError> {
        Ok(data_sources::run(&key, &connection_json, &input_json)?)
    }

    fn poll_trigger(key: String, connection_json: String, config_json: String, cursor: Option<String>) -> Result<PollResult, ConnectorError> {
        let out = triggers::poll_trigger(&key, &connection_json, &config_json, cursor.as_deref())?;
        Ok(PollResult { events_json: out.events_json, next_cursor: out.next_cursor, connection_json: out.connection_json })
    }

    fn handle_webhook(key: String, connection_json: String, config_json: String, subscription_json: Option<String>, request: WebhookRequest) -> Result<WebhookResult, ConnectorError> {
        let answer = triggers::handle_webhook(&key, &connection_json, &config_json, subscription_json.as_deref(), &request.method, &request.headers, &request.body)?;
        Ok(WebhookResult {
            response: WebhookResponse { status: answer.status, headers: answer.headers, body: answer.body },
            events_json: serde_json::Value::Array(answer.events).to_string(),
            rejected_json: serde_json::Value::Array(answer.rejected).to_string(),
        })
    }

    fn subscribe(key: String, connection_json: String, config_json: String, webhook_url: String) -> Result<String, ConnectorError> {
        Ok(triggers::subscribe(&key, &connection_json, &config_json, &webhook_url)?)
    }

    fn unsubscribe(key: String, connection_json: String, config_json: String, subscription_json: String) -> Result<(), ConnectorError> {
        Ok(triggers::unsubscribe(&key, &connection_json, &config_json, &subscription_json)?)
    }
}

// Exported only on wasm: the export symbols (`okta:connector/...`) are not valid native linker names,
// and native builds exist only for unit tests of the pure parts.
#[cfg(target_arch = "wasm32")]
bindings::export!(Component with_types_in bindings);
