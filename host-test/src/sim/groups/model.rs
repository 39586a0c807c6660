//! Group record, rendering and store (API-NOTES §8).

use crate::sim::clock::{iso, Millis};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Okta,
    BuiltIn,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Okta => "OKTA_GROUP",
            Kind::BuiltIn => "BUILT_IN",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub kind: Kind,
    pub created: Millis,
    pub last_updated: Millis,
    pub last_membership_updated: Millis,
    pub profile: Map<String, Value>,
    /// Member user ids, in id order (the member-list paging key).
    pub members: BTreeSet<String>,
}

impl Group {
    pub fn name(&self) -> &str {
        self.profile.get("name").and_then(Value::as_str).unwrap_or("")
    }

    pub fn to_json(&self, base: &str, stats: bool) -> Value {
        let href = format!("{base}/api/v1/groups/{}", self.id);
        // Real orgs send an unset description as null.
        let mut profile = self.profile.clone();
        profile.entry("description").or_insert(Value::Null);
        let logo = |size: &str| json!({"name": size, "href": format!("{base}/img/logos/groups/okta-{size}.png"), "type": "image/png"});
        let mut v = json!({
            "id": self.id,
            "created": iso(self.created),
            "lastUpdated": iso(self.last_updated),
            "lastMembershipUpdated": iso(self.last_membership_updated),
            "objectClass": ["okta:user_group"],
            "type": self.kind.as_str(),
            "profile": profile,
            "_links": {
                "logo": [logo("medium"), logo("large")],
                "users": {"href": format!("{href}/users")},
                "apps": {"href": format!("{href}/apps")},
            },
        });
        if stats {
            v["_embedded"] = json!({"stats": {"usersCount": self.members.len(), "appsCount": 0, "groupPushMappingsCount": 0, "hasAdminPrivilege": false}});
        }
        v
    }

    /// System Log target.
    pub fn target(&self) -> Value {
        json!({"id": self.id, "type": "UserGroup", "alternateId": "unknown", "displayName": self.name(), "detailEntry": null})
    }
}

#[derive(Default)]
pub struct Groups {
    pub by_id: BTreeMap<String, Group>,
}

impl Groups {
    pub fn insert(&mut self, g: Group) {
        self.by_id.insert(g.id.clone(), g);
    }

    pub fn name_taken(&self, name: &str, except: Option<&str>) -> bool {
        self.by_id.values().any(|g| g.name().eq_ignore_ascii_case(name) && Some(g.id.as_str()) != except)
    }

    /// Groups the user belongs to, in id order.
    pub fn of_user<'a>(&'a self, user_id: &'a str) -> impl Iterator<Item = &'a Group> {
        self.by_id.values().filter(move |g| g.members.contains(user_id))
    }

    pub fn everyone_mut(&mut self) -> Option<&mut Group> {
        self.by_id.values_mut().find(|g| g.kind == Kind::BuiltIn)
    }
}
