//! System Log: every mutation appends a LogEvent (API-NOTES §16.1) with
//! Okta's eventType strings; `GET /api/v1/logs` queries them.

mod query;

pub(crate) use query::routes;

use super::clock::{iso, Millis};
use super::ctx::Ctx;
use super::org::Org;
use serde_json::{json, Value};

/// Okta's display messages for the event types the simulator emits.
const DISPLAY: &[(&str, &str)] = &[
    ("user.lifecycle.create", "Create Okta user"),
    ("user.lifecycle.activate", "Activate Okta user"),
    ("user.lifecycle.deactivate", "Deactivate Okta user"),
    ("user.lifecycle.reactivate", "Reactivate Okta user"),
    ("user.lifecycle.suspend", "Suspend Okta user"),
    ("user.lifecycle.unsuspend", "Unsuspend Okta user"),
    ("user.lifecycle.delete.initiated", "Delete Okta user initiated"),
    ("user.lifecycle.delete.completed", "Delete Okta user completed"),
    ("user.account.update_profile", "Update user profile for Okta"),
    ("user.account.update_password", "Update password for user"),
    ("user.account.reset_password", "Reset password for user"),
    ("user.account.expire_password", "Expire user password"),
    ("user.account.unlock", "Unlock user account"),
    ("user.session.clear", "Clear user session"),
    ("user.mfa.factor.activate", "Activate factor for user"),
    ("user.mfa.factor.deactivate", "Reset factor for user"),
    ("user.mfa.factor.reset_all", "Reset all factors for user"),
    ("application.user_membership.add", "Add user to application membership"),
    ("application.user_membership.remove", "Remove user from application membership"),
    ("application.user_membership.update", "Update user's application membership"),
    ("group.lifecycle.create", "Create okta user group"),
    ("group.lifecycle.delete", "Delete okta user group"),
    ("group.profile.update", "Update group profile"),
    ("group.user_membership.add", "Add user to group membership"),
    ("group.user_membership.remove", "Remove user from group membership"),
    ("policy.lifecycle.create", "Create policy"),
    ("policy.lifecycle.update", "Update policy"),
    ("policy.lifecycle.activate", "Activate policy"),
    ("policy.lifecycle.deactivate", "Deactivate policy"),
    ("policy.lifecycle.delete", "Delete policy"),
    ("policy.rule.add", "Add policy rule"),
    ("policy.rule.update", "Update policy rule"),
    ("policy.rule.activate", "Activate policy rule"),
    ("policy.rule.deactivate", "Deactivate policy rule"),
    ("policy.rule.delete", "Delete policy rule"),
    ("application.policy.sign_on.update", "Update application Sign On Policy"),
    ("group.user_membership.rule.created", "Create group membership rule"),
    ("group.user_membership.rule.updated", "Update group membership rule"),
    ("group.user_membership.rule.deleted", "Delete group membership rule"),
    ("group.user_membership.rule.trigger", "Group membership rule triggered"),
    ("group.user_membership.rule.deactivated", "Group membership rule deactivated"),
    ("group.owner.add", "Add owner to group"),
    ("group.owner.remove", "Remove owner from group"),
    ("user.account.privilege.grant", "Grant user privilege"),
    ("user.account.privilege.revoke", "Revoke user privilege"),
    ("group.privilege.grant", "Grant group privilege"),
    ("group.privilege.revoke", "Revoke group privilege"),
];

/// Where an event comes from: the request that caused it, or the org itself
/// (background work such as hook deliveries, actor `SystemPrincipal`).
pub(crate) struct Origin {
    pub now: Millis,
    pub actor: Option<super::auth::Principal>,
    pub user_agent: String,
    pub path: String,
    /// `http://host` the client used, for links inside hook envelopes.
    pub base: String,
}

impl Ctx {
    pub fn origin(&self) -> Origin {
        Origin {
            now: self.now(),
            actor: self.principal.clone(),
            user_agent: self.headers.get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or("").to_string(),
            path: self.path.clone(),
            base: self.base.clone(),
        }
    }
}

/// Stored event: persistence sequence (the polling order and cursor) + body.
pub(crate) struct Stored {
    pub seq: u64,
    pub published: Millis,
    pub event: Value,
}

#[derive(Default)]
pub(crate) struct Log {
    pub events: Vec<Stored>,
}

impl Org {
    /// Appends a SUCCESS event performed by the caller on `targets`.
    pub fn emit(&mut self, ctx: &Ctx, event_type: &str, targets: Vec<Value>) {
        self.emit_from(&ctx.origin(), event_type, "SUCCESS", targets);
    }

    /// Appends an event and queues it for subscribed event hooks.
    pub fn emit_from(&mut self, origin: &Origin, event_type: &str, result: &str, targets: Vec<Value>) {
        let now = origin.now;
        let seq = self.log.events.len() as u64 + 1;
        let display = DISPLAY.iter().find(|(t, _)| *t == event_type).map_or(event_type, |(_, d)| d);
        let actor = origin.actor.as_ref().map_or_else(
            || json!({"id": "0oa-okta-system", "type": "SystemPrincipal", "alternateId": "system@okta.com", "displayName": "Okta System", "detailEntry": null}),
            |p| json!({"id": p.id, "type": "User", "alternateId": p.login, "displayName": p.display_name, "detailEntry": null}),
        );
        let uuid = self.rng.uuid();
        let transaction_id = self.rng.alphanumeric(27);
        let event = json!({
            "uuid": uuid,
            "published": iso(now),
            "eventType": event_type,
            "version": "0",
            "severity": "INFO",
            "displayMessage": display,
            "legacyEventType": null,
            "actor": actor,
            "client": {
                "userAgent": {"rawUserAgent": origin.user_agent, "os": "Unknown", "browser": "UNKNOWN"},
                "zone": "null", "device": "Unknown", "id": null, "ipAddress": "127.0.0.1",
                "geographicalContext": null
            },
            "outcome": {"result": result, "reason": null},
            "target": targets,
            "transaction": {"type": "WEB", "id": transaction_id, "detail": {}},
            "debugContext": {"debugData": {"requestUri": origin.path, "url": origin.path}},
            "authenticationContext": {"authenticationStep": 0, "externalSessionId": "trs-sim"},
            "securityContext": {},
            "request": {"ipChain": [{"ip": "127.0.0.1", "version": "V4", "source": null}]}
        });
        let event = super::ctx::omit_nulls(event);
        self.queue_deliveries(origin, event_type, &event);
        self.log.events.push(Stored { seq, published: now, event });
    }

    /// [`Org::emit`] with the user as the single target.
    pub fn emit_user(&mut self, ctx: &Ctx, event_type: &str, user_id: &str) {
        let target = self.users.get(user_id).map(|u| u.target());
        self.emit(ctx, event_type, target.into_iter().collect());
    }
}
