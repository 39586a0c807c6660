//! The actions of the catalogue, one file per Okta resource: descriptors, input/output types, handlers.

mod common;
mod group_rules;
mod groups;
mod roles;
mod users;

use crate::registry::{entry, ActionEntry};
use group_rules::RuleLifecycle;
use groups::Membership;
use roles::{AssignRole, GroupRole, GroupRoleAssignment, GroupRoles, ListRoles, UnassignRole, UserRole, UserRoleAssignment, UserRoles};
use users::{ExpirePasswordInput, Lifecycle, ResetPasswordInput, UserRef, WithEmail};

/// Every action, in catalogue order.
pub const ACTIONS: &[ActionEntry] = &[
    entry::<users::GetUser>(),
    entry::<users::ListUsers>(),
    entry::<users::CreateUser>(),
    entry::<users::UpdateUser>(),
    entry::<Lifecycle<0, WithEmail>>(),
    entry::<Lifecycle<1, WithEmail>>(),
    entry::<Lifecycle<2, WithEmail>>(),
    entry::<Lifecycle<3, UserRef>>(),
    entry::<Lifecycle<4, UserRef>>(),
    entry::<Lifecycle<5, UserRef>>(),
    entry::<Lifecycle<6, UserRef>>(),
    entry::<Lifecycle<7, ResetPasswordInput>>(),
    entry::<Lifecycle<8, ExpirePasswordInput>>(),
    entry::<users::DeleteUser>(),
    entry::<users::SetUserPassword>(),
    entry::<users::ChangeRecoveryQuestion>(),
    entry::<users::ClearUserSessions>(),
    entry::<users::ListUserGroups>(),
    entry::<users::ListUserFactors>(),
    entry::<users::UnenrollUserFactor>(),
    entry::<groups::CreateGroup>(),
    entry::<groups::GetGroup>(),
    entry::<groups::UpdateGroup>(),
    entry::<groups::DeleteGroup>(),
    entry::<groups::ListGroups>(),
    entry::<groups::ListGroupMembers>(),
    entry::<Membership<0>>(),
    entry::<Membership<1>>(),
    entry::<groups::ListGroupOwners>(),
    entry::<groups::AddGroupOwner>(),
    entry::<groups::RemoveGroupOwner>(),
    entry::<ListRoles<0, UserRoles>>(),
    entry::<AssignRole<1, UserRole>>(),
    entry::<UnassignRole<2, UserRoleAssignment>>(),
    entry::<ListRoles<3, GroupRoles>>(),
    entry::<AssignRole<4, GroupRole>>(),
    entry::<UnassignRole<5, GroupRoleAssignment>>(),
    entry::<group_rules::CreateGroupRule>(),
    entry::<group_rules::GetGroupRule>(),
    entry::<group_rules::ListGroupRules>(),
    entry::<group_rules::UpdateGroupRule>(),
    entry::<group_rules::DeleteGroupRule>(),
    entry::<RuleLifecycle<0>>(),
    entry::<RuleLifecycle<1>>(),
];
