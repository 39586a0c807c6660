//! The native harness: loads the connector component in wasmtime, routes its HTTP, and embeds an
//! Okta simulator so everything runs without an Okta org.

mod host;
pub mod mcp;
pub mod sim;
pub mod stream;
pub mod webhook;

pub use host::{error_json, ActionResult, Connector, ConnectorError, Harness, Limits, PollResult, WebhookRequest, WebhookResult, COMPONENT_PATH};
