//! Okta resources: typed models and endpoint calls, one file per resource. No WIT here.

pub mod event_hooks;
pub mod logs;
pub mod users;
