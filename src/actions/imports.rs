//! Bulk user import through a custom identity source (Okta Workflows' Custom Identity Source
//! cards): sessions, uploads in Okta's batch sizes, trigger, delete.

use super::non_empty;
use crate::error::{Detail, Error, Result};
use crate::http::Okta;
use crate::okta::imports::{self, Session, BATCH, PER_SESSION};
use crate::okta::Raw;
use crate::registry::{Action, Flags, CREATE, READ, REMOVE};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Which identity source.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceInput {
    /// The custom identity source's id: the id of its app (`0oa…`).
    #[schemars(length(min = 1))]
    pub identity_source_id: String,
}

/// Which session of which identity source.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionInput {
    /// The custom identity source's id: the id of its app (`0oa…`).
    #[schemars(length(min = 1))]
    pub identity_source_id: String,
    /// The import session's id.
    #[schemars(length(min = 1))]
    pub session_id: String,
}

fn check_session(i: &SessionInput) -> Result<()> {
    non_empty("identitySourceId", &i.identity_source_id)?;
    non_empty("sessionId", &i.session_id)
}

pub struct CreateImportSession;

impl Action for CreateImportSession {
    const KEY: &'static str = "create-import-session";
    const LABEL: &'static str = "Create Import Session";
    const DESCRIPTION: &'static str = "Opens an import session on a custom identity source; upload users into it, then trigger it. A source has one open session at a time.";
    const FLAGS: Flags = CREATE;
    type Input = SourceInput;
    type Output = Raw<Session>;

    fn validate(input: &SourceInput) -> Result<()> {
        non_empty("identitySourceId", &input.identity_source_id)
    }

    fn run(okta: &Okta, input: SourceInput) -> Result<Raw<Session>> {
        imports::create(okta, input.identity_source_id.trim())
    }
}

pub struct ListImportSessions;

/// The identity source's sessions.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionsOutput {
    pub sessions: Vec<Raw<Session>>,
}

impl Action for ListImportSessions {
    const KEY: &'static str = "list-import-sessions";
    const LABEL: &'static str = "List Import Sessions";
    const DESCRIPTION: &'static str = "Lists the import sessions of a custom identity source with their status.";
    const FLAGS: Flags = READ;
    type Input = SourceInput;
    type Output = SessionsOutput;

    fn validate(input: &SourceInput) -> Result<()> {
        non_empty("identitySourceId", &input.identity_source_id)
    }

    fn run(okta: &Okta, input: SourceInput) -> Result<SessionsOutput> {
        Ok(SessionsOutput { sessions: imports::list(okta, input.identity_source_id.trim())? })
    }
}

pub struct GetImportSession;

impl Action for GetImportSession {
    const KEY: &'static str = "get-import-session";
    const LABEL: &'static str = "Get Import Session";
    const DESCRIPTION: &'static str = "Reads one import session: CREATED takes uploads, TRIGGERED is importing, COMPLETED is done.";
    const ALIASES: &'static [&'static str] = &["Read Import Session"];
    const FLAGS: Flags = READ;
    type Input = SessionInput;
    type Output = Raw<Session>;

    fn validate(input: &SessionInput) -> Result<()> {
        check_session(input)
    }

    fn run(okta: &Okta, input: SessionInput) -> Result<Raw<Session>> {
        imports::get(okta, input.identity_source_id.trim(), input.session_id.trim())
    }
}

pub struct TriggerImportSession;

impl Action for TriggerImportSession {
    const KEY: &'static str = "trigger-import-session";
    const LABEL: &'static str = "Trigger Import Session";
    const DESCRIPTION: &'static str = "Starts importing what was uploaded into a session: users are created, updated or deactivated in Okta. The session then takes no more uploads.";
    const FLAGS: Flags = Flags { read_only: false, destructive: true, idempotent: false };
    type Input = SessionInput;
    type Output = Raw<Session>;

    fn validate(input: &SessionInput) -> Result<()> {
        check_session(input)
    }

    fn run(okta: &Okta, input: SessionInput) -> Result<Raw<Session>> {
        imports::start(okta, input.identity_source_id.trim(), input.session_id.trim())
    }
}

pub struct DeleteImportSession;

/// Okta answers a deletion without a body.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeletedSession {
    pub session_id: String,
    /// Always true: failures are errors.
    pub deleted: bool,
}

