//! Admin role assignments of users and groups.

use super::non_empty;
use crate::error::{Error, Result};
use crate::http::{Okta, RawItem};
use crate::okta::roles::{self, RoleAssignment};
use crate::okta::Raw;
use crate::registry::{Action, Flags, READ};
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// Okta's standard admin roles.
#[derive(Deserialize, Serialize, JsonSchema, Clone, Copy)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RoleType {
    SuperAdmin,
    OrgAdmin,
    AppAdmin,
    UserAdmin,
    HelpDeskAdmin,
    ReadOnlyAdmin,
    GroupMembershipAdmin,
    ApiAccessManagementAdmin,
    ReportAdmin,
    WorkflowsAdmin,
    AccessCertificationsAdmin,
    AccessRequestsAdmin,
}

impl RoleType {
    fn as_str(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }
}

/// The principal a role input names: a user (`userId`) or a group (`groupId`).
pub trait Assignee: DeserializeOwned + JsonSchema {
    /// `users` or `groups`.
    const PRINCIPAL: &'static str;
    const FIELD: &'static str;
    fn id(&self) -> &str;
}

/// Roles of a user.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserRoles {
    /// The user's id (`00u…`).
    #[schemars(length(min = 1))]
    pub user_id: String,
}

/// Roles of a group: every member holds them.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupRoles {
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
}

/// A role to give a user.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserRole {
    /// The user's id (`00u…`).
    #[schemars(length(min = 1))]
    pub user_id: String,
    pub role_type: RoleType,
    /// Do not email the new admin.
    #[serde(default)]
    pub disable_notifications: bool,
}

/// A role to give a group.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupRole {
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
    pub role_type: RoleType,
    /// Do not email the group's members.
    #[serde(default)]
    pub disable_notifications: bool,
}

/// A role assignment of a user to remove.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserRoleAssignment {
    /// The user's id (`00u…`).
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// The assignment's id, from List User Admin Roles.
    #[schemars(length(min = 1))]
    pub role_assignment_id: String,
}

/// A role assignment of a group to remove.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupRoleAssignment {
    /// The group's id (`00g…`).
    #[schemars(length(min = 1))]
    pub group_id: String,
    /// The assignment's id, from List Group Admin Roles.
    #[schemars(length(min = 1))]
    pub role_assignment_id: String,
}

macro_rules! assignee {
    ($($t:ty => $principal:literal, $field:literal, $id:ident;)*) => {$(
        impl Assignee for $t {
            const PRINCIPAL: &'static str = $principal;
            const FIELD: &'static str = $field;
            fn id(&self) -> &str {
                &self.$id
            }
        }
    )*};
}

assignee! {
    UserRoles => "users", "userId", user_id;
    GroupRoles => "groups", "groupId", group_id;
    UserRole => "users", "userId", user_id;
    GroupRole => "groups", "groupId", group_id;
    UserRoleAssignment => "users", "userId", user_id;
    GroupRoleAssignment => "groups", "groupId", group_id;
}

/// The role and assignment fields of role inputs.
pub trait RoleFields {
    fn role(&self) -> (RoleType, bool);
}

impl RoleFields for UserRole {
    fn role(&self) -> (RoleType, bool) {
        (self.role_type, self.disable_notifications)
    }
}

impl RoleFields for GroupRole {
    fn role(&self) -> (RoleType, bool) {
        (self.role_type, self.disable_notifications)
    }
}

pub trait AssignmentField {
    fn assignment(&self) -> &str;
}

impl AssignmentField for UserRoleAssignment {
    fn assignment(&self) -> &str {
        &self.role_assignment_id
    }
}

impl AssignmentField for GroupRoleAssignment {
    fn assignment(&self) -> &str {
        &self.role_assignment_id
    }
}

/// Descriptor data of one role action, per principal.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))] // descriptors are read by the native catalogue generator
pub struct RoleOp {
    key: &'static str,
    label: &'static str,
    description: &'static str,
}

