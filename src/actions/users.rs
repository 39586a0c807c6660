//! User actions.

use super::common::{check_search, ResultSet};
use super::{in_range, non_empty, query_of};
use crate::error::{Error, Result};
use crate::http::{query, Okta, Query, RawItem};
use crate::okta::groups;
use crate::okta::Raw;
use crate::okta::users::{self, CreateOptions, User};
use crate::registry::{Action, Flags, CREATE, READ, REMOVE, UPDATE};
use crate::secret::Secret;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::marker::PhantomData;

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
    const ALIASES: &'static [&'static str] = &["Read User"];
    const FLAGS: crate::registry::Flags = READ;
    type Input = GetUserInput;
    /// Passed through as Okta sent it.
    type Output = Raw<User>;

    fn validate(input: &GetUserInput) -> Result<()> {
        non_empty("userId", &input.user_id)
    }

    fn run(okta: &Okta, input: GetUserInput) -> Result<Raw<User>> {
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

impl SortOrder {
    pub fn query_value(self) -> String {
        match self {
            SortOrder::Asc => "asc".into(),
            SortOrder::Desc => "desc".into(),
        }
    }
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
    /// Follow every page instead of returning one, up to 100 pages and 20,000 users per call (the same as `resultSet: all`); `nextCursor` resumes the rest.
    #[serde(default)]
    pub fetch_all: bool,
    /// `first` matching user, one `page` (the default) or `all` pages (up to 100, with a cursor to resume).
    #[serde(default)]
    pub result_set: Option<ResultSet>,
    /// Further query parameters Okta accepts that have no field here, e.g. `{"fields": "id,status"}`.
    #[serde(default)]
    pub extra_parameters: BTreeMap<String, String>,
}

/// A page (or all pages) of users.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListUsersOutput {
    /// Pass as `after` to continue; absent when the listing reached its end.
    pub next_cursor: Option<String>,
    /// Okta's user objects as Okta sent them.
    #[schemars(with = "Vec<User>")]
    pub users: Vec<RawItem>,
    /// The first user listed, absent when none matched.
    #[schemars(with = "Option<User>")]
    pub first: Option<RawItem>,
    /// Pages fetched.
    pub pages: u32,
}

/// Parameters with their own fields; `extraParameters` may not repeat them.
const LIST_USERS_PARAMS: [&str; 7] = ["q", "filter", "search", "limit", "after", "sortBy", "sortOrder"];

impl Action for ListUsers {
    const KEY: &'static str = "list-users";
    const LABEL: &'static str = "List Users";
    const DESCRIPTION: &'static str =
        "Lists users matching a q (prefix of first name, last name or email), filter or search expression: the first match, one page or every page, following Okta's Link headers.";
    const ALIASES: &'static [&'static str] = &["Search Users", "List Users With Filter", "List Users With Search"];
    const FLAGS: crate::registry::Flags = READ;
    type Input = ListUsersInput;
    type Output = ListUsersOutput;

    fn validate(input: &ListUsersInput) -> Result<()> {
        in_range("limit", input.limit, 1, 200)?;
        ResultSet::resolve(input.result_set, input.fetch_all)?;
        check_search(&input.search, &input.sort_by, input.sort_order.is_some(), &input.extra_parameters, &LIST_USERS_PARAMS)
    }

    fn run(okta: &Okta, input: ListUsersInput) -> Result<ListUsersOutput> {
        let result_set = ResultSet::resolve(input.result_set, input.fetch_all)?;
        let known = [
            ("q", input.q),
            ("filter", input.filter),
            ("search", input.search),
            ("limit", result_set.limit(input.limit).map(|l| l.to_string())),
            ("after", input.after),
            ("sortBy", input.sort_by),
            ("sortOrder", input.sort_order.map(SortOrder::query_value)),
        ];
        let mut query = query_of(known);
        query.extend(input.extra_parameters);
        let listing = users::list(okta, &query, result_set.max_pages())?;
        Ok(ListUsersOutput { first: listing.items.first().cloned(), users: listing.items, next_cursor: listing.next_cursor, pages: listing.pages })
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
        "Creates a user with a profile and optional password, password hash, recovery question or provider; optionally activates it and adds it to groups. Covers Okta Workflows' options: without credentials, with recovery question, with password, with password and recovery question, with authentication provider, in group (`groupIds`).";
    const FLAGS: crate::registry::Flags = CREATE;
    type Input = CreateUserInput;
    type Output = Raw<User>;

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

    fn run(okta: &Okta, input: CreateUserInput) -> Result<Raw<User>> {
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

/// Which user an action is about.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserRef {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
}

/// How an update treats attributes it does not name.
#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub enum Semantics {
    /// Only the given attributes change (Okta's `POST`).
    #[default]
    Partial,
    /// The profile is replaced (Okta's `PUT`): every attribute not given is cleared, so give the whole profile.
    Strict,
}

