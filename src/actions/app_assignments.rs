//! Who may use an app: user assignments (with app profile and credentials), group assignments,
//! and a user's app links.

use super::common::ResultSet;
use super::{in_range, non_empty, pages, query_of};
use crate::error::{Error, Result};
use crate::http::Okta;
use crate::okta::apps::{self, AppGroup, AppLink, AppUser};
use crate::okta::Raw;
use crate::registry::{Action, Flags, READ, REMOVE, UPDATE};
use crate::secret::Secret;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// How a user holds an assignment. Direct assignments are `USER`.
#[derive(Deserialize, JsonSchema, Clone, Copy, Default)]
pub enum Scope {
    #[default]
    #[serde(rename = "USER")]
    User,
}

/// A user's direct assignment for sign-on only: no app profile.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignForSsoInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// The Okta user's id (`00u…`); Okta takes no login here.
    #[schemars(length(min = 1))]
    pub user_id: String,
    #[serde(default)]
    pub scope: Scope,
    /// The user's username in the app; Okta applies the app's username template when absent.
    #[serde(default)]
    pub username: Option<String>,
    /// The user's password in the app (SWA and basic-auth apps).
    #[serde(default)]
    pub password: Option<Secret>,
}

/// A user's direct assignment with an app profile for provisioning.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// The Okta user's id (`00u…`); Okta takes no login here.
    #[schemars(length(min = 1))]
    pub user_id: String,
    #[serde(default)]
    pub scope: Scope,
    /// The user's username in the app; Okta applies the app's username template when absent.
    #[serde(default)]
    pub username: Option<String>,
    /// The user's password in the app (SWA and basic-auth apps).
    #[serde(default)]
    pub password: Option<Secret>,
    /// App-specific attributes of the app's user schema, e.g. `{"department": "R&D"}`; the app's
    /// profile mappings run first, these values on top.
    #[serde(default)]
    pub profile: Map<String, Value>,
}

impl From<AssignForSsoInput> for AssignInput {
    fn from(i: AssignForSsoInput) -> Self {
        AssignInput { app_id: i.app_id, user_id: i.user_id, scope: i.scope, username: i.username, password: i.password, profile: Map::new() }
    }
}

/// `credentials` of an assignment body, when any is given.
fn credentials(username: Option<&str>, password: Option<&Secret>) -> Option<Value> {
    let mut c = Map::new();
    if let Some(u) = username {
        c.insert("userName".into(), json!(u));
    }
    if let Some(p) = password {
        c.insert("password".into(), json!({"value": p.expose()}));
    }
    (!c.is_empty()).then_some(Value::Object(c))
}

fn check_ids(app_id: &str, user_id: &str) -> Result<()> {
    non_empty("appId", app_id)?;
    non_empty("userId", user_id)
}

/// The one assignment handler behind both assign actions.
fn assign(okta: &Okta, input: AssignInput) -> Result<Raw<AppUser>> {
    let mut body = json!({"id": input.user_id.trim(), "scope": match input.scope { Scope::User => "USER" }});
    if let Some(c) = credentials(input.username.as_deref(), input.password.as_ref()) {
        body["credentials"] = c;
    }
    let given = given_attributes(&input.profile);
    if !input.profile.is_empty() {
        body["profile"] = Value::Object(input.profile);
    }
    apps::assign_user(okta, input.app_id.trim(), &body).map_err(|e| at_profile(e, &given))
}

/// The app profile attributes a caller gave, to place Okta's refusal of one of them.
fn given_attributes(profile: &Map<String, Value>) -> Vec<String> {
    profile.keys().cloned().collect()
}

/// Okta's refusal of an app profile value (checked against the app's user schema) as invalid input at `profile.<attribute>`.
fn at_profile(e: Error, given: &[String]) -> Error {
    e.at_input_field(|attr| given.iter().any(|g| g == attr).then(|| format!("profile.{attr}")))
}

pub struct AssignApplicationToUser;

impl Action for AssignApplicationToUser {
    const KEY: &'static str = "assign-application-to-user";
    const LABEL: &'static str = "Assign Application to User";
    const DESCRIPTION: &'static str =
        "Assigns an app to a user for SSO and provisioning: app username and password, and an app profile validated against the app's user schema.";
    const ALIASES: &'static [&'static str] = &["Assign User to an App for SSO and Provisioning"];
    const FLAGS: Flags = Flags { read_only: false, destructive: false, idempotent: false };
    type Input = AssignInput;
    type Output = Raw<AppUser>;

    fn validate(input: &AssignInput) -> Result<()> {
        check_ids(&input.app_id, &input.user_id)
    }

    fn run(okta: &Okta, input: AssignInput) -> Result<Raw<AppUser>> {
        assign(okta, input)
    }
}

