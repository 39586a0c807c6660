//! What a trigger hands a flow: the event cards' documented output, built from a System Log event
//! (delivered by a hook or polled), plus the raw event.

use crate::http::{percent_encode, Okta, Query};
use crate::okta::groups::Group;
use crate::okta::logs::{Actor, LogEvent};
use crate::okta::users::User;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// One event, as Okta Workflows' event cards describe it.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TriggerEvent {
    /// Okta's `uuid` of the event: Okta delivers at least once, so a host drops keys it has seen.
    pub idempotency_key: String,
    /// `webhook` (an event hook delivery) or `poll` (read from the System Log).
    pub delivered_by: &'static str,
    /// Date and Time: when the event happened in Okta (`published`).
    pub date_time: Option<String>,
    /// Message: Okta's `displayMessage`.
    pub message: Option<String>,
    /// Event ID: the delivery's `eventId` for webhooks; the event's `uuid` when polled.
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    pub legacy_event_type: Option<String>,
    /// Event Time: when the delivery was sent (webhooks); `published` when polled.
    pub event_time: Option<String>,
    pub version: Option<String>,
    /// DEBUG, INFO, WARN or ERROR.
    pub severity: Option<String>,
    /// `outcome.result`: SUCCESS, FAILURE, SKIPPED, ALLOW, DENY, CHALLENGE, UNKNOWN, …
    pub result: Option<String>,
    /// Admin / Actor: who did it.
    pub actor: Option<ObjectRef>,
    /// Okta User: the first target of type `User`.
    pub okta_user: Option<ObjectRef>,
    /// Group: the first target of type `UserGroup`.
    pub group: Option<ObjectRef>,
    /// Application: the first target of type `AppInstance`.
    pub application: Option<ObjectRef>,
    /// Application User: the first target of type `AppUser`.
    pub app_user: Option<ObjectRef>,
    /// Every target, in Okta's order.
    pub targets: Vec<ObjectRef>,
    /// Changed Attributes of profile updates (`debugContext.debugData.changedAttributes`), when Okta sends them.
    pub changed_attributes: Option<String>,
    /// UUID: Okta's unique id of the event.
    pub uuid: Option<String>,
    /// Full Details: the raw System Log event.
    pub full_details: Value,
    /// With the `hydrate` config: the whole user, group and app, read once for this event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hydrated: Option<Hydrated>,
}

/// An object an event is about, with the four fields Okta sends.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    pub id: Option<String>,
    pub alternate_id: Option<String>,
    pub display_name: Option<String>,
    /// e.g. `User`, `UserGroup`, `AppInstance`, `AppUser`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// Objects read from Okta for one event; a read that failed (e.g. the user is already deleted) is named in `errors`.
#[derive(Debug, Default, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Hydrated {
    pub user: Option<User>,
    /// The group object, as Okta returns it.
    pub group: Option<Value>,
    /// The application object, as Okta returns it.
    pub application: Option<Value>,
    /// User Groups, as Okta Workflows' app and group cards give them: every group the user is in.
    pub user_groups: Option<Vec<GroupSummary>>,
    pub errors: Vec<String>,
}

/// One of the user's groups, with the three fields the cards show.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GroupSummary {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
}

/// Pages of a user's groups read for one event; 10 pages of Okta's default 200 cover any real user.
const USER_GROUP_PAGES: u32 = 10;

/// The delivery envelope an event came in, for webhooks.
#[derive(Clone, Copy)]
pub struct Envelope<'a> {
    pub event_id: Option<&'a str>,
    pub event_time: Option<&'a str>,
}

impl ObjectRef {
    fn of(a: &Actor) -> ObjectRef {
        ObjectRef { id: a.id.clone(), alternate_id: a.alternate_id.clone(), display_name: a.display_name.clone(), kind: a.kind.clone() }
    }
}

