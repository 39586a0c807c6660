//! Linked objects: relationship definitions (e.g. manager/subordinate) and a user's values in them.

use super::common::NoInput;
use super::{api_name, non_empty};
use crate::error::{Error, Result};
use crate::http::Okta;
use crate::okta::linked_objects::{self, LinkedObject, LinkedObjectSide};
use crate::registry::{Action, Flags, CREATE, READ, REMOVE, UPDATE};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub struct ListLinkedObjectDefinitions;

#[derive(Serialize, JsonSchema)]
pub struct DefinitionsOutput {
    pub definitions: Vec<LinkedObject>,
}

impl Action for ListLinkedObjectDefinitions {
    const KEY: &'static str = "list-linked-object-definitions";
    const LABEL: &'static str = "List Linked Object Definitions";
    const DESCRIPTION: &'static str = "Lists the org's linked-object relationships (e.g. manager/subordinate), each with its primary and associated names.";
    const FLAGS: Flags = READ;
    type Input = NoInput;
    type Output = DefinitionsOutput;

    fn run(okta: &Okta, _: NoInput) -> Result<DefinitionsOutput> {
        Ok(DefinitionsOutput { definitions: linked_objects::list(okta)? })
    }
}

/// One side of a new relationship.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SideInput {
    /// API name: a letter, then letters, digits and `_`, e.g. `manager`.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Display name, e.g. `Manager`.
    #[schemars(length(min = 1))]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

pub struct CreateLinkedObjectDefinition;

/// A relationship between users: the `primary` (e.g. manager) and the `associated` (e.g. subordinate).
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"primary": {"name": "manager", "title": "Manager"}, "associated": {"name": "subordinate", "title": "Subordinate"}}))]
pub struct CreateDefinitionInput {
    pub primary: SideInput,
    pub associated: SideInput,
}

impl Action for CreateLinkedObjectDefinition {
    const KEY: &'static str = "create-linked-object-definition";
    const LABEL: &'static str = "Create Linked Object Definition";
    const DESCRIPTION: &'static str = "Defines a relationship between users, e.g. primary `manager` and associated `subordinate`; an associated user then has at most one primary in it.";
    const FLAGS: Flags = CREATE;
    type Input = CreateDefinitionInput;
    type Output = LinkedObject;

    fn validate(input: &CreateDefinitionInput) -> Result<()> {
        for (key, side) in [("primary", &input.primary), ("associated", &input.associated)] {
            api_name(&format!("{key}.name"), &side.name)?;
            non_empty(&format!("{key}.title"), &side.title)?;
        }
        if input.primary.name == input.associated.name {
            return Err(Error::invalid("associated.name", "must differ from `primary.name`"));
        }
        Ok(())
    }

    fn run(okta: &Okta, input: CreateDefinitionInput) -> Result<LinkedObject> {
        let side = |s: SideInput| LinkedObjectSide { name: s.name, title: s.title, description: s.description, kind: "USER".into() };
        let definition = LinkedObject { primary: side(input.primary), associated: side(input.associated), links: None, extra: Map::new() };
        linked_objects::create(okta, &definition)
    }
}

/// A relationship by either of its names.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DefinitionRef {
    /// The primary or the associated name, e.g. `manager` or `subordinate`.
    #[schemars(length(min = 1))]
    pub name: String,
}

pub struct GetLinkedObjectDefinition;

impl Action for GetLinkedObjectDefinition {
    const KEY: &'static str = "get-linked-object-definition";
    const LABEL: &'static str = "Get Linked Object Definition";
    const DESCRIPTION: &'static str = "Reads a linked-object relationship by its primary or associated name.";
    const FLAGS: Flags = READ;
    type Input = DefinitionRef;
    type Output = LinkedObject;

    fn validate(input: &DefinitionRef) -> Result<()> {
        non_empty("name", &input.name)
    }

    fn run(okta: &Okta, input: DefinitionRef) -> Result<LinkedObject> {
        linked_objects::get(okta, input.name.trim())
    }
}

pub struct DeleteLinkedObjectDefinition;

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeleteDefinitionOutput {
    pub name: String,
    pub deleted: bool,
}

impl Action for DeleteLinkedObjectDefinition {
    const KEY: &'static str = "delete-linked-object-definition";
    const LABEL: &'static str = "Delete Linked Object Definition";
    const DESCRIPTION: &'static str = "Deletes a linked-object relationship (by either name) and every user's value in it.";
    const FLAGS: Flags = Flags { read_only: false, destructive: true, idempotent: false };
    type Input = DefinitionRef;
    type Output = DeleteDefinitionOutput;

    fn validate(input: &DefinitionRef) -> Result<()> {
        non_empty("name", &input.name)
    }

    fn run(okta: &Okta, input: DefinitionRef) -> Result<DeleteDefinitionOutput> {
        let name = input.name.trim().to_string();
        linked_objects::delete(okta, &name)?;
        Ok(DeleteDefinitionOutput { name, deleted: true })
    }
}

pub struct SetUserLinkedObject;

