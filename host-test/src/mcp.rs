//! `host-test mcp`: the catalogue as MCP tools on stdio, for AI agents. One tool per action (its key,
//! label, description with aliases, input and output schema from `describe`), hints from our flags,
//! structured results, connector errors as tool errors, and the connection kept on the server side: an
//! agent never sees it, and renewed tokens replace it as a host would store them.

use crate::{error_json, Connector};
use anyhow::{Context, Result};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ErrorData, Implementation, JsonObject, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{RoleServer, ServerHandler, ServiceExt};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// What the server exposes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Only the actions flagged `readOnly`; the others are neither listed nor callable.
    pub read_only: bool,
}

/// Serves MCP on stdin/stdout until the client closes stdin.
pub fn serve_stdio(connector: Connector, connection: String, options: Options) -> Result<()> {
    let server = Server::new(connector, connection, options)?;
    // The connector's calls block on its own runtime, so they run on this runtime's blocking pool.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let running = server.serve(rmcp::transport::stdio()).await.context("MCP initialization")?;
        running.waiting().await?;
        Ok(())
    })
}

/// The MCP handler: the tools from `describe`, and the connector that runs them.
#[derive(Clone)]
struct Server {
    connector: Connector,
    connection: Arc<Mutex<String>>,
    tools: Arc<Vec<Tool>>,
    /// The connection fields whose schema says `writeOnly` (tokens, client secrets, private keys).
    secret_fields: Arc<Vec<String>>,
    name: String,
    version: String,
}

impl Server {
    fn new(connector: Connector, connection: String, options: Options) -> Result<Server> {
        let catalogue = connector.catalogue()?;
        let actions = catalogue["actions"].as_array().context("describe has no actions")?;
        let tools = actions.iter().filter(|a| !options.read_only || a["readOnly"] == true).map(tool).collect::<Result<Vec<_>>>()?;
        let secret_fields = catalogue["connections"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["schema"]["properties"].as_object())
            .flat_map(|p| p.iter().filter(|(_, s)| s["writeOnly"] == true).map(|(k, _)| k.clone()))
            .collect();
        let text = |k: &str| catalogue[k].as_str().unwrap_or_default().to_string();
        Ok(Server {
            connector,
            connection: Arc::new(Mutex::new(connection)),
            tools: Arc::new(tools),
            secret_fields: Arc::new(secret_fields),
            name: text("name"),
            version: text("version"),
        })
    }

    fn current_connection(&self) -> String {
        self.connection.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The secret values of the current connection, as they would appear inside JSON text.
    fn secrets(&self) -> Vec<String> {
        let connection: Value = serde_json::from_str(&self.current_connection()).unwrap_or_default();
        self.secret_fields
            .iter()
            .filter_map(|f| connection[f].as_str())
            // Shorter values would match by chance; no credential Okta issues is that short.
            .filter(|s| s.len() >= 8)
            .map(|s| json!(s).to_string().trim_matches('"').to_string())
            .collect()
    }

    /// The component promises never to answer with a secret; should it, the agent gets a tool error instead.
    fn withhold_secrets(&self, result: CallToolResult) -> CallToolResult {
        let text = serde_json::to_string(&result).unwrap_or_default();
        if self.secrets().iter().any(|s| text.contains(s.as_str())) {
            return CallToolResult::structured_error(
                json!({"error": "internal", "message": "the connector's answer contained a credential of the connection; withheld"}),
            );
        }
        result
    }

    /// Runs one action on the blocking pool (the connector must not block inside this runtime).
    async fn call(&self, key: String, arguments: JsonObject) -> Result<CallToolResult, ErrorData> {
        if !self.tools.iter().any(|t| t.name == key) {
            return Err(ErrorData::invalid_params(format!("unknown tool `{key}`"), None));
        }
        let (connector, connection) = (self.connector.clone(), self.current_connection());
        let input = Value::Object(arguments).to_string();
        let outcome = tokio::task::spawn_blocking(move || connector.run_action(&key, &connection, &input))
            .await
            .map_err(|e| ErrorData::internal_error(format!("the call did not finish: {e}"), None))?
            .map_err(|e| ErrorData::internal_error(format!("the component failed: {e:#}"), None))?;
        let result = match outcome {
            Ok(done) => {
                if let Some(updated) = done.connection_json {
                    *self.connection.lock().unwrap_or_else(|p| p.into_inner()) = updated;
                }
                let output: Value = serde_json::from_str(&done.output_json)
                    .map_err(|e| ErrorData::internal_error(format!("the action's output is not JSON: {e}"), None))?;
                CallToolResult::structured(output)
            }
            Err(e) => CallToolResult::structured_error(error_json(&e)),
        };
        Ok(self.withhold_secrets(result))
    }
}

/// One action of the catalogue as an MCP tool.
fn tool(action: &Value) -> Result<Tool> {
    let text = |k: &str| action[k].as_str().with_context(|| format!("an action without `{k}`: {action}"));
    let schema = |k: &str| action[k].as_object().cloned().map(Arc::new).with_context(|| format!("{} has no {k}", action["key"]));
    let flag = |k: &str| action[k].as_bool().unwrap_or(false);
    let aliases: Vec<&str> = action["aliases"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let mut description = text("description")?.to_string();
    if !aliases.is_empty() {
        description = format!("{description}\n\nAlso known as: {}.", aliases.join(", "));
    }
    let label = text("label")?;
    Ok(Tool::new(text("key")?.to_string(), description, schema("inputSchema")?)
        .with_title(label)
        .with_raw_output_schema(schema("outputSchema")?)
        .with_annotations(hints(label, flag("readOnly"), flag("destructive"), flag("idempotent"))))
}

/// MCP's hints from our flags, all explicit: MCP's defaults (`destructiveHint: true`, `openWorldHint: true`)
/// would otherwise describe every tool as destructive. The world is closed: every tool acts on the one
/// org of the connection.
pub fn hints(label: &str, read_only: bool, destructive: bool, idempotent: bool) -> ToolAnnotations {
    ToolAnnotations::with_title(label).read_only(read_only).destructive(destructive).idempotent(idempotent).open_world(false)
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(self.name.clone(), self.version.clone()))
            .with_instructions("Each tool is one action on the Okta org this server is connected to; the connection is held by the server. Tools whose readOnlyHint is false change the org.")
    }

    async fn list_tools(&self, _request: Option<PaginatedRequestParams>, _context: RequestContext<RoleServer>) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools.to_vec()))
    }

    async fn call_tool(&self, request: CallToolRequestParams, _context: RequestContext<RoleServer>) -> Result<CallToolResponse, ErrorData> {
        Ok(self.call(request.name.into_owned(), request.arguments.unwrap_or_default()).await?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::hints;

    #[test]
    fn flags_become_explicit_hints_in_a_closed_world() {
        let read = hints("Get User", true, false, true);
        assert_eq!((read.read_only_hint, read.destructive_hint, read.idempotent_hint, read.open_world_hint), (Some(true), Some(false), Some(true), Some(false)));
        let delete = hints("Delete User", false, true, false);
        assert_eq!((delete.read_only_hint, delete.destructive_hint, delete.idempotent_hint), (Some(false), Some(true), Some(false)));
        let add = hints("Add User to Group", false, false, true);
        assert_eq!((add.read_only_hint, add.destructive_hint, add.idempotent_hint), (Some(false), Some(false), Some(true)));
        assert_eq!(add.title.as_deref(), Some("Add User to Group"));
    }
}
