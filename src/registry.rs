//! The catalogue as data: every connection type and action with its schemas, and dispatch by key.

use crate::connections::Connection;
#[cfg(not(target_arch = "wasm32"))]
use crate::connections::CONNECTIONS;
use crate::error::{Error, Result};
use crate::http::Okta;
#[cfg(not(target_arch = "wasm32"))]
use schemars::{Schema, SchemaGenerator};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

/// What a host may assume about an action.
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    /// Changes nothing in Okta; safe to run while designing a flow.
    pub read_only: bool,
    /// Removes or disables something in Okta.
    pub destructive: bool,
    /// Running it twice with the same input leaves Okta as running it once.
    pub idempotent: bool,
}

/// Reads, in the flag vocabulary.
pub const READ: Flags = Flags { read_only: true, destructive: false, idempotent: true };
/// Creates something new on each run.
pub const CREATE: Flags = Flags { read_only: false, destructive: false, idempotent: false };
/// Changes state, and repeating it leaves Okta the same (an update, adding a member).
pub const UPDATE: Flags = Flags { read_only: false, destructive: false, idempotent: true };
/// Removes or disables something; repeating it changes nothing more (remove a member, deactivate).
pub const REMOVE: Flags = Flags { read_only: false, destructive: true, idempotent: true };

/// One action: its descriptor as associated items plus a small handler.
pub trait Action {
    const KEY: &'static str;
    const LABEL: &'static str;
    const DESCRIPTION: &'static str;
    /// Other products' names for the same operation (Okta Workflows cards first), so people find it by the name they know.
    const ALIASES: &'static [&'static str] = &[];
    const FLAGS: Flags;
    type Input: DeserializeOwned + JsonSchema;
    type Output: Serialize + JsonSchema;
    /// Checks the input beyond its types; runs before any request is sent.
    fn validate(_input: &Self::Input) -> Result<()> {
        Ok(())
    }
    fn run(okta: &Okta, input: Self::Input) -> Result<Self::Output>;
}

/// An action with its types erased, as the registry lists it. The descriptive fields exist only in
/// native builds, where [`describe`] generates `manifest.json`; the component returns that file, so no
/// schema code is linked into it.
pub struct ActionEntry {
    key: &'static str,
    #[cfg(not(target_arch = "wasm32"))]
    label: &'static str,
    #[cfg(not(target_arch = "wasm32"))]
    description: &'static str,
    #[cfg(not(target_arch = "wasm32"))]
    aliases: &'static [&'static str],
    #[cfg(not(target_arch = "wasm32"))]
    flags: Flags,
    #[cfg(not(target_arch = "wasm32"))]
    input_schema: fn(&mut SchemaGenerator) -> Schema,
    #[cfg(not(target_arch = "wasm32"))]
    output_schema: fn(&mut SchemaGenerator) -> Schema,
    /// Runs the action; the output JSON is written straight from the output type.
    run: fn(&Okta, Value) -> Result<String>,
}

/// Lists an action in the registry.
pub const fn entry<A: Action>() -> ActionEntry {
    ActionEntry {
        key: A::KEY,
        #[cfg(not(target_arch = "wasm32"))]
        label: A::LABEL,
        #[cfg(not(target_arch = "wasm32"))]
        description: A::DESCRIPTION,
        #[cfg(not(target_arch = "wasm32"))]
        aliases: A::ALIASES,
        #[cfg(not(target_arch = "wasm32"))]
        flags: A::FLAGS,
        #[cfg(not(target_arch = "wasm32"))]
        input_schema: |g| g.root_schema_for::<A::Input>(),
        #[cfg(not(target_arch = "wasm32"))]
        output_schema: |g| g.root_schema_for::<A::Output>(),
        run: |okta, input| {
            let input: A::Input = crate::input::parse_value("", input)?;
            A::validate(&input)?;
            let output = A::run(okta, input)?;
            // No intermediate `Value`: pass-through items (raw JSON) are copied once, verbatim.
            serde_json::to_string(&output).map_err(|e| Error::Internal(format!("cannot encode output: {e}")))
        },
    }
}

/// What `run-action` returns before it crosses into WIT.
pub struct ActionOutput {
    pub output_json: String,
    pub connection_json: Option<String>,
}