pub struct UpdateUser;

/// What to change on a user.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"userId": "ada.lovelace@example.com", "profile": {"title": "Principal Engineer"}}))]
pub struct UpdateUserInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// Profile attributes by schema name, e.g. `{"department": "Sales", "title": null}`; `null` clears one.
    #[serde(default)]
    pub profile: Map<String, Value>,
    /// `partial` (default) or `strict`: strict replaces the profile, clearing every attribute not given.
    #[serde(default)]
    pub semantics: Semantics,
    /// A new password, set by the admin without the old one.
    #[serde(default)]
    pub password: Option<Secret>,
    #[serde(default)]
    pub recovery_question: Option<RecoveryQuestion>,
    /// Realm id (`guo…`).
    #[serde(default)]
    pub realm_id: Option<String>,
    /// User type id (`oty…`); Okta changes the type only with `strict` semantics.
    #[serde(default)]
    pub type_id: Option<String>,
}

impl Action for UpdateUser {
    const KEY: &'static str = "update-user";
    const LABEL: &'static str = "Update User";
    const DESCRIPTION: &'static str = "Updates a user's profile, password, recovery question, realm or type. Partial semantics change only the attributes given; strict semantics (Okta's PUT) clear every profile attribute not given, so they need the whole profile.";
    const FLAGS: Flags = UPDATE;
    type Input = UpdateUserInput;
    type Output = Raw<User>;

    fn validate(input: &UpdateUserInput) -> Result<()> {
        non_empty("userId", &input.user_id)?;
        let nothing = input.profile.is_empty() && input.password.is_none() && input.recovery_question.is_none() && input.realm_id.is_none() && input.type_id.is_none();
        if nothing {
            return Err(Error::invalid("profile", "give at least one attribute, `password`, `recoveryQuestion`, `realmId` or `typeId` to change"));
        }
        if input.semantics == Semantics::Strict && !input.profile.get("login").and_then(Value::as_str).is_some_and(|l| !l.trim().is_empty()) {
            return Err(Error::invalid("profile.login", "strict semantics replace the whole profile: give every attribute to keep, `login` included"));
        }
        if input.type_id.is_some() && input.semantics == Semantics::Partial {
            return Err(Error::invalid("typeId", "Okta changes a user's type only with `semantics: strict`"));
        }
        Ok(())
    }

    fn run(okta: &Okta, input: UpdateUserInput) -> Result<Raw<User>> {
        // The attributes the caller gave, to name one when Okta refuses its value.
        let given: Vec<String> = input.profile.keys().cloned().collect();
        let mut body = Map::new();
        if !input.profile.is_empty() || input.semantics == Semantics::Strict {
            body.insert("profile".into(), Value::Object(input.profile));
        }
        let mut credentials = Map::new();
        if let Some(p) = &input.password {
            credentials.insert("password".into(), json!({ "value": p.expose() }));
        }
        if let Some(rq) = &input.recovery_question {
            credentials.insert("recovery_question".into(), json!({ "question": rq.question, "answer": rq.answer.expose() }));
        }
        if !credentials.is_empty() {
            body.insert("credentials".into(), Value::Object(credentials));
        }
        if let Some(realm) = input.realm_id {
            body.insert("realmId".into(), json!(realm));
        }
        if let Some(t) = input.type_id {
            body.insert("type".into(), json!({ "id": t }));
        }
        users::update(okta, input.user_id.trim(), &Value::Object(body), input.semantics == Semantics::Strict)
            .map_err(|e| e.at_input_field(|attr| given.iter().any(|g| g == attr).then(|| format!("profile.{attr}"))))
    }
}

/// One lifecycle operation of the table below: descriptor data plus Okta's operation name.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))] // descriptors are read by the native catalogue generator
pub struct LifecycleOp {
    key: &'static str,
    label: &'static str,
    description: &'static str,
    aliases: &'static [&'static str],
    flags: Flags,
    /// `POST /api/v1/users/{id}/lifecycle/{op}`.
    op: &'static str,
    /// Okta's `sendEmail` default for this operation, where it takes one.
    send_email: bool,
}

