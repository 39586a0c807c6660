//! Group actions: the group itself, its members and its owners.

use super::common::{check_search, ResultSet};
use super::{in_range, non_empty, query_of};
use super::users::{ListUsersOutput, SortOrder};
use crate::error::{Error, Result};
use crate::http::{Method, Okta, Query, RawItem};
use crate::okta::groups::{self, Group, GroupOwner};
use crate::okta::Raw;
use crate::registry::{Action, Flags, CREATE, READ, REMOVE, UPDATE};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Which group an action is about.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupRef {
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
}

/// A group's profile as given by a flow.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateGroupInput {
    /// Unique among the org's Okta groups.
    #[schemars(length(min = 1))]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Custom group profile attributes by schema name.
    #[serde(default)]
    pub profile_extra_attributes: Map<String, Value>,
}

pub struct CreateGroup;

impl Action for CreateGroup {
    const KEY: &'static str = "create-group";
    const LABEL: &'static str = "Create Group";
    const DESCRIPTION: &'static str = "Creates an Okta group (OKTA_GROUP) with a name, description and custom attributes.";
    const FLAGS: Flags = CREATE;
    type Input = CreateGroupInput;
    type Output = Raw<Group>;

    fn validate(input: &CreateGroupInput) -> Result<()> {
        non_empty("name", &input.name)?;
        reserved_attributes(&input.profile_extra_attributes)
    }

    fn run(okta: &Okta, input: CreateGroupInput) -> Result<Raw<Group>> {
        let mut profile = input.profile_extra_attributes;
        profile.insert("name".into(), json!(input.name.trim()));
        if let Some(d) = input.description {
            profile.insert("description".into(), json!(d));
        }
        // Okta checks the profile against the group schema: a refused value is invalid input at its field.
        groups::create(okta, &profile).map_err(|e| e.at_input_field(group_field))
    }
}

fn reserved_attributes(extra: &Map<String, Value>) -> Result<()> {
    match extra.keys().find(|k| *k == "name" || *k == "description") {
        Some(k) => Err(Error::invalid(format!("profileExtraAttributes.{k}"), "use the field of that name instead")),
        None => Ok(()),
    }
}

/// Where a refused group profile attribute was given: `name`, `description` or under `profileExtraAttributes`.
fn group_field(attr: &str) -> Option<String> {
    Some(match attr {
        "name" | "description" => attr.to_string(),
        _ => format!("profileExtraAttributes.{attr}"),
    })
}

pub struct GetGroup;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetGroupInput {
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
    /// Embed `_embedded.stats` (member and app counts).
    #[serde(default)]
    pub expand_stats: bool,
}

impl Action for GetGroup {
    const KEY: &'static str = "get-group";
    const LABEL: &'static str = "Get Group";
    const DESCRIPTION: &'static str = "Reads one group by id.";
    const ALIASES: &'static [&'static str] = &["Read Group"];
    const FLAGS: Flags = READ;
    type Input = GetGroupInput;
    type Output = Raw<Group>;

    fn validate(input: &GetGroupInput) -> Result<()> {
        non_empty("groupId", &input.group_id)
    }

    fn run(okta: &Okta, input: GetGroupInput) -> Result<Raw<Group>> {
        let query: Query = input.expand_stats.then(|| ("expand".to_string(), "stats".to_string())).into_iter().collect();
        groups::get(okta, input.group_id.trim(), &query)
    }
}

pub struct UpdateGroup;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"groupId": "<groupId>", "description": "Everyone in Engineering"}))]
pub struct UpdateGroupInput {
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Custom attributes to set; `null` clears one.
    #[serde(default)]
    pub profile_extra_attributes: Map<String, Value>,
}

impl Action for UpdateGroup {
    const KEY: &'static str = "update-group";
    const LABEL: &'static str = "Update Group";
    const DESCRIPTION: &'static str = "Changes an Okta group's name, description or custom attributes. Okta replaces the whole profile, so the action reads it first and keeps what is not given.";
    const FLAGS: Flags = UPDATE;
    type Input = UpdateGroupInput;
    type Output = Raw<Group>;

    fn validate(input: &UpdateGroupInput) -> Result<()> {
        non_empty("groupId", &input.group_id)?;
        if let Some(name) = &input.name {
            non_empty("name", name)?;
        }
        if input.name.is_none() && input.description.is_none() && input.profile_extra_attributes.is_empty() {
            return Err(Error::invalid("name", "give `name`, `description` or `profileExtraAttributes` to change"));
        }
        reserved_attributes(&input.profile_extra_attributes)
    }

