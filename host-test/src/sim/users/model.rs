//! The user record, its statuses and its JSON rendering (API-NOTES §6.1).

use crate::sim::clock::{iso, Millis};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Staged,
    Provisioned,
    Active,
    Recovery,
    LockedOut,
    PasswordExpired,
    Suspended,
    Deprovisioned,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Staged => "STAGED",
            Status::Provisioned => "PROVISIONED",
            Status::Active => "ACTIVE",
            Status::Recovery => "RECOVERY",
            Status::LockedOut => "LOCKED_OUT",
            Status::PasswordExpired => "PASSWORD_EXPIRED",
            Status::Suspended => "SUSPENDED",
            Status::Deprovisioned => "DEPROVISIONED",
        }
    }
}

/// A stored password. Plain values are kept (in memory only) so
/// change_password can check the old one; imported hashes are not verified.
#[derive(Debug, Clone)]
pub enum Password {
    Plain(String),
    /// Simplification: hash imports are accepted but never checked, so a
    /// user-validated password change always fails for them.
    Imported,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub status: Status,
    pub created: Millis,
    pub activated: Option<Millis>,
    pub status_changed: Option<Millis>,
    pub last_login: Option<Millis>,
    pub last_updated: Millis,
    pub password_changed: Option<Millis>,
    pub profile: Map<String, Value>,
    pub password: Option<Password>,
    /// (question, answer).
    pub recovery: Option<(String, String)>,
    /// (type, name), e.g. ("OKTA", "OKTA").
    pub provider: (String, String),
    pub type_id: String,
    pub realm_id: Option<String>,
    /// An asynchronous transition in progress: target status and when it completes.
    pub transition: Option<(Status, Millis)>,
}

impl User {
    pub fn login(&self) -> &str {
        self.profile.get("login").and_then(Value::as_str).unwrap_or("")
    }

    pub fn display_name(&self) -> String {
        let part = |k| self.profile.get(k).and_then(Value::as_str).unwrap_or("");
        format!("{} {}", part("firstName"), part("lastName"))
    }

    /// System Log target.
    pub fn target(&self) -> Value {
        json!({"id": self.id, "type": "User", "alternateId": self.login(), "displayName": self.display_name(), "detailEntry": null})
    }

    pub fn set_status(&mut self, status: Status, now: Millis) {
        self.status = status;
        self.status_changed = Some(now);
        self.last_updated = now;
    }

    pub fn credentials_json(&self) -> Value {
        let mut c = Map::new();
        if self.password.is_some() {
            c.insert("password".into(), json!({}));
        }
        if let Some((q, _)) = &self.recovery {
            c.insert("recovery_question".into(), json!({ "question": q }));
        }
        c.insert("provider".into(), json!({"type": self.provider.0, "name": self.provider.1}));
        Value::Object(c)
    }

    /// The user as Okta returns it. Collections carry only `_links.self`;
    /// a single fetch lists the lifecycle operations the status permits.
    pub fn to_json(&self, base: &str, full_links: bool) -> Value {
        let ts = |t: Option<Millis>| t.map_or(Value::Null, |t| Value::String(iso(t)));
        let href = format!("{base}/api/v1/users/{}", self.id);
        let mut links = Map::new();
        links.insert("self".into(), json!({ "href": href }));
        if full_links {
            for (rel, path) in self.permitted_links() {
                links.insert(rel.into(), json!({"href": format!("{href}/{path}"), "method": "POST"}));
            }
            links.insert("type".into(), json!({"href": format!("{base}/api/v1/meta/types/user/{}", self.type_id)}));
            let schema = crate::sim::meta::schema_id_for(&self.type_id);
            links.insert("schema".into(), json!({"href": format!("{base}/api/v1/meta/schemas/user/{schema}")}));
        }
        // Real orgs send these base attributes as null rather than omitting them.
        let mut profile = self.profile.clone();
        for attr in ["mobilePhone", "secondEmail"] {
            profile.entry(attr).or_insert(Value::Null);
        }
        let mut v = json!({
            "id": self.id,
            "status": self.status.as_str(),
            "created": iso(self.created),
            "activated": ts(self.activated),
            "statusChanged": ts(self.status_changed),
            "lastLogin": ts(self.last_login),
            "lastUpdated": iso(self.last_updated),
            "passwordChanged": ts(self.password_changed),
            "type": {"id": self.type_id},
            "profile": profile,
            "credentials": self.credentials_json(),
            "_links": links,
        });
        if let Some(realm) = &self.realm_id {
            v["realmId"] = json!(realm);
        }
        if let Some((target, _)) = self.transition {
            v["transitioningToStatus"] = json!(target.as_str());
        }
        v
    }