/// List, assign, unassign for users (0–2) and groups (3–5); the index is the actions' parameter in `ACTIONS`.
pub const ROLE_OPS: [RoleOp; 6] = [
    RoleOp { key: "list-user-admin-roles", label: "List User Admin Roles", description: "Lists the admin roles assigned to a user directly." },
    RoleOp { key: "assign-user-admin-role", label: "Assign Admin Role to User", description: "Gives a user a standard admin role (all resources of the org)." },
    RoleOp { key: "unassign-user-admin-role", label: "Unassign Admin Role from User", description: "Removes one admin role assignment from a user." },
    RoleOp { key: "list-group-admin-roles", label: "List Group Admin Roles", description: "Lists the admin roles assigned to a group (held by its members)." },
    RoleOp { key: "assign-group-admin-role", label: "Assign Admin Role to Group", description: "Gives every member of a group a standard admin role." },
    RoleOp { key: "unassign-group-admin-role", label: "Unassign Admin Role from Group", description: "Removes one admin role assignment from a group." },
];

fn check<In: Assignee>(input: &In) -> Result<()> {
    non_empty(In::FIELD, input.id())
}

#[derive(Serialize, JsonSchema)]
pub struct RolesOutput {
    #[schemars(with = "Vec<RoleAssignment>")]
    pub roles: Vec<RawItem>,
}

/// Lists a principal's role assignments.
pub struct ListRoles<const I: usize, In>(std::marker::PhantomData<In>);

impl<const I: usize, In: Assignee> Action for ListRoles<I, In> {
    const KEY: &'static str = ROLE_OPS[I].key;
    const LABEL: &'static str = ROLE_OPS[I].label;
    const DESCRIPTION: &'static str = ROLE_OPS[I].description;
    const FLAGS: Flags = READ;
    type Input = In;
    type Output = RolesOutput;

    fn validate(input: &In) -> Result<()> {
        check(input)
    }

    fn run(okta: &Okta, input: In) -> Result<RolesOutput> {
        Ok(RolesOutput { roles: roles::list(okta, In::PRINCIPAL, input.id().trim())? })
    }
}

/// Assigns a role to a principal.
pub struct AssignRole<const I: usize, In>(std::marker::PhantomData<In>);

impl<const I: usize, In: Assignee + RoleFields> Action for AssignRole<I, In> {
    const KEY: &'static str = ROLE_OPS[I].key;
    const LABEL: &'static str = ROLE_OPS[I].label;
    const DESCRIPTION: &'static str = ROLE_OPS[I].description;
    const FLAGS: Flags = Flags { read_only: false, destructive: false, idempotent: false };
    type Input = In;
    type Output = Raw<RoleAssignment>;

    fn validate(input: &In) -> Result<()> {
        check(input)
    }

    fn run(okta: &Okta, input: In) -> Result<Raw<RoleAssignment>> {
        let (role, quiet) = input.role();
        roles::assign(okta, In::PRINCIPAL, input.id().trim(), &role.as_str(), quiet)
    }
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnassignOutput {
    pub role_assignment_id: String,
    pub unassigned: bool,
}

/// Removes one role assignment of a principal.
pub struct UnassignRole<const I: usize, In>(std::marker::PhantomData<In>);

impl<const I: usize, In: Assignee + AssignmentField> Action for UnassignRole<I, In> {
    const KEY: &'static str = ROLE_OPS[I].key;
    const LABEL: &'static str = ROLE_OPS[I].label;
    const DESCRIPTION: &'static str = ROLE_OPS[I].description;
    const FLAGS: Flags = Flags { read_only: false, destructive: true, idempotent: false };
    type Input = In;
    type Output = UnassignOutput;

    fn validate(input: &In) -> Result<()> {
        check(input)?;
        if input.assignment().trim().is_empty() {
            return Err(Error::invalid("roleAssignmentId", "must not be empty"));
        }
        Ok(())
    }

    fn run(okta: &Okta, input: In) -> Result<UnassignOutput> {
        let assignment = input.assignment().trim().to_string();
        roles::unassign(okta, In::PRINCIPAL, input.id().trim(), &assignment)?;
        Ok(UnassignOutput { role_assignment_id: assignment, unassigned: true })
    }
}
