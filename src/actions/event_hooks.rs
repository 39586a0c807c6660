//! Event hook actions. The hook's auth secret goes to Okta only: `EventHook` has no field for it.

use super::common::NoInput;
use crate::error::{Error, Result};
use crate::http::Okta;
use crate::okta::event_hooks::{self, Condition, EventFilterEntry, EventHook, Header, Lifecycle, NewHook};
use crate::registry::{Action, Flags, READ, REMOVE, UPDATE};
use crate::secret::Secret;
use crate::triggers::{chosen_types, FilterInput};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which hook.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventHookIdInput {
    /// The event hook's id (`who…`).
    #[schemars(length(min = 1))]
    pub event_hook_id: String,
}

/// The header Okta sends the shared secret in.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthHeader {
    /// Header name; default `Authorization`.
    #[serde(default = "authorization")]
    pub key: String,
    /// The secret, including a scheme if the receiver wants one (e.g. `Basic …`). Write-only in Okta.
    pub value: Secret,
}

fn authorization() -> String {
    "Authorization".into()
}

fn check_id(id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::invalid("eventHookId", "must not be empty"));
    }
    Ok(())
}

fn check_url(url: &str) -> Result<()> {
    let ok = (url.starts_with("https://") || url.starts_with("http://")) && !url.contains(char::is_whitespace) && url.len() > "https://".len();
    if !ok {
        return Err(Error::invalid("eventHookUrl", "must be an absolute https URL"));
    }
    Ok(())
}

fn check_auth(auth: &Option<AuthHeader>) -> Result<()> {
    if let Some(a) = auth {
        if a.key.trim().is_empty() || a.key.contains([':', ' ', '\r', '\n']) {
            return Err(Error::invalid("authHeader.key", "must be a header name"));
        }
        if a.value.expose().trim().is_empty() {
            return Err(Error::invalid("authHeader.value", "must not be empty"));
        }
    }
    Ok(())
}

fn check_headers(headers: &[Header]) -> Result<()> {
    for (i, h) in headers.iter().enumerate() {
        if h.key.trim().is_empty() || h.key.contains([':', ' ', '\r', '\n']) {
            return Err(Error::invalid(format!("headers.{i}.key"), "must be a header name"));
        }
        if h.value.contains(['\r', '\n']) {
            return Err(Error::invalid(format!("headers.{i}.value"), "must be one line"));
        }
    }
    Ok(())
}

fn filter_entries(filters: &[FilterInput]) -> Vec<EventFilterEntry> {
    filters.iter().map(|f| EventFilterEntry { event: f.event_type.clone(), condition: Condition { expression: f.expression.clone(), version: None } }).collect()
}

pub struct CreateEventHook;

/// A new hook: where Okta sends which events, and how it authenticates.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"name": "Flow user events", "eventHookUrl": "https://flows.example.com/okta/events", "eventTypes": ["user.lifecycle.create", "user.lifecycle.deactivate"]}))]
pub struct CreateEventHookInput {
    /// Event Hook Name.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Event Hook URL: the https endpoint Okta calls.
    pub event_hook_url: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Event types to subscribe to, e.g. `user.lifecycle.create` (event-hook-eligible ones only).
    #[serde(default)]
    pub event_types: Vec<String>,
    /// Event types in code format: a JSON array, or names separated by commas, spaces or new lines.
    #[serde(default)]
    pub event_types_code: Option<String>,
    /// Extra headers Okta sends with each request.
    #[serde(default)]
    pub headers: Vec<Header>,
    /// The header carrying a shared secret, so the receiver can tell Okta's requests from others.
    #[serde(default)]
    pub auth_header: Option<AuthHeader>,
    /// Okta Expression Language filters, at most one per event type.
    #[serde(default)]
    pub filters: Vec<FilterInput>,
    /// Leave the hook INACTIVE and send no verification request.
    #[serde(default)]
    pub do_not_activate: bool,
}

