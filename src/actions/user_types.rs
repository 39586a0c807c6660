//! User types (Employee, Contractor, …): list, read, create, update and delete. Each type has its own
//! profile schema, named by the type's `_links.schema.href`.

use super::common::NoInput;
use super::{api_name, non_empty};
use super::users::Semantics;
use crate::error::{Error, Result};
use crate::http::Okta;
use crate::okta::meta::{self, UserType};
use crate::registry::{Action, Flags, CREATE, READ, UPDATE};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

pub struct ListUserTypes;

/// The org's user types (at most ten).
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListUserTypesOutput {
    pub user_types: Vec<UserType>,
}

impl Action for ListUserTypes {
    const KEY: &'static str = "list-user-types";
    const LABEL: &'static str = "List User Types";
    const DESCRIPTION: &'static str = "Lists the org's user types (the default type and up to nine more).";
    const FLAGS: Flags = READ;
    type Input = NoInput;
    type Output = ListUserTypesOutput;

    fn run(okta: &Okta, _: NoInput) -> Result<ListUserTypesOutput> {
        Ok(ListUserTypesOutput { user_types: meta::user_types(okta)? })
    }
}

pub struct GetUserType;

/// Which user type.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetUserTypeInput {
    /// The type's id (`oty…`), or `default`.
    #[schemars(length(min = 1))]
    pub type_id: String,
}

impl Action for GetUserType {
    const KEY: &'static str = "get-user-type";
    const LABEL: &'static str = "Get User Type";
    const DESCRIPTION: &'static str = "Reads one user type by id; its profile schema is at `_links.schema.href`.";
    const FLAGS: Flags = READ;
    type Input = GetUserTypeInput;
    type Output = UserType;

    fn validate(input: &GetUserTypeInput) -> Result<()> {
        non_empty("typeId", &input.type_id)
    }

    fn run(okta: &Okta, input: GetUserTypeInput) -> Result<UserType> {
        meta::user_type(okta, input.type_id.trim())
    }
}

pub struct CreateUserType;

/// A new user type.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"name": "contractor", "displayName": "Contractor", "description": "People on fixed-term contracts"}))]
pub struct CreateUserTypeInput {
    /// API name, fixed once created: a letter, then letters, digits and `_`, e.g. `contractor`.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Name shown to admins, e.g. `Contractor`.
    #[schemars(length(min = 1))]
    pub display_name: String,
    #[serde(default)]
    pub description: Option<String>,
}

impl Action for CreateUserType {
    const KEY: &'static str = "create-user-type";
    const LABEL: &'static str = "Create User Type";
    const DESCRIPTION: &'static str = "Creates a user type (Okta allows nine besides the default); it gets its own profile schema, starting with the base attributes only.";
    const FLAGS: Flags = CREATE;
    type Input = CreateUserTypeInput;
    type Output = UserType;

    fn validate(input: &CreateUserTypeInput) -> Result<()> {
        api_name("name", &input.name)?;
        non_empty("displayName", &input.display_name)
    }

    fn run(okta: &Okta, input: CreateUserTypeInput) -> Result<UserType> {
        let mut body = json!({"name": input.name, "displayName": input.display_name});
        if let Some(d) = input.description {
            body["description"] = json!(d);
        }
        meta::create_user_type(okta, &body)
    }
}

pub struct UpdateUserType;

/// What to change on a user type; its `name` never changes.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"typeId": "<typeId>", "displayName": "Contractor (external)"}))]
pub struct UpdateUserTypeInput {
    /// The type's id (`oty…`).
    #[schemars(length(min = 1))]
    pub type_id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// `partial` (default, Okta's POST) changes what is given; `strict` (Okta's PUT) replaces both
    /// fields, so it needs `displayName` and `description`.
    #[serde(default)]
    pub semantics: Semantics,
}

impl Action for UpdateUserType {
    const KEY: &'static str = "update-user-type";
    const LABEL: &'static str = "Update User Type";
    const DESCRIPTION: &'static str = "Changes a user type's display name and description: partially (Okta's POST) or, with strict semantics, replacing both (Okta's PUT). The name cannot change.";
    const FLAGS: Flags = UPDATE;
    type Input = UpdateUserTypeInput;
    type Output = UserType;

    fn validate(input: &UpdateUserTypeInput) -> Result<()> {
        non_empty("typeId", &input.type_id)?;
        if let Some(d) = &input.display_name {
            non_empty("displayName", d)?;
        }
        match (input.semantics, &input.display_name, &input.description) {
            (Semantics::Partial, None, None) => Err(Error::invalid("displayName", "give `displayName` or `description` to change")),
            (Semantics::Strict, None, _) => Err(Error::invalid("displayName", "strict semantics replace the type: give `displayName` and `description`")),
            (Semantics::Strict, _, None) => Err(Error::invalid("description", "strict semantics replace the type: give `displayName` and `description`")),
            _ => Ok(()),
        }
    }

    /// Okta's PUT must carry the unchangeable `name`, so strict reads it first.
    fn run(okta: &Okta, input: UpdateUserTypeInput) -> Result<UserType> {
        let type_id = input.type_id.trim();
        let mut body = Map::new();
        if input.semantics == Semantics::Strict {
            body.insert("name".into(), json!(meta::user_type(okta, type_id)?.name));
        }
        if let Some(d) = input.display_name {
            body.insert("displayName".into(), json!(d));
        }
        if let Some(d) = input.description {
            body.insert("description".into(), json!(d));
        }
        meta::update_user_type(okta, type_id, &Value::Object(body), input.semantics == Semantics::Strict)
    }
}

pub struct DeleteUserType;

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeleteUserTypeOutput {
    pub type_id: String,
    pub deleted: bool,
}

impl Action for DeleteUserType {
    const KEY: &'static str = "delete-user-type";
    const LABEL: &'static str = "Delete User Type";
    const DESCRIPTION: &'static str = "Deletes a user type and its schema. Okta refuses the default type and a type still assigned to users.";
    const FLAGS: Flags = Flags { read_only: false, destructive: true, idempotent: false };
    type Input = GetUserTypeInput;
    type Output = DeleteUserTypeOutput;

    fn validate(input: &GetUserTypeInput) -> Result<()> {
        non_empty("typeId", &input.type_id)
    }

    fn run(okta: &Okta, input: GetUserTypeInput) -> Result<DeleteUserTypeOutput> {
        let type_id = input.type_id.trim().to_string();
        meta::delete_user_type(okta, &type_id)?;
        Ok(DeleteUserTypeOutput { type_id, deleted: true })
    }
}
