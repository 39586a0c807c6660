//! Okta resources: typed models and endpoint calls, one file per resource. No WIT here.

pub mod group_rules;
pub mod groups;
pub mod roles;
pub mod users;