/// The catalogue JSON, generated natively; `manifest.json` is exactly this plus a newline (the unit test
/// below keeps it so, and rewrites it with `UPDATE_MANIFEST=1`). The component's `describe` returns
/// `manifest.json` as a constant.
#[cfg(not(target_arch = "wasm32"))]
pub fn describe() -> String {
    let connections: Vec<Value> = CONNECTIONS
        .iter()
        .map(|c| json!({"key": c.key, "label": c.label, "description": c.description, "schema": tagged((c.schema)(&mut gen()), c.key)}))
        .collect();
    let actions: Vec<Value> = crate::actions::ACTIONS
        .iter()
        .map(|a| {
            json!({
                "key": a.key, "label": a.label, "description": a.description, "aliases": a.aliases,
                "readOnly": a.flags.read_only, "destructive": a.flags.destructive, "idempotent": a.flags.idempotent,
                "scopes": crate::scopes::of(a.key, a.flags.read_only),
                "inputSchema": crate::data_sources::annotated(a.key, (a.input_schema)(&mut gen())), "outputSchema": (a.output_schema)(&mut gen()),
            })
        })
        .collect();
    let catalogue = json!({
        "$comment": "Generated by `UPDATE_MANIFEST=1 cargo test -p okta-connector --lib manifest`; do not edit.",
        "name": env!("CARGO_PKG_NAME"),
        "version": env!("CARGO_PKG_VERSION"),
        "description": env!("CARGO_PKG_DESCRIPTION"),
        "license": env!("CARGO_PKG_LICENSE"),
        "homepage": env!("CARGO_PKG_HOMEPAGE"),
        "categories": cargo_list("categories"),
        "keywords": cargo_list("keywords"),
        "icon": {"path": ICON, "mediaType": "image/svg+xml", "sha256": sha256_hex(include_bytes!("../assets/icon.svg"))},
        "wit": wit(),
        "permissions": {"network": {"outgoing": [{
            "origin": "https://{oktaDomain}",
            "description": "The org of the connection's `oktaDomain` (https; an `-admin` domain is its org's): the management API, the org authorization server's token endpoint, and the `Link` URLs Okta returns on that origin. Nothing else; plain http only to loopback (a local simulator).",
        }]}},
        "connections": connections,
        "actions": actions,
        "triggers": crate::triggers::describe(),
        "dataSources": crate::data_sources::describe(),
    });
    serde_json::to_string_pretty(&catalogue).expect("catalogue is plain JSON")
}

/// The icon registries show, relative to the repository root.
#[cfg(not(target_arch = "wasm32"))]
const ICON: &str = "assets/icon.svg";

/// A one-line list of Cargo.toml's `[package]` (`categories`, `keywords`), which Cargo does not pass in
/// the environment; a TOML array of plain strings is JSON.
#[cfg(not(target_arch = "wasm32"))]
fn cargo_list(field: &str) -> Value {
    let prefix = format!("{field} = ");
    let line = include_str!("../Cargo.toml").lines().find_map(|l| l.strip_prefix(prefix.as_str()));
    serde_json::from_str(line.unwrap_or_else(|| panic!("Cargo.toml's [package] has `{field} = [...]` on one line"))).expect("a one-line array of strings")
}

#[cfg(not(target_arch = "wasm32"))]
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The WIT package, world, and the world's imports and exports, as `wit/connector.wit` declares them.
#[cfg(not(target_arch = "wasm32"))]
fn wit() -> Value {
    let wit = include_str!("../wit/connector.wit");
    let statement = |keyword: &str| -> Vec<&str> {
        wit.lines().filter_map(|l| l.trim().strip_prefix(keyword)).map(|rest| rest.trim_end_matches([';', '{', ' '])).collect()
    };
    let package = statement("package ")[0];
    let (name, version) = package.split_once('@').expect("a versioned package");
    let world = statement("world ")[0];
    let exports: Vec<String> = statement("export ").iter().map(|i| format!("{name}/{i}@{version}")).collect();
    json!({"package": package, "world": format!("{name}/{world}@{version}"), "imports": statement("import "), "exports": exports})
}

/// A connection's schema with its `type` tag, so a host can validate the whole connection JSON.
#[cfg(not(target_arch = "wasm32"))]
fn tagged(schema: Schema, key: &str) -> Value {
    let mut schema = schema.to_value();
    schema["properties"]["type"] = json!({"const": key, "description": "The connection type."});
    if let Some(required) = schema["required"].as_array_mut() {
        required.insert(0, json!("type"));
    }
    schema
}

#[cfg(not(target_arch = "wasm32"))]
fn gen() -> SchemaGenerator {
    SchemaGenerator::default()
}

/// One cheap read that any credential allowed to read users can make.
pub fn test_connection(connection_json: &str) -> Result<String> {
    let okta = Connection::parse(connection_json)?.client()?;
    let _: Value = okta.get("/api/v1/users", &crate::http::query([("limit", "1".to_string())]))?;
    Ok(json!({"oktaDomain": okta.org().as_str(), "checked": "GET /api/v1/users?limit=1"}).to_string())
}