impl Action for CreateEventHook {
    const KEY: &'static str = "create-event-hook";
    const LABEL: &'static str = "Create Event Hook";
    const DESCRIPTION: &'static str = "Creates an event hook and, unless `doNotActivate`, has Okta verify it (the URL must answer Okta's challenge); a hook that fails verification is removed again, so nothing is left half-made.";
    const FLAGS: Flags = Flags { read_only: false, destructive: false, idempotent: false };
    type Input = CreateEventHookInput;
    type Output = EventHook;

    fn validate(input: &CreateEventHookInput) -> Result<()> {
        if input.name.trim().is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        check_url(&input.event_hook_url)?;
        chosen_types("", &input.event_types, input.event_types_code.as_deref(), &input.filters)?;
        check_headers(&input.headers)?;
        check_auth(&input.auth_header)
    }

    fn run(okta: &Okta, input: CreateEventHookInput) -> Result<EventHook> {
        let types = chosen_types("", &input.event_types, input.event_types_code.as_deref(), &input.filters)?;
        let filters = filter_entries(&input.filters);
        let hook = NewHook {
            name: input.name.trim(),
            description: input.description.as_deref(),
            uri: &input.event_hook_url,
            event_types: &types,
            headers: &input.headers,
            auth: input.auth_header.as_ref().map(|a| (a.key.as_str(), a.value.expose())),
            filters: &filters,
        };
        let created = event_hooks::create(okta, &hook)?;
        let op = if input.do_not_activate { Lifecycle::Deactivate } else { Lifecycle::Verify };
        event_hooks::lifecycle(okta, &created.id, op).inspect_err(|_| {
            let _ = event_hooks::deactivate_and_delete(okta, &created);
        })
    }
}

pub struct GetEventHook;

impl Action for GetEventHook {
    const KEY: &'static str = "get-event-hook";
    const LABEL: &'static str = "Get Event Hook";
    const DESCRIPTION: &'static str = "Reads one event hook by id (its secret is write-only and never returned).";
    const FLAGS: Flags = READ;
    type Input = EventHookIdInput;
    type Output = EventHook;

    fn validate(input: &EventHookIdInput) -> Result<()> {
        check_id(&input.event_hook_id)
    }

    fn run(okta: &Okta, input: EventHookIdInput) -> Result<EventHook> {
        event_hooks::get(okta, input.event_hook_id.trim())
    }
}

pub struct ListEventHooks;


/// Every hook of the org (Okta does not page this list).
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventHooks {
    pub event_hooks: Vec<EventHook>,
}

impl Action for ListEventHooks {
    const KEY: &'static str = "list-event-hooks";
    const LABEL: &'static str = "List Event Hooks";
    const DESCRIPTION: &'static str = "Lists every event hook of the org, with status and verification status.";
    const FLAGS: Flags = READ;
    type Input = NoInput;
    type Output = EventHooks;

    fn run(okta: &Okta, _: NoInput) -> Result<EventHooks> {
        Ok(EventHooks { event_hooks: event_hooks::list(okta)? })
    }
}

pub struct UpdateEventHook;

/// The fields to change; the others keep their values.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateEventHookInput {
    #[schemars(length(min = 1))]
    pub event_hook_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub event_hook_url: Option<String>,
    /// Replaces the subscribed event types (with `eventTypesCode`).
    #[serde(default)]
    pub event_types: Option<Vec<String>>,
    #[serde(default)]
    pub event_types_code: Option<String>,
    /// Replaces the extra headers.
    #[serde(default)]
    pub headers: Option<Vec<Header>>,
    /// Required when the hook has an auth header: Okta never returns its secret, and a replace without it would drop it.
    #[serde(default)]
    pub auth_header: Option<AuthHeader>,
    /// Replaces the filters.
    #[serde(default)]
    pub filters: Option<Vec<FilterInput>>,
    /// Have Okta verify the hook again when the change un-verified it (default true).
    #[serde(default = "yes")]
    pub verify: bool,
}

