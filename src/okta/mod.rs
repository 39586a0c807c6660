//! Okta resources: typed models and endpoint calls, one file per resource. No WIT here.

pub mod apps;
pub mod directory;
pub mod users;