/// Destructive, and repeating it fails (Okta refuses the second call in the new state).
pub(super) const DISABLE: Flags = Flags { read_only: false, destructive: true, idempotent: false };
/// Changes state; the second call is refused in the new state.
pub(super) const TRANSITION: Flags = Flags { read_only: false, destructive: false, idempotent: false };

/// Every user lifecycle call; the index is `Lifecycle`'s parameter in `ACTIONS`.
pub const LIFECYCLE: [LifecycleOp; 9] = [
    LifecycleOp { key: "activate-user", label: "Activate User", aliases: &[], flags: TRANSITION, op: "activate", send_email: true,
        description: "Activates a STAGED or DEPROVISIONED user. With `sendEmail: false` Okta sends no email and the output carries the activation token and URL to deliver yourself." },
    LifecycleOp { key: "reactivate-user", label: "Reactivate User", aliases: &[], flags: TRANSITION, op: "reactivate", send_email: false,
        description: "Restarts activation of a PROVISIONED or RECOVERY user; without email the output carries the new activation token and URL." },
    LifecycleOp { key: "deactivate-user", label: "Deactivate User", aliases: &[], flags: DISABLE, op: "deactivate", send_email: false,
        description: "Deactivates a user (status DEPROVISIONED): signs them out of Okta and de-provisions their apps. `sendEmail` mails the admin." },
    LifecycleOp { key: "suspend-user", label: "Suspend User", aliases: &[], flags: DISABLE, op: "suspend", send_email: false,
        description: "Suspends an ACTIVE user: they cannot sign in but keep their groups and apps." },
    LifecycleOp { key: "unsuspend-user", label: "Unsuspend User", aliases: &[], flags: TRANSITION, op: "unsuspend", send_email: false,
        description: "Returns a SUSPENDED user to ACTIVE." },
    LifecycleOp { key: "unlock-user", label: "Unlock User", aliases: &[], flags: TRANSITION, op: "unlock", send_email: false,
        description: "Unlocks a LOCKED_OUT user, who becomes ACTIVE and can sign in with their current password." },
    LifecycleOp { key: "reset-user-factors", label: "Reset User Factors", aliases: &["Reset Factors"], flags: REMOVE, op: "reset_factors", send_email: false,
        description: "Removes every MFA enrollment of the user; the status does not change." },
    LifecycleOp { key: "reset-user-password", label: "Reset User Password", aliases: &["Reset Password"], flags: TRANSITION, op: "reset_password", send_email: true,
        description: "Puts the user in RECOVERY. By email (the default), or with `sendEmail: false` the output carries the reset URL to deliver yourself; `revokeSessions` also ends their sessions." },
    LifecycleOp { key: "expire-user-password", label: "Expire User Password", aliases: &["Expire Password"], flags: TRANSITION, op: "expire_password", send_email: false,
        description: "Expires the user's password (status PASSWORD_EXPIRED) so it must be changed at next sign-in. With `tempPassword: true` Okta sets a temporary password and the output carries it." },
];

/// The input of a lifecycle action: who, and the query the operation takes.
pub trait LifecycleInput: DeserializeOwned + JsonSchema {
    fn user_id(&self) -> &str;
    /// The operation to call and its query, from the table row.
    fn request(&self, row: &LifecycleOp) -> (&'static str, Query);
}

impl LifecycleInput for UserRef {
    fn user_id(&self) -> &str {
        &self.user_id
    }
    fn request(&self, row: &LifecycleOp) -> (&'static str, Query) {
        (row.op, Vec::new())
    }
}

/// A user and whether Okta sends its email.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WithEmail {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// Send Okta's email; Okta's default for the operation when absent (activate: true; reactivate, deactivate: false, mailing the admin).
    #[serde(default)]
    pub send_email: Option<bool>,
}