fn yes() -> bool {
    true
}

impl Action for UpdateEventHook {
    const KEY: &'static str = "update-event-hook";
    const LABEL: &'static str = "Update Event Hook";
    const DESCRIPTION: &'static str = "Changes a hook's name, description, URL, event types, headers, auth header or filters (Okta replaces the whole hook; unchanged fields are read first). A changed channel makes Okta un-verify the hook; it is verified again unless `verify` is false.";
    const FLAGS: Flags = UPDATE;
    type Input = UpdateEventHookInput;
    type Output = EventHook;

    fn validate(input: &UpdateEventHookInput) -> Result<()> {
        check_id(&input.event_hook_id)?;
        if let Some(url) = &input.event_hook_url {
            check_url(url)?;
        }
        if input.event_types.is_some() || input.event_types_code.is_some() {
            let filters = input.filters.as_deref().unwrap_or_default();
            chosen_types("", input.event_types.as_deref().unwrap_or_default(), input.event_types_code.as_deref(), filters)?;
        }
        if input.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return Err(Error::invalid("name", "must not be empty"));
        }
        check_headers(input.headers.as_deref().unwrap_or_default())?;
        check_auth(&input.auth_header)
    }

    fn run(okta: &Okta, input: UpdateEventHookInput) -> Result<EventHook> {
        let current = event_hooks::get(okta, input.event_hook_id.trim())?;
        if current.channel.config.auth_scheme.is_some() && input.auth_header.is_none() {
            return Err(Error::invalid("authHeader", "this hook has an auth header whose secret Okta never returns; give it again (nothing was changed)"));
        }
        let types = match (&input.event_types, &input.event_types_code) {
            (None, None) => current.events.items.clone(),
            (list, code) => chosen_types("", list.as_deref().unwrap_or_default(), code.as_deref(), input.filters.as_deref().unwrap_or_default())?,
        };
        let mut filters = match &input.filters {
            Some(f) => filter_entries(f),
            None => current.events.filter.as_ref().map(|f| f.event_filter_map.clone()).unwrap_or_default(),
        };
        filters.retain(|f| types.contains(&f.event));
        let headers = input.headers.clone().unwrap_or_else(|| current.channel.config.headers.clone());
        let hook = NewHook {
            name: input.name.as_deref().map(str::trim).unwrap_or(&current.name),
            description: input.description.as_deref().or(current.description.as_deref()),
            uri: input.event_hook_url.as_deref().unwrap_or(&current.channel.config.uri),
            event_types: &types,
            headers: &headers,
            auth: input.auth_header.as_ref().map(|a| (a.key.as_str(), a.value.expose())),
            filters: &filters,
        };
        let updated = event_hooks::replace(okta, &current.id, &hook)?;
        if input.verify && updated.status == "ACTIVE" && updated.verification_status.as_deref() != Some("VERIFIED") {
            return event_hooks::lifecycle(okta, &updated.id, Lifecycle::Verify);
        }
        Ok(updated)
    }
}

/// One lifecycle action of the table below (label, description and flags are read by `describe`, native only).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
struct HookOp {
    key: &'static str,
    label: &'static str,
    description: &'static str,
    flags: Flags,
    op: Lifecycle,
}

const LIFECYCLE: [HookOp; 3] = [
    HookOp { key: "activate-event-hook", label: "Activate Event Hook", description: "Activates an event hook; only ACTIVE and VERIFIED hooks receive events.", flags: UPDATE, op: Lifecycle::Activate },
    HookOp { key: "deactivate-event-hook", label: "Deactivate Event Hook", description: "Deactivates an event hook: Okta stops delivering to it (and it can then be deleted).", flags: REMOVE, op: Lifecycle::Deactivate },
    HookOp {
        key: "verify-event-hook",
        label: "Verify Event Hook",
        description: "Has Okta call the hook's URL with a one-time challenge; the hook is VERIFIED once the URL echoes it.",
        flags: Flags { read_only: false, destructive: false, idempotent: true },
        op: Lifecycle::Verify,
    },
];

