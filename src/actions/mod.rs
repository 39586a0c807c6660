//! The actions of the catalogue, one file per Okta resource: descriptors, input/output types, handlers.

mod users;

use crate::registry::{entry, ActionEntry};

/// Every action, in catalogue order.
pub const ACTIONS: &[ActionEntry] = &[
    entry::<users::GetUser>(),
    entry::<users::ListUsers>(),
    entry::<users::CreateUser>(),
];