impl Action for DeleteImportSession {
    const KEY: &'static str = "delete-import-session";
    const LABEL: &'static str = "Delete Import Session";
    const DESCRIPTION: &'static str = "Deletes an import session and whatever was uploaded into it without importing it.";
    const FLAGS: Flags = REMOVE;
    type Input = SessionInput;
    type Output = DeletedSession;

    fn validate(input: &SessionInput) -> Result<()> {
        check_session(input)
    }

    fn run(okta: &Okta, input: SessionInput) -> Result<DeletedSession> {
        imports::delete(okta, input.identity_source_id.trim(), input.session_id.trim())?;
        Ok(DeletedSession { session_id: input.session_id.trim().into(), deleted: true })
    }
}

pub struct BulkUserImport;

/// What the upload does.
#[derive(Deserialize, JsonSchema, Clone, Copy, PartialEq)]
#[serde(rename_all = "camelCase")]
pub enum Operation {
    /// Create & Update: users are created, or updated when their external id is known.
    Upsert,
    /// Deactivate & Delete: the users of these external ids are deactivated.
    Delete,
}

/// One user of the source system.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportUser {
    /// The user's id in the source system (1–512 characters).
    #[schemars(length(min = 1, max = 512))]
    pub external_id: String,
    /// Upsert only: `userName` and `email` (required), `firstName`, `lastName`, `secondEmail`,
    /// `mobilePhone`, `homeAddress` and custom attributes of the source's schema, all strings.
    #[serde(default)]
    pub profile: Option<Map<String, Value>>,
}

/// Users to upload into an open session.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(example = serde_json::json!({"identitySourceId": "<identitySourceId>", "sessionId": "<sessionId>", "operation": "upsert", "users": [{"externalId": "EMP-1001", "profile": {"userName": "ada.lovelace@example.com", "email": "ada.lovelace@example.com", "firstName": "Ada", "lastName": "Lovelace"}}]}))]
pub struct BulkInput {
    /// The custom identity source's id: the id of its app (`0oa…`).
    #[schemars(length(min = 1))]
    pub identity_source_id: String,
    /// A CREATED session of that source.
    #[schemars(length(min = 1))]
    pub session_id: String,
    pub operation: Operation,
    /// At most 10,000 (Okta's limit per session); sent 200 at a time.
    #[schemars(length(min = 1, max = 10000))]
    pub users: Vec<ImportUser>,
}

/// A user Okta refused, and why.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rejected {
    pub external_id: String,
    /// Position in `users`.
    pub index: usize,
    /// Okta's reason, e.g. `profile.email: Does not match required pattern`.
    pub reason: String,
}

/// What Okta took.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BulkOutput {
    pub session_id: String,
    /// Users Okta accepted into the session.
    pub accepted: usize,
    pub rejected: Vec<Rejected>,
    /// Bulk requests sent.
    pub requests: u32,
}

impl Action for BulkUserImport {
    const KEY: &'static str = "bulk-user-import";
    const LABEL: &'static str = "Bulk User Import";
    const DESCRIPTION: &'static str = "Uploads up to 10,000 users into an open import session, 200 per request as Okta takes them, to create/update (upsert) or deactivate (delete) on trigger. Reports how many Okta accepted and which it rejected, with Okta's reason; a batch with rejected users is sent again without them. An error about the session itself stops the upload.";
    const FLAGS: Flags = CREATE;
    type Input = BulkInput;
    type Output = BulkOutput;

    fn validate(input: &BulkInput) -> Result<()> {
        non_empty("identitySourceId", &input.identity_source_id)?;
        non_empty("sessionId", &input.session_id)?;
        if input.users.is_empty() || input.users.len() > PER_SESSION {
            return Err(Error::invalid("users", format!("give 1 to {PER_SESSION} users (Okta's limit per session)")));
        }
        for (i, u) in input.users.iter().enumerate() {
            if u.external_id.trim().is_empty() || u.external_id.len() > 512 {
                return Err(Error::invalid(format!("users.{i}.externalId"), "must be 1 to 512 characters"));
            }
            match (input.operation, &u.profile) {
                (Operation::Upsert, None) => return Err(Error::invalid(format!("users.{i}.profile"), "an upsert needs the user's profile")),
                (Operation::Delete, Some(_)) => return Err(Error::invalid(format!("users.{i}.profile"), "a delete takes only the external id")),
                _ => {}
            }
        }
        Ok(())
    }

