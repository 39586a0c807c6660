//! Applications and their user assignments (API-NOTES §9, §10).

use crate::sim::clock::{iso, Millis};
use crate::sim::ctx::omit_nulls;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub(crate) struct App {
    pub id: String,
    pub name: String,
    pub label: String,
    pub active: bool,
    pub sign_on_mode: &'static str,
    pub features: Vec<&'static str>,
    pub created: Millis,
    pub last_updated: Millis,
    /// Assignments by user id (the app-user paging key).
    pub users: BTreeMap<String, AppUser>,
    /// Custom attributes of the app-user schema.
    pub schema_custom: Map<String, Value>,
    /// `settings` as created (`app`, `signOn`).
    pub settings: Value,
    /// Group assignments by group id.
    pub groups: BTreeMap<String, AppGroup>,
}

/// A group's assignment to an app (ApplicationGroupAssignment).
#[derive(Debug, Clone)]
pub(crate) struct AppGroup {
    pub group_id: String,
    pub priority: i64,
    pub profile: Map<String, Value>,
    pub last_updated: Millis,
}

#[derive(Debug, Clone)]
pub(crate) struct AppUser {
    pub user_id: String,
    pub created: Millis,
    pub last_updated: Millis,
    pub user_name: String,
    pub has_password: bool,
    pub profile: Map<String, Value>,
}

/// Base attributes of every app-user schema in the simulator.
pub const APP_BASE_ATTRIBUTES: &[&str] = &["userName", "email", "given_name", "family_name", "name"];

impl App {
    pub fn to_json(&self, base: &str) -> Value {
        let href = format!("{base}/api/v1/apps/{}", self.id);
        let toggle = if self.active { "deactivate" } else { "activate" };
        omit_nulls(json!({
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "status": if self.active { "ACTIVE" } else { "INACTIVE" },
            "signOnMode": self.sign_on_mode,
            "created": iso(self.created),
            "lastUpdated": iso(self.last_updated),
            "features": self.features,
            "accessibility": {"selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null},
            "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}, "appLinks": {self.name.clone(): true}},
            "credentials": {"userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"}, "signing": {}},
            "settings": self.settings,
            "_links": {
                "self": {"href": href},
                "users": {"href": format!("{href}/users")},
                "groups": {"href": format!("{href}/groups")},
                "logo": [{"name": "medium", "href": format!("{base}/assets/img/logos/default.png"), "type": "image/png"}],
                "appLinks": [{"name": self.name, "href": format!("{base}/home/{}/{}/1", self.name, self.id), "type": "text/html"}],
                toggle: {"href": format!("{href}/lifecycle/{toggle}"), "hints": {"allow": ["POST"]}},
            },
        }))
    }

    pub fn target(&self) -> Value {
        json!({"id": self.id, "type": "AppInstance", "alternateId": self.label, "displayName": self.label, "detailEntry": null})
    }
}

impl AppGroup {
    pub fn to_json(&self, base: &str, app_id: &str, embedded_group: Option<Value>) -> Value {
        let mut v = json!({
            "id": self.group_id,
            "lastUpdated": iso(self.last_updated),
            "priority": self.priority,
            "profile": self.profile,
            "_links": {
                "app": {"href": format!("{base}/api/v1/apps/{app_id}")},
                "self": {"href": format!("{base}/api/v1/apps/{app_id}/groups/{}", self.group_id)},
                "group": {"href": format!("{base}/api/v1/groups/{}", self.group_id)},
            },
        });
        if let Some(group) = embedded_group {
            v["_embedded"] = json!({ "group": group });
        }
        v
    }
}

impl AppUser {
    pub fn to_json(&self, base: &str, app_id: &str, embedded_user: Option<Value>) -> Value {
        let mut credentials = json!({"userName": self.user_name});
        if self.has_password {
            credentials["password"] = json!({});
        }
        let mut v = json!({
            "id": self.user_id,
            "externalId": null,
            "created": iso(self.created),
            "lastUpdated": iso(self.last_updated),
            "scope": "USER",
            "status": "ACTIVE",
            "statusChanged": iso(self.created),
            "passwordChanged": null,
            "syncState": "DISABLED",
            "credentials": credentials,
            "profile": self.profile,
            "_links": {
                "app": {"href": format!("{base}/api/v1/apps/{app_id}")},
                "user": {"href": format!("{base}/api/v1/users/{}", self.user_id)},
            },
        });
        if let Some(user) = embedded_user {
            v["_embedded"] = json!({ "user": user });
        }
        // `externalId` and `passwordChanged` stay as null, as real orgs send them.
        v
    }
}
