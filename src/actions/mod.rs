//! The actions of the catalogue, one file per Okta resource: descriptors, input/output types, handlers.

mod event_hooks;
mod logs;
mod users;

use crate::registry::{entry, ActionEntry};

/// Every action, in catalogue order.
pub const ACTIONS: &[ActionEntry] = &[
    entry::<users::GetUser>(),
    entry::<users::ListUsers>(),
    entry::<users::CreateUser>(),
    entry::<event_hooks::CreateEventHook>(),
    entry::<event_hooks::GetEventHook>(),
    entry::<event_hooks::ListEventHooks>(),
    entry::<event_hooks::UpdateEventHook>(),
    entry::<event_hooks::HookLifecycle<{ event_hooks::ACTIVATE }>>(),
    entry::<event_hooks::HookLifecycle<{ event_hooks::DEACTIVATE }>>(),
    entry::<event_hooks::HookLifecycle<{ event_hooks::VERIFY }>>(),
    entry::<event_hooks::DeleteEventHook>(),
    entry::<event_hooks::DeleteAllEventHooks>(),
    entry::<logs::GetSystemLogs>(),
];
