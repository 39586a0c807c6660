//! Admin role assignments of users and groups: `/api/v1/{users,groups}/{id}/roles`.

use crate::error::Result;
use crate::http::{percent_encode, query, Method, Okta, RawItem};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// One role assignment as Okta returns it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    /// The assignment's id (unassign takes it).
    pub id: String,
    /// The role, e.g. `HELP_DESK_ADMIN`, `GROUP_MEMBERSHIP_ADMIN`, `CUSTOM`.
    #[serde(rename = "type")]
    pub role_type: String,
    #[serde(default)]
    pub label: Option<String>,
    /// ACTIVE or INACTIVE.
    #[serde(default)]
    pub status: Option<String>,
    /// USER, GROUP or CLIENT: how the principal holds the role.
    #[serde(default)]
    pub assignment_type: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Who holds roles: `users` or `groups`.
fn path(principal: &str, id: &str) -> String {
    format!("/api/v1/{principal}/{}/roles", percent_encode(id))
}

pub fn list(okta: &Okta, principal: &str, id: &str) -> Result<Vec<RawItem>> {
    okta.get(&path(principal, id), &Vec::new())
}

pub fn assign<T: DeserializeOwned>(okta: &Okta, principal: &str, id: &str, role_type: &str, disable_notifications: bool) -> Result<T> {
    let query = query([("disableNotifications", disable_notifications.to_string())]);
    okta.send(Method::Post, &path(principal, id), &query, &json!({ "type": role_type }))
}

pub fn unassign(okta: &Okta, principal: &str, id: &str, assignment: &str) -> Result<()> {
    okta.call::<Value>(Method::Delete, &format!("{}/{}", path(principal, id), percent_encode(assignment)), &Vec::new(), None).map(drop)
}