pub struct AssignApplicationToUserForSso;

impl Action for AssignApplicationToUserForSso {
    const KEY: &'static str = "assign-application-to-user-for-sso";
    const LABEL: &'static str = "Assign Application to User for SSO";
    const DESCRIPTION: &'static str = "Assigns an app to a user for sign-on only (no app profile), with optional app username and password.";
    const ALIASES: &'static [&'static str] = &["Assign User to an App for SSO"];
    const FLAGS: Flags = Flags { read_only: false, destructive: false, idempotent: false };
    type Input = AssignForSsoInput;
    type Output = Raw<AppUser>;

    fn validate(input: &AssignForSsoInput) -> Result<()> {
        check_ids(&input.app_id, &input.user_id)
    }

    fn run(okta: &Okta, input: AssignForSsoInput) -> Result<Raw<AppUser>> {
        assign(okta, input.into())
    }
}

pub struct GetApplicationUserAssignment;

/// Which assignment to read.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetAssignmentInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// The Okta user's id (`00u…`).
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// `user` embeds the Okta user under `_embedded.user`.
    #[serde(default)]
    pub expand: Option<String>,
}

impl Action for GetApplicationUserAssignment {
    const KEY: &'static str = "get-application-user-assignment";
    const LABEL: &'static str = "Get Application User Assignment";
    const DESCRIPTION: &'static str = "Reads one user's assignment to an app: app profile, credentials' username, scope and status.";
    const ALIASES: &'static [&'static str] = &["Get Assigned User for an App"];
    const FLAGS: Flags = READ;
    type Input = GetAssignmentInput;
    type Output = Raw<AppUser>;

    fn validate(input: &GetAssignmentInput) -> Result<()> {
        check_ids(&input.app_id, &input.user_id)
    }

    fn run(okta: &Okta, input: GetAssignmentInput) -> Result<Raw<AppUser>> {
        apps::get_user(okta, input.app_id.trim(), input.user_id.trim(), input.expand.as_deref())
    }
}

pub struct ListApplicationUsers;

/// Which assignments to list.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListAppUsersInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// Prefix match on the app username, first or last name, or email.
    #[serde(default)]
    pub q: Option<String>,
    /// `user` embeds each Okta user under `_embedded.user`.
    #[serde(default)]
    pub expand: Option<String>,
    /// Assignments per page (1–500; Okta's default 50).
    #[serde(default)]
    #[schemars(range(min = 1, max = 500))]
    pub limit: Option<u32>,
    /// Cursor to resume from: the `nextCursor` of an earlier call.
    #[serde(default)]
    pub after: Option<String>,
    /// Every page (up to 100 pages) instead of one; the same as `resultSet: all`.
    #[serde(default)]
    pub fetch_all: bool,
    /// Okta Workflows' Result Set: `first` record, one `page` (default), or `all` pages.
    #[serde(default)]
    pub result_set: Option<ResultSet>,
}

/// A page (or all pages) of assignments.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListAppUsersOutput {
    /// Pass as `after` to continue; absent when the listing reached its end.
    pub next_cursor: Option<String>,
    pub app_users: Vec<Raw<AppUser>>,
    pub pages: u32,
}

impl Action for ListApplicationUsers {
    const KEY: &'static str = "list-application-users";
    const LABEL: &'static str = "List Application Users";
    const DESCRIPTION: &'static str = "Lists the users assigned to an app (directly or through groups), one page or the whole result set.";
    const ALIASES: &'static [&'static str] = &["List Users Assigned to an App"];
    const FLAGS: Flags = READ;
    type Input = ListAppUsersInput;
    type Output = ListAppUsersOutput;

    fn validate(input: &ListAppUsersInput) -> Result<()> {
        non_empty("appId", &input.app_id)?;
        ResultSet::resolve(input.result_set, input.fetch_all)?;
        in_range("limit", input.limit, 1, 500)
    }

    fn run(okta: &Okta, input: ListAppUsersInput) -> Result<ListAppUsersOutput> {
        let result_set = ResultSet::resolve(input.result_set, input.fetch_all)?;
        let limit = result_set.limit(input.limit).map(|l| l.to_string());
        let query = query_of([("q", input.q), ("expand", input.expand), ("limit", limit), ("after", input.after)]);
        let mut listing = apps::users(okta, input.app_id.trim(), &query, result_set.max_pages())?;
        if result_set == ResultSet::First {
            listing.items.truncate(1);
        }
        Ok(ListAppUsersOutput { app_users: listing.items, next_cursor: listing.next_cursor, pages: listing.pages })
    }
}

pub struct UpdateApplicationUserAssignment;