    fn run(okta: &Okta, input: UpdateGroupInput) -> Result<Raw<Group>> {
        let id = input.group_id.trim();
        let given: Vec<String> = input.profile_extra_attributes.keys().cloned().collect();
        let current: Value = groups::get(okta, id, &Vec::new())?;
        let mut profile = current["profile"].as_object().cloned().unwrap_or_default();
        profile.extend(input.profile_extra_attributes);
        if let Some(name) = input.name {
            profile.insert("name".into(), json!(name.trim()));
        }
        if let Some(d) = input.description {
            profile.insert("description".into(), json!(d));
        }
        profile.retain(|_, v| !v.is_null());
        // Only what the caller gave is named; a stored value Okta now refuses stays Okta's error.
        let placed = |attr: &str| group_field(attr).filter(|path| !path.starts_with("profileExtraAttributes.") || given.iter().any(|g| g == attr));
        groups::replace(okta, id, &profile).map_err(|e| e.at_input_field(placed))
    }
}

pub struct DeleteGroup;

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeleteGroupOutput {
    pub group_id: String,
    pub deleted: bool,
}

impl Action for DeleteGroup {
    const KEY: &'static str = "delete-group";
    const LABEL: &'static str = "Delete Group";
    const DESCRIPTION: &'static str = "Deletes an Okta group; its members stay, their membership goes.";
    const FLAGS: Flags = Flags { read_only: false, destructive: true, idempotent: false };
    type Input = GroupRef;
    type Output = DeleteGroupOutput;

    fn validate(input: &GroupRef) -> Result<()> {
        non_empty("groupId", &input.group_id)
    }

    fn run(okta: &Okta, input: GroupRef) -> Result<DeleteGroupOutput> {
        let group_id = input.group_id.trim().to_string();
        groups::delete(okta, &group_id)?;
        Ok(DeleteGroupOutput { group_id, deleted: true })
    }
}

pub struct ListGroups;

/// Which groups to list. `q`, `filter` and `search` follow Okta's grammar and are sent as given.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListGroupsInput {
    /// Prefix match on the group name.
    #[serde(default)]
    pub q: Option<String>,
    /// Okta filter expression, e.g. `type eq "OKTA_GROUP"`.
    #[serde(default)]
    pub filter: Option<String>,
    /// Okta search expression, e.g. `profile.name sw "Eng"`.
    #[serde(default)]
    pub search: Option<String>,
    /// Groups per page (1–200).
    #[serde(default)]
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u32>,
    /// Cursor to resume from: the `nextCursor` of an earlier call.
    #[serde(default)]
    pub after: Option<String>,
    /// Attribute to sort by (only with `search`), e.g. `profile.name`.
    #[serde(default)]
    pub sort_by: Option<String>,
    #[serde(default)]
    pub sort_order: Option<SortOrder>,
    /// Embed `_embedded.stats` in each group.
    #[serde(default)]
    pub expand_stats: bool,
    /// Follow every page (up to 100); the same as `resultSet: all`.
    #[serde(default)]
    pub fetch_all: bool,
    /// `first` matching group, one `page` (the default) or `all` pages.
    #[serde(default)]
    pub result_set: Option<ResultSet>,
    /// Further query parameters Okta accepts that have no field here.
    #[serde(default)]
    pub extra_parameters: BTreeMap<String, String>,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListGroupsOutput {
    /// Pass as `after` to continue; absent when the listing reached its end.
    pub next_cursor: Option<String>,
    /// Okta's group objects as Okta sent them.
    #[schemars(with = "Vec<Group>")]
    pub groups: Vec<RawItem>,
    /// The first group listed, absent when none matched.
    #[schemars(with = "Option<Group>")]
    pub first: Option<RawItem>,
    pub pages: u32,
}

const LIST_GROUPS_PARAMS: [&str; 8] = ["q", "filter", "search", "limit", "after", "sortBy", "sortOrder", "expand"];