/// Whose primary to set, in which relationship, to whom.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetValueInput {
    /// The associated user (e.g. the subordinate): id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// The relationship's primary name, e.g. `manager`.
    #[schemars(length(min = 1))]
    pub primary_name: String,
    /// The primary user (e.g. the manager): id, login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub primary_user_id: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SetValueOutput {
    pub user_id: String,
    pub primary_name: String,
    pub primary_user_id: String,
}

impl Action for SetUserLinkedObject {
    const KEY: &'static str = "set-user-linked-object";
    const LABEL: &'static str = "Set User Linked Object";
    const DESCRIPTION: &'static str = "Makes one user the primary of another in a relationship, e.g. sets a user's manager; it replaces the user's previous primary there.";
    const FLAGS: Flags = UPDATE;
    type Input = SetValueInput;
    type Output = SetValueOutput;

    fn validate(input: &SetValueInput) -> Result<()> {
        non_empty("userId", &input.user_id)?;
        non_empty("primaryName", &input.primary_name)?;
        non_empty("primaryUserId", &input.primary_user_id)
    }

    fn run(okta: &Okta, input: SetValueInput) -> Result<SetValueOutput> {
        let (user_id, primary_name, primary_user_id) = (input.user_id.trim().to_string(), input.primary_name.trim().to_string(), input.primary_user_id.trim().to_string());
        linked_objects::set_value(okta, &user_id, &primary_name, &primary_user_id)?;
        Ok(SetValueOutput { user_id, primary_name, primary_user_id })
    }
}

pub struct ListUserLinkedObjects;

/// Whose values, in which relationship.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValuesInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// A primary name (`manager`: the user's manager) or an associated name (`subordinate`: the users
    /// whose manager this user is).
    #[schemars(length(min = 1))]
    pub relationship_name: String,
}

/// One linked user: Okta's link object, with the user's id taken from it.
#[derive(Serialize, JsonSchema)]
pub struct LinkedUser {
    /// The other user's id (the last segment of `_links.self.href`).
    #[serde(rename = "userId")]
    pub user_id: String,
    #[serde(rename = "_links")]
    pub links: Value,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValuesOutput {
    pub user_id: String,
    pub relationship_name: String,
    pub users: Vec<LinkedUser>,
    /// The first linked user (for a primary name, the only one); absent when none.
    pub first: Option<String>,
}

impl Action for ListUserLinkedObjects {
    const KEY: &'static str = "list-user-linked-objects";
    const LABEL: &'static str = "List User Linked Objects";
    const DESCRIPTION: &'static str = "Reads a user's linked users in a relationship: by the primary name the user's primary (e.g. their manager), by the associated name every user whose primary they are (e.g. their reports).";
    const FLAGS: Flags = READ;
    type Input = ValuesInput;
    type Output = ValuesOutput;

    fn validate(input: &ValuesInput) -> Result<()> {
        non_empty("userId", &input.user_id)?;
        non_empty("relationshipName", &input.relationship_name)
    }

    fn run(okta: &Okta, input: ValuesInput) -> Result<ValuesOutput> {
        let (user_id, relationship_name) = (input.user_id.trim().to_string(), input.relationship_name.trim().to_string());
        let users: Vec<LinkedUser> = linked_objects::values(okta, &user_id, &relationship_name)?
            .into_iter()
            .map(|l| {
                let href = l.links.pointer("/self/href").and_then(Value::as_str).unwrap_or_default();
                LinkedUser { user_id: href.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_string(), links: l.links }
            })
            .collect();
        Ok(ValuesOutput { first: users.first().map(|u| u.user_id.clone()), user_id, relationship_name, users })
    }
}

pub struct RemoveUserLinkedObject;

/// Whose primary to remove, in which relationship.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RemoveValueInput {
    /// The associated user (e.g. the subordinate): id, login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// The relationship's primary name, e.g. `manager`.
    #[schemars(length(min = 1))]
    pub primary_name: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RemoveValueOutput {
    pub user_id: String,
    pub primary_name: String,
    pub removed: bool,
}

impl Action for RemoveUserLinkedObject {
    const KEY: &'static str = "remove-user-linked-object";
    const LABEL: &'static str = "Remove User Linked Object";
    const DESCRIPTION: &'static str = "Removes a user's primary in a relationship, e.g. clears their manager; succeeds also when none was set.";
    const FLAGS: Flags = REMOVE;
    type Input = RemoveValueInput;
    type Output = RemoveValueOutput;

    fn validate(input: &RemoveValueInput) -> Result<()> {
        non_empty("userId", &input.user_id)?;
        non_empty("primaryName", &input.primary_name)
    }

    fn run(okta: &Okta, input: RemoveValueInput) -> Result<RemoveValueOutput> {
        let (user_id, primary_name) = (input.user_id.trim().to_string(), input.primary_name.trim().to_string());
        linked_objects::remove_value(okta, &user_id, &primary_name)?;
        Ok(RemoveValueOutput { user_id, primary_name, removed: true })
    }
}