/// What to change on an assignment: its profile, its credentials, or both.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"appId": "<appId>", "userId": "ada.lovelace@example.com", "username": "ada.lovelace"}))]
pub struct UpdateAssignmentInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// The Okta user's id (`00u…`).
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// App profile attributes to change; the others keep their values.
    #[serde(default)]
    pub profile: Map<String, Value>,
    /// The new app username.
    #[serde(default)]
    pub username: Option<String>,
    /// The new app password.
    #[serde(default)]
    pub password: Option<Secret>,
}

impl Action for UpdateApplicationUserAssignment {
    const KEY: &'static str = "update-application-user-assignment";
    const LABEL: &'static str = "Update Application User Assignment";
    const DESCRIPTION: &'static str =
        "Updates a user's app profile (a partial update) and/or app credentials (username, password). Give at least one of them.";
    const ALIASES: &'static [&'static str] = &["Update App Profile for an Assigned User", "Update App Credentials for an Assigned User"];
    const FLAGS: Flags = UPDATE;
    type Input = UpdateAssignmentInput;
    type Output = Raw<AppUser>;

    fn validate(input: &UpdateAssignmentInput) -> Result<()> {
        check_ids(&input.app_id, &input.user_id)?;
        if input.profile.is_empty() && input.username.is_none() && input.password.is_none() {
            return Err(Error::invalid("profile", "give a profile, a username or a password to change"));
        }
        if input.username.as_deref().is_some_and(|u| u.trim().is_empty()) {
            return Err(Error::invalid("username", "must not be empty"));
        }
        Ok(())
    }

    fn run(okta: &Okta, input: UpdateAssignmentInput) -> Result<Raw<AppUser>> {
        let mut body = json!({});
        if let Some(c) = credentials(input.username.as_deref(), input.password.as_ref()) {
            body["credentials"] = c;
        }
        let given = given_attributes(&input.profile);
        if !input.profile.is_empty() {
            body["profile"] = Value::Object(input.profile);
        }
        apps::update_user(okta, input.app_id.trim(), input.user_id.trim(), &body).map_err(|e| at_profile(e, &given))
    }
}

pub struct RemoveApplicationUserAssignment;

/// Which assignment to remove.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RemoveAssignmentInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// The Okta user's id (`00u…`).
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// Email the admin about the removal.
    #[serde(default)]
    pub send_email: bool,
}

/// Okta answers an unassignment without a body; this says what was removed.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RemovedOutput {
    pub app_id: String,
    /// The user (`00u…`) or group (`00g…`) no longer assigned.
    pub id: String,
    /// Always true: failures are errors.
    pub removed: bool,
}

impl Action for RemoveApplicationUserAssignment {
    const KEY: &'static str = "remove-application-user-assignment";
    const LABEL: &'static str = "Remove Application User Assignment";
    const DESCRIPTION: &'static str =
        "Removes a user's direct assignment to an app: the app profile is lost and provisioning may deactivate the user's app account.";
    const ALIASES: &'static [&'static str] = &["Remove User from an App"];
    const FLAGS: Flags = REMOVE;
    type Input = RemoveAssignmentInput;
    type Output = RemovedOutput;

    fn validate(input: &RemoveAssignmentInput) -> Result<()> {
        check_ids(&input.app_id, &input.user_id)
    }

    fn run(okta: &Okta, input: RemoveAssignmentInput) -> Result<RemovedOutput> {
        apps::remove_user(okta, input.app_id.trim(), input.user_id.trim(), input.send_email)?;
        Ok(RemovedOutput { app_id: input.app_id.trim().into(), id: input.user_id.trim().into(), removed: true })
    }
}

pub struct ListUserApplications;

/// Whose apps.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserIdInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
}

/// The user's dashboard links.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListUserApplicationsOutput {
    pub app_links: Vec<Raw<AppLink>>,
}

impl Action for ListUserApplications {
    const KEY: &'static str = "list-user-applications";
    const LABEL: &'static str = "List User Applications";
    const DESCRIPTION: &'static str = "Lists the app links on a user's dashboard: the active apps assigned to the user, directly or through groups.";
    const FLAGS: Flags = READ;
    type Input = UserIdInput;
    type Output = ListUserApplicationsOutput;

    fn validate(input: &UserIdInput) -> Result<()> {
        non_empty("userId", &input.user_id)
    }

    fn run(okta: &Okta, input: UserIdInput) -> Result<ListUserApplicationsOutput> {
        Ok(ListUserApplicationsOutput { app_links: apps::app_links(okta, input.user_id.trim())? })
    }
}

pub struct AssignGroupToApplication;