impl LifecycleInput for WithEmail {
    fn user_id(&self) -> &str {
        &self.user_id
    }
    fn request(&self, row: &LifecycleOp) -> (&'static str, Query) {
        (row.op, query([("sendEmail", self.send_email.unwrap_or(row.send_email).to_string())]))
    }
}

/// A password reset.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResetPasswordInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// Email the reset link (default); `false` returns `resetPasswordUrl` instead.
    #[serde(default = "yes")]
    pub send_email: bool,
    /// Also end the user's sessions.
    #[serde(default)]
    pub revoke_sessions: bool,
}

impl LifecycleInput for ResetPasswordInput {
    fn user_id(&self) -> &str {
        &self.user_id
    }
    fn request(&self, row: &LifecycleOp) -> (&'static str, Query) {
        (row.op, query([("sendEmail", self.send_email.to_string()), ("revokeSessions", self.revoke_sessions.to_string())]))
    }
}

/// A password expiry.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpirePasswordInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// Have Okta set a temporary password, returned as `tempPassword`.
    #[serde(default)]
    pub temp_password: bool,
    /// With `tempPassword`: also end the user's sessions.
    #[serde(default)]
    pub revoke_sessions: bool,
}

impl LifecycleInput for ExpirePasswordInput {
    fn user_id(&self) -> &str {
        &self.user_id
    }
    fn request(&self, row: &LifecycleOp) -> (&'static str, Query) {
        match self.temp_password {
            true => ("expire_password_with_temp_password", query([("revokeSessions", self.revoke_sessions.to_string())])),
            false => (row.op, Vec::new()),
        }
    }
}

/// The user after a lifecycle call, plus whatever Okta handed out instead of an email.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleOutput {
    /// Okta's id of the user.
    pub user_id: String,
    /// The status the user has now, read back after the call.
    pub status: String,
    /// Present while Okta completes an asynchronous transition (activation, deactivation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transitioning_to_status: Option<String>,
    /// Activation without email: the link to send the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activation_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activation_token: Option<String>,
    /// Password reset without email: the link to send the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_password_url: Option<String>,
    /// Expiry with `tempPassword`: the temporary password to hand to the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temp_password: Option<String>,
}

/// The one handler behind every row of `LIFECYCLE`.
pub struct Lifecycle<const I: usize, In>(PhantomData<In>);

impl<const I: usize, In: LifecycleInput> Action for Lifecycle<I, In> {
    const KEY: &'static str = LIFECYCLE[I].key;
    const LABEL: &'static str = LIFECYCLE[I].label;
    const DESCRIPTION: &'static str = LIFECYCLE[I].description;
    const ALIASES: &'static [&'static str] = LIFECYCLE[I].aliases;
    const FLAGS: Flags = LIFECYCLE[I].flags;
    type Input = In;
    type Output = LifecycleOutput;

    fn validate(input: &In) -> Result<()> {
        non_empty("userId", input.user_id())
    }

    /// Okta answers `{}`, a token object, the user, an empty 200 or a 204 depending on the operation
    /// and the org's age; the status is always read back so the output does not depend on which.
    fn run(okta: &Okta, input: In) -> Result<LifecycleOutput> {
        let user_id = input.user_id().trim();
        let (op, query) = input.request(&LIFECYCLE[I]);
        let answer = users::lifecycle(okta, user_id, op, &query)?.unwrap_or(Value::Null);
        let user: Value = users::get(okta, user_id, None)?;
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        Ok(LifecycleOutput {
            user_id: text(&user, "id").unwrap_or_default(),
            status: text(&user, "status").unwrap_or_default(),
            transitioning_to_status: text(&user, "transitioningToStatus"),
            activation_url: text(&answer, "activationUrl"),
            activation_token: text(&answer, "activationToken"),
            reset_password_url: text(&answer, "resetPasswordUrl"),
            temp_password: text(&answer, "tempPassword"),
        })
    }
}

pub struct DeleteUser;

/// Which user to delete, and how far.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteUserInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// Mail the admin about the deactivation.
    #[serde(default)]
    pub send_email: bool,
    /// Delete a user who is not yet DEPROVISIONED in one action: deactivate, then delete.
    #[serde(default)]
    pub deactivate_first: bool,
}

