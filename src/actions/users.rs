//! User actions.

use crate::error::{Error, Result};
use crate::http::{Okta, Query, RawItem};
use crate::okta::users::{self, CreateOptions, User};
use crate::registry::{Action, CREATE, READ};
use crate::secret::Secret;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

pub struct GetUser;

/// Which user to read.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetUserInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// Related data to embed under `_embedded`, e.g. `blocks`.
    #[serde(default)]
    pub expand: Option<String>,
}

impl Action for GetUser {
    const KEY: &'static str = "get-user";
    const LABEL: &'static str = "Get User";
    const DESCRIPTION: &'static str = "Reads one user by id or login.";
    const FLAGS: crate::registry::Flags = READ;
    type Input = GetUserInput;
    type Output = User;

    fn validate(input: &GetUserInput) -> Result<()> {
        non_empty("userId", &input.user_id)
    }

    fn run(okta: &Okta, input: GetUserInput) -> Result<User> {
        users::get(okta, input.user_id.trim(), input.expand.as_deref())
    }
}

pub struct ListUsers;

/// Direction of `sortBy`.
#[derive(Deserialize, JsonSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    Asc,
    Desc,
}

/// Which users to list. `q`, `filter` and `search` follow Okta's grammar and are sent as given.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListUsersInput {
    /// Prefix match on first name, last name or email; excludes deactivated users.
    #[serde(default)]
    pub q: Option<String>,
    /// Okta filter expression, e.g. `status eq "ACTIVE"`.
    #[serde(default)]
    pub filter: Option<String>,
    /// Okta search expression, e.g. `profile.department eq "Sales"`; the recommended way to query.
    #[serde(default)]
    pub search: Option<String>,
    /// Users per page (1–200).
    #[serde(default)]
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u32>,
    /// Cursor to resume from: the `nextCursor` of an earlier call.
    #[serde(default)]
    pub after: Option<String>,
    /// Attribute to sort by (only with `search`), e.g. `profile.lastName`.
    #[serde(default)]
    pub sort_by: Option<String>,
    /// Sort direction for `sortBy`; Okta's default is ascending.
    #[serde(default)]
    pub sort_order: Option<SortOrder>,
    /// Follow every page instead of returning one, up to 100 pages and 20,000 users per call; `nextCursor` resumes the rest.
    #[serde(default)]
    pub fetch_all: bool,
    /// Further query parameters Okta accepts that have no field here, e.g. `{"fields": "id,status"}`.
    #[serde(default)]
    pub extra_parameters: BTreeMap<String, String>,
}

/// A page (or all pages) of users.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListUsersOutput {
    /// Okta's user objects as Okta sent them.
    #[schemars(with = "Vec<User>")]
    pub users: Vec<RawItem>,
    /// Pass as `after` to continue; absent when the listing reached its end.
    pub next_cursor: Option<String>,
    /// Pages fetched.
    pub pages: u32,
}

/// Parameters with their own fields; `extraParameters` may not repeat them.
const LIST_USERS_PARAMS: [&str; 7] = ["q", "filter", "search", "limit", "after", "sortBy", "sortOrder"];

impl Action for ListUsers {
    const KEY: &'static str = "list-users";
    const LABEL: &'static str = "List Users";
    const DESCRIPTION: &'static str =
        "Lists users matching a q, filter or search expression, one page or every page, following Okta's Link headers.";
    const FLAGS: crate::registry::Flags = READ;
    type Input = ListUsersInput;
    type Output = ListUsersOutput;

    fn validate(input: &ListUsersInput) -> Result<()> {
        if let Some(limit) = input.limit {
            if !(1..=200).contains(&limit) {
                return Err(Error::invalid("limit", "must be between 1 and 200"));
            }
        }
        if input.sort_by.is_some() && input.search.is_none() {
            return Err(Error::invalid("sortBy", "Okta sorts only results of a `search`"));
        }
        if input.sort_order.is_some() && input.sort_by.is_none() {
            return Err(Error::invalid("sortOrder", "has no effect without `sortBy`"));
        }
        for key in input.extra_parameters.keys() {
            if LIST_USERS_PARAMS.contains(&key.as_str()) || key.is_empty() {
                return Err(Error::invalid(format!("extraParameters.{key}"), "use the field of that name instead"));
            }
        }
        Ok(())
    }