impl Action for ListGroups {
    const KEY: &'static str = "list-groups";
    const LABEL: &'static str = "List Groups";
    const DESCRIPTION: &'static str = "Lists groups matching a q (name prefix), filter or search expression: the first match, one page or every page.";
    const ALIASES: &'static [&'static str] = &["Search Groups"];
    const FLAGS: Flags = READ;
    type Input = ListGroupsInput;
    type Output = ListGroupsOutput;

    fn validate(input: &ListGroupsInput) -> Result<()> {
        in_range("limit", input.limit, 1, 200)?;
        ResultSet::resolve(input.result_set, input.fetch_all)?;
        check_search(&input.search, &input.sort_by, input.sort_order.is_some(), &input.extra_parameters, &LIST_GROUPS_PARAMS)
    }

    fn run(okta: &Okta, input: ListGroupsInput) -> Result<ListGroupsOutput> {
        let result_set = ResultSet::resolve(input.result_set, input.fetch_all)?;
        let known = [
            ("q", input.q),
            ("filter", input.filter),
            ("search", input.search),
            ("limit", result_set.limit(input.limit).map(|l| l.to_string())),
            ("after", input.after),
            ("sortBy", input.sort_by),
            ("sortOrder", input.sort_order.map(SortOrder::query_value)),
            ("expand", input.expand_stats.then(|| "stats".to_string())),
        ];
        let mut query = query_of(known);
        query.extend(input.extra_parameters);
        let listing = groups::list::<RawItem>(okta, &query, result_set.max_pages())?;
        Ok(ListGroupsOutput { first: listing.items.first().cloned(), groups: listing.items, next_cursor: listing.next_cursor, pages: listing.pages })
    }
}

pub struct ListGroupMembers;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListGroupMembersInput {
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
    /// Members per page (1–1000; Okta's default 1000).
    #[serde(default)]
    #[schemars(range(min = 1, max = 1000))]
    pub limit: Option<u32>,
    #[serde(default)]
    pub after: Option<String>,
    /// Follow every page (up to 100); the same as `resultSet: all`.
    #[serde(default)]
    pub fetch_all: bool,
    #[serde(default)]
    pub result_set: Option<ResultSet>,
}

impl Action for ListGroupMembers {
    const KEY: &'static str = "list-group-members";
    const LABEL: &'static str = "List Group Members";
    const DESCRIPTION: &'static str = "Lists the users in a group: the first, one page or every page.";
    const FLAGS: Flags = READ;
    type Input = ListGroupMembersInput;
    type Output = ListUsersOutput;

    fn validate(input: &ListGroupMembersInput) -> Result<()> {
        non_empty("groupId", &input.group_id)?;
        in_range("limit", input.limit, 1, 1000)?;
        ResultSet::resolve(input.result_set, input.fetch_all).map(drop)
    }

    fn run(okta: &Okta, input: ListGroupMembersInput) -> Result<ListUsersOutput> {
        let result_set = ResultSet::resolve(input.result_set, input.fetch_all)?;
        let known = [("limit", result_set.limit(input.limit).map(|l| l.to_string())), ("after", input.after)];
        let query = query_of(known);
        let listing = groups::members(okta, input.group_id.trim(), &query, result_set.max_pages())?;
        Ok(ListUsersOutput { first: listing.items.first().cloned(), users: listing.items, next_cursor: listing.next_cursor, pages: listing.pages })
    }
}

/// One membership call of the table below.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))] // descriptors are read by the native catalogue generator
pub struct MembershipOp {
    key: &'static str,
    label: &'static str,
    description: &'static str,
    aliases: &'static [&'static str],
    flags: Flags,
    method: Method,
    /// Whether the user is a member afterwards.
    member: bool,
}

/// Adding and removing a member; the index is `Membership`'s parameter in `ACTIONS`.
pub const MEMBERSHIP: [MembershipOp; 2] = [
    MembershipOp { key: "add-user-to-group", label: "Add User to Group", aliases: &["Add New User to Group"], flags: UPDATE, method: Method::Put, member: true,
        description: "Adds a user to an Okta group; adding a member again changes nothing." },
    MembershipOp { key: "remove-user-from-group", label: "Remove User from Group", aliases: &[], flags: REMOVE, method: Method::Delete, member: false,
        description: "Removes a user from an Okta group; removing a non-member changes nothing." },
];

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MembershipInput {
    /// The group's id (`00g…`); only OKTA_GROUP memberships can be changed.
    #[schemars(length(min = 1))]
    pub group_id: String,
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MembershipOutput {
    pub group_id: String,
    pub user_id: String,
    /// Whether the user is a member now.
    pub member: bool,
}

/// The one handler behind every row of `MEMBERSHIP`.
pub struct Membership<const I: usize>;

impl<const I: usize> Action for Membership<I> {
    const KEY: &'static str = MEMBERSHIP[I].key;
    const LABEL: &'static str = MEMBERSHIP[I].label;
    const DESCRIPTION: &'static str = MEMBERSHIP[I].description;
    const ALIASES: &'static [&'static str] = MEMBERSHIP[I].aliases;
    const FLAGS: Flags = MEMBERSHIP[I].flags;
    type Input = MembershipInput;
    type Output = MembershipOutput;

    fn validate(input: &MembershipInput) -> Result<()> {
        non_empty("groupId", &input.group_id)?;
        non_empty("userId", &input.user_id)
    }

    fn run(okta: &Okta, input: MembershipInput) -> Result<MembershipOutput> {
        let (group_id, user_id) = (input.group_id.trim().to_string(), input.user_id.trim().to_string());
        groups::membership(okta, MEMBERSHIP[I].method, &group_id, &user_id)?;
        Ok(MembershipOutput { group_id, user_id, member: MEMBERSHIP[I].member })
    }
}