/// The hook lifecycle actions: one handler, indexed into [`LIFECYCLE`].
pub struct HookLifecycle<const I: usize>;

impl<const I: usize> Action for HookLifecycle<I> {
    const KEY: &'static str = LIFECYCLE[I].key;
    const LABEL: &'static str = LIFECYCLE[I].label;
    const DESCRIPTION: &'static str = LIFECYCLE[I].description;
    const FLAGS: Flags = LIFECYCLE[I].flags;
    type Input = EventHookIdInput;
    type Output = EventHook;

    fn validate(input: &EventHookIdInput) -> Result<()> {
        check_id(&input.event_hook_id)
    }

    fn run(okta: &Okta, input: EventHookIdInput) -> Result<EventHook> {
        event_hooks::lifecycle(okta, input.event_hook_id.trim(), LIFECYCLE[I].op)
    }
}

pub const ACTIVATE: usize = 0;
pub const DEACTIVATE: usize = 1;
pub const VERIFY: usize = 2;

pub struct DeleteEventHook;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteEventHookInput {
    #[schemars(length(min = 1))]
    pub event_hook_id: String,
    /// Deactivate an ACTIVE hook first; without it Okta refuses to delete an ACTIVE hook.
    #[serde(default)]
    pub deactivate_first: bool,
}

/// The hook that no longer exists.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deleted {
    pub event_hook_id: String,
    pub deleted: bool,
}

impl Action for DeleteEventHook {
    const KEY: &'static str = "delete-event-hook";
    const LABEL: &'static str = "Delete Event Hook";
    const DESCRIPTION: &'static str = "Deletes an event hook. Okta deletes only INACTIVE hooks: set `deactivateFirst`, or Okta's refusal is returned as it is.";
    const FLAGS: Flags = REMOVE;
    type Input = DeleteEventHookInput;
    type Output = Deleted;

    fn validate(input: &DeleteEventHookInput) -> Result<()> {
        check_id(&input.event_hook_id)
    }

    fn run(okta: &Okta, input: DeleteEventHookInput) -> Result<Deleted> {
        let id = input.event_hook_id.trim();
        if input.deactivate_first {
            event_hooks::deactivate_and_delete(okta, &event_hooks::get(okta, id)?)?;
        } else {
            event_hooks::delete(okta, id)?;
        }
        Ok(Deleted { event_hook_id: id.to_string(), deleted: true })
    }
}

pub struct DeleteAllEventHooks;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteAllEventHooksInput {
    /// Only hooks with exactly this URL; without it, every hook of the org.
    #[serde(default)]
    pub event_hook_url: Option<String>,
}

/// The hooks deleted.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeletedAll {
    pub deleted: Vec<String>,
    pub count: usize,
}

impl Action for DeleteAllEventHooks {
    const KEY: &'static str = "delete-all-event-hooks";
    const LABEL: &'static str = "Delete All Event Hooks";
    const DESCRIPTION: &'static str = "Deactivates and deletes every event hook of the org, or only those with the given URL.";
    const FLAGS: Flags = REMOVE;
    type Input = DeleteAllEventHooksInput;
    type Output = DeletedAll;

    fn validate(input: &DeleteAllEventHooksInput) -> Result<()> {
        input.event_hook_url.as_deref().map_or(Ok(()), check_url)
    }

    fn run(okta: &Okta, input: DeleteAllEventHooksInput) -> Result<DeletedAll> {
        let mut deleted = Vec::new();
        for hook in event_hooks::list(okta)? {
            if input.event_hook_url.as_deref().is_none_or(|u| u == hook.channel.config.uri) {
                event_hooks::deactivate_and_delete(okta, &hook)?;
                deleted.push(hook.id);
            }
        }
        Ok(DeletedAll { count: deleted.len(), deleted })
    }
}