/// Reads a raw event; `Err` names what makes it unusable (it is reported, not delivered).
pub fn parse(raw: &Value) -> Result<LogEvent, String> {
    let event: LogEvent = serde_json::from_value(raw.clone()).map_err(|e| format!("not a System Log event: {e}"))?;
    if event.uuid.as_deref().is_none_or(str::is_empty) {
        return Err("the event has no uuid".into());
    }
    if event.event_type.is_none() {
        return Err("the event has no eventType".into());
    }
    Ok(event)
}

/// The card output of a parsed event.
pub fn shape(event: LogEvent, raw: Value, envelope: Option<Envelope>) -> TriggerEvent {
    let by_type = |t: &str| event.target.iter().find(|x| x.kind.as_deref() == Some(t)).map(ObjectRef::of);
    let uuid = event.uuid.clone().unwrap_or_default();
    let version = event.version.as_ref().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string));
    let changed = event.debug_context.as_ref().and_then(|d| d.pointer("/debugData/changedAttributes")).and_then(Value::as_str).map(str::to_string);
    TriggerEvent {
        idempotency_key: uuid.clone(),
        delivered_by: if envelope.is_some() { "webhook" } else { "poll" },
        date_time: event.published.clone(),
        message: event.display_message.clone(),
        event_id: envelope.as_ref().and_then(|e| e.event_id.map(str::to_string)).or_else(|| Some(uuid.clone())),
        event_type: event.event_type.clone(),
        legacy_event_type: event.legacy_event_type.clone(),
        event_time: envelope.as_ref().and_then(|e| e.event_time.map(str::to_string)).or_else(|| event.published.clone()),
        version,
        severity: event.severity.clone(),
        result: event.outcome.as_ref().and_then(|o| o["result"].as_str()).map(str::to_string),
        actor: event.actor.as_ref().map(ObjectRef::of),
        okta_user: by_type("User"),
        group: by_type("UserGroup"),
        application: by_type("AppInstance"),
        app_user: by_type("AppUser"),
        targets: event.target.iter().map(ObjectRef::of).collect(),
        changed_attributes: changed,
        uuid: Some(uuid),
        full_details: raw,
        hydrated: None,
    }
}

/// Whether any target of the event has this id (the config's `targetId`).
pub fn about(event: &LogEvent, target_id: Option<&str>) -> bool {
    target_id.is_none_or(|id| event.target.iter().any(|t| t.id.as_deref() == Some(id)))
}

/// Reads the event's user (and the user's groups), group and application from Okta.
pub fn hydrate(okta: &Okta, event: &mut TriggerEvent) {
    let mut h = Hydrated::default();
    let read = |path: String, errors: &mut Vec<String>| -> Option<Value> {
        okta.get::<Value>(&path, &Query::new()).map_err(|e| errors.push(format!("{path}: {}", crate::triggers::describe_error(&e)))).ok()
    };
    if let Some(id) = event.okta_user.as_ref().and_then(|u| u.id.as_deref()) {
        let user = read(format!("/api/v1/users/{}", percent_encode(id)), &mut h.errors);
        h.user = user.and_then(|u| serde_json::from_value(u).map_err(|e| h.errors.push(format!("user: {e}"))).ok());
        match crate::okta::groups::of_user::<Group>(okta, id, USER_GROUP_PAGES) {
            Ok(listing) => {
                let summary = |g: Group| GroupSummary { id: g.id, name: g.profile.name, description: g.profile.description };
                h.user_groups = Some(listing.items.into_iter().map(summary).collect());
            }
            Err(e) => h.errors.push(format!("groups of {id}: {}", crate::triggers::describe_error(&e))),
        }
    }
    if let Some(id) = event.group.as_ref().and_then(|g| g.id.as_deref()) {
        h.group = read(format!("/api/v1/groups/{}", percent_encode(id)), &mut h.errors);
    }
    if let Some(id) = event.application.as_ref().and_then(|a| a.id.as_deref()) {
        h.application = read(format!("/api/v1/apps/{}", percent_encode(id)), &mut h.errors);
    }
    event.hydrated = Some(h);
}

/// A user change as the user polling triggers emit it.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserEvent {
    /// `<id>` for New Users; `<id>@<lastUpdated>` for Updated Users.
    pub idempotency_key: String,
    pub user: User,
}

