//! The actions of the catalogue, one file per Okta resource: descriptors, input/output types, handlers.

mod app_assignments;
mod apps;
mod common;
mod directory;
mod event_hooks;
mod factors;
mod imports;
mod group_rules;
mod linked_objects;
mod groups;
mod logs;
mod policies;
mod raw;
mod roles;
mod user_types;
mod users;

use crate::error::{Error, Result};
use crate::http::Query;
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
    entry::<factors::ListUserFactors>(),
    entry::<factors::UnenrollUserFactor>(),
    entry::<factors::ListSupportedFactors>(),
    entry::<factors::ListSecurityQuestions>(),
    entry::<factors::EnrollUserFactor>(),
    entry::<factors::GetUserFactor>(),
    entry::<factors::ActivateUserFactor>(),
    entry::<factors::VerifyUserFactor>(),
    entry::<users::ForgotPassword>(),
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
    entry::<event_hooks::CreateEventHook>(),
    entry::<event_hooks::GetEventHook>(),
    entry::<event_hooks::ListEventHooks>(),
    entry::<event_hooks::UpdateEventHook>(),
    entry::<event_hooks::HookLifecycle<{ event_hooks::ACTIVATE }>>(),
    entry::<event_hooks::HookLifecycle<{ event_hooks::DEACTIVATE }>>(),
    entry::<event_hooks::HookLifecycle<{ event_hooks::VERIFY }>>(),
    entry::<event_hooks::DeleteEventHook>(),
    entry::<event_hooks::DeleteAllEventHooks>(),
    entry::<logs::GetSystemLogs>(),
    entry::<apps::GetApplication>(),
    entry::<apps::ListApplications>(),
    entry::<apps::CreateApplication>(),
    entry::<apps::AppLifecycle<0>>(),
    entry::<apps::AppLifecycle<1>>(),
    entry::<apps::DeleteApplication>(),
    entry::<apps::ListApplicationKeys>(),
    entry::<apps::GetApplicationKey>(),
    entry::<apps::GetApplicationSamlMetadata>(),
    entry::<app_assignments::AssignApplicationToUser>(),
    entry::<app_assignments::AssignApplicationToUserForSso>(),
    entry::<app_assignments::GetApplicationUserAssignment>(),
    entry::<app_assignments::ListApplicationUsers>(),
    entry::<app_assignments::UpdateApplicationUserAssignment>(),
    entry::<app_assignments::RemoveApplicationUserAssignment>(),
    entry::<app_assignments::ListUserApplications>(),
    entry::<app_assignments::AssignGroupToApplication>(),
    entry::<app_assignments::ListApplicationGroups>(),
    entry::<app_assignments::RemoveGroupFromApplication>(),
    entry::<directory::ListPolicies>(),
    entry::<directory::GetPolicy>(),
    entry::<policies::CreatePolicy>(),
    entry::<policies::UpdatePolicy>(),
    entry::<policies::PolicyLifecycle<0>>(),
    entry::<policies::PolicyLifecycle<1>>(),
    entry::<policies::DeletePolicy>(),
    entry::<policies::ListPolicyRules>(),
    entry::<policies::GetPolicyRule>(),
    entry::<policies::CreatePolicyRule>(),
    entry::<policies::UpdatePolicyRule>(),
    entry::<policies::PolicyRuleLifecycle<0>>(),
    entry::<policies::PolicyRuleLifecycle<1>>(),
    entry::<policies::DeletePolicyRule>(),
    entry::<policies::AssignApplicationPolicy>(),
    entry::<directory::ListRealms>(),
    entry::<directory::GetRealm>(),
    entry::<user_types::ListUserTypes>(),
    entry::<user_types::GetUserType>(),
    entry::<user_types::CreateUserType>(),
    entry::<user_types::UpdateUserType>(),
    entry::<user_types::DeleteUserType>(),
    entry::<linked_objects::ListLinkedObjectDefinitions>(),
    entry::<linked_objects::CreateLinkedObjectDefinition>(),
    entry::<linked_objects::GetLinkedObjectDefinition>(),
    entry::<linked_objects::DeleteLinkedObjectDefinition>(),
    entry::<linked_objects::SetUserLinkedObject>(),
    entry::<linked_objects::ListUserLinkedObjects>(),
    entry::<linked_objects::RemoveUserLinkedObject>(),
    entry::<raw::RawRequest>(),
    entry::<imports::CreateImportSession>(),
    entry::<imports::ListImportSessions>(),
    entry::<imports::GetImportSession>(),
    entry::<imports::BulkUserImport>(),
    entry::<imports::TriggerImportSession>(),
    entry::<imports::DeleteImportSession>(),
];

/// Page cap when a listing's `fetchAll` is set (the HTTP layer also stops at `LIST_ITEM_BUDGET` items).
const FETCH_ALL_MAX_PAGES: u32 = 100;

/// Pages a listing may fetch.
fn pages(fetch_all: bool) -> u32 {
    if fetch_all { FETCH_ALL_MAX_PAGES } else { 1 }
}

/// A query of the parameters that were given, in order.
fn query_of<const N: usize>(pairs: [(&str, Option<String>); N]) -> Query {
    pairs.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))).collect()
}

fn non_empty(path: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(path, "must not be empty"));
    }
    Ok(())
}

/// Okta's rule for API names (user types, linked objects): a letter, then letters, digits and `_`.
fn api_name(path: &str, name: &str) -> Result<()> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        return Err(Error::invalid(path, "must start with a letter and contain only letters, digits and `_`"));
    }
    Ok(())
}

fn in_range(path: &str, value: Option<u32>, min: u32, max: u32) -> Result<()> {
    match value {
        Some(v) if !(min..=max).contains(&v) => Err(Error::invalid(path, format!("must be between {min} and {max}"))),
        _ => Ok(()),
    }
}