    fn run(okta: &Okta, input: ListUsersInput) -> Result<ListUsersOutput> {
        let order = input.sort_order.map(|o| match o {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        });
        let known = [
            ("q", input.q),
            ("filter", input.filter),
            ("search", input.search),
            ("limit", input.limit.map(|l| l.to_string())),
            ("after", input.after),
            ("sortBy", input.sort_by),
            ("sortOrder", order.map(str::to_string)),
        ];
        let mut query: Query = known.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))).collect();
        query.extend(input.extra_parameters);
        let listing = users::list(okta, &query, super::pages(input.fetch_all))?;
        Ok(ListUsersOutput { users: listing.items, next_cursor: listing.next_cursor, pages: listing.pages })
    }
}

pub struct CreateUser;

/// The base profile attributes Okta requires by default, plus common optional ones.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewProfile {
    /// Unique sign-in name (5–100 characters), usually the email address.
    #[schemars(length(min = 5, max = 100))]
    pub login: String,
    /// Primary email (5–100 characters).
    #[schemars(length(min = 5, max = 100))]
    pub email: String,
    /// Given name (1–50 characters).
    #[schemars(length(min = 1, max = 50))]
    pub first_name: String,
    /// Family name (1–50 characters).
    #[schemars(length(min = 1, max = 50))]
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_id: Option<String>,
    /// Language and country, e.g. `en_US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

/// A password hash to import instead of a clear password; Okta's `credentials.password.hash`.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordHash {
    /// BCRYPT, SHA-512, SHA-256, SHA-1, MD5 or PBKDF2.
    pub algorithm: HashAlgorithm,
    /// The hash, radix-64 (BCRYPT) or base64.
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// Where the salt goes: PREFIX or POSTFIX (SHA and MD5 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt_order: Option<String>,
    /// BCRYPT cost, 1–20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 20))]
    pub work_factor: Option<u32>,
    /// PBKDF2 digest: SHA256_HMAC or SHA512_HMAC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest_algorithm: Option<String>,
    /// PBKDF2 iterations, at least 4096.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iteration_count: Option<u32>,
    /// PBKDF2 derived key size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_size: Option<u32>,
}

/// Hash algorithms Okta imports.
#[derive(Deserialize, Serialize, JsonSchema, PartialEq)]
pub enum HashAlgorithm {
    #[serde(rename = "BCRYPT")]
    Bcrypt,
    #[serde(rename = "SHA-512")]
    Sha512,
    #[serde(rename = "SHA-256")]
    Sha256,
    #[serde(rename = "SHA-1")]
    Sha1,
    #[serde(rename = "MD5")]
    Md5,
    #[serde(rename = "PBKDF2")]
    Pbkdf2,
}

/// A recovery question and its answer.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecoveryQuestion {
    #[schemars(length(min = 1))]
    pub question: String,
    /// 1–100 characters; compared case-insensitively.
    pub answer: Secret,
}

/// An external authentication provider for the user.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Provider {
    /// OKTA, ACTIVE_DIRECTORY, LDAP, FEDERATION, SOCIAL or IMPORT.
    #[serde(rename = "type")]
    pub provider_type: String,
    /// The provider's name, e.g. `FEDERATION`.
    pub name: String,
}

/// A new user: profile, optional credentials, and where to put it.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateUserInput {
    pub profile: NewProfile,
    /// Custom or further base attributes, by schema name, e.g. `{"costCenter": "42"}`.
    #[serde(default)]
    pub profile_extra_attributes: Map<String, Value>,
    /// A clear password; without one (and with `activate`) Okta sends an activation email.
    #[serde(default)]
    pub password: Option<Secret>,
    /// A password hash to import; excludes `password`.
    #[serde(default)]
    pub password_hash: Option<PasswordHash>,
    #[serde(default)]
    pub recovery_question: Option<RecoveryQuestion>,
    /// Create the user with this authentication provider (Okta's `provider=true`); excludes passwords.
    #[serde(default)]
    pub provider: Option<Provider>,
    /// Groups to add the user to (at most 20).
    #[serde(default)]
    #[schemars(length(max = 20))]
    pub group_ids: Vec<String>,
    /// User type id (`oty…`); the org's default type when absent.
    #[serde(default)]
    pub type_id: Option<String>,
    /// Realm id (`guo…`).
    #[serde(default)]
    pub realm_id: Option<String>,
    /// `changePassword`: expire the password at once so it is changed at first sign-in (needs `activate` and `password`).
    #[serde(default)]
    pub next_login: Option<NextLogin>,
    /// Activate the user as part of creation (Okta's default: true).
    #[serde(default = "yes")]
    pub activate: bool,
}

