//! The whole simulated org: every resource store behind one lock, plus the
//! generator for new ids.

use super::apps::model::App;
use super::directory::Realm;
use super::policies::Policy;
use super::factors::Factor;
use super::groups::model::Groups;
use super::hooks::{Delivery, Hook};
use super::logs::Log;
use super::meta::UserType;
use super::clock::Millis;
use super::rng::Rng;
use super::users::model::Users;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use tokio::sync::mpsc::UnboundedSender;

pub(crate) struct Org {
    pub rng: Rng,
    pub users: Users,
    pub groups: Groups,
    pub apps: BTreeMap<String, App>,
    pub realms: Vec<Realm>,
    pub policies: Vec<Policy>,
    /// Enrolled factors by user id.
    pub factors: BTreeMap<String, Vec<Factor>>,
    /// Id of the default user type (`oty…`).
    pub default_type_id: String,
    pub user_types: Vec<UserType>,
    /// Custom attribute definitions of the group schema.
    pub group_custom_attributes: Map<String, Value>,
    /// How long activate/deactivate take; 0 = synchronous (the default).
    pub activation_delay: Millis,
    pub log: Log,
    pub hooks: BTreeMap<String, Hook>,
    /// Custom identity sources by id.
    pub identity_sources: BTreeMap<String, super::identity_sources::IdentitySource>,
    pub group_rules: super::groups::rules::Rules,
    /// Owners by group id.
    pub group_owners: BTreeMap<String, Vec<super::groups::owners::Owner>>,
    pub linked_objects: super::linked_objects::LinkedObjects,
    /// Admin role assignments by user or group id.
    pub roles: BTreeMap<String, Vec<super::roles::Assignment>>,
    /// Queue drained by the hook dispatcher task.
    pub deliveries: UnboundedSender<Delivery>,
}

impl Org {
    /// Deletes a user record (second step of the two-step delete) and its memberships.
    pub fn remove_user(&mut self, id: &str) {
        self.users.remove(id);
        for g in self.groups.by_id.values_mut() {
            g.members.remove(id);
        }
        for a in self.apps.values_mut() {
            a.users.remove(id);
        }
        self.factors.remove(id);
        self.roles.remove(id);
        self.linked_objects.forget_user(id);
        for owners in self.group_owners.values_mut() {
            owners.retain(|o| o.id != id);
        }
        for rule in self.group_rules.values_mut() {
            rule.added.retain(|(_, u)| u != id);
        }
    }
}