pub fn run_action(key: &str, connection_json: &str, input_json: &str) -> Result<ActionOutput> {
    let action = crate::actions::ACTIONS.iter().find(|a| a.key == key).ok_or_else(|| unknown("action", key))?;
    let input: Value = serde_json::from_str(input_json).map_err(|e| Error::invalid("", format!("input is not valid JSON: {e}")))?;
    let okta = Connection::parse(connection_json)?.client()?;
    let output_json = (action.run)(&okta, input)?;
    Ok(ActionOutput { output_json, connection_json: updated_connection(connection_json, &okta) })
}

/// The connection with the token state the call changed, or `None` when nothing changed.
pub fn updated_connection(connection_json: &str, okta: &Okta) -> Option<String> {
    let update = okta.state_update()?;
    let mut connection: Value = serde_json::from_str(connection_json).ok()?;
    connection.as_object_mut()?.extend(update);
    Some(connection.to_string())
}

/// Step one of the authorization-code flow: where to send the person, and the PKCE verifier to keep.
pub fn oauth_authorize(connection_json: &str, redirect_uri: &str, state: &str) -> Result<(String, String)> {
    let connection = Connection::parse(connection_json)?;
    let (client_id, scopes) = connection.authorization_scopes()?;
    check_redirect_uri(redirect_uri)?;
    if state.trim().is_empty() {
        return Err(Error::invalid("state", "must not be empty: it protects the callback against forgery"));
    }
    let (verifier, challenge) = crate::http::pkce()?;
    Ok((crate::http::authorize_url(&connection.org()?, &client_id, &scopes, redirect_uri, state, &challenge), verifier))
}

/// Step two: trades the code for tokens; returns the connection holding them.
pub fn oauth_exchange_code(connection_json: &str, redirect_uri: &str, code: &str, code_verifier: &str) -> Result<String> {
    check_redirect_uri(redirect_uri)?;
    for (field, value) in [("code", code), ("codeVerifier", code_verifier)] {
        if value.trim().is_empty() {
            return Err(Error::invalid(field, "must not be empty"));
        }
    }
    let okta = Connection::parse(connection_json)?.client()?;
    okta.exchange_code(code, redirect_uri, code_verifier)?;
    updated_connection(connection_json, &okta).ok_or_else(|| Error::Internal("the code exchange stored no tokens".into()))
}

fn check_redirect_uri(uri: &str) -> Result<()> {
    let ok = (uri.starts_with("https://") || uri.starts_with("http://")) && !uri.contains(char::is_whitespace) && !uri.contains('#');
    if !ok {
        return Err(Error::invalid("redirectUri", "must be an absolute http(s) URL without a fragment"));
    }
    Ok(())
}

pub fn unknown(what: &str, key: &str) -> Error {
    Error::UnknownKey(format!("no {what} with key `{key}`"))
}


#[cfg(test)]
mod tests {
    /// The catalogue's single source is [`super::describe`]; the component ships its output.
    #[test]
    fn manifest_json_is_the_generated_catalogue() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/manifest.json");
        let generated = super::describe() + "\n";
        if std::env::var_os("UPDATE_MANIFEST").is_some() {
            std::fs::write(path, &generated).expect("writing manifest.json");
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(committed == generated, "manifest.json is stale: run `UPDATE_MANIFEST=1 cargo test -p okta-connector --lib manifest`");
    }

    /// `docs/` is generated from the same catalogue; pages of entries that no longer exist are removed.
    #[test]
    fn manifest_docs_are_the_generated_reference_pages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        let catalogue: serde_json::Value = serde_json::from_str(&super::describe()).expect("describe is JSON");
        let pages = crate::docs::pages(&catalogue);
        let on_disk = || -> Vec<String> {
            let mut found = Vec::new();
            for dir in ["", "connections", "actions", "triggers", "data-sources"] {
                for entry in std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.ends_with(".md") {
                        found.push(if dir.is_empty() { name } else { format!("{dir}/{name}") });
                    }
                }
            }
            found
        };
        if std::env::var_os("UPDATE_MANIFEST").is_some() {
            for stale in on_disk().into_iter().filter(|p| !pages.contains_key(p)) {
                std::fs::remove_file(root.join(stale)).expect("removing a stale page");
            }
            for (path, page) in &pages {
                let path = root.join(path);
                std::fs::create_dir_all(path.parent().expect("under docs/")).expect("creating docs/");
                std::fs::write(path, page).expect("writing a page");
            }
        }
        let mut stale: Vec<String> = pages.iter().filter(|(p, page)| std::fs::read_to_string(root.join(p)).ok().as_ref() != Some(*page)).map(|(p, _)| p.clone()).collect();
        stale.extend(on_disk().into_iter().filter(|p| !pages.contains_key(p)));
        assert!(stale.is_empty(), "docs/ is stale ({} pages: {:?}…): run `UPDATE_MANIFEST=1 cargo test -p okta-connector --lib manifest`", stale.len(), &stale[..stale.len().min(5)]);
    }
}