/// A group assignment: its priority and the app profile its members get.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignGroupInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
    /// 0 is the highest; Okta gives the next free priority when absent.
    #[serde(default)]
    #[schemars(range(min = 0, max = 100))]
    pub priority: Option<u32>,
    /// App profile values for the group's members, e.g. `{"department": "Sales"}`.
    #[serde(default)]
    pub profile: Map<String, Value>,
}

impl Action for AssignGroupToApplication {
    const KEY: &'static str = "assign-group-to-application";
    const LABEL: &'static str = "Assign Group to Application";
    const DESCRIPTION: &'static str =
        "Assigns a group to an app (or updates that assignment) with a priority and an app profile; the group's members get the app.";
    const FLAGS: Flags = UPDATE;
    type Input = AssignGroupInput;
    type Output = Raw<AppGroup>;

    fn validate(input: &AssignGroupInput) -> Result<()> {
        non_empty("appId", &input.app_id)?;
        non_empty("groupId", &input.group_id)?;
        in_range("priority", input.priority, 0, 100)
    }

    fn run(okta: &Okta, input: AssignGroupInput) -> Result<Raw<AppGroup>> {
        let given = given_attributes(&input.profile);
        let mut body = json!({"profile": input.profile});
        if let Some(p) = input.priority {
            body["priority"] = json!(p);
        }
        apps::assign_group(okta, input.app_id.trim(), input.group_id.trim(), &body).map_err(|e| at_profile(e, &given))
    }
}

pub struct ListApplicationGroups;

/// Which group assignments to list.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListAppGroupsInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// Prefix match on the group's name.
    #[serde(default)]
    pub q: Option<String>,
    /// `group` embeds each group under `_embedded.group`.
    #[serde(default)]
    pub expand: Option<String>,
    /// Assignments per page (20–200).
    #[serde(default)]
    #[schemars(range(min = 20, max = 200))]
    pub limit: Option<u32>,
    /// Cursor to resume from: the `nextCursor` of an earlier call.
    #[serde(default)]
    pub after: Option<String>,
    /// Every page (up to 100 pages) instead of one.
    #[serde(default)]
    pub fetch_all: bool,
}

/// A page (or all pages) of group assignments.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListAppGroupsOutput {
    /// Pass as `after` to continue; absent when the listing reached its end.
    pub next_cursor: Option<String>,
    pub app_groups: Vec<Raw<AppGroup>>,
    pub pages: u32,
}

impl Action for ListApplicationGroups {
    const KEY: &'static str = "list-application-groups";
    const LABEL: &'static str = "List Application Groups";
    const DESCRIPTION: &'static str = "Lists the groups assigned to an app, with their priorities and app profiles.";
    const FLAGS: Flags = READ;
    type Input = ListAppGroupsInput;
    type Output = ListAppGroupsOutput;

    fn validate(input: &ListAppGroupsInput) -> Result<()> {
        non_empty("appId", &input.app_id)?;
        in_range("limit", input.limit, 20, 200)
    }

    fn run(okta: &Okta, input: ListAppGroupsInput) -> Result<ListAppGroupsOutput> {
        let query = query_of([("q", input.q), ("expand", input.expand), ("limit", input.limit.map(|l| l.to_string())), ("after", input.after)]);
        let listing = apps::list_groups(okta, input.app_id.trim(), &query, pages(input.fetch_all))?;
        Ok(ListAppGroupsOutput { app_groups: listing.items, next_cursor: listing.next_cursor, pages: listing.pages })
    }
}

pub struct RemoveGroupFromApplication;

/// Which group assignment to remove.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RemoveGroupInput {
    /// The app's id (`0oa…`).
    #[schemars(length(min = 1))]
    pub app_id: String,
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
}

impl Action for RemoveGroupFromApplication {
    const KEY: &'static str = "remove-group-from-application";
    const LABEL: &'static str = "Remove Group from Application";
    const DESCRIPTION: &'static str = "Removes a group's assignment to an app; members keep the app only through other assignments.";
    const FLAGS: Flags = REMOVE;
    type Input = RemoveGroupInput;
    type Output = RemovedOutput;

    fn validate(input: &RemoveGroupInput) -> Result<()> {
        non_empty("appId", &input.app_id)?;
        non_empty("groupId", &input.group_id)
    }

    fn run(okta: &Okta, input: RemoveGroupInput) -> Result<RemovedOutput> {
        apps::remove_group(okta, input.app_id.trim(), input.group_id.trim())?;
        Ok(RemovedOutput { app_id: input.app_id.trim().into(), id: input.group_id.trim().into(), removed: true })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn credentials_carry_only_what_was_given() {
        assert_eq!(super::credentials(None, None), None);
        assert_eq!(super::credentials(Some("rae"), None), Some(serde_json::json!({"userName": "rae"})));
    }
}