/// What a delete did.
#[derive(Serialize, JsonSchema, PartialEq, Eq, Debug)]
#[serde(rename_all = "camelCase")]
pub enum DeleteOutcome {
    /// The user was not DEPROVISIONED, so Okta only deactivated them; a second delete removes them.
    Deactivated,
    /// The user record is gone.
    Deleted,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeleteUserOutput {
    /// Okta's id of the user.
    pub user_id: String,
    pub outcome: DeleteOutcome,
    /// DEPROVISIONED when only deactivated; absent once deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl Action for DeleteUser {
    const KEY: &'static str = "delete-user";
    const LABEL: &'static str = "Delete User";
    const DESCRIPTION: &'static str = "Deletes a DEPROVISIONED user. On any other user Okta's first delete only deactivates (the output says `deactivated`); `deactivateFirst: true` does both steps in one action.";
    const FLAGS: Flags = DISABLE;
    type Input = DeleteUserInput;
    type Output = DeleteUserOutput;

    fn validate(input: &DeleteUserInput) -> Result<()> {
        non_empty("userId", &input.user_id)
    }

    fn run(okta: &Okta, input: DeleteUserInput) -> Result<DeleteUserOutput> {
        let user: Value = users::get(okta, input.user_id.trim(), None)?;
        let (id, status) = (user["id"].as_str().unwrap_or_default().to_string(), user["status"].as_str().unwrap_or_default());
        users::delete(okta, &id, input.send_email)?;
        if status == "DEPROVISIONED" || input.deactivate_first {
            if status != "DEPROVISIONED" {
                users::delete(okta, &id, input.send_email)?;
            }
            return Ok(DeleteUserOutput { user_id: id, outcome: DeleteOutcome::Deleted, status: None });
        }
        Ok(DeleteUserOutput { user_id: id, outcome: DeleteOutcome::Deactivated, status: Some("DEPROVISIONED".into()) })
    }
}

/// A user's credentials after a change: Okta's `UserCredentials` (never a secret).
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsOutput {
    pub user_id: String,
    /// `password` (present when set, always `{}`), `recovery_question.question`, `provider`.
    pub credentials: Value,
}

pub struct SetUserPassword;

/// A new password, set by the admin or validated against the old one.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"userId": "ada.lovelace@example.com", "newPassword": "Correct-Horse-Battery-9"}))]
pub struct SetUserPasswordInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// The new password.
    #[serde(default)]
    pub new_password: Option<Secret>,
    /// A password hash to import instead (admin set only).
    #[serde(default)]
    pub new_password_hash: Option<PasswordHash>,
    /// The current password: Okta then checks it and its password policy (user-validated change).
    #[serde(default)]
    pub old_password: Option<Secret>,
    /// With `oldPassword`: end the user's other sessions.
    #[serde(default)]
    pub revoke_sessions: bool,
}

impl Action for SetUserPassword {
    const KEY: &'static str = "set-user-password";
    const LABEL: &'static str = "Set User Password";
    const DESCRIPTION: &'static str = "Sets a user's password: as admin (no old password; a clear password or an imported hash), or as a user-validated change when `oldPassword` is given.";
    const ALIASES: &'static [&'static str] = &["Change Password"];
    const FLAGS: Flags = UPDATE;
    type Input = SetUserPasswordInput;
    type Output = CredentialsOutput;

    fn validate(input: &SetUserPasswordInput) -> Result<()> {
        non_empty("userId", &input.user_id)?;
        match (&input.new_password, &input.new_password_hash, &input.old_password) {
            (None, None, _) => Err(Error::invalid("newPassword", "give `newPassword` or `newPasswordHash`")),
            (Some(_), Some(_), _) => Err(Error::invalid("newPasswordHash", "give either `newPassword` or `newPasswordHash`, not both")),
            (None, Some(_), Some(_)) => Err(Error::invalid("newPasswordHash", "a user-validated change (with `oldPassword`) takes a clear `newPassword`")),
            (_, _, None) if input.revoke_sessions => Err(Error::invalid("revokeSessions", "applies only with `oldPassword`")),
            _ => Ok(()),
        }
    }

    fn run(okta: &Okta, input: SetUserPasswordInput) -> Result<CredentialsOutput> {
        let user_id = input.user_id.trim().to_string();
        let credentials = match (&input.old_password, &input.new_password) {
            (Some(old), Some(new)) => {
                let body = json!({"oldPassword": {"value": old.expose()}, "newPassword": {"value": new.expose()}, "revokeSessions": input.revoke_sessions});
                users::change_credentials(okta, &user_id, "change_password", &Vec::new(), &body)?
            }
            _ => {
                let password = match (&input.new_password, &input.new_password_hash) {
                    (Some(p), _) => json!({ "value": p.expose() }),
                    (None, hash) => json!({ "hash": hash }),
                };
                let user: Value = users::update(okta, &user_id, &json!({"credentials": {"password": password}}), false)?;
                user["credentials"].clone()
            }
        };
        Ok(CredentialsOutput { user_id, credentials })
    }
}