/// What the user must do at next sign-in.
#[derive(Deserialize, JsonSchema, Clone, Copy)]
pub enum NextLogin {
    #[serde(rename = "changePassword")]
    ChangePassword,
}

fn yes() -> bool {
    true
}

impl Action for CreateUser {
    const KEY: &'static str = "create-user";
    const LABEL: &'static str = "Create User";
    const DESCRIPTION: &'static str =
        "Creates a user with a profile and optional password, password hash, recovery question or provider; optionally activates it and adds it to groups.";
    const FLAGS: crate::registry::Flags = CREATE;
    type Input = CreateUserInput;
    type Output = User;

    fn validate(input: &CreateUserInput) -> Result<()> {
        let p = &input.profile;
        for (field, value) in [("profile.login", &p.login), ("profile.email", &p.email), ("profile.firstName", &p.first_name), ("profile.lastName", &p.last_name)] {
            non_empty(field, value)?;
        }
        if input.password.is_some() && input.password_hash.is_some() {
            return Err(Error::invalid("passwordHash", "give either `password` or `passwordHash`, not both"));
        }
        if input.provider.is_some() && (input.password.is_some() || input.password_hash.is_some() || input.recovery_question.is_some()) {
            return Err(Error::invalid("provider", "a user with a provider takes no password or recovery question"));
        }
        if input.next_login.is_some() && !(input.activate && input.password.is_some()) {
            return Err(Error::invalid("nextLogin", "`changePassword` needs `activate: true` and a `password`"));
        }
        if input.group_ids.len() > 20 {
            return Err(Error::invalid("groupIds", "Okta accepts at most 20 groups at creation"));
        }
        if let Some(i) = input.group_ids.iter().position(|g| g.trim().is_empty()) {
            return Err(Error::invalid(format!("groupIds.{i}"), "must not be empty"));
        }
        let base = serde_json::to_value(&input.profile).unwrap_or_default();
        if let Some(name) = input.profile_extra_attributes.keys().find(|k| base.get(k.as_str()).is_some()) {
            return Err(Error::invalid(format!("profileExtraAttributes.{name}"), "already given in `profile`"));
        }
        Ok(())
    }

    fn run(okta: &Okta, input: CreateUserInput) -> Result<User> {
        let mut profile = match serde_json::to_value(&input.profile) {
            Ok(Value::Object(map)) => map,
            _ => return Err(Error::Internal("profile did not encode as an object".into())),
        };
        // Where the caller put each attribute, to name it when Okta refuses its value.
        let placed: Vec<(String, String)> = profile
            .keys()
            .map(|k| (k.clone(), format!("profile.{k}")))
            .chain(input.profile_extra_attributes.keys().map(|k| (k.clone(), format!("profileExtraAttributes.{k}"))))
            .collect();
        profile.extend(input.profile_extra_attributes);
        let mut credentials = Map::new();
        if let Some(password) = &input.password {
            credentials.insert("password".into(), json!({ "value": password.expose() }));
        }
        if let Some(hash) = &input.password_hash {
            credentials.insert("password".into(), json!({ "hash": hash }));
        }
        if let Some(rq) = &input.recovery_question {
            credentials.insert("recovery_question".into(), json!({ "question": rq.question, "answer": rq.answer.expose() }));
        }
        if let Some(provider) = &input.provider {
            credentials.insert("provider".into(), json!(provider));
        }
        let body = users::CreateUser {
            profile,
            credentials,
            group_ids: input.group_ids,
            user_type: input.type_id.map(|id| json!({ "id": id })),
            realm_id: input.realm_id,
        };
        let options = CreateOptions {
            activate: input.activate,
            provider: input.provider.is_some(),
            next_login: input.next_login.map(|_| "changePassword".to_string()),
        };
        users::create(okta, &body, &options).map_err(|e| e.at_input_field(|attr| placed.iter().find(|(name, _)| name == attr).map(|(_, path)| path.clone())))
    }
}

fn non_empty(path: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(path, "must not be empty"));
    }
    Ok(())
}