    /// Lifecycle relations a real org offers in the current status
    /// (recorded orgs; API-NOTES §7 for the statuses they do not show).
    fn permitted_links(&self) -> Vec<(&'static str, &'static str)> {
        const SUSPEND: (&str, &str) = ("suspend", "lifecycle/suspend");
        const RESET_PASSWORD: (&str, &str) = ("resetPassword", "lifecycle/reset_password");
        const EXPIRE_PASSWORD: (&str, &str) = ("expirePassword", "lifecycle/expire_password");
        const RESET_FACTORS: (&str, &str) = ("resetFactors", "lifecycle/reset_factors");
        const FORGOT_PASSWORD: (&str, &str) = ("forgotPassword", "credentials/forgot_password");
        const CHANGE_QUESTION: (&str, &str) = ("changeRecoveryQuestion", "credentials/change_recovery_question");
        let mut links = match self.status {
            // A STAGED user can only be activated.
            Status::Staged => return vec![("activate", "lifecycle/activate")],
            Status::Deprovisioned => return vec![("activate", "lifecycle/activate")],
            Status::Provisioned | Status::Recovery => vec![("reactivate", "lifecycle/reactivate")],
            Status::Active => vec![SUSPEND, RESET_PASSWORD, EXPIRE_PASSWORD, RESET_FACTORS, FORGOT_PASSWORD, CHANGE_QUESTION],
            Status::PasswordExpired => vec![SUSPEND, RESET_PASSWORD, EXPIRE_PASSWORD, RESET_FACTORS],
            Status::LockedOut => vec![("unlock", "lifecycle/unlock"), RESET_PASSWORD],
            Status::Suspended => vec![("unsuspend", "lifecycle/unsuspend"), RESET_FACTORS],
        };
        links.push(("deactivate", "lifecycle/deactivate"));
        if self.password.is_some() && self.status != Status::Suspended {
            links.push(("changePassword", "credentials/change_password"));
        }
        if self.recovery.is_some() && !links.contains(&CHANGE_QUESTION) {
            links.push(CHANGE_QUESTION);
        }
        links
    }
}

/// Users ordered by id (the list order and paging key) plus a login index.
#[derive(Default)]
pub struct Users {
    by_id: BTreeMap<String, User>,
    /// Lower-cased login → id (logins are unique case-insensitively).
    by_login: HashMap<String, String>,
    /// Users with a transition in progress.
    pending: BTreeSet<String>,
}

impl Users {
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &User> {
        self.by_id.values()
    }

    /// Users in id order after the cursor `after` (an id, or where a deleted one sorted).
    pub fn after(&self, after: Option<&str>) -> impl Iterator<Item = &User> {
        use std::ops::Bound::{Excluded, Unbounded};
        let from = after.map_or(Unbounded, |a| Excluded(a.to_string()));
        self.by_id.range((from, Unbounded)).map(|(_, u)| u)
    }

    pub fn get(&self, id: &str) -> Option<&User> {
        self.by_id.get(id)
    }

    pub fn login_taken(&self, login: &str, except_id: Option<&str>) -> bool {
        self.by_login.get(&login.to_lowercase()).is_some_and(|id| Some(id.as_str()) != except_id)
    }

    /// Resolves `{idOrLogin}`: id, login, or an unambiguous login short name.
    pub fn resolve(&self, key: &str) -> Option<String> {
        if self.by_id.contains_key(key) {
            return Some(key.to_string());
        }
        if let Some(id) = self.by_login.get(&key.to_lowercase()) {
            return Some(id.clone());
        }
        let short = key.to_lowercase();
        let mut hits = self.by_login.iter().filter(|(login, _)| login.split('@').next() == Some(short.as_str()));
        match (hits.next(), hits.next()) {
            (Some((_, id)), None) => Some(id.clone()),
            _ => None,
        }
    }

    pub fn insert(&mut self, user: User) {
        self.by_login.insert(user.login().to_lowercase(), user.id.clone());
        self.by_id.insert(user.id.clone(), user);
    }

    /// Mutates a user and keeps the login index in step.
    pub fn update<R>(&mut self, id: &str, f: impl FnOnce(&mut User) -> R) -> Option<R> {
        let user = self.by_id.get_mut(id)?;
        let old_login = user.login().to_lowercase();
        let r = f(user);
        let new_login = user.login().to_lowercase();
        if new_login != old_login {
            self.by_login.remove(&old_login);
            self.by_login.insert(new_login, id.to_string());
        }
        Some(r)
    }

    /// Starts an asynchronous transition to `target`, completing at `until`.
    pub fn begin_transition(&mut self, id: &str, target: Status, until: Millis) {
        if let Some(u) = self.by_id.get_mut(id) {
            u.transition = Some((target, until));
            self.pending.insert(id.to_string());
        }
    }

    /// Completes the transitions that are due at `now`.
    pub fn settle(&mut self, now: Millis) {
        let due: Vec<String> = self
            .pending
            .iter()
            .filter(|id| self.by_id.get(*id).and_then(|u| u.transition).is_none_or(|(_, until)| until <= now))
            .cloned()
            .collect();
        for id in due {
            self.pending.remove(&id);
            if let Some(u) = self.by_id.get_mut(&id) {
                if let Some((target, until)) = u.transition.take() {
                    u.set_status(target, until);
                }
            }
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<User> {
        let user = self.by_id.remove(id)?;
        self.by_login.remove(&user.login().to_lowercase());
        self.pending.remove(id);
        Some(user)
    }
}