pub struct ChangeRecoveryQuestion;

/// A new recovery question, set by the admin or authorised by the user's password.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeRecoveryQuestionInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    pub recovery_question: RecoveryQuestion,
    /// The user's current password: Okta checks it (user-validated change); without it the admin sets the question.
    #[serde(default)]
    pub password: Option<Secret>,
}

impl Action for ChangeRecoveryQuestion {
    const KEY: &'static str = "change-recovery-question";
    const LABEL: &'static str = "Change Recovery Question";
    const DESCRIPTION: &'static str = "Replaces a user's recovery question and answer: checked against the user's current password when `password` is given, else set by the admin.";
    const FLAGS: Flags = UPDATE;
    type Input = ChangeRecoveryQuestionInput;
    type Output = CredentialsOutput;

    fn validate(input: &ChangeRecoveryQuestionInput) -> Result<()> {
        non_empty("userId", &input.user_id)?;
        non_empty("recoveryQuestion.question", &input.recovery_question.question)?;
        let answer = input.recovery_question.answer.expose().trim().chars().count();
        if !(1..=100).contains(&answer) {
            return Err(Error::invalid("recoveryQuestion.answer", "must be 1–100 characters"));
        }
        Ok(())
    }

    fn run(okta: &Okta, input: ChangeRecoveryQuestionInput) -> Result<CredentialsOutput> {
        let user_id = input.user_id.trim().to_string();
        let rq = json!({"question": input.recovery_question.question, "answer": input.recovery_question.answer.expose()});
        let credentials = match &input.password {
            Some(p) => users::change_credentials(okta, &user_id, "change_recovery_question", &Vec::new(), &json!({"password": {"value": p.expose()}, "recovery_question": rq}))?,
            None => users::update::<Value>(okta, &user_id, &json!({"credentials": {"recovery_question": rq}}), false)?["credentials"].clone(),
        };
        Ok(CredentialsOutput { user_id, credentials })
    }
}

pub struct ClearUserSessions;

/// Whose sessions to end.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClearUserSessionsInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// Also revoke the OpenID Connect and OAuth access and refresh tokens issued to the user.
    #[serde(default)]
    pub oauth_tokens: bool,
    /// Also forget the user's remembered devices (factors are asked again everywhere).
    #[serde(default)]
    pub forget_devices: bool,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClearUserSessionsOutput {
    pub user_id: String,
    pub sessions_cleared: bool,
    pub oauth_tokens_revoked: bool,
    pub devices_forgotten: bool,
}

impl Action for ClearUserSessions {
    const KEY: &'static str = "clear-user-sessions";
    const LABEL: &'static str = "Clear User Sessions";
    const DESCRIPTION: &'static str = "Ends every Okta session of the user, forcing a new sign-in; optionally revokes their OAuth tokens and forgets their devices.";
    const FLAGS: Flags = REMOVE;
    type Input = ClearUserSessionsInput;
    type Output = ClearUserSessionsOutput;

    fn validate(input: &ClearUserSessionsInput) -> Result<()> {
        non_empty("userId", &input.user_id)
    }

    fn run(okta: &Okta, input: ClearUserSessionsInput) -> Result<ClearUserSessionsOutput> {
        let user_id = input.user_id.trim().to_string();
        users::clear_sessions(okta, &user_id, input.oauth_tokens, input.forget_devices)?;
        Ok(ClearUserSessionsOutput { user_id, sessions_cleared: true, oauth_tokens_revoked: input.oauth_tokens, devices_forgotten: input.forget_devices })
    }
}