pub struct ListGroupOwners;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListGroupOwnersInput {
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
    /// Okta search expression on owners, e.g. `type eq "USER"`.
    #[serde(default)]
    pub search: Option<String>,
    /// Follow every page (up to 100).
    #[serde(default)]
    pub fetch_all: bool,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListGroupOwnersOutput {
    pub next_cursor: Option<String>,
    #[schemars(with = "Vec<GroupOwner>")]
    pub owners: Vec<RawItem>,
}

impl Action for ListGroupOwners {
    const KEY: &'static str = "list-group-owners";
    const LABEL: &'static str = "List Group Owners";
    const DESCRIPTION: &'static str = "Lists the users and groups that own a group.";
    const FLAGS: Flags = READ;
    type Input = ListGroupOwnersInput;
    type Output = ListGroupOwnersOutput;

    fn validate(input: &ListGroupOwnersInput) -> Result<()> {
        non_empty("groupId", &input.group_id)
    }

    fn run(okta: &Okta, input: ListGroupOwnersInput) -> Result<ListGroupOwnersOutput> {
        let query: Query = input.search.map(|s| ("search".to_string(), s)).into_iter().collect();
        let listing = groups::owners(okta, input.group_id.trim(), &query, super::pages(input.fetch_all))?;
        Ok(ListGroupOwnersOutput { owners: listing.items, next_cursor: listing.next_cursor })
    }
}

/// Kinds of group owner.
#[derive(Deserialize, JsonSchema, Clone, Copy, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum OwnerType {
    #[default]
    User,
    Group,
}

pub struct AddGroupOwner;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddGroupOwnerInput {
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
    /// The owning user's id (`00u…`) or group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub owner_id: String,
    /// USER (default) or GROUP.
    #[serde(default)]
    pub owner_type: OwnerType,
}

impl Action for AddGroupOwner {
    const KEY: &'static str = "add-group-owner";
    const LABEL: &'static str = "Add Group Owner";
    const DESCRIPTION: &'static str = "Makes a user, or the members of a group, owners of a group.";
    const ALIASES: &'static [&'static str] = &["Assign Group Owner"];
    const FLAGS: Flags = CREATE;
    type Input = AddGroupOwnerInput;
    type Output = Raw<GroupOwner>;

    fn validate(input: &AddGroupOwnerInput) -> Result<()> {
        non_empty("groupId", &input.group_id)?;
        non_empty("ownerId", &input.owner_id)
    }

    fn run(okta: &Okta, input: AddGroupOwnerInput) -> Result<Raw<GroupOwner>> {
        let kind = match input.owner_type {
            OwnerType::User => "USER",
            OwnerType::Group => "GROUP",
        };
        groups::add_owner(okta, input.group_id.trim(), input.owner_id.trim(), kind)
    }
}

pub struct RemoveGroupOwner;

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RemoveGroupOwnerInput {
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
    /// The owner's id, as List Group Owners gives it.
    #[schemars(length(min = 1))]
    pub owner_id: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RemoveGroupOwnerOutput {
    pub group_id: String,
    pub owner_id: String,
    pub removed: bool,
}

impl Action for RemoveGroupOwner {
    const KEY: &'static str = "remove-group-owner";
    const LABEL: &'static str = "Remove Group Owner";
    const DESCRIPTION: &'static str = "Removes an owner (user or group) from a group.";
    const FLAGS: Flags = Flags { read_only: false, destructive: true, idempotent: false };
    type Input = RemoveGroupOwnerInput;
    type Output = RemoveGroupOwnerOutput;

    fn validate(input: &RemoveGroupOwnerInput) -> Result<()> {
        non_empty("groupId", &input.group_id)?;
        non_empty("ownerId", &input.owner_id)
    }

    fn run(okta: &Okta, input: RemoveGroupOwnerInput) -> Result<RemoveGroupOwnerOutput> {
        let (group_id, owner_id) = (input.group_id.trim().to_string(), input.owner_id.trim().to_string());
        groups::remove_owner(okta, &group_id, &owner_id)?;
        Ok(RemoveGroupOwnerOutput { group_id, owner_id, removed: true })
    }
}
