//! Okta resources: typed models and endpoint calls, one file per resource. No WIT here.

pub mod apps;
pub mod event_hooks;
pub mod factors;
pub mod group_rules;
pub mod groups;
pub mod logs;
pub mod meta;
pub mod policies;
pub mod realms;
pub mod roles;
pub mod users;