pub struct ListUserGroups;

#[derive(Serialize, JsonSchema)]
pub struct GroupsOutput {
    /// Every group the user belongs to, `Everyone` included, as Okta sent them.
    #[schemars(with = "Vec<groups::Group>")]
    pub groups: Vec<RawItem>,
}

impl Action for ListUserGroups {
    const KEY: &'static str = "list-user-groups";
    const LABEL: &'static str = "List User Groups";
    const DESCRIPTION: &'static str = "Lists every group a user belongs to.";
    const ALIASES: &'static [&'static str] = &["Get Users Groups"];
    const FLAGS: Flags = READ;
    type Input = UserRef;
    type Output = GroupsOutput;

    fn validate(input: &UserRef) -> Result<()> {
        non_empty("userId", &input.user_id)
    }

    fn run(okta: &Okta, input: UserRef) -> Result<GroupsOutput> {
        Ok(GroupsOutput { groups: groups::of_user(okta, input.user_id.trim(), super::pages(true))?.items })
    }
}
pub struct ForgotPassword;

/// Start a user's forgot-password flow, or complete it with the recovery answer.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForgotPasswordInput {
    /// The user's id (`00u…`), login, or unambiguous login short name.
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// The answer to the user's recovery question: with `newPassword`, Okta sets the password at once if it matches.
    #[serde(default)]
    pub recovery_answer: Option<Secret>,
    /// The password to set; needs `recoveryAnswer`.
    #[serde(default)]
    pub new_password: Option<Secret>,
    /// Okta emails the user (the reset link, or the notice of the change). Without email and without an
    /// answer, the output carries the reset link to deliver yourself.
    #[serde(default = "yes")]
    pub send_email: bool,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ForgotPasswordOutput {
    pub user_id: String,
    /// The one-time reset link, when Okta did not email it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_password_url: Option<String>,
    /// Whether the new password was set (the recovery answer matched).
    pub password_set: bool,
    /// After setting the password: Okta's credentials (`password: {}`, the recovery question, the provider).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Value>,
}

impl Action for ForgotPassword {
    const KEY: &'static str = "forgot-password";
    const LABEL: &'static str = "Forgot Password";
    const DESCRIPTION: &'static str = "Okta's forgot-password flow for an ACTIVE user with a recovery question: without an answer it issues a one-time reset link (emailed, or returned with `sendEmail: false`); with `recoveryAnswer` and `newPassword` it sets the new password if the answer matches. The user's status does not change.";
    const FLAGS: Flags = TRANSITION;
    type Input = ForgotPasswordInput;
    type Output = ForgotPasswordOutput;

    fn validate(input: &ForgotPasswordInput) -> Result<()> {
        non_empty("userId", &input.user_id)?;
        match (&input.recovery_answer, &input.new_password) {
            (Some(_), None) => Err(Error::invalid("newPassword", "give the password to set with `recoveryAnswer`")),
            (None, Some(_)) => Err(Error::invalid("recoveryAnswer", "setting `newPassword` needs the answer to the user's recovery question")),
            (Some(a), _) if a.expose().trim().is_empty() => Err(Error::invalid("recoveryAnswer", "must not be empty")),
            _ => Ok(()),
        }
    }

    fn run(okta: &Okta, input: ForgotPasswordInput) -> Result<ForgotPasswordOutput> {
        let user_id = input.user_id.trim().to_string();
        let (Some(answer), Some(password)) = (&input.recovery_answer, &input.new_password) else {
            let answer = users::forgot_password(okta, &user_id, input.send_email)?.unwrap_or(Value::Null);
            let url = answer.get("resetPasswordUrl").and_then(Value::as_str).map(str::to_string);
            return Ok(ForgotPasswordOutput { user_id, reset_password_url: url, password_set: false, credentials: None });
        };
        let body = json!({"password": {"value": password.expose()}, "recovery_question": {"answer": answer.expose()}});
        let query = query([("sendEmail", input.send_email.to_string())]);
        let credentials = users::change_credentials(okta, &user_id, "forgot_password_recovery_question", &query, &body)?;
        Ok(ForgotPasswordOutput { user_id, reset_password_url: None, password_set: true, credentials: Some(credentials) })
    }
}