    fn run(okta: &Okta, input: BulkInput) -> Result<BulkOutput> {
        let (source, session) = (input.identity_source_id.trim(), input.session_id.trim());
        let operation = if input.operation == Operation::Upsert { "bulk-upsert" } else { "bulk-delete" };
        let entries: Vec<Value> = input
            .users
            .iter()
            .map(|u| match &u.profile {
                Some(p) => json!({"externalId": u.external_id, "profile": p}),
                None => json!({"externalId": u.external_id}),
            })
            .collect();
        let mut out = BulkOutput { session_id: session.to_string(), accepted: 0, rejected: Vec::new(), requests: 0 };
        for (n, chunk) in entries.chunks(BATCH).enumerate() {
            let offset = n * BATCH;
            let mut batch: Vec<usize> = (0..chunk.len()).collect();
            // Okta refuses a batch whole when entries in it are bad, naming them: drop those, send the rest again.
            while !batch.is_empty() {
                out.requests += 1;
                let profiles: Vec<Value> = batch.iter().map(|&i| chunk[i].clone()).collect();
                let e = match imports::upload(okta, source, session, operation, &profiles) {
                    Ok(()) => {
                        out.accepted += batch.len();
                        break;
                    }
                    Err(Error::OktaApi(e)) if e.status == 400 => e,
                    Err(e) => return Err(after_accepted(e, out.accepted)),
                };
                let causes: Vec<&str> = e.error_causes.iter().map(|c| c.error_summary.as_str()).collect();
                // Causes that name no entry are about the request or the session, not the users.
                let Some(named) = refused(&causes, batch.len()) else {
                    return Err(after_accepted(Error::OktaApi(e), out.accepted));
                };
                for (&p, reason) in &named {
                    let index = offset + batch[p];
                    out.rejected.push(Rejected { external_id: input.users[index].external_id.clone(), index, reason: reason.clone() });
                }
                batch = batch.iter().enumerate().filter(|(p, _)| !named.contains_key(p)).map(|(_, &i)| i).collect();
            }
        }
        out.rejected.sort_by_key(|r| r.index);
        Ok(out)
    }
}

/// Okta names refused entries as `profiles[i]…: reason`; by position in the batch, with the reasons joined.
/// `None` when a cause names no entry (the whole batch is then refused for Okta's summary).
fn refused(causes: &[&str], len: usize) -> Option<std::collections::BTreeMap<usize, String>> {
    let mut out = std::collections::BTreeMap::<usize, String>::new();
    for cause in causes {
        let rest = cause.strip_prefix("profiles[")?;
        let (i, rest) = rest.split_once(']')?;
        let i: usize = i.parse().ok().filter(|i| *i < len)?;
        let reason = rest.trim_start_matches('.').to_string();
        out.entry(i).and_modify(|r| *r = format!("{r}; {reason}")).or_insert(reason);
    }
    (!out.is_empty()).then_some(out)
}

/// A failure part-way keeps Okta's error and says what earlier batches already put in the session.
fn after_accepted(e: Error, accepted: usize) -> Error {
    if accepted == 0 {
        return e;
    }
    let note = |d: Detail| Detail { message: format!("{} ({accepted} users were accepted into the session before this)", d.message), okta: d.okta };
    match e {
        Error::NotFound(d) => Error::NotFound(note(d)),
        Error::Forbidden(d) => Error::Forbidden(note(d)),
        Error::Conflict(d) => Error::Conflict(note(d)),
        Error::Unauthenticated(d) => Error::Unauthenticated(note(d)),
        Error::Unavailable(d) => Error::Unavailable(note(d)),
        Error::RateLimited { retry_after_seconds, detail } => Error::RateLimited { retry_after_seconds, detail: note(detail) },
        e => e,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn refused_entries_are_read_from_oktas_causes() {
        let m = super::refused(&["profiles[3].profile.email: Does not match required pattern", "profiles[3].profile.lastName: The field cannot be left blank", "profiles[0].externalId: x"], 5).unwrap();
        assert_eq!(m[&3], "profile.email: Does not match required pattern; profile.lastName: The field cannot be left blank");
        assert_eq!(m[&0], "externalId: x");
        assert!(super::refused(&["profiles: A bulk request carries 1 to 200 profiles"], 5).is_none());
        assert!(super::refused(&["profiles[9].x: y"], 5).is_none());
    }
}
